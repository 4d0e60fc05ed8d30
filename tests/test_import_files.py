"""Real files from district offices (issue 19): every bad one refused with a Chinese message naming where, every
good one accepted, nothing ever raised past the importer — on the command line or on the upload page."""

import io
import re
import zipfile
from datetime import date

import pytest

from lake import importer
from lake.validate import Source, check, columns_of, normalize_header
from lake.validate import limits as validate_limits
from tests import import_files as f
from tests.test_importer import CORPUS, lake_hashes, real_lake  # noqa: F401  (fixture)

HEADER = f.LABORER_HEADER
GOOD_ROWS = [HEADER] + f.laborer_rows(3)


def good_book(**kwargs) -> bytes:
    return f.xlsx_bytes([("花名册", GOOD_ROWS)], **kwargs)


def problems_of(source: Source, table: str = "laborers", month: str = "2026-10", sheet: str = "") -> list[str]:
    return [p.text() for p in check(source, table, month, sheet).problems]


# ---- the bad-file set: name -> (source, the words the report must contain) ----
def _with(rows: list[list], row: int, header: str, value) -> list[list]:
    out = [list(r) for r in rows]
    out[row - 1][HEADER.index(header)] = value
    return out


def _required_only(rows: list[list]) -> list[list]:
    required = {normalize_header(h) for c in columns_of("laborers") if c.get("required") for h in c["headers"]}
    keep = [i for i, h in enumerate(HEADER) if normalize_header(h) in required]
    return [[r[i] for i in keep] for r in rows]


BAD = {
    "hidden_first_sheet.xlsx": (lambda: f.xlsx_bytes([("上月", [HEADER] + f.laborer_rows(2, 100)),
                                                      ("花名册", GOOD_ROWS)], hidden=("上月",), active=1),
                                ["2 张工作表有数据", "「上月」（隐藏）", "「花名册」"]),
    "continuation_sheet.xlsx": (lambda: f.xlsx_bytes([("花名册", GOOD_ROWS),
                                                     ("花名册（续）", [HEADER] + f.laborer_rows(2, 10))]),
                                ["「花名册（续）」", "指定要导入的工作表"]),
    "only_hidden_data.xlsx": (lambda: f.xlsx_bytes([("空表", [["说明"]][:0]), ("花名册", GOOD_ROWS)],
                                                   hidden=("花名册",)), ["「花名册」是隐藏的"]),
    "formula_without_value.xlsx": (lambda: f.formula_without_value(good_book(), "Q3"),
                                   ["第 3 行「务工月收入」", "公式没有保存计算结果"]),
    "error_na.xlsx": (lambda: f.error_value(good_book(), "F2", "#N/A"), ["第 2 行「所在村（社区）」", "#N/A"]),
    "error_ref.xlsx": (lambda: f.error_value(good_book(), "Q4", "#REF!"), ["第 4 行「务工月收入」", "#REF!"]),
    "control_character.xlsx": (lambda: f.rewrite_sheet(good_book(), lambda x: x.replace("王家湾村", "王家\x01湾村"),
                                                       "xl/sharedStrings.xml"), ["控制字符"]),
    "control_character_inline.xlsx": (lambda: f.rewrite_sheet(
        good_book(), lambda x: x.replace('<c r="F3" t="s"><v>', '<c r="F3" t="inlineStr"><is><t>a\x02b</t></is><v>')),
        ["第 3 行附近", "控制字符"]),
    "password.xlsx": (f.encrypted_workbook, ["设有打开密码"]),
    "old_xls_renamed.xlsx": (lambda: bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4096, ["旧版 Excel（.xls）"]),
    "too_wide.xlsx": (lambda: f.xlsx_bytes([("花名册", [HEADER + [None] * 300 + ["备注"]] + f.laborer_rows(2))]),
                      ["第 1 行", "最多 200 列"]),
    "unterminated_quote.csv": (lambda: f.csv_bytes(GOOD_ROWS[:2]) + b'\xe4\xb9\x8b,"420116198001010018,' +
                               b"x" * 200_000, ["第 3 行", "引号不配对", "文件末尾"]),
    "mixed_encoding.csv": (lambda: f.csv_bytes(GOOD_ROWS[:3]) + f.csv_bytes(f.laborer_rows(1, 5), "gb18030"),
                           ["混用了两种编码", "第 4 行"]),
    "gbk_with_utf8_row.csv": (lambda: f.csv_bytes(GOOD_ROWS[:3], "gb18030") + f.csv_bytes(f.laborer_rows(1, 5)),
                              ["混用了两种编码", "第 4 行是 UTF-8"]),
    "employed_child.csv": (lambda: f.csv_bytes(_with(GOOD_ROWS, 3, "证件号码", f.id_number(7, born=date(2017, 3, 1)))),
                           ["第 3 行「证件号码（年龄）」", "脱贫劳动力须年满 16 周岁"]),
    "welfare_form_outside.csv": (lambda: f.csv_bytes(_with(_with(GOOD_ROWS, 2, "就业形式", "公益性岗位"), 2,
                                                           "务工所在地", "省外")),
                                 ["第 2 行「就业形式」", "就业形式不能是公益性岗位"]),
    "welfare_form_outside_township.csv": (lambda: f.csv_bytes(_with(_with(GOOD_ROWS, 2, "就业形式", "公益性岗位"), 2,
                                                                    "务工所在地", "乡镇外区内")),
                                          ["第 2 行「就业形式」", "乡村公益性岗位在本村，属乡镇内"]),
    "unknown_work_location.csv": (lambda: f.csv_bytes(_with(GOOD_ROWS, 2, "务工所在地", "市内")),
                                  ["第 2 行「务工所在地」", "乡镇内、乡镇外区内、区外省内、省外、境外、区内"]),
    # the required columns only, so that 300,003 rows stay under the upload size cap and the row cap is what refuses
    "too_many_rows.csv": (lambda: f.csv_bytes(_required_only([HEADER] + f.laborer_rows(3) * 100_001)),
                          ["超过 300,000 行"]),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_is_refused_naming_where(real_lake, name):  # noqa: F811
    build, words = BAD[name]
    source = Source(name, build())
    before = lake_hashes(real_lake)
    result = importer.import_source(source, "laborers", "2026-10")
    assert not result.accepted
    text = "\n".join(p.text() for p in result.checked.problems)
    assert all(w in text for w in words), text
    assert lake_hashes(real_lake) == before


def test_full_width_id_is_read_as_ascii_and_said(real_lake):  # noqa: F811
    wide = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
    rows = _with(GOOD_ROWS, 3, "证件号码", f.id_number(1).translate(wide))
    result = importer.import_source(Source("wide.csv", f.csv_bytes(rows)), "laborers", "2026-10")
    assert result.accepted, [p.text() for p in result.checked.problems]
    assert any("第 3 行（共 1 行）的证件号码含全角数字" in w for w in result.warnings)
    plain = check(Source("plain.csv", f.csv_bytes(GOOD_ROWS)), "laborers", "2026-10").frame
    assert result.checked.frame["person_id"].tolist() == plain["person_id"].tolist()


def test_other_script_digits_are_refused_not_crashed(real_lake):  # noqa: F811
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    rows = _with(GOOD_ROWS, 2, "证件号码", f.id_number(0)[:6] + f.id_number(0)[6:].translate(arabic))
    # \d matched these digits, validation passed and the pseudonym then raised UnicodeEncodeError (issue 19)
    result = importer.import_source(Source("a.csv", f.csv_bytes(rows)), "laborers", "2026-10")
    assert not result.accepted and "第 2 行「证件号码」" in result.checked.problems[0].text()


# ---- good files that must be accepted ----
def test_work_locations_old_and_new_words_import_as_the_national_classes():
    """Old templates' 区内 stays 区内 (township unknown); old and common words map to the five national classes."""
    written = ["乡镇内", "乡外县内", "区内", "本区", "省内区外", "区外省内", "跨省", "国外"]
    rows = [HEADER] + [_with(GOOD_ROWS, 2, "务工所在地", w)[1] for w in written]
    rows = [rows[0]] + [[*r[:1], f.id_number(n), *r[2:]] for n, r in enumerate(rows[1:])]
    checked = check(Source("places.csv", f.csv_bytes(rows)), "laborers", "2026-10")
    assert checked.ok, [p.text() for p in checked.problems]
    assert checked.frame["work_location"].tolist() == ["乡镇内", "乡镇外区内", "区内", "区内", "区外省内", "区外省内",
                                                       "省外", "境外"]



REQUIRED_ONLY = {
    "laborers": [["证件号码", "所在区", "所在乡镇（街道）", "户类型", "劳动技能", "是否已务工"],
                 [f.id_number(1), "黄陂区", "李集街道", "脱贫户", "普通劳动力", "否"],
                 [f.id_number(2), "黄陂区", "李集街道", "脱贫户", "普通劳动力", "是"]],
    "welfare_posts": [["证件号码", "所在区", "所在乡镇（街道）", "公益性岗位类型"],
                      [f.id_number(1), "黄陂区", "李集街道", "保洁"]],
    "subsidy_claims": [["补贴编号", "补贴类型", "证件号码", "所在区", "发放金额（元）"],
                       ["202610-0000001", "一次性创业补贴", f.id_number(1), "黄陂区", "5000"]],
}


@pytest.mark.parametrize("table", sorted(REQUIRED_ONLY))
def test_only_the_required_columns_are_enough(real_lake, table):  # noqa: F811
    result = importer.import_source(Source(f"{table}.csv", f.csv_bytes(REQUIRED_ONLY[table])), table, "2026-10")
    assert result.accepted, [p.text() for p in result.checked.problems]


@pytest.mark.parametrize("kind", ["gbk", "bom_crlf", "title_row", "named_sheet", "hidden_empty_sheet", "1904"])
def test_good_variants_are_accepted(real_lake, kind):  # noqa: F811
    sheet = ""
    if kind == "gbk":
        source = Source("gbk.csv", f.csv_bytes(GOOD_ROWS, "gb18030"))
    elif kind == "bom_crlf":
        source = Source("bom.csv", f.csv_bytes(GOOD_ROWS, "utf-8-sig", "\r\n"))
    elif kind == "title_row":
        source = Source("title.xlsx", f.xlsx_bytes([("花名册", [["2026年10月脱贫劳动力花名册"], []] + GOOD_ROWS)]))
    elif kind == "named_sheet":
        source = Source("two.xlsx", f.xlsx_bytes([("上月", [HEADER] + f.laborer_rows(2, 100)), ("花名册", GOOD_ROWS)],
                                                 hidden=("上月",), active=1))
        sheet = "花名册"
    elif kind == "hidden_empty_sheet":
        source = Source("h.xlsx", f.xlsx_bytes([("花名册", GOOD_ROWS), ("辅助", [])], hidden=("辅助",)))
    else:
        mac = f.rewrite_sheet(good_book(), lambda x: x.replace("<workbookPr", '<workbookPr date1904="1"'),
                              "xl/workbook.xml")
        source = Source("mac.xlsx", mac)
    result = importer.import_source(source, "laborers", "2026-10", sheet=sheet)
    assert result.accepted, [p.text() for p in result.checked.problems]
    assert result.entry["rows"] == 3
    if kind == "title_row":
        assert any("表头在第 3 行" in w for w in result.warnings)
    if kind == "named_sheet":
        assert any("「上月」（隐藏）" in w for w in result.warnings)


def test_lying_dimension_is_ignored():
    data = f.lying_dimension(good_book())
    assert b'<dimension ref="A1:XFD4"/>' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    checked = check(Source("lie.xlsx", data), "laborers", "2026-10")
    assert checked.ok and len(checked.frame) == 3


# ---- dates and ages ----
def test_future_month_is_refused(real_lake):  # noqa: F811
    with pytest.raises(importer.ImportRefused, match="2027-06 还没有到"):
        importer.import_source(Source("g.csv", f.csv_bytes(GOOD_ROWS)), "laborers", "2027-06", today=date(2026, 12, 3))


WELFARE_HEADER = ["证件号码", "所在区", "所在乡镇（街道）", "公益性岗位类型", "上岗时间", "岗位补贴（元/月）"]


@pytest.mark.parametrize(("born", "started", "words"), [
    (date(1980, 1, 1), "2026-11-01", "不晚于统计月份的最后一天（2026-10-31）"),
    (date(2000, 6, 1), "2009-07-01", "上岗时已年满 16 周岁（按证件号码，上岗时 9 周岁）"),
])
def test_welfare_post_start_dates_are_checked(born, started, words):
    rows = [WELFARE_HEADER, [f.id_number(3, born=born), "黄陂区", "李集街道", "保洁", started, "1500"]]
    assert any(words in p for p in problems_of(Source("w.csv", f.csv_bytes(rows)), "welfare_posts")), \
        problems_of(Source("w.csv", f.csv_bytes(rows)), "welfare_posts")


# ---- the same file twice ----
def test_the_same_file_for_a_second_month_is_refused_naming_the_month(real_lake):  # noqa: F811
    source = Source("g.csv", f.csv_bytes(GOOD_ROWS))
    assert importer.import_source(source, "laborers", "2026-10").accepted
    before = lake_hashes(real_lake)
    with pytest.raises(importer.ImportRefused, match="已导入的 2026-10 的文件完全相同"):
        importer.import_source(source, "laborers", "2026-11")
    assert lake_hashes(real_lake) == before
    again = importer.import_source(source, "laborers", "2026-11", allow_same_file=True)
    assert again.accepted and any("2026-10" in w for w in again.warnings)


# ---- subsidy claims: import, then audit ----
def test_imported_claims_answer_the_audit(real_lake):  # noqa: F811
    from queries import engine

    roster = importer.import_source(Source("r.csv", f.csv_bytes(GOOD_ROWS)), "laborers", "2026-10")
    assert roster.accepted
    claims = [["补贴编号", "补贴类型", "证件号码", "所在区", "发放金额（元）"],
              ["C1", "一次性创业补贴", f.id_number(0), "黄陂区", "5000"],
              ["C2", "创业补贴", f.id_number(999_000), "黄陂区", "8000"]]
    result = importer.import_source(Source("claims.csv", f.csv_bytes(claims)), "subsidy_claims", "2026-10")
    assert result.accepted, [p.text() for p in result.checked.problems]
    engine.forget_state()
    stored = engine.run("subsidy_claim_count", {}) if "subsidy_claim_count" in engine.catalog() else None
    assert stored is None or len(stored)


# ---- never a traceback: command line and upload page ----
def _every_bad_source() -> list[Source]:
    corpus = [Source.from_path(p) for p in sorted(CORPUS.iterdir()) if not p.name.startswith("good")]
    return corpus + [Source(name, build()) for name, (build, _words) in sorted(BAD.items())]


def test_command_line_reports_every_bad_file_in_chinese(real_lake, tmp_path, capsys):  # noqa: F811
    # main() in this process: an exception would fail the test just as a traceback would show on a terminal, and
    # forty interpreter start-ups would cost a minute of a shared CPU (test_importer runs the real subprocess)
    for source in _every_bad_source():
        path = tmp_path / source.name
        path.write_bytes(source.data)
        code = importer.main(["--file", str(path), "--table", "laborers", "--month", "2026-10"])
        out, err = capsys.readouterr()
        assert code in (1, 2), (source.name, out, err)
        assert "拒绝导入" in out or "错误：" in err, source.name


def test_upload_page_reports_every_bad_file_in_chinese(real_lake, monkeypatch):  # noqa: F811
    from testkit.apptest import open_app

    at = open_app("pages/data_import.py", user="admin")
    at.text_input(key="import_month").set_value("2026-10")
    before = lake_hashes(real_lake)
    for source in _every_bad_source():
        if source.name == "too_many_rows.csv":
            continue  # the same refusal as above; reading it twice more costs 20 s of a shared CPU
        at.file_uploader(key="import_file").set_value((source.name, source.data, "application/octet-stream")).run()
        for button in ("import_check", "import_run"):
            at.button(key=button).click().run()
            assert not at.exception, (source.name, button, at.exception)
            assert at.error and ("整个文件未导入" in at.error[0].value or "不能" in at.error[0].value
                                 or "无法" in at.error[0].value), (source.name, [e.value for e in at.error])
    assert lake_hashes(real_lake) == before


def test_reading_and_checking_stop_at_the_time_cap(monkeypatch):
    monkeypatch.setattr("lake.validate.limits", lambda: {**validate_limits(), "max_seconds": 0})
    problems = problems_of(Source("big.csv", f.csv_bytes(GOOD_ROWS)))
    assert len(problems) == 1 and "超过了 0 秒的上限" in problems[0] and "数据湖没有改动" in problems[0]


def _odd_book() -> bytes:
    """A workbook with what the fast reader hands to lxml or reads itself: entities, an inline string, a formula
    with and without a stored value, an error, a boolean, a date, a cell whose attributes come in another order,
    rich and phonetic shared strings."""
    rows = [["甲", "乙", "丙", "丁"], ["A&B <1>", 12.5, True, date(2026, 10, 1)], ["x", 3, "y", "z"]]
    out = io.BytesIO()
    import xlsxwriter
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet, dated = book.add_worksheet("花名册"), book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value, dated if isinstance(value, date) else None)
    sheet.write_rich_string(3, 0, "富", book.add_format({"bold": True}), "文本")
    sheet.write_formula(3, 1, "=B2*2", None, 25)
    book.close()

    def change(xml: str) -> str:
        xml = xml.replace('<c r="C3" t="s">', '<c t="s" r="C3">')  # attributes in another order: read by lxml
        xml = re.sub(r'<c r="D3"[^>]*>.*?</c>', '<c r="D3" t="inlineStr"><is><t>行&amp;内</t></is></c>', xml)
        return xml.replace("</row></sheetData>", '<c r="C4" t="e"><v>#N/A</v></c><c r="D4"><f>1/0</f></c>'
                                                   "</row></sheetData>")
    return f.rewrite_sheet(out.getvalue(), change)


def test_the_fast_sheet_reader_reads_what_lxml_reads():
    from lake import sources
    data = _odd_book()
    limits = validate_limits() | {"deadline": 1e12}
    book = sources._Workbook(data, limits)
    part = book.sheets[0][1]
    fast, slow = sources.Sheet(), sources.Sheet()
    read = list(book.rows(part, "花名册", fast))
    convert = sources._Cells(book.shared, book.date_styles, *_excel_epoch(), slow)
    by_lxml = [(n, [c.get(i, "") for i in range(max(c) + 1)]) for n, c in book._rows_by_lxml(part, "花名册", convert)
               if c]
    assert read == by_lxml
    assert read == [(1, ["甲", "乙", "丙", "丁"]), (2, ["A&B <1>", "12.5", "是", "2026-10-01"]),
                    (3, ["x", "3", "y", "行&内"]), (4, ["富文本", "25"])]
    assert [(i.row, i.column) for i in fast.issues] == [(i.row, i.column) for i in slow.issues] == [(4, 2), (4, 3)]


def _excel_epoch():
    from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel
    return from_excel, CALENDAR_WINDOWS_1900


def test_the_fast_reader_names_the_row_expat_refuses():
    from lake import sources
    data = f.rewrite_sheet(f.xlsx_bytes([("花名册", [f.LABORER_HEADER] + f.laborer_rows(3000))]),
                           lambda x: x.replace('<row r="2500"', '<row r="2500"><c r="A2500" t="str"><v>\x01</v></c>'
                                               '</row><row r="2500"', 1))
    with pytest.raises(sources.FileProblem, match="第 2500 行附近"):
        list(sources._Workbook(data, validate_limits() | {"deadline": 1e12}).rows("xl/worksheets/sheet1.xml", "花名册",
                                                                                sources.Sheet()))


def test_a_small_workbook_unzipping_to_huge_shared_strings_is_refused_before_it_is_read():
    """Issue 36: a 0.6 MB file whose shared strings unzip to 400 MB is refused from the sizes the zip declares; the
    check holds no more than a few MB, where reading the part whole took 400 MB and more."""
    import tracemalloc

    bomb = Source("花名册.xlsx", f.shared_strings_bomb(400))
    assert len(bomb.data) < 1_000_000
    tracemalloc.start()
    try:
        problems = problems_of(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(problems) == 1 and "xl/sharedStrings.xml 解压后有 402 MB" in problems[0], problems
    assert peak < 20_000_000, f"{peak / 1e6:.0f} MB held while refusing"

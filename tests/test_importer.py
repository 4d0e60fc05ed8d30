"""The importer: every bad file of the corpus is rejected with the right Chinese message and the lake unchanged;
a good file becomes a snapshot visible to the queries and pages; a re-import is archived, not lost; no ID-card
number, name or phone number ever reaches the lake."""

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lake import importer
from lake import manifest as mf
from lake.schema import FORBIDDEN_COLUMN_WORDS
from lake.validate import FILE_ROW, Source, check, id_card_problem
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person

CORPUS = Path(__file__).resolve().parent / "data" / "import"
PROJECT = Path(__file__).resolve().parent.parent
KEY = "test-secret-0123456789"
GOOD = CORPUS / "good_laborers.csv"
IDS = ("420116198001010018", "420117200005050021", "420114197512150031", "420115197006060013")
NAMES_AND_PHONES = ("张三", "李四", "王五", "赵六", "13800000001", "13800000004")
DISTRICTS = ["420114", "420115", "420116", "420117"]

# corpus file -> (Excel row, header, what the report must say)
BAD_FILES = {
    "empty.csv": (FILE_ROW, "", "文件是空的"),
    "headers_only.csv": (FILE_ROW, "", "只有表头"),
    "missing_id_column.csv": (FILE_ROW, "证件号码", "文件须包含“证件号码”列"),
    "missing_required_value.csv": (4, "劳动技能", "必填"),
    "income_not_a_number.csv": (2, "务工月收入", "整数"),
    "income_out_of_range.csv": (3, "务工月收入", "100–30000 元"),
    "bad_channel.csv": (2, "就业渠道", "以下之一"),
    "bad_boolean.csv": (4, "是否已务工", "是 或 否"),
    "unknown_district.csv": (2, "所在区", "武汉市的区名称或 6 位区代码"),
    "unknown_town.csv": (2, "所在乡镇（街道）", "武汉市的乡镇（街道）名称或 9 位统计代码"),
    "town_of_another_district.csv": (4, "所在乡镇（街道）", "蔡甸区的乡镇（街道）（“李集街道”属于黄陂区、新洲区）"),
    "duplicate_person.csv": (3, "证件号码", "每人每月只能有一行（与第 2 行是同一人）"),
    "bad_id_checksum.csv": (2, "证件号码", "校验码不符合 GB 11643"),
    "bad_id_format.csv": (2, "证件号码", "18 位公民身份号码"),
    "location_without_work_time.csv": (2, "务工时间（月）", "务工时间须同时填写"),
    "work_time_without_location.csv": (3, "务工所在地", "务工所在地须同时填写"),
    "outside_district_via_carrier.csv": (3, "就业渠道", "不能是公益性岗位或帮扶载体"),
    "welfare_post_too_old.csv": (5, "证件号码（年龄）", "未满 70 周岁"),
    "welfare_post_too_young.csv": (5, "证件号码（年龄）", "年满 16 周岁"),
    "not_employed_with_income.csv": (4, "务工月收入", "未务工"),
}


def lake_hashes(lake: Path) -> dict:
    """Every file under the lake and its hash: equal dicts mean the lake is byte-for-byte unchanged."""
    return {str(p.relative_to(lake)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(lake.rglob("*")) if p.is_file()}


@pytest.fixture
def real_lake(make_lake, monkeypatch):
    """A small real-data lake (September) to import October into; the secret set."""
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    monkeypatch.delenv("PERSON_ID_KEY_FILE", raising=False)
    return make_lake({"laborers": [person("2026-09", "H0000000000000001", "420116", "420116010"),
                                   person("2025-10", "H0000000000000001", "420116", "420116010")]})


def stored_file(lake: Path, month: str, table: str = "laborers") -> Path:
    """The partition's current file, as the manifest lists it."""
    return lake / mf.read_manifest(lake)["partitions"][f"{table}/month={month}"]["file"]


def rows_of(path: Path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---- the checks ----
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_is_rejected_with_its_message_and_the_lake_unchanged(real_lake, name):
    row, header, message = BAD_FILES[name]
    before = lake_hashes(real_lake)
    result = importer.import_source(Source.from_path(CORPUS / name), "laborers", "2026-10")
    assert not result.accepted
    assert any(p.row == row and p.column == header and message in p.expected for p in result.checked.problems), \
        [p.text() for p in result.checked.problems]
    assert lake_hashes(real_lake) == before


def test_every_problem_is_listed_with_excel_row_numbers():
    rows = rows_of(GOOD)
    rows[1][rows[0].index("务工月收入")] = "40000"
    rows[3][rows[0].index("所在区")] = "火星区"
    rows[4][rows[0].index("就业渠道")] = "朋友介绍"
    data = "\n".join(",".join(r) for r in rows).encode("utf-8")
    problems = check(Source("many.csv", data), "laborers", "2026-10").problems
    assert [(p.row, p.column) for p in problems] == [(2, "务工月收入"), (4, "所在区"), (5, "就业渠道")]
    assert problems[0].value == "40000" and "30000" in problems[0].expected


def test_id_card_checksum_gb11643():
    assert id_card_problem("11010519491231002X", "2026-10") is None  # the standard's own example, X check digit
    assert id_card_problem("110105194912310021", "2026-10")
    assert id_card_problem("110105194913310028", "2026-10")  # month 13


def test_id_card_numbers_are_masked_in_reports():
    problems = check(Source.from_path(CORPUS / "duplicate_person.csv"), "laborers", "2026-10").problems
    assert problems[0].value == "420116********0018"


def test_truncated_xlsx_is_rejected(real_lake):
    data = xlsx_bytes(rows_of(GOOD))
    before = lake_hashes(real_lake)
    result = importer.import_source(Source("cut.xlsx", data[: len(data) // 2]), "laborers", "2026-10")
    assert not result.accepted
    assert "无法读取 Excel 文件" in result.checked.problems[0].expected
    assert lake_hashes(real_lake) == before


def test_wrong_encoding_is_rejected(real_lake):
    before = lake_hashes(real_lake)
    utf16 = GOOD.read_text(encoding="utf-8").encode("utf-16")
    result = importer.import_source(Source("utf16.csv", utf16), "laborers", "2026-10")
    assert "无法识别文件编码" in result.checked.problems[0].expected
    assert lake_hashes(real_lake) == before


def test_unsupported_file_type_is_rejected():
    problems = check(Source("old.xls", b"\xd0\xcf\x11\xe0"), "laborers", "2026-10").problems
    assert "不支持的文件类型" in problems[0].expected


@pytest.mark.parametrize("kind", ["utf-8", "utf-8-bom", "gb18030", "xlsx", "parquet"])
def test_every_format_reads_the_same_rows(kind):
    text = GOOD.read_text(encoding="utf-8")
    rows = rows_of(GOOD)
    if kind == "xlsx":
        source = Source("good.xlsx", xlsx_bytes(rows))
    elif kind == "parquet":
        sink = io.BytesIO()
        pq.write_table(pa.table({h: [r[i] for r in rows[1:]] for i, h in enumerate(rows[0])}), sink)
        source = Source("good.parquet", sink.getvalue())
    else:
        data = {"utf-8": text.encode("utf-8"), "utf-8-bom": text.encode("utf-8-sig"),
                "gb18030": text.encode("gb18030")}[kind]
        source = Source("good.csv", data)
    checked = check(source, "laborers", "2026-10")
    assert checked.ok, [p.text() for p in checked.problems]
    reference = check(Source.from_path(GOOD), "laborers", "2026-10").frame
    assert checked.frame.equals(reference)


def test_xlsx_numbers_and_dates_are_read_as_written():
    rows = [["证件号码", "所在区", "所在乡镇（街道）", "公益性岗位类型", "上岗时间", "岗位补贴（元/月）"],
            [IDS[3], "江夏区", 420115001, "保洁", __import__("datetime").datetime(2026, 3, 1), 1500]]
    checked = check(Source("w.xlsx", xlsx_bytes(rows)), "welfare_posts", "2026-10")
    assert checked.ok, [p.text() for p in checked.problems]
    assert checked.frame.iloc[0]["start_date"].isoformat() == "2026-03-01"
    assert checked.frame.iloc[0]["monthly_pay_yuan"] == 1500


def test_welfare_posts_file_checks_age(real_lake):
    ok = importer.import_source(Source.from_path(CORPUS / "good_welfare_posts.csv"), "welfare_posts", "2026-10")
    assert ok.accepted
    bad = importer.import_source(Source.from_path(CORPUS / "welfare_posts_too_old.csv"), "welfare_posts", "2026-10")
    assert not bad.accepted and "未满 70 周岁" in bad.checked.problems[0].expected


# ---- refusals before reading ----
def test_demo_lake_is_refused(make_lake, monkeypatch):
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    lake = make_lake({"laborers": [person("2026-09", "P1")]}, is_demo=True)
    before = lake_hashes(lake)
    with pytest.raises(importer.ImportRefused, match="模拟数据.*新的 LAKE_DIR"):
        importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")
    assert lake_hashes(lake) == before


def test_missing_secret_is_a_clear_error(real_lake, monkeypatch):
    monkeypatch.delenv("PERSON_ID_KEY")
    with pytest.raises(importer.ImportRefused, match="PERSON_ID_KEY"):
        importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")


def test_secret_file_must_be_outside_the_repository(real_lake, monkeypatch, tmp_path):
    monkeypatch.delenv("PERSON_ID_KEY")
    monkeypatch.setenv("PERSON_ID_KEY_FILE", str(PROJECT / "secret.key"))
    with pytest.raises(importer.ImportRefused, match="项目目录之外"):
        importer.person_key()
    outside = tmp_path / "person_id.key"
    outside.write_text(KEY + "\n", encoding="utf-8")
    monkeypatch.setenv("PERSON_ID_KEY_FILE", str(outside))
    assert importer.person_key() == KEY.encode()


@pytest.mark.parametrize(("table", "month", "message"), [
    ("entrepreneurs", "2026-10", "年度表"), ("nothing", "2026-10", "没有名为"), ("laborers", "2026-13", "格式不对")])
def test_bad_requests_are_refused(real_lake, table, month, message):
    with pytest.raises(importer.ImportRefused, match=message):
        importer.import_source(Source.from_path(GOOD), table, month)


# ---- a good import ----
def test_good_file_is_imported_and_answers_the_queries(real_lake):
    version = engine.data_version()
    result = importer.import_source(Source.from_path(GOOD), "laborers", "2026-10", imported_by="区人社局")
    assert result.accepted
    manifest = mf.read_manifest(real_lake)
    entry = manifest["partitions"]["laborers/month=2026-10"]
    assert entry["source_file"] == "good_laborers.csv" and entry["imported_by"] == "区人社局"
    assert entry["source_sha256"] == hashlib.sha256(GOOD.read_bytes()).hexdigest()
    assert entry["rows"] == entry["source_rows"] == 4
    assert manifest["is_demo"] is False
    assert manifest["imports"][-1]["warnings"]  # the dropped name/phone columns at least
    engine.forget_state()
    assert engine.data_version() != version
    kpi = engine.run("employment_kpis", {"month": "2026-10", "districts": DISTRICTS}).iloc[0]
    assert (kpi["laborer_count"], kpi["employed_count"]) == (4, 3)


def test_no_id_card_number_name_or_phone_is_stored(real_lake):
    importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")
    stored = pq.read_table(stored_file(real_lake, "2026-10"))
    assert not [c for c in stored.column_names if any(w in c.lower() for w in FORBIDDEN_COLUMN_WORDS)]
    cells = {str(v) for column in stored.columns for v in column.to_pylist()}
    assert not cells & set(IDS + NAMES_AND_PHONES)
    assert not any(i in (real_lake / mf.MANIFEST_NAME).read_text(encoding="utf-8") for i in IDS)
    ids = stored.column("person_id").to_pylist()
    assert ids[0] == importer.pseudonym(IDS[0], KEY.encode()) and all(i.startswith("H") and len(i) == 17 for i in ids)


def test_the_same_person_gets_the_same_id_every_month(real_lake):
    importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")
    importer.import_source(Source.from_path(GOOD), "laborers", "2026-11", allow_same_file=True)
    one, two = (pq.read_table(stored_file(real_lake, m)).column("person_id").to_pylist()
                for m in ("2026-10", "2026-11"))
    assert one == two


def test_reimport_archives_the_previous_version(real_lake):
    first = importer.import_source(Source.from_path(GOOD), "laborers", "2026-10").entry
    fewer = "\n".join(GOOD.read_text(encoding="utf-8").splitlines()[:3]).encode("utf-8")
    second = importer.import_source(Source("corrected.csv", fewer), "laborers", "2026-10").entry
    assert second["rows"] == 2 and second["superseded"][-1]["sha256"] == first["sha256"]
    archived = real_lake / second["superseded"][-1]["archived_file"]
    assert hashlib.sha256(archived.read_bytes()).hexdigest() == first["sha256"]
    assert mf.ARCHIVE_DIR in archived.parts
    assert [i["replaced_previous"] for i in mf.read_manifest(real_lake)["imports"]] == [False, True]


def test_first_import_into_an_empty_folder_makes_a_real_lake(tmp_path, monkeypatch):
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    lake = tmp_path / "new-lake"
    result = importer.import_source(Source.from_path(GOOD), "laborers", "2026-10", lake=lake)
    assert result.accepted and mf.read_manifest(lake)["is_demo"] is False


def test_district_missing_against_last_month_is_a_warning(real_lake):
    result = importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")
    # September had only 黄陂; October adds 新洲, 蔡甸, 江夏: accepted, with warnings naming them
    assert result.accepted and any("新洲区本月新增" in w for w in result.warnings)


def test_good_import_shows_on_the_overview_page(real_lake):
    importer.import_source(Source.from_path(GOOD), "laborers", "2026-10")
    at = open_app()
    assert_clean(at)
    assert "模拟数据" not in texts(at)
    assert at.subheader[0].value.startswith("10月全市务工就业 3 人")


# ---- the command line ----
def _cli(*args, env_extra: dict, lake: Path):
    import os

    env = os.environ | {"LAKE_DIR": str(lake)} | env_extra
    return subprocess.run([sys.executable, "-m", "lake.importer", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_command_line_exit_codes(real_lake, tmp_path):
    env = {"PERSON_ID_KEY": KEY}
    before = lake_hashes(real_lake)
    report = tmp_path / "problems.csv"
    bad = _cli("--file", str(CORPUS / "duplicate_person.csv"), "--table", "laborers", "--month", "2026-10",
               "--report", str(report), env_extra=env, lake=real_lake)
    assert bad.returncode == 1 and "拒绝导入" in bad.stdout and "第 3 行" in bad.stdout
    assert "要求" in report.read_text(encoding="utf-8-sig")
    assert lake_hashes(real_lake) == before
    yearly = _cli("--file", str(GOOD), "--table", "carriers", "--year", "2026", env_extra=env, lake=real_lake)
    assert yearly.returncode == 1 and "载体编号" in yearly.stdout  # a roster is not a carrier list: refused, named
    month_for_year = _cli("--file", str(GOOD), "--table", "carriers", "--month", "2026-10", env_extra=env,
                          lake=real_lake)
    assert month_for_year.returncode == 2 and "年度表" in month_for_year.stderr
    good = _cli("--file", str(GOOD), "--table", "laborers", "--month", "2026-10", "--by", "测试", env_extra=env,
                lake=real_lake)
    assert good.returncode == 0, good.stderr
    assert "已导入" in good.stdout

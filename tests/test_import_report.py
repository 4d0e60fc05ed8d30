"""A refused file tells the clerk in one screen what to fix (issue 27): the summary per column comes first — how
many rows, what the column takes with its unit and an example, the first rows — then every problem, one per cell;
the workbook marks the cells in a copy of the clerk's sheet; 只校验 says what the import would refuse."""

import io
from datetime import date

import openpyxl
import pytest

from lake import import_report, importer
from lake.validate import Source
from tests import import_files as f
from tests.test_importer import KEY, real_lake  # noqa: F401  (fixture)

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def broken(demo_lake) -> tuple[Source, dict]:
    data, rows = f.broken_roster(demo_lake)
    return Source("10月花名册.xlsx", data), rows


def test_the_broken_roster_yields_its_real_problems_only_summary_first(real_lake, broken):  # noqa: F811
    source, rows = broken
    checked = importer.check_source(source, "laborers", "2026-10", today=TODAY)
    assert sorted((p.row, p.column, p.value) for p in checked.problems) == sorted([
        (0, "劳动技能", ""), (rows["income"], "务工月收入", "约三千"), (rows["months"], "务工时间（月）", "十个月")])
    lines = import_report.summary(checked.problems)
    assert [(line.column, line.rows, line.expected) for line in lines] == [
        ("劳动技能", 0, "文件须包含“劳动技能”列（可用表头：劳动技能）。请在表头行加上这一列并逐行填写后重新导入"),
        *sorted([("务工月收入", 1, "整数，单位：元，例如 3500"), ("务工时间（月）", 1, "整数，单位：月，例如 10")],
                key=lambda line: rows["income" if line[0] == "务工月收入" else "months"])]
    assert not any("编码" in p.expected for p in checked.problems)  # no encoding hint for a workbook
    report = importer.report_text(importer.ImportResult(checked))
    assert report.index("问题汇总") < report.index("全部问题")
    assert f"【务工月收入】1 行不符合：应为 整数，单位：元，例如 3500。第 {rows['income']} 行：约三千" in report


def test_the_workbook_marks_the_cells_in_a_copy_of_the_clerks_sheet(real_lake, broken):  # noqa: F811
    source, rows = broken
    checked = importer.check_source(source, "laborers", "2026-10", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(import_report.marked_workbook(source, checked)))
    assert book.sheetnames == ["问题汇总", "问题清单", "原表（已标出问题）"]
    assert [c.value for c in book["问题汇总"][1]] == ["列", "问题行数", "应填写", "前几行（行号：填写的值）"]
    copy = book["原表（已标出问题）"]
    header = [c.value for c in copy[1]]
    income = copy.cell(rows["income"], header.index("务工月收入") + 1)
    assert income.value == "约三千" and income.fill.fgColor.rgb.endswith("FFC7CE")
    assert "整数，单位：元" in income.comment.text
    assert copy.cell(rows["income"] + 1, header.index("务工月收入") + 1).fill.fgColor.rgb in (None, "00000000")
    ids = [copy.cell(r, header.index("证件号码") + 1).value for r in range(2, 6)]
    assert all("*" in v for v in ids)  # ID numbers masked, the sheet's other cells as written
    assert all(copy.cell(r, header.index("姓名") + 1).value is None for r in range(2, 6))


def test_only_checking_says_the_lake_is_demo_data_and_the_key_is_missing(use_demo_lake, monkeypatch):
    monkeypatch.delenv("PERSON_ID_KEY", raising=False)
    monkeypatch.delenv("PERSON_ID_KEY_FILE", raising=False)
    good = f.csv_bytes([f.LABORER_HEADER, *f.laborer_rows(3)])
    checked = importer.check_source(Source("花名册.csv", good), "laborers", "2026-10", today=TODAY)
    texts = [p.text() for p in checked.problems]
    assert len(texts) == 2 and not checked.ok
    assert "模拟数据" in texts[0] and "LAKE_DIR" in texts[0]
    assert "缺少化名密钥" in texts[1] and "PERSON_ID_KEY" in texts[1]
    with pytest.raises(importer.ImportRefused, match="模拟数据"):
        importer.import_source(Source("花名册.csv", good), "laborers", "2026-10", today=TODAY)

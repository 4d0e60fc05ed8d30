"""Yearly tables from files (issue 19): 返乡创业人员名册, 帮扶载体名录 and 示范乡镇报送指标 import by year with the same
all-or-nothing checks as the monthly rosters, and feed the questions that read them."""

from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest

from lake import importer
from lake import manifest as mf
from lake.validate import Source
from queries import engine
from tests import import_files as f
from tests.test_importer import KEY, lake_hashes, real_lake  # noqa: F401  (fixture)

TODAY = date(2026, 12, 3)
ENTREPRENEURS = ["证件号码", "姓名", "所在区", "所在乡镇（街道）", "入驻园区编号", "创业时间", "带动就业人数"]
CARRIERS = ["载体编号", "载体名称", "载体类型", "级别", "所在区", "所在乡镇（街道）", "吸纳脱贫劳动力人数"]
ASSESSMENTS = ["乡镇（街道）代码", "农村劳动力转移就业率（%）", "扶持返乡创业人数", "申报示范园区（项目）数",
               "返乡创业典型数", "特色产业或劳务品牌数", "帮扶载体数", "开展政策宣传月数", "平台动态更新月数",
               "数据抽查准确率（%）",
               "是否成立联合工作专班", "派驻工作人员数", "每人每月最少进驻天数"]
GOOD_ASSESSMENT = ["420116015", "93.5%", 12, 1, 2, 1, 2, 10, 10, "95", "是", 2, 5]  # 黄陂 蔡店街道


def _import(rows: list[list], table: str, year: str = "2026", name: str = "名册.csv"):
    return importer.import_source(Source(name, f.csv_bytes(rows)), table, year, imported_by="测试员", today=TODAY)


def _problems(rows, table, year="2026") -> list[str]:
    return [p.text() for p in importer.check_source(Source("名册.csv", f.csv_bytes(rows)), table, year,
                                                      today=TODAY).problems]


def test_a_returning_entrepreneur_roster_imports_by_year_with_pseudonyms(real_lake):  # noqa: F811
    rows = [ENTREPRENEURS, [f.id_number(1), "张三", "黄陂区", "蔡店街道", "P01", "2024-05-01", 3],
            [f.id_number(2), "李四", "黄陂区", "蔡店街道", "", "2026-03-01", ""]]
    result = _import(rows, "entrepreneurs")
    assert result.accepted, [p.text() for p in result.checked.problems]
    entry = mf.read_manifest(real_lake)["partitions"]["entrepreneurs/year=2026"]
    stored = pq.read_table(real_lake / entry["file"]).to_pylist()
    assert [r["town_code"] for r in stored] == ["420116015", "420116015"]
    assert all(r["person_id"].startswith("H") and len(r["person_id"]) == 17 for r in stored)
    assert str(f.id_number(1)) not in (real_lake / entry["file"]).read_bytes().decode("latin-1")
    assert any("姓名" in w for w in result.warnings)  # names dropped on reading, never stored
    engine.forget()
    towns = engine.run("entrepreneurs_by_town", {"month": "2026-09", "districts": ["420116"]})
    assert towns["entrepreneur_count"].sum() == 2 and towns["in_park_count"].sum() == 1


def test_a_bad_yearly_file_is_refused_naming_where_and_the_lake_is_unchanged(real_lake):  # noqa: F811
    before = lake_hashes(real_lake)
    rows = [ENTREPRENEURS, [f.id_number(1), "张三", "黄陂区", "蔡店街道", "", "2027-01-05", 3],
            [f.id_number(1), "张三", "黄陂区", "李集街道", "", "2025-01-05", -1]]
    problems = _problems(rows, "entrepreneurs")
    assert any("第 2 行「创业时间」" in p and "年底" in p for p in problems), problems
    assert any("第 3 行「证件号码」" in p and "每人每年只能有一行" in p for p in problems), problems
    assert any("第 3 行「带动就业人数」" in p for p in problems), problems
    assert not _import(rows, "entrepreneurs").accepted
    assert lake_hashes(real_lake) == before


def test_carriers_and_town_assessments_import_and_reach_the_scorecard(real_lake):  # noqa: F811
    carriers = [CARRIERS, ["C1", "蔡店零工驿站", "零工驿站", "区级", "黄陂区", "蔡店街道", 12]]
    assert _import(carriers, "carriers").accepted
    result = _import([ASSESSMENTS, GOOD_ASSESSMENT], "town_assessments")
    assert result.accepted, [p.text() for p in result.checked.problems]
    engine.forget()
    row = engine.run("model_town_indicators", {"year": 2026, "districts": ["420116"]}).set_index("town_code")
    assert row.loc["420116015", "rural_transfer_rate_pct"] == 93.5
    assert row.loc["420116015", "carrier_recorded_unit_count"] == 1


NEW_ASSESSMENTS = ["乡镇（街道）代码", "农村劳动力转移就业率（%）", "扶持返乡创业人数", "申报示范园区（项目）数",
                   "返乡创业典型数", "特色产业或劳务品牌数", "帮扶载体数", "开展政策宣传月数", "村级平台动态更新月数",
                   "乡镇（街道）平台动态更新月数", "农村劳动力转移就业数据抽查准确率（%）",
                   "脱贫劳动力外出务工数据抽查准确率（%）", "是否成立联合工作组", "派驻工作人员数",
                   "每人每月最少进驻天数"]


def test_the_two_level_and_two_data_set_columns_import_and_old_files_leave_them_empty(real_lake):  # noqa: F811
    new = _import([NEW_ASSESSMENTS, ["420116015", "93.5%", 12, 1, 2, 1, 2, 10, 9, 10, "95", "88.5", "是", 2, 5]],
                  "town_assessments")
    assert new.accepted, [p.text() for p in new.checked.problems]
    engine.forget()
    row = engine.run("model_town_indicators", {"year": 2026, "districts": ["420116"]}).iloc[0]
    assert (row["village_platform_update_months"], row["platform_update_months"]) == (9, 10)
    assert (row["spot_check_accuracy_pct"], row["migrant_spot_check_accuracy_pct"]) == (95.0, 88.5)
    assert bool(row["has_joint_group"])
    old = _import([ASSESSMENTS, GOOD_ASSESSMENT], "town_assessments")  # the template before the split
    assert old.accepted, [p.text() for p in old.checked.problems]
    engine.forget()
    row = engine.run("model_town_indicators", {"year": 2026, "districts": ["420116"]}).iloc[0]
    assert row["platform_update_months"] == 10 and row["spot_check_accuracy_pct"] == 95.0
    assert pd.isna(row["village_platform_update_months"]) and pd.isna(row["migrant_spot_check_accuracy_pct"])


def test_town_assessment_values_are_checked(real_lake):  # noqa: F811
    rows = [ASSESSMENTS, ["李集街道", "130", 12, 1, 2, 1, 2, 13, 10, "95", "也许", 2, 5],
            GOOD_ASSESSMENT, GOOD_ASSESSMENT]
    problems = _problems(rows, "town_assessments")
    assert any("第 2 行「乡镇（街道）代码」" in p and "9 位统计代码" in p for p in problems), problems  # two 李集街道
    assert any("第 2 行「农村劳动力转移就业率（%）」" in p and "0–100" in p for p in problems), problems
    assert any("第 2 行「开展政策宣传月数」" in p and "0–12" in p for p in problems), problems
    assert any("第 2 行「是否成立联合工作专班」" in p for p in problems), problems
    assert any("第 4 行" in p and "每个乡镇（街道）每年只报一行" in p for p in problems), problems


@pytest.mark.parametrize(("period", "words"), [("2027", "还没有到"), ("2026-10", "年度表"), ("2019", "早于")])
def test_a_yearly_table_takes_a_begun_year(real_lake, period, words):  # noqa: F811
    with pytest.raises(importer.ImportRefused, match=words):
        _import([ASSESSMENTS, GOOD_ASSESSMENT], "town_assessments", period)


def test_the_command_line_imports_a_yearly_table_with_year(real_lake, tmp_path, capsys):  # noqa: F811
    path = tmp_path / "载体.csv"
    path.write_bytes(f.csv_bytes([CARRIERS, ["C9", "某爱心企业", "爱心企业", "市级", "新洲区", "", 4]]))
    assert importer.main(["--file", str(path), "--table", "carriers", "--year", "2025"]) == 0
    assert "carriers/year=2025" in mf.read_manifest(real_lake)["partitions"]
    assert importer.main(["--file", str(path), "--table", "carriers", "--year", "2025", "--month", "2025-10"]) == 2
    assert "只能给一个" in capsys.readouterr().err

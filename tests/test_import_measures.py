"""The work plan's measures from files (issue 18): the roster's 培训需求 columns, and the new yearly tables import
with the same all-or-nothing checks as the others."""

from datetime import date

import pyarrow.parquet as pq

from lake import importer
from lake import manifest as mf
from lake.validate import Source
from tests import import_files as f
from tests.test_importer import real_lake  # noqa: F401  (fixture)

TODAY = date(2026, 12, 3)


def _import(rows: list[list], table: str, period: str):
    return importer.import_source(Source("名册.csv", f.csv_bytes(rows)), table, period, imported_by="测试员",
                                  today=TODAY)


def _stored(lake, table: str, key: str) -> list[dict]:
    return pq.read_table(lake / mf.read_manifest(lake)["partitions"][f"{table}/{key}"]["file"]).to_pylist()


def test_the_roster_takes_training_wishes_and_leaves_them_null_when_not_asked(real_lake):  # noqa: F811
    header = [*f.LABORER_HEADER, "是否有技能培训需求", "是否有创业培训需求", "是否参加技能培训", "技能培训工种"]
    rows = [header, [*f.laborer_row(1), "是", "否", "是", "家政服务"], [*f.laborer_row(2), "否", "", "否", ""]]
    result = _import(rows, "laborers", "2026-10")
    assert result.accepted, [p.text() for p in result.checked.problems]
    stored = _stored(real_lake, "laborers", "month=2026-10")
    assert [(r["wants_skill_training"], r["wants_startup_training"]) for r in stored] == [(True, False), (False, None)]
    assert [r["trained_skill_trade"] for r in stored] == ["家政服务", None]
    old = _import([f.LABORER_HEADER, f.laborer_row(3)], "laborers", "2026-11")  # a file without the columns
    assert old.accepted
    assert [r["wants_skill_training"] for r in _stored(real_lake, "laborers", "month=2026-11")] == [None]


def test_a_training_wish_that_is_not_yes_or_no_is_refused(real_lake):  # noqa: F811
    rows = [[*f.LABORER_HEADER, "是否有技能培训需求"], [*f.laborer_row(1), "想"]]
    problems = [p.text() for p in importer.check_source(Source("名册.csv", f.csv_bytes(rows)), "laborers", "2026-10",
                                                          today=TODAY).problems]
    assert any("第 2 行「是否有技能培训需求」" in p and "是 或 否" in p for p in problems), problems


BROKERS = ["经纪人编号", "所在区", "所在乡镇（街道）", "覆盖村数", "组织输出脱贫劳动力人数"]
CAMPAIGNS = ["活动名称", "所在区", "举办月份", "服务脱贫劳动力人数", "提供岗位数", "帮助脱贫劳动力就业人数"]
RECORDS = ["编号", "类别", "状态", "所在区", "所在乡镇（街道）", "园区编号"]
LEADERS = ["证件号码", "姓名", "所在区", "所在乡镇（街道）", "入驻园区编号", "带动就业人数"]
GOOD = {
    "labor_brokers": [BROKERS, ["B001", "黄陂区", "蔡店街道", 3, 12], ["B002", "黄陂区", "蔡店街道", 2, 0]],
    "service_campaigns": [CAMPAIGNS, ["春风行动", "黄陂区", 2, 120, 600, 30], ["金秋招聘", "新洲区", 9, 80, 300, 12]],
    "startup_records": [RECORDS, ["R1", "市级返乡创业园区认定", "已认定", "黄陂区", "蔡店街道", "C1"],
                        ["R2", "示范县(区)", "已申报", "新洲区", "", ""]],
    "startup_leaders": [LEADERS, [f.id_number(1), "张三", "黄陂区", "蔡店街道", "C1", 8]],
}


def test_each_new_yearly_register_imports_one_good_file(real_lake):  # noqa: F811
    for table, rows in GOOD.items():
        result = _import(rows, table, "2026")
        assert result.accepted, (table, [p.text() for p in result.checked.problems])
    assert [r["villages_covered"] for r in _stored(real_lake, "labor_brokers", "year=2026")] == [3, 2]
    campaigns = _stored(real_lake, "service_campaigns", "year=2026")
    assert [(r["campaign"], r["month_of_year"]) for r in campaigns] == [("春风行动", 2), ("金秋招聘月", 9)]  # alias
    assert [r["kind"] for r in _stored(real_lake, "startup_records", "year=2026")] == [
        "市级返乡创业园区认定", "省级返乡创业示范县(区)申报"]
    leader = _stored(real_lake, "startup_leaders", "year=2026")[0]
    assert leader["person_id"].startswith("H") and leader["town_code"] == "420116015"  # a pseudonym, no name
    assert "张三" not in str(leader)


def _problems(rows, table) -> list[str]:
    return [p.text() for p in importer.check_source(Source("名册.csv", f.csv_bytes(rows)), table, "2026",
                                                      today=TODAY).problems]


def test_a_new_register_with_a_wrong_or_missing_column_is_refused(real_lake):  # noqa: F811
    missing = [[h for h in BROKERS if h != "覆盖村数"], ["B001", "黄陂区", "蔡店街道", 12]]
    assert any("覆盖村数" in p for p in _problems(missing, "labor_brokers"))
    assert any("第 2 行「活动名称」" in p and "以下之一" in p
               for p in _problems([CAMPAIGNS, ["招聘会", "黄陂区", 2, 1, 1, 1]], "service_campaigns"))
    both = _problems([CAMPAIGNS, ["春风行动", "黄陂区", 0, 10, 5, 11], ["春风行动", "黄陂区", 0, 1, 1, 1]],
                     "service_campaigns")
    assert any("第 2 行「举办月份」" in p and "1–12" in p for p in both), both
    assert any("第 2 行「帮助脱贫劳动力就业人数」" in p and "不超过服务脱贫劳动力人数" in p for p in both), both
    assert any("第 3 行" in p and "每项活动每区每月只报一行" in p for p in both), both
    bad_status = [RECORDS, ["R1", "市级返乡创业园区认定", "待定", "黄陂区", "", ""]]
    assert any("第 2 行「状态」" in p for p in _problems(bad_status, "startup_records"))
    assert any("每名经纪人的编号唯一" in p for p in _problems(
        [BROKERS, ["B1", "黄陂区", "蔡店街道", 1, 1], ["B1", "黄陂区", "蔡店街道", 1, 1]], "labor_brokers"))
    assert any("不小于 0" in p for p in _problems([BROKERS, ["B1", "黄陂区", "蔡店街道", -1, 1]], "labor_brokers"))
    assert not _import([CAMPAIGNS, ["招聘会", "黄陂区", 2, 1, 1, 1]], "service_campaigns", "2026").accepted


def test_the_returning_entrepreneur_roster_takes_the_park_services(real_lake):  # noqa: F811
    header = ["证件号码", "所在区", "所在乡镇（街道）", "入驻园区编号", "创业时间", "是否获得开业指导",
              "是否参加创业培训"]
    rows = [header, [f.id_number(1), "黄陂区", "蔡店街道", "C1", "2024-05-01", "是", ""]]
    assert _import(rows, "entrepreneurs", "2026").accepted
    stored = _stored(real_lake, "entrepreneurs", "year=2026")
    assert [(r["got_opening_guidance"], r["got_startup_training"]) for r in stored] == [(True, None)]

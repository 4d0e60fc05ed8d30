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

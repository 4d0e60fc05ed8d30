"""帮扶举措 (pages/measures.py): golden tests of its questions on literal lakes, the page on the demo lake."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lake import manifest as mf
from lake.schema import ORGANIZED_CHANNELS
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person

CAIDIAN, HUANGPI, XINZHOU = "420114", "420116", "420117"
ALL = [CAIDIAN, HUANGPI, XINZHOU]


def in_huangpi(month, person_id, **overrides):
    return person(month, person_id, HUANGPI, "420116001", **overrides)


ORGANIZED_ROWS = [
    # 蔡甸 last October: two organized (政府, 劳务经纪人), one on their own, one organized but not employed.
    person("2025-10", "A", channel="政府部门组织"), person("2025-10", "B", channel="劳务经纪人"),
    person("2025-10", "C"), person("2025-10", "D", employed=False),
    # 蔡甸 this October: three organized (社区(村), 人力资源服务机构, 劳务经纪人), one 公益性岗位 (not organized).
    person("2026-10", "A", channel="社区(村)组织"), person("2026-10", "B", channel="人力资源服务机构"),
    person("2026-10", "C", channel="劳务经纪人"), person("2026-10", "D", channel="公益性岗位"),
    # 黄陂 has no roster last October (无基期); one organized this October.
    in_huangpi("2026-10", "E", channel="政府部门组织"), in_huangpi("2026-10", "F", employed=False),
]


@pytest.fixture
def organized(make_lake, storage):
    return make_lake({"laborers": ORGANIZED_ROWS})


def test_organized_output_by_district_against_last_year(organized):
    df = engine.run("organized_output_by_district", {"month": "2026-10", "districts": ALL})
    columns = ["district_code", "is_total", "employed_count", "organized_count", "organized_last_year_count",
               "organized_yoy_count", "organized_yoy_pct", "organized_share_pct", "organized_government_count",
               "organized_village_count", "organized_agency_count", "organized_broker_count"]
    got = df[columns].astype(object).where(df[columns].notna(), None).to_dict("records")
    assert got == [
        {"district_code": CAIDIAN, "is_total": False, "employed_count": 4, "organized_count": 3,
         "organized_last_year_count": 2, "organized_yoy_count": 1, "organized_yoy_pct": 50.0,
         "organized_share_pct": 75.0, "organized_government_count": 0, "organized_village_count": 1,
         "organized_agency_count": 1, "organized_broker_count": 1},
        {"district_code": HUANGPI, "is_total": False, "employed_count": 1, "organized_count": 1,
         "organized_last_year_count": None, "organized_yoy_count": None, "organized_yoy_pct": None,
         "organized_share_pct": 100.0, "organized_government_count": 1, "organized_village_count": 0,
         "organized_agency_count": 0, "organized_broker_count": 0},
        # the total compares the selection: 黄陂 had no roster, so last year's base is 蔡甸's alone
        {"district_code": None, "is_total": True, "employed_count": 5, "organized_count": 4,
         "organized_last_year_count": 2, "organized_yoy_count": 2, "organized_yoy_pct": 100.0,
         "organized_share_pct": 80.0, "organized_government_count": 1, "organized_village_count": 1,
         "organized_agency_count": 1, "organized_broker_count": 1},
    ]


def test_organized_output_of_a_district_without_last_year_has_no_baseline(organized):
    total = engine.run("organized_output_by_district", {"month": "2026-10", "districts": [HUANGPI]}).iloc[-1]
    assert bool(total["is_total"]) and not total["has_last_year"] and total["organized_count"] == 1
    assert pd.isna(total["organized_last_year_count"])  # null: 无基期, not 0


TRAINING_ROWS = [
    # 蔡甸: wants skill and trained; wants skill, not trained (gap); wants startup, trained; trained without asking;
    # unable to work and asking (not a 脱贫劳动力: left out); an old row that did not ask (null).
    person("2026-10", "TA", wants_skill_training=True, trained_skill=True, wants_startup_training=False),
    person("2026-10", "TB", wants_skill_training=True, wants_startup_training=False),
    person("2026-10", "TC", wants_skill_training=False, wants_startup_training=True, trained_startup=True),
    person("2026-10", "TD", wants_skill_training=False, wants_startup_training=False, trained_skill=True),
    person("2026-10", "TE", labor_skill="丧失劳动力", able_to_work=False, willing_to_work=False, employed=False,
           wants_skill_training=True),
    person("2026-10", "TF"),
    # 黄陂: one wants startup training and has not had it.
    in_huangpi("2026-10", "TG", wants_skill_training=False, wants_startup_training=True),
]


def test_training_demand_beside_training_given(make_lake, storage):
    make_lake({"laborers": TRAINING_ROWS})
    df = engine.run("training_demand_by_district", {"month": "2026-10", "districts": ALL})
    columns = ["district_code", "able_laborer_count", "wish_reported_count", "skill_wanted_count",
               "skill_wanted_trained_count", "skill_gap_count", "skill_gap_pct", "trained_skill_count",
               "startup_wanted_count", "startup_wanted_trained_count", "startup_gap_count", "startup_gap_pct",
               "trained_startup_count"]
    got = df[columns].astype(object).where(df[columns].notna(), None).to_dict("records")
    assert got == [
        {"district_code": CAIDIAN, "able_laborer_count": 5, "wish_reported_count": 4, "skill_wanted_count": 2,
         "skill_wanted_trained_count": 1, "skill_gap_count": 1, "skill_gap_pct": 50.0, "trained_skill_count": 2,
         "startup_wanted_count": 1, "startup_wanted_trained_count": 1, "startup_gap_count": 0,
         "startup_gap_pct": 0.0, "trained_startup_count": 1},
        {"district_code": HUANGPI, "able_laborer_count": 1, "wish_reported_count": 1, "skill_wanted_count": 0,
         "skill_wanted_trained_count": 0, "skill_gap_count": 0, "skill_gap_pct": None, "trained_skill_count": 0,
         "startup_wanted_count": 1, "startup_wanted_trained_count": 0, "startup_gap_count": 1,
         "startup_gap_pct": 100.0, "trained_startup_count": 0},
        {"district_code": None, "able_laborer_count": 6, "wish_reported_count": 5, "skill_wanted_count": 2,
         "skill_wanted_trained_count": 1, "skill_gap_count": 1, "skill_gap_pct": 50.0, "trained_skill_count": 2,
         "startup_wanted_count": 2, "startup_wanted_trained_count": 1, "startup_gap_count": 1,
         "startup_gap_pct": 50.0, "trained_startup_count": 1},
    ]


def _roster(lake, month: str):
    file = next(f for f in mf.current_files(lake, mf.read_manifest(lake), "laborers") if f"month={month}" in f)
    return pq.read_table(file).to_pandas()


def test_measures_page_shows_the_demo_figures_recomputed_from_the_roster(use_demo_lake):
    at = open_app("pages/measures.py")
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    roster = _roster(use_demo_lake, "2026-10")
    organized = roster["employed"] & roster["channel"].isin(ORGANIZED_CHANNELS)
    assert shown["有组织劳务输出人数"] == f"{int(organized.sum()):,} 人"
    able = roster[roster["able_to_work"]]
    assert shown["有技能培训需求"] == f"{int(able['wants_skill_training'].sum()):,} 人"
    gap = int((able["wants_skill_training"] & ~able["trained_skill"]).sum())
    assert any(f"尚未满足 {gap:,} 人" in c.value for c in at.caption)
    assert "方案：“完善农村劳务经纪人体系" in texts(at)


def test_measures_page_says_when_the_roster_did_not_ask_for_training_wishes(use_demo_lake):
    at = open_app("pages/measures.py", month="2024年10月")
    assert_clean(at)
    assert "没有填报培训需求" in texts(at)


def test_a_roster_written_before_the_training_wish_columns_reads_them_as_null(make_lake, storage, monkeypatch):
    import dataclasses

    from lake import manifest
    from lake.schema import TABLES
    from tests.conftest import _reset_caches

    lake = make_lake({"laborers": [person("2026-10", "A", wants_skill_training=True)]})
    spec = TABLES["laborers"]
    old_schema = pa.schema([f for f in spec.schema if not f.name.startswith("wants_")])
    monkeypatch.setitem(manifest.TABLES, "laborers", dataclasses.replace(spec, schema=old_schema))
    written = mf.read_manifest(lake)
    old = person("2025-10", "A")
    mf.write_partition(lake, written, "laborers", "2025-10",
                       pa.Table.from_pylist([{k: v for k, v in old.items() if k in old_schema.names}], old_schema),
                       source_file="old.xlsx", imported_by="pytest")
    mf.write_manifest(lake, written)
    monkeypatch.setitem(manifest.TABLES, "laborers", spec)
    assert "wants_skill_training" not in pq.read_schema(mf.current_files(lake, written, "laborers")[0]).names
    _reset_caches()
    this_year = engine.run("training_demand_by_district", {"month": "2026-10", "districts": [CAIDIAN]}).iloc[-1]
    last_year = engine.run("training_demand_by_district", {"month": "2025-10", "districts": [CAIDIAN]}).iloc[-1]
    assert (this_year["skill_wanted_count"], last_year["skill_wanted_count"]) == (1, 0)
    assert (this_year["wish_reported_count"], last_year["wish_reported_count"]) == (1, 0)

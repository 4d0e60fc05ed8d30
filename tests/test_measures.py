"""帮扶举措 (pages/measures.py): golden tests of its questions on literal lakes, the page on the demo lake."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from assess import scorecard
from lake import manifest as mf
from lake.schema import ORGANIZED_CHANNELS
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from ui.labels import fmt, label

CAIDIAN, HUANGPI, XINZHOU = "420114", "420116", "420117"
ALL = [CAIDIAN, HUANGPI, XINZHOU]


def in_huangpi(month, person_id, **overrides):
    return person(month, person_id, HUANGPI, "420116001", **overrides)


OUTSIDE = list(scorecard.outside_locations(2026))  # 外出: outside the home township, as for indicator 2
ORGANIZED_ROWS = [
    # 蔡甸 last October: two organized outside the township (政府, 劳务经纪人), one on their own, one organized but
    # not employed.
    person("2025-10", "A", channel="政府部门组织", work_location="省外"),
    person("2025-10", "B", channel="劳务经纪人", work_location="区外省内"),
    person("2025-10", "C"), person("2025-10", "D", employed=False),
    # 蔡甸 this October: two organized outside (社区(村), 人力资源服务机构), one organized by a 劳务经纪人 inside the
    # home township (not 外出: not 有组织劳务输出), one 公益性岗位 (not organized).
    person("2026-10", "A", channel="社区(村)组织", work_location="乡镇外区内"),
    person("2026-10", "B", channel="人力资源服务机构", work_location="省外"),
    person("2026-10", "C", channel="劳务经纪人"), person("2026-10", "D", channel="公益性岗位"),
    # 黄陂 has no roster last October (无基期); one organized this October.
    in_huangpi("2026-10", "E", channel="政府部门组织", work_location="区外省内"),
    in_huangpi("2026-10", "F", employed=False),
]


@pytest.fixture
def organized(make_lake, storage):
    return make_lake({"laborers": ORGANIZED_ROWS})


def test_organized_output_by_district_against_last_year(organized):
    df = engine.run("organized_output_by_district", {"month": "2026-10", "districts": ALL,
                                                     "town_outside_work_locations": OUTSIDE})
    columns = ["district_code", "is_total", "employed_count", "organized_count", "organized_last_year_count",
               "organized_yoy_count", "organized_yoy_pct", "organized_share_pct", "organized_government_count",
               "organized_village_count", "organized_agency_count", "organized_broker_count"]
    got = df[columns].astype(object).where(df[columns].notna(), None).to_dict("records")
    assert got == [
        {"district_code": CAIDIAN, "is_total": False, "employed_count": 4, "organized_count": 2,
         "organized_last_year_count": 2, "organized_yoy_count": 0, "organized_yoy_pct": 0.0,
         "organized_share_pct": 50.0, "organized_government_count": 0, "organized_village_count": 1,
         "organized_agency_count": 1, "organized_broker_count": 0},
        {"district_code": HUANGPI, "is_total": False, "employed_count": 1, "organized_count": 1,
         "organized_last_year_count": None, "organized_yoy_count": None, "organized_yoy_pct": None,
         "organized_share_pct": 100.0, "organized_government_count": 1, "organized_village_count": 0,
         "organized_agency_count": 0, "organized_broker_count": 0},
        # like with like: 黄陂 had no roster last October (无基期), so the total is 蔡甸's in both years
        {"district_code": None, "is_total": True, "employed_count": 4, "organized_count": 2,
         "organized_last_year_count": 2, "organized_yoy_count": 0, "organized_yoy_pct": 0.0,
         "organized_share_pct": 50.0, "organized_government_count": 0, "organized_village_count": 1,
         "organized_agency_count": 1, "organized_broker_count": 0},
    ]


def test_organized_output_by_destination_against_last_year(organized):
    df = engine.run("organized_output_by_destination", {"month": "2026-10", "districts": ALL,
                                                        "town_outside_work_locations": OUTSIDE})
    columns = ["work_location", "is_total", "organized_count", "organized_last_year_count", "organized_yoy_count",
               "organized_yoy_pct"]
    got = [tuple(r) for r in df[columns].astype(object).where(df[columns].notna(), None).itertuples(index=False)]
    # 外出 only (C, organized inside the home township, is not counted), and like with like: 黄陂 has no roster last
    # October, so its E is left out while 蔡甸 has a base
    assert got == [("乡镇外区内", False, 1, 0, 1, None), ("区外省内", False, 0, 1, -1, -100.0),
                   ("省外", False, 1, 1, 0, 0.0), (None, True, 2, 2, 0, 0.0)]  # the total equals by district's
    alone = engine.run("organized_output_by_destination", {"month": "2026-10", "districts": [HUANGPI],
                                                           "town_outside_work_locations": OUTSIDE})
    assert alone["organized_last_year_count"].isna().all()  # 黄陂 had no roster last October: 无基期, not 0
    # none organized in either month: no rows and no total (the same on Spark, where an empty grouping set over no
    # rows gives nothing); the page says so in place of the figure
    assert engine.run("organized_output_by_destination", {"month": "2026-10", "districts": [XINZHOU],
                                                          "town_outside_work_locations": OUTSIDE}).empty


def test_organized_output_of_a_district_without_last_year_has_no_baseline(organized):
    total = engine.run("organized_output_by_district", {"month": "2026-10", "districts": [HUANGPI],
                                                        "town_outside_work_locations": OUTSIDE}).iloc[-1]
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
    organized = roster["employed"] & roster["channel"].isin(ORGANIZED_CHANNELS) & roster["work_location"].isin(OUTSIDE)
    assert shown["有组织劳务输出人数"] == f"{int(organized.sum()):,} 人"
    able = roster[roster["able_to_work"]]
    assert shown["有技能培训需求"] == f"{int(able['wants_skill_training'].sum()):,} 人"
    gap = int((able["wants_skill_training"] & ~able["trained_skill"]).sum())
    assert any(f"尚未满足 {gap:,} 人" in c.value for c in at.caption)
    assert "方案：“完善农村劳务经纪人体系" in texts(at)
    brokers = pq.read_table(mf.current_files(use_demo_lake, mf.read_manifest(use_demo_lake), "labor_brokers")[-1])
    assert shown["劳务经纪人"] == f"{brokers.num_rows:,} 人"
    assert shown["经纪人组织输出人数"] == f"{sum(brokers['persons_placed'].to_pylist()):,} 人"
    campaigns = pq.read_table(mf.current_files(use_demo_lake, mf.read_manifest(use_demo_lake),
                                               "service_campaigns")[-1]).to_pandas()
    assert shown["服务脱贫劳动力"] == f"{int(campaigns['laborers_served'].sum()):,} 人"  # all held by October
    leaders = pq.read_table(mf.current_files(use_demo_lake, mf.read_manifest(use_demo_lake), "startup_leaders")[-1])
    assert shown["返乡创业带头人"] == f"{leaders.num_rows:,} 人"
    for header in ("二、农村劳务经纪人", "三、就业服务专项活动", "五、支持返乡创业：园区认定、示范申报、带头人"):
        assert header in [h.value for h in at.header]
    at.multiselect(key="district").set_value(["420116"]).run()
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["有组织劳务输出人数"] != shown["有组织劳务输出人数"]


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


BROKER_LAKE = {
    "laborers": [
        person("2026-10", "A", village="王家湾村"), person("2026-10", "B", village="李家岗村"),
        person("2026-10", "C", village="张家畈村"), person("2026-10", "C2", village="张家畈村"),
        person("2026-10", "D", CAIDIAN, "420114002", village="王家湾村"),  # the same name in another town
        in_huangpi("2026-10", "E", village="王家湾村"),
    ],
    "labor_brokers": [
        # two brokers of one town cover 2 + 2 villages of its 3: coverage stops at 3
        {"year": 2026, "broker_id": "B1", "district_code": CAIDIAN, "town_code": "420114001", "villages_covered": 2,
         "persons_placed": 5},
        {"year": 2026, "broker_id": "B2", "district_code": CAIDIAN, "town_code": "420114001", "villages_covered": 2,
         "persons_placed": 4},
        # a 黄陂 broker in a town without 脱贫人口 on the roster covers none of the villages that count
        {"year": 2026, "broker_id": "B3", "district_code": HUANGPI, "town_code": "420116002", "villages_covered": 1,
         "persons_placed": 1},
        {"year": 2025, "broker_id": "B1", "district_code": CAIDIAN, "town_code": "420114001", "villages_covered": 9,
         "persons_placed": 100},  # last year's register: not counted
    ],
}


def test_brokers_placements_per_broker_and_village_coverage(make_lake, storage):
    make_lake(BROKER_LAKE)
    df = engine.run("brokers_by_district", {"month": "2026-10", "districts": ALL})
    columns = ["district_code", "broker_count", "broker_placed_count", "placed_per_broker_ratio",
               "town_with_broker_unit_count", "town_with_laborers_unit_count", "village_unit_count",
               "village_covered_unit_count", "village_coverage_pct"]
    assert df[columns].astype(object).where(df[columns].notna(), None).values.tolist() == [
        [CAIDIAN, 2, 9, 4.5, 1, 2, 4, 3, 75.0],
        [HUANGPI, 1, 1, 1.0, 1, 1, 1, 0, 0.0],
        [None, 3, 10, 10 / 3, 2, 3, 5, 3, 60.0],
    ]
    # a ratio, shown with one decimal wherever figures are shown: never rounded to whole persons
    assert [fmt(v, "placed_per_broker_ratio") for v in df["placed_per_broker_ratio"]] == [
        "4.5 人/名", "1.0 人/名", "3.3 人/名"]
    assert label("placed_per_broker_ratio", with_unit=True) == "经纪人人均组织输出（人/名）"


CAMPAIGN_LAKE = {"laborers": [person("2026-10", "A")], "service_campaigns": [
    {"year": 2026, "campaign": "春风行动", "district_code": CAIDIAN, "month_of_year": 2, "laborers_served": 10,
     "jobs_offered": 50, "laborers_placed": 2},
    {"year": 2026, "campaign": "春风行动", "district_code": CAIDIAN, "month_of_year": 3, "laborers_served": 6,
     "jobs_offered": 20, "laborers_placed": 1},
    {"year": 2026, "campaign": "春风行动", "district_code": HUANGPI, "month_of_year": 2, "laborers_served": 4,
     "jobs_offered": 10, "laborers_placed": 1},
    {"year": 2026, "campaign": "金秋招聘月", "district_code": CAIDIAN, "month_of_year": 9, "laborers_served": 5,
     "jobs_offered": 30, "laborers_placed": 2},
    {"year": 2026, "campaign": "金秋招聘月", "district_code": CAIDIAN, "month_of_year": 11, "laborers_served": 99,
     "jobs_offered": 99, "laborers_placed": 9},  # after the month
    {"year": 2025, "campaign": "春风行动", "district_code": CAIDIAN, "month_of_year": 2, "laborers_served": 77,
     "jobs_offered": 77, "laborers_placed": 7},  # last year
]}


def test_campaigns_by_campaign_and_district_up_to_the_month(make_lake, storage):
    make_lake(CAMPAIGN_LAKE)
    df = engine.run("campaigns_by_district", {"month": "2026-10", "districts": ALL})
    columns = ["campaign", "district_code", "is_total", "campaign_month_unit_count", "laborers_served_count",
               "jobs_offered_unit_count", "laborers_placed_count", "placed_of_served_pct"]
    assert df[columns].astype(object).where(df[columns].notna(), None).values.tolist() == [
        ["春风行动", CAIDIAN, False, 2, 16, 70, 3, 18.75],
        ["春风行动", HUANGPI, False, 1, 4, 10, 1, 25.0],
        ["春风行动", None, True, 3, 20, 80, 4, 20.0],
        ["金秋招聘月", CAIDIAN, False, 1, 5, 30, 2, 40.0],
        ["金秋招聘月", None, True, 1, 5, 30, 2, 40.0],
        [None, None, True, 4, 25, 110, 6, 24.0],
    ]


def entrepreneur(person_id, district_code, park_id, guided, trained, year=2026):
    return {"year": year, "person_id": person_id, "district_code": district_code, "town_code": district_code + "001",
            "park_id": park_id, "started_on": None, "employs_laborers": 1, "got_opening_guidance": guided,
            "got_startup_training": trained}


STARTUP_LAKE = {
    "laborers": [person("2026-10", "A")],
    "startup_records": [
        {"year": 2025, "record_id": "R1", "kind": "市级返乡创业园区认定", "status": "已认定", "district_code": CAIDIAN,
         "town_code": "420114001", "park_id": "P1"},
        {"year": 2026, "record_id": "R2", "kind": "市级返乡创业园区认定", "status": "已认定", "district_code": HUANGPI,
         "town_code": "420116001", "park_id": "P2"},
        {"year": 2026, "record_id": "R3", "kind": "市级返乡创业园区认定", "status": "未通过", "district_code": HUANGPI,
         "town_code": "420116001", "park_id": "P3"},
        {"year": 2026, "record_id": "R4", "kind": "省级返乡创业示范县(区)申报", "status": "已申报",
         "district_code": CAIDIAN, "town_code": None, "park_id": None},
    ],
    "startup_leaders": [
        {"year": 2026, "person_id": "L1", "district_code": CAIDIAN, "town_code": "420114001", "park_id": "P1",
         "employs_laborers": 5},
        {"year": 2026, "person_id": "L2", "district_code": CAIDIAN, "town_code": "420114001", "park_id": None,
         "employs_laborers": 3},
        {"year": 2026, "person_id": "L3", "district_code": HUANGPI, "town_code": "420116001", "park_id": None,
         "employs_laborers": None},
        {"year": 2025, "person_id": "L9", "district_code": HUANGPI, "town_code": "420116001", "park_id": None,
         "employs_laborers": 50},
    ],
    "entrepreneurs": [
        entrepreneur("E1", CAIDIAN, "P1", True, True), entrepreneur("E2", CAIDIAN, "P1", True, False),
        entrepreneur("E3", CAIDIAN, None, True, True),  # not in a park: not among the park projects
        entrepreneur("E4", HUANGPI, "P2", None, None),  # not reported
        entrepreneur("E1", CAIDIAN, "P1", False, False, year=2025),
    ],
}


def test_park_recognitions_and_applications_by_year(make_lake, storage):
    make_lake(STARTUP_LAKE)
    columns = ["year", "record_kind", "record_unit_count", "recognised_unit_count", "pending_unit_count",
               "rejected_unit_count"]
    df = engine.run("startup_records_by_year", {"month": "2026-10", "districts": ALL})
    assert df[columns].values.tolist() == [
        [2025, "市级返乡创业园区认定", 1, 1, 0, 0],
        [2026, "市级返乡创业园区认定", 2, 1, 0, 1],
        [2026, "省级返乡创业示范县(区)申报", 1, 0, 1, 0],
    ]
    earlier = engine.run("startup_records_by_year", {"month": "2025-10", "districts": [HUANGPI]})
    assert earlier.empty  # 黄陂's records are all of 2026


def test_leaders_and_services_to_projects_in_parks(make_lake, storage):
    make_lake(STARTUP_LAKE)
    df = engine.run("startup_leaders_by_district", {"month": "2026-10", "districts": ALL})
    columns = ["district_code", "leader_count", "employed_by_leaders_count", "in_park_count", "in_park_guided_count",
               "in_park_guided_pct", "in_park_trained_count", "in_park_trained_pct", "in_park_unreported_count"]
    assert df[columns].astype(object).where(df[columns].notna(), None).values.tolist() == [
        [CAIDIAN, 2, 8, 2, 2, 100.0, 1, 50.0, 0],
        [HUANGPI, 1, 0, 1, 0, 0.0, 0, 0.0, 1],
        [None, 3, 8, 3, 2, pytest.approx(200 / 3), 1, pytest.approx(100 / 3), 1],
    ]


def test_a_district_officer_sees_only_their_district_on_the_measures_page(use_demo_lake):
    at = open_app("pages/measures.py", user="huangpi")
    assert_clean(at)
    tables_shown = [d.value for d in at.dataframe if "district_name" in d.value.columns]
    assert len(tables_shown) >= 4
    for table in tables_shown:
        assert set(table["district_name"].dropna()) <= {"黄陂区", "合计", ""}, table["district_name"].tolist()


def test_organized_output_grows_only_when_above_last_year(organized):
    from assess.measures import grew, organized_growth
    from assess.verdicts import Verdict

    df = engine.run("organized_output_by_district", {"month": "2026-10", "districts": ALL,
                                                     "town_outside_work_locations": OUTSIDE})
    assert list(organized_growth(df)["organized_verdict"]) == [Verdict.NOT_MET, Verdict.NO_BASELINE,
                                                               Verdict.NOT_MET]  # 2 against 2: not 扩大
    assert (grew(5, 5), grew(6, 5), grew(4, 5), grew(0, None)) == (
        Verdict.NOT_MET, Verdict.MET, Verdict.NOT_MET, Verdict.NO_BASELINE)  # staying level is not 扩大


def test_a_figure_with_no_rows_says_so_in_its_place(organized):
    at = open_app("pages/measures.py", district="新洲区")  # 新洲 has no roster: no organized workers either month
    assert_clean(at)
    assert "新洲区2026年10月没有有组织劳务输出去向的记录，本项为空。" in texts(at)


def test_the_measures_export_holds_every_section_with_its_total(organized, downloads):
    import io

    import openpyxl

    from tests.test_access import XLSX

    at = open_app("pages/measures.py")
    assert_clean(at)
    book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX]))
    assert book.sheetnames[:3] == ["有组织劳务输出", "有组织劳务输出去向", "劳务经纪人"]
    rows = [[c for c in row if c is not None] for row in book["有组织劳务输出"].iter_rows(values_only=True)]
    total = next(r for r in rows if r and r[0] == "合计（不含无基期的黄陂区）")  # like with like: 蔡甸 alone
    assert total[1] == 2 and "✗ 未达到" in total  # 2 organized outside this October against 2: not 扩大
    assert any(r and r[0] == "黄陂区" and "— 无基期" in r for r in rows)

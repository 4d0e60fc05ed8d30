"""就业规模稳定: golden tests of its questions on a tiny literal lake, models against per-person answers, AppTest."""

import math

import pandas as pd
import pytest

from assess import employment as er
from assess import verdicts
from assess.verdicts import Verdict
from lake.schema import HOUSEHOLD_TYPES, MONITORED_HOUSEHOLD_TYPES
from queries import engine
from queries.engine import serving
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person

CAIDIAN, JIANGXIA, HUANGPI = "420114", "420115", "420116"
ALL = [CAIDIAN, JIANGXIA, HUANGPI]
FLOW_COLUMNS = ["district_code", *er.FLOW_COLUMNS]


def in_huangpi(month, person_id, **overrides):
    return person(month, person_id, HUANGPI, "420116001", **overrides)


def in_jiangxia(month, person_id, **overrides):
    return person(month, person_id, JIANGXIA, "420115001", **overrides)


ROWS = [
    # A: 蔡甸, employed at the baseline and now: stock.
    person("2025-10", "A"), person("2025-12", "A"), person("2026-09", "A"),
    person("2026-10", "A", trained_skill=True),
    # B: moves from 蔡甸 to 黄陂 in October 2026, employed throughout: a move, not a loss and a gain.
    person("2025-10", "B", monthly_income_yuan=5000), person("2026-09", "B"),
    in_huangpi("2026-10", "B", monthly_income_yuan=5000),
    # C: 黄陂, in the baseline roster but not employed; employed now: a gain.
    in_huangpi("2025-10", "C", employed=False), in_huangpi("2026-09", "C", employed=False),
    in_huangpi("2026-10", "C", monthly_income_yuan=3000, has_contract=False),
    # D: 蔡甸, employed at the baseline, absent from this month's roster: a loss (left the roster).
    person("2025-10", "D", monthly_income_yuan=3000),
    # E: 蔡甸, employed at the baseline, now unable to work: a loss.
    person("2025-10", "E", monthly_income_yuan=3500), person("2026-09", "E"),
    person("2026-10", "E", labor_skill="丧失劳动力", able_to_work=False, willing_to_work=False, employed=False),
    # F: 黄陂, absent from the baseline roster, employed now: a gain (new to the roster).
    in_huangpi("2026-10", "F", monthly_income_yuan=6000, has_social_insurance=False, household_type="边缘易致贫户"),
    # G: 蔡甸, employed at the baseline, able and willing but not employed now: a loss.
    person("2025-10", "G", monthly_income_yuan=4200), person("2026-09", "G"), person("2026-10", "G", employed=False),
    # H: moves from 江夏 to 蔡甸, employed at both months (absent in September 2026).
    in_jiangxia("2025-10", "H", monthly_income_yuan=6000), person("2026-10", "H", monthly_income_yuan=4500),
]


@pytest.fixture
def lake(make_lake, storage):
    return make_lake({"laborers": ROWS})


def stock_flow(month="2026-10", baseline="same_month_last_year", districts=ALL) -> list[dict]:
    params = {"month": month, "baseline": baseline, "districts": districts}
    df = engine.run("employment_stock_flow", params)
    return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in df[FLOW_COLUMNS].to_dict("records")]


def flow_row(district_code, employed, baseline, stock=0, within=0, gained=0, new_roster=0, lost=0, left=0, unable=0,
             moved_in=0, moved_out=0) -> dict:
    return dict(zip(FLOW_COLUMNS, [district_code, employed, baseline, stock, within, gained, new_roster, lost, left,
                                   unable, moved_in, moved_out], strict=True))


def test_stock_and_flow_by_person_for_the_city_and_each_district(lake):
    assert stock_flow() == [
        flow_row(CAIDIAN, 2, 5, stock=1, lost=3, left=1, unable=1, moved_in=1, moved_out=1),  # A; D E G; H in; B out
        flow_row(JIANGXIA, 0, 1, moved_out=1),  # H
        flow_row(HUANGPI, 3, 0, gained=2, new_roster=1, moved_in=1),  # C F; B in
        # The city: B and H moved district but stayed employed, so they are stock, not a loss and a gain.
        flow_row(None, 5, 6, stock=3, within=2, gained=2, new_roster=1, lost=3, left=1, unable=1),
    ]


def test_stock_and_flow_of_two_districts_together(lake):
    rows = stock_flow(districts=[CAIDIAN, HUANGPI])
    assert rows[-1] == flow_row(None, 5, 5, stock=2, within=1, gained=2, new_roster=1, lost=3, left=1, unable=1,
                                moved_in=1)  # B moved between the two (stock); H came from 江夏 (moved in)
    assert [r["district_code"] for r in rows] == [CAIDIAN, HUANGPI, None]


def test_stock_and_flow_add_up(lake):
    for row in stock_flow() + stock_flow(districts=[CAIDIAN, HUANGPI]):
        assert row["employed_count"] == row["stock_count"] + row["gained_count"] + row["moved_in_count"]
        assert row["employed_count_baseline"] == row["stock_count"] + row["lost_count"] + row["moved_out_count"]


def test_stock_and_flow_against_last_december(lake):
    assert stock_flow(baseline="last_december")[-1] == flow_row(None, 5, 1, stock=1, gained=4, new_roster=4)


def test_stock_and_flow_without_a_baseline_roster_is_empty(lake):
    assert stock_flow(month="2025-10") == []  # no October 2024 roster


def test_month_over_month_entries_and_exits(lake):
    params = {"month": "2026-10", "districts": ALL}
    assert engine.run("employment_flows_monthly", params).to_dict("records") == [
        {"month": "2026-10", "employed_count": 5, "entered_count": 3, "exited_count": 2, "net_moved_in_count": 0},
    ]  # 2026-09 is left out: there is no August roster to compare with
    caidian = engine.run("employment_flows_monthly", params | {"districts": [CAIDIAN]}).iloc[0]
    assert (caidian["entered_count"], caidian["exited_count"], caidian["net_moved_in_count"]) == (1, 2, -1)


def test_monthly_flows_equal_the_per_person_answer_against_the_month_before(lake):
    for districts in (ALL, [CAIDIAN], [CAIDIAN, HUANGPI]):
        total = _per_person_flows("2026-10", "2026-09", districts)
        monthly = engine.run("employment_flows_monthly", {"month": "2026-10", "districts": districts}).iloc[-1]
        assert monthly["entered_count"] == total["gained_count"]
        assert monthly["exited_count"] == total["lost_count"]
        assert monthly["net_moved_in_count"] == total["moved_in_count"] - total["moved_out_count"]


def test_scale_by_district(lake):
    df = engine.run("employment_by_district", {"month": "2026-10", "districts": ALL})
    assert df[["district_code", "laborer_count", "able_laborer_count", "employed_count", "employed_count_last_year",
               "able_willing_unemployed_count"]].to_dict("records") == [
        {"district_code": CAIDIAN, "laborer_count": 4, "able_laborer_count": 3, "employed_count": 2,
         "employed_count_last_year": 5, "able_willing_unemployed_count": 1},  # E (丧失劳动力) is on the roster only
        {"district_code": JIANGXIA, "laborer_count": 0, "able_laborer_count": 0, "employed_count": 0,
         "employed_count_last_year": 1, "able_willing_unemployed_count": 0},
        {"district_code": HUANGPI, "laborer_count": 3, "able_laborer_count": 3, "employed_count": 3,
         "employed_count_last_year": 0, "able_willing_unemployed_count": 0},
    ]
    verdicts = er.district_stability(df, "last_december")
    assert list(verdicts["stability_verdict"]) == [Verdict.MET, Verdict.NO_BASELINE, Verdict.NO_BASELINE]
    verdicts = er.district_stability(df, "same_month_last_year")
    assert list(verdicts["stability_verdict"]) == [Verdict.NOT_MET, Verdict.NOT_MET, Verdict.MET]
    assert list(verdicts["employed_change_count"]) == [-3, -1, 3]


def test_verdict_at_the_exact_baseline_passes_with_zero_margin():
    assert er.stability(100, 100) == er.Stability(Verdict.MET, 100, 0, 0.0)
    assert er.stability(99, 100) == er.Stability(Verdict.NOT_MET, 100, -1, -1.0)
    assert er.stability(5, None).verdict == Verdict.NO_BASELINE
    df = pd.DataFrame({"employed_count": [100, 99], "employed_count_last_year": [100, 100],
                       "employed_count_last_december": [1, 1], "has_same_month_last_year": [True, True],
                       "has_last_december": [True, True]})
    verdicts_by_district = er.district_stability(df, "same_month_last_year")["stability_verdict"]
    assert list(verdicts_by_district) == [Verdict.MET, Verdict.NOT_MET]


def test_baseline_month_follows_the_policy_key():
    assert er.baseline_month("2026-10", "same_month_last_year") == "2025-10"
    assert er.baseline_month("2026-01", "last_december") == "2025-12"
    assert verdicts.previous_month("2026-01") == "2025-12" and verdicts.previous_month("2026-10") == "2026-09"
    key = verdicts.employment_baseline(2026)
    assert key in er.BASELINE_COLUMNS


def test_quality(lake):
    row = engine.run("employment_quality", {"month": "2026-10", "districts": ALL}).iloc[0].to_dict()
    assert row == {
        "laborer_count": 7, "employed_count": 5, "has_same_month_last_year": True,
        "avg_income_yuan": 4500.0, "avg_income_last_year_yuan": pytest.approx(25_700 / 6),  # 22500/5; 25700/6
        "median_income_yuan": 4500.0, "median_income_last_year_yuan": 4100.0,  # odd count; (4000+4200)/2
        "contract_pct": 80.0, "contract_last_year_pct": 100.0, "insured_pct": 80.0, "insured_last_year_pct": 100.0,
        "trained_skill_pct": pytest.approx(100 / 7), "trained_skill_last_year_pct": 0.0,
        "trained_startup_pct": 0.0, "trained_startup_last_year_pct": 0.0,
    }


def test_mix_shows_monitored_households_apart_and_each_group_sums_to_100(lake):
    assert set(MONITORED_HOUSEHOLD_TYPES) == set(HOUSEHOLD_TYPES) - {"脱贫户"}
    mix = engine.run("employment_mix", {"month": "2026-10", "districts": ALL})
    location = mix[mix["dimension"] == "work_location"]
    assert location[["household_group", "category", "employed_count", "share_pct"]].to_dict("records") == [
        {"household_group": "监测对象", "category": "乡镇内", "employed_count": 1, "share_pct": 100.0},  # F
        {"household_group": "脱贫户", "category": "乡镇内", "employed_count": 4, "share_pct": 100.0},
    ]
    sums = mix.groupby(["dimension", "household_group"])["share_pct"].sum()
    assert (sums.round(6) == 100.0).all() and len(sums) == 8


def test_mix_groups_the_organised_channels(make_lake, storage):
    make_lake({"laborers": [
        person("2026-10", "A", channel="劳务经纪人"), person("2026-10", "B", channel="政府部门组织"),
        person("2026-10", "C", employed=False), person("2026-10", "D", work_location=None),
        person("2026-10", "E", household_type="突发严重困难户"),
    ]})
    mix = engine.run("employment_mix", {"month": "2026-10", "districts": ALL})
    channel = er.mix_of(mix, "channel")
    assert channel[["household_group", "category_label", "share_pct"]].to_dict("records") == [
        {"household_group": "脱贫户", "category_label": "有组织劳务输出·政府部门组织", "share_pct": 100 / 3},
        {"household_group": "脱贫户", "category_label": "有组织劳务输出·劳务经纪人", "share_pct": 100 / 3},
        {"household_group": "脱贫户", "category_label": "自主就业", "share_pct": 100 / 3},
        {"household_group": "监测对象", "category_label": "自主就业", "share_pct": 100.0},
    ]
    location = er.mix_table(er.mix_of(mix, "work_location"))
    assert location.to_dict("records") == [
        {"category_label": "乡镇内", "poverty_employed_count": 2, "poverty_share_pct": 200 / 3,
         "monitored_employed_count": 1, "monitored_share_pct": 100.0},
        {"category_label": "未填报", "poverty_employed_count": 1, "poverty_share_pct": 100 / 3,
         "monitored_employed_count": 0, "monitored_share_pct": 0.0},
    ]


def test_who_still_needs_help_by_town(lake):
    df = engine.run("able_willing_unemployed_by_town", {"month": "2026-10", "districts": ALL})
    assert df.to_dict("records") == [
        {"district_code": CAIDIAN, "town_code": "420114001", "able_willing_count": 3, "able_willing_employed_count": 2,
         "able_willing_unemployed_count": 1, "able_willing_employment_rate_pct": 200 / 3},  # G
        {"district_code": HUANGPI, "town_code": "420116001", "able_willing_count": 3, "able_willing_employed_count": 3,
         "able_willing_unemployed_count": 0, "able_willing_employment_rate_pct": 100.0},
    ]


# ---- the pre-aggregated models equal the per-person answer on the demo lake ----
def _roster(month: str) -> pd.DataFrame:
    sql = ("select person_id, district_code, employed, able_to_work and willing_to_work as able_willing "
           "from laborers where month = $month")
    return serving.connection().cursor().execute(sql, {"month": month}).df().set_index("person_id")


def _per_person_flows(month: str, baseline_month: str, districts: list[str]) -> dict:
    now, base = _roster(month), _roster(baseline_month)
    people = now.merge(base, how="outer", left_index=True, right_index=True, suffixes=("_now", "_base"))
    now_d = people["district_code_now"].where(people["employed_now"].fillna(False).astype(bool))
    base_d = people["district_code_base"].where(people["employed_base"].fillna(False).astype(bool))
    here_now, here_base = now_d.isin(districts), base_d.isin(districts)
    return {
        "employed_count": here_now.sum(), "employed_count_baseline": here_base.sum(),
        "stock_count": (here_now & here_base).sum(), "gained_count": (here_now & base_d.isna()).sum(),
        "lost_count": (here_base & now_d.isna()).sum(),
        "lost_left_roster_count": (here_base & people["district_code_now"].isna()).sum(),
        "moved_in_count": (here_now & base_d.notna() & ~here_base).sum(),
        "moved_out_count": (here_base & now_d.notna() & ~here_now).sum(),
    }


@pytest.mark.parametrize("month, baseline", [("2026-10", "same_month_last_year"), ("2026-03", "last_december"),
                                             ("2025-12", "last_december")])
def test_stock_and_flow_equal_a_per_person_count_in_pandas_on_the_demo_lake(use_demo_lake, month, baseline):
    for districts in (["420116"], ["420114", "420116", "420117"], sorted(_roster(month)["district_code"].unique())):
        total = stock_flow(month, baseline, districts)[-1]
        expected = _per_person_flows(month, er.baseline_month(month, baseline), districts)
        assert {k: total[k] for k in expected} == expected


def test_monthly_model_equals_the_per_person_answer_on_the_demo_lake(use_demo_lake):
    districts = ["420114", "420115"]
    monthly = engine.run("employment_flows_monthly", {"month": "2026-06", "districts": districts})
    assert list(monthly["month"]) == [f"2026-{m:02d}" for m in range(1, 7)]
    for row in monthly.to_dict("records"):
        expected = _per_person_flows(row["month"], verdicts.previous_month(row["month"]), districts)
        assert (row["entered_count"], row["exited_count"]) == (expected["gained_count"], expected["lost_count"])
        assert row["net_moved_in_count"] == expected["moved_in_count"] - expected["moved_out_count"]


def test_quality_median_equals_the_per_person_median_on_the_demo_lake(use_demo_lake):
    districts = ["420116", "420117"]
    row = engine.run("employment_quality", {"month": "2026-10", "districts": districts}).iloc[0]
    sql = ("select median(monthly_income_yuan) as m, avg(monthly_income_yuan) as a from laborers "
           "where month = $month and employed and list_contains($districts, district_code)")
    median, mean = serving.connection().cursor().execute(sql, {"month": "2026-10", "districts": districts}).fetchone()
    assert row["median_income_yuan"] == median and row["avg_income_yuan"] == pytest.approx(mean, abs=1e-9)


def test_mix_shares_sum_to_100_on_the_demo_lake(use_demo_lake):
    mix = engine.run("employment_mix", {"month": "2026-10", "districts": ["420116", "420117", "420105"]})
    sums = mix.groupby(["dimension", "household_group"])["share_pct"].sum()
    assert len(sums) == 8 and ((sums - 100).abs() < 0.05).all()
    counts = mix.groupby(["dimension", "household_group"])["employed_count"].sum()
    assert counts.groupby("household_group").nunique().eq(1).all()  # every dimension counts the same persons


# ---- the page ----
def test_page_opens_with_the_verdict_and_every_section(use_demo_lake):
    at = open_app("pages/employment.py")
    assert_clean(at)
    assert at.title[0].value == "就业规模稳定"
    assert at.subheader[0].value.startswith("10月全市务工就业")
    assert any(word in at.subheader[0].value for word in ("就业规模总体稳定", "就业规模未达到稳定要求"))
    shown = texts(at)
    for heading in ("就业规模", "稳存量", "在哪里、怎么就业", "就业质量", "还需帮扶"):
        assert heading in shown
    assert "区间流动" in [m.label for m in at.metric]
    assert shown.count("数据截至 2026年10月") >= 5  # the badge and every chart's caption
    assert at.expander[0].label == "口径说明"


def test_page_moves_every_filter(use_demo_lake):
    at = open_app("pages/employment.py")
    for dimension in er.MIX_DIMENSIONS:
        at.radio(key="mix_dimension").set_value(dimension).run()
        assert_clean(at)
    at.selectbox(key="help_district").set_value("420116").run()
    assert_clean(at)
    at.selectbox(key="month").set_value("2026-01").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("1月全市")
    at.multiselect(key="district").set_value(["420116", "420117"]).run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("1月黄陂区、新洲区")
    assert "跨区迁入 / 迁出" in [m.label for m in at.metric]
    at.selectbox(key="help_district").set_value("420117").run()
    assert_clean(at)
    at.selectbox(key="month").set_value("2024-01").run()  # the first month: no baseline
    assert_clean(at)
    assert "无法判断" in at.subheader[0].value
    assert "无法按人比对稳存量" in texts(at) and "稳存量" not in [m.label for m in at.metric]


def test_page_says_why_a_district_without_laborers_is_empty(use_demo_lake):
    at = open_app("pages/employment.py")
    at.multiselect(key="district").set_value(["420102"]).run()  # 江岸区
    assert_clean(at)
    assert "没有脱贫劳动力花名册数据" in texts(at)

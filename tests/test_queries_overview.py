"""Golden tests of the overview's questions on a tiny literal lake (exact expected rows)."""

import math

import pandas as pd
import pytest

from assess import verdicts
from assess.verdicts import Verdict
from lake.schema import TABLES
from queries import engine
from queries.engine import serving
from tests.lakes import person

ALL = ["420114", "420116"]
CAIDIAN, HUANGPI = ["420114"], ["420116"]


def welfare(month, person_id, district_code="420114"):
    return {"month": month, "person_id": person_id, "district_code": district_code, "town_code": district_code + "001",
            "post_type": "保洁", "start_date": None, "monthly_pay_yuan": 1200}


def claim(month, claim_id, amount, district_code="420114"):
    return {"month": month, "claim_id": claim_id, "subsidy_type": "创业补贴", "person_id": "A",
            "district_code": district_code, "amount_yuan": amount}


@pytest.fixture
def lake(make_lake, storage):
    rows = [
        # A: 蔡甸, employed throughout.
        person("2025-10", "A"), person("2025-12", "A"), person("2026-10", "A"),
        # B: moves from 蔡甸 to 黄陂; employed in both months.
        person("2025-10", "B"), person("2026-10", "B", "420116", "420116001"),
        # C: 黄陂, not employed last year, employed now.
        person("2025-10", "C", "420116", "420116001", employed=False),
        person("2026-10", "C", "420116", "420116001"),
        # D: 蔡甸, able and willing but not employed now.
        person("2025-12", "D"), person("2026-10", "D", employed=False),
        # E: 蔡甸, unable to work.
        person("2026-10", "E", able_to_work=False, willing_to_work=False, employed=False),
    ]  # 黄陂 has no rows in 2025-12: a month missing for one district.
    return make_lake({
        "laborers": rows,
        "welfare_posts": [welfare("2025-03", "A"), welfare("2025-11", "D"), welfare("2026-02", "A"),
                          welfare("2026-03", "A"), welfare("2026-12", "D")],
        "subsidy_claims": [claim("2025-05", "c1", 5000), claim("2025-11", "c2", 5000),
                           claim("2026-01", "c3", 5000), claim("2026-10", "c4", 4000, "420116")],
    })


def test_employment_kpis_city(lake):
    row = engine.run("employment_kpis", {"month": "2026-10", "districts": ALL}).iloc[0].to_dict()
    assert row["laborer_count"] == 5
    assert row["able_laborer_count"] == 4  # the roster counts E, who cannot work; 脱贫劳动力 do not
    assert row["employed_count"] == 3  # A, B, C
    assert row["employed_count_last_year"] == 2  # A, B (C was not employed)
    assert row["employed_count_last_december"] == 2  # A and D (黄陂 has no December roster)
    assert row["able_willing_count"] == 4 and row["able_willing_employed_count"] == 3
    assert row["able_willing_employment_rate_pct"] == 75.0


def test_employment_kpis_follow_the_district_of_each_month(lake):
    caidian = engine.run("employment_kpis", {"month": "2026-10", "districts": CAIDIAN}).iloc[0]
    huangpi = engine.run("employment_kpis", {"month": "2026-10", "districts": HUANGPI}).iloc[0]
    assert (caidian["employed_count"], caidian["employed_count_last_year"]) == (1, 2)  # B counted in 蔡甸 last year
    assert (huangpi["employed_count"], huangpi["employed_count_last_year"]) == (2, 0)
    assert math.isnan(huangpi["employed_count_last_december"])  # 黄陂 has no December roster
    assert not huangpi["has_last_december"]
    assert verdicts.at_least(huangpi["employed_count"], None) == Verdict.NO_BASELINE


def test_employment_kpis_without_last_year(lake):
    row = engine.run("employment_kpis", {"month": "2025-10", "districts": ALL}).iloc[0]
    assert row["employed_count"] == 2
    assert math.isnan(row["employed_count_last_year"]) and not row["has_same_month_last_year"]


def test_employment_trend(lake):
    df = engine.run("employment_trend", {"districts": ALL})
    assert df.to_dict("records") == [
        {"month": "2025-10", "laborer_count": 3, "employed_count": 2},
        {"month": "2025-12", "laborer_count": 2, "employed_count": 2},
        {"month": "2026-10", "laborer_count": 5, "employed_count": 3},
    ]


def test_welfare_placements_count_persons_once(lake):
    rows = engine.run("welfare_posts_vs_last_year", {"month": "2026-10", "districts": ALL})
    city = rows[rows["district_code"].isna()].iloc[0]
    # A and D hold posts in months they are not on the 脱贫劳动力 roster: shown apart (A once), not counted
    assert (city["welfare_placed_count"], city["welfare_placed_last_year_same_period_count"],
            city["welfare_placed_last_year_count"], city["welfare_not_in_roster_count"], city["has_last_year"]) == (
        0, 0, 0, 1, True)


def test_subsidies_paid_ytd(lake):
    row = engine.run("subsidies_paid_ytd", {"month": "2026-10", "districts": ALL}).iloc[0].to_dict()
    assert row == {"subsidy_claim_count": 2, "subsidy_amount_yuan": 9000, "subsidy_amount_last_year_yuan": 5000,
                   "has_this_year": True}
    only_caidian = engine.run("subsidies_paid_ytd", {"month": "2026-10", "districts": CAIDIAN}).iloc[0]
    assert only_caidian["subsidy_amount_yuan"] == 5000


def test_verdict_at_the_exact_baseline():
    assert verdicts.at_least(100, 100) == Verdict.MET
    assert verdicts.at_least(99, 100) == Verdict.NOT_MET
    assert verdicts.at_least(5, float("nan")) == Verdict.NO_BASELINE
    assert verdicts.at_least(5, pd.NA) == Verdict.NO_BASELINE
    assert verdicts.change_pct(5, pd.NA) is None and verdicts.change_pct(110, 100) == 10.0


def test_window_over_aggregate_on_hive_lake_sums_to_100(make_lake, monkeypatch):
    """DuckDB 2.0.1 sums such a window over every month unless the engine's guard is set on the connection."""
    monkeypatch.setenv("STORAGE", "parquet")
    rows = [person(m, f"{m}-{i}", "420114", f"42011400{1 + i % 3}") for m in ("2026-08", "2026-09", "2026-10")
            for i in range(6)]
    make_lake({"laborers": rows})
    shares = serving.connection().cursor().execute(
        """
        select district_code, town_code,
               100.0 * count(*) / sum(count(*)) over (partition by district_code) as share_pct
        from laborers where month = $month group by district_code, town_code
        """, {"month": "2026-10"}).df()
    assert round(shares["share_pct"].sum(), 6) == 100.0


def test_a_lake_of_small_months_is_served_with_one_thread_per_question(make_lake):
    make_lake({"laborers": [person("2026-10", "A")]})
    threads = serving.connection().cursor().execute("select current_setting('threads')").fetchone()[0]
    assert threads == 1
    big_month = {"partitions": {"laborers/2026-10": {"table": "laborers", "rows": serving.ROW_GROUP_ROWS + 1},
                                "welfare_posts/2026-10": {"table": "welfare_posts", "rows": 1}}}
    assert serving.serving_threads(big_month) == serving.TWO_THREADS


def test_empty_table_is_served_with_its_schema(make_lake, storage):
    make_lake({"laborers": [person("2026-10", "A")]})
    cols = serving.connection().cursor().execute("select * from subsidy_claims").df().columns
    assert list(cols) == TABLES["subsidy_claims"].schema.names + ["month"]

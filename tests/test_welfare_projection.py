"""年末预计 (issue 18): the projection on literal numbers, its questions on a literal lake, the back-test on the demo
lake against the error the docs state, and the sentence on the 公益性岗位 and 就业规模稳定 pages and in the 通报."""

import math
import re

import pandas as pd
import pytest

from assess import projection, welfare
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from tests.test_welfare_posts import post
from ui import definitions, projections
from ui.filters import all_district_codes

CAIDIAN, HUANGPI = "420114", "420116"
LAST_YEAR = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]


# ---- the pure function, on literal numbers ----
def test_point_follows_last_years_shape():
    p = projection.project([8, 16, 24], LAST_YEAR)  # 80% of last year's pace in March
    assert (p.point, p.last_year, p.months_seen, p.outlook) == (96, 120, 3, projection.BELOW)
    # a steady pace: each month's log ratio is the same, so the step is the floor
    width = projection.Z * projection.MIN_STEP * math.sqrt(9)
    assert (p.low, p.high) == (math.floor(96 * math.exp(-width)), math.ceil(96 * math.exp(width))) == (91, 101)


def test_the_interval_widens_with_an_unsteady_pace_and_narrows_towards_december():
    unsteady = projection.project([12, 18, 36, 36], LAST_YEAR)  # ratios 1.2, 0.9, 1.2, 0.9
    step = math.sqrt(sum(d * d for d in [math.log(0.9 / 1.2), math.log(1.2 / 0.9), math.log(0.9 / 1.2)]) / 3)
    width = projection.Z * step * math.sqrt(8)
    assert unsteady.point == 108 and unsteady.low == math.floor(108 * math.exp(-width))
    assert unsteady.outlook == projection.BELOW
    late = projection.project([12 * k for k in range(1, 12)], [10 * k for k in range(1, 13)])
    assert late.point == 144 and late.high - late.low < 10 and late.outlook == projection.NOT_BELOW
    early = projection.project([12], LAST_YEAR)  # one month: the default step
    assert early.low == math.floor(144 * math.exp(-projection.Z * projection.DEFAULT_STEP * math.sqrt(11)))
    assert early.outlook == projection.AT_RISK  # 144 ahead of 120, but the interval reaches below


def test_december_is_the_figure_itself_and_no_shape_no_projection():
    assert projection.project(LAST_YEAR, LAST_YEAR) == projection.Projection(120, 120, 120, 120, 12)
    assert projection.project([5, 6], [0, 0, *LAST_YEAR[2:]]) is None  # last February at 0: no pace
    assert projection.project([5], LAST_YEAR[:11]) is None  # last year incomplete


def test_backtest_on_literal_series():
    frame = pd.DataFrame({"month": [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)],
                          "district_code": CAIDIAN,
                          "value": LAST_YEAR + [round(1.1 * v) for v in LAST_YEAR]})
    rows = projection.backtest(frame, "value", 2025)
    assert rows["month_of_year"].tolist() == list(range(1, 12))
    assert (rows["point"] == 132).all() and (rows["actual"] == 132).all()  # the same shape: exact every month
    assert projection.error_summary(rows) == {"mape_pct": 0.0, "coverage_pct": 100.0, "total_mape_pct": None,
                                              "projections": 11}


# ---- the questions, on a literal lake ----
@pytest.fixture
def lake(make_lake, storage):
    months25 = [f"2025-{m:02d}" for m in range(1, 13)]
    posts = [post(m, "A") for m in months25] + [post("2025-06", "B"), post("2025-07", "B", post_type="护林")]
    posts += [post("2026-01", "A"), post("2026-02", "A"), post("2026-03", "C", HUANGPI), post("2026-03", "Z")]
    roster = [person(p["month"], p["person_id"], p["district_code"], p["town_code"]) for p in posts
              if p["person_id"] != "Z"]  # Z holds a post but is not a 脱贫劳动力
    roster += [person(m, "E", HUANGPI, "420116001", employed=m >= "2025-06") for m in months25]
    return make_lake({"laborers": roster, "welfare_posts": posts})


def test_welfare_monthly_progress_golden(lake):
    df = engine.run("welfare_monthly_progress", {"month": "2026-03", "districts": [CAIDIAN, HUANGPI]})
    caidian = df[df["district_code"] == CAIDIAN].set_index("month")
    assert caidian.loc["2025-05", ["welfare_placed_count", "welfare_in_post_count", "welfare_post_unit_count"]
                       ].tolist() == [1, 1, 1]
    assert caidian.loc["2025-07", ["welfare_placed_count", "welfare_in_post_count", "welfare_post_unit_count"]
                       ].tolist() == [2, 2, 3]  # B: two post types, one person
    assert caidian.loc["2026-03", ["welfare_placed_count", "welfare_in_post_count"]].tolist() == [1, 0]  # not Z
    assert len(caidian) == 15  # every month of last year and this year to March
    total = df[df["district_code"].isna()].set_index("month")
    # like with like: 黄陂 reported no 公益性岗位 roster in 2025 (无基期), so its C is in neither year of the total
    assert total.loc["2026-03", "welfare_placed_count"] == 1  # A
    assert total["welfare_placed_count"].tolist() == caidian["welfare_placed_count"].tolist()
    huangpi = df[df["district_code"] == HUANGPI].set_index("month")
    assert huangpi.loc["2025-12", "welfare_placed_count"] == 0 and huangpi.loc["2026-03", "welfare_in_post_count"] == 1


def test_employment_monthly_by_district_golden(lake):
    df = engine.run("employment_monthly_by_district", {"month": "2026-03", "districts": [HUANGPI]})
    huangpi = df[df["district_code"] == HUANGPI].set_index("month")["employed_count"]
    assert huangpi["2025-05"] == 0 and huangpi["2025-06"] == 1 and huangpi["2026-03"] == 1  # E; then C in post
    assert df[df["district_code"].isna()]["employed_count"].tolist() == huangpi.tolist()


def test_projection_table_and_sentence_on_the_literal_lake(lake):
    progress = engine.run("welfare_monthly_progress", {"month": "2026-02", "districts": [CAIDIAN]})
    rows, total = projections.table(progress, "welfare_placed_count", "2026-02")
    # 蔡甸: 1 placed by February both years; last year ended at 2 -> 2 at this pace
    assert rows[["district_name", "projected_year_end_count", "last_year_end_level_count"]].values.tolist() == [
        ["蔡甸区", 2, 2]]
    assert projections.sentence(total, "welfare_placed_count").startswith("按目前进度预计年末 2 人（区间 ")
    assert "上年 2 人" in projections.sentence(total, "welfare_placed_count")


# ---- the back-test on the demo lake, against the figure docs/metrics.md states ----
def stated_bounds() -> tuple[float, float]:
    text = definitions.METRICS.read_text(encoding="utf-8")
    found = re.search(r"回测误差上限[^：]*：公益性岗位 (\d+(?:\.\d+)?)%，务工就业 (\d+(?:\.\d+)?)%", text)
    assert found, "docs/metrics.md states no back-test bound"
    return float(found[1]), float(found[2])


def test_backtest_error_stays_under_the_figure_the_docs_state(use_demo_lake):
    welfare_bound, employment_bound = stated_bounds()
    params = {"month": "2025-12", "districts": all_district_codes()}
    progress = engine.run("welfare_monthly_progress", params)
    employed = engine.run("employment_monthly_by_district", params)
    measured = {}
    for column in ("welfare_placed_count", "welfare_in_post_count", "welfare_post_unit_count"):
        measured[column] = projection.error_summary(projection.backtest(progress, column, 2025))
        assert measured[column]["projections"] > 50
        assert measured[column]["mape_pct"] < welfare_bound, (column, measured[column])
    measured["employed_count"] = projection.error_summary(projection.backtest(employed, "employed_count", 2025))
    assert measured["employed_count"]["mape_pct"] < employment_bound, measured["employed_count"]
    assert measured["employed_count"]["coverage_pct"] >= 80
    print(measured)


# ---- the pages and the briefing ----
def test_welfare_page_shows_the_projection_of_the_policys_figure(use_demo_lake):
    at = open_app("pages/welfare_posts.py")
    assert_clean(at)
    m = welfare.measure(2026)
    progress = engine.run("welfare_monthly_progress", {"month": "2026-10", "districts": all_district_codes()})
    rows, total = projections.table(progress, m.this_year, "2026-10")
    sentence = projections.sentence(total, m.this_year)
    assert sentence.startswith("按目前进度预计年末 ") and "（区间 " in sentence
    assert f"全市年内累计安置人数：{sentence}。" in texts(at)
    shown = next(d.value for d in at.dataframe if "projection_outlook" in d.value.columns)
    assert shown.iloc[:-1]["projected_year_end_count"].tolist() == rows["projected_year_end_count"].tolist()
    assert shown.iloc[-1]["projected_year_end_count"] == total["projected_year_end_count"]
    at.selectbox(key="month").set_value("2025-12").run()  # December: the year is complete
    assert_clean(at)
    assert "不再预计" in texts(at)
    at.selectbox(key="month").set_value("2024-06").run()  # no last year: nothing to follow
    assert_clean(at)
    assert "无法按进度预计年末" in texts(at)


def test_employment_page_shows_the_projection(use_demo_lake):
    at = open_app("pages/employment.py")
    assert_clean(at)
    progress = engine.run("employment_monthly_by_district", {"month": "2026-10", "districts": all_district_codes()})
    _, total = projections.table(progress, "employed_count", "2026-10")
    assert f"全市务工就业人数{projections.sentence(total, 'employed_count')}。" in texts(at)
    shown = next(d.value for d in at.dataframe if "projection_outlook" in d.value.columns)
    assert shown.iloc[-1]["projected_year_end_count"] == total["projected_year_end_count"]

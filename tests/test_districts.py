"""区域对比: golden tests of its questions on a tiny literal lake, the ranking and drill-down logic, the map, the
AppTest of the page, and its exports read back with openpyxl."""

import io
import math

import openpyxl
import pandas as pd
import pytest

from assess import districts as ranking
from assess import verdicts
from assess import welfare as welfare_rule
from assess.verdicts import Verdict
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from ui import exports, maps
from ui.filters import all_district_codes
from ui.labels import label, rounded

ALL = all_district_codes()
CAIDIAN, HUANGPI = "420114", "420116"


def welfare(month, person_id, district_code=CAIDIAN, town_code="420114001"):
    return {"month": month, "person_id": person_id, "district_code": district_code, "town_code": town_code,
            "post_type": "保洁", "start_date": None, "monthly_pay_yuan": 1200}


def claim(month, claim_id, person_id, amount, district_code=CAIDIAN):
    return {"month": month, "claim_id": claim_id, "subsidy_type": "创业补贴", "person_id": person_id,
            "district_code": district_code, "amount_yuan": amount}


@pytest.fixture
def lake(make_lake, storage):
    rows = [
        # 蔡甸: A employed throughout (town 001, 省外, 5000); D able and willing, unemployed now (town 002);
        # E not able (no town recorded); F new this year, employed, income not reported.
        person("2025-10", "A", work_location="省外", monthly_income_yuan=5000),
        person("2026-09", "A", work_location="省外", monthly_income_yuan=5000),
        person("2026-10", "A", work_location="省外", monthly_income_yuan=5000),
        person("2025-10", "D", town_code="420114002"), person("2025-12", "D", town_code="420114002"),
        person("2026-09", "D", town_code="420114002"),
        person("2026-10", "D", town_code="420114002", employed=False),
        person("2026-10", "E", town_code=None, able_to_work=False, willing_to_work=False, employed=False),
        person("2026-10", "F", town_code="420114002", monthly_income_yuan=None),
        # 黄陂: B moves in from 蔡甸 (employed in both), C employed now only.
        person("2025-10", "B"), person("2026-09", "B", HUANGPI, "420116001"),
        person("2026-10", "B", HUANGPI, "420116001", monthly_income_yuan=3000),
        person("2025-10", "C", HUANGPI, "420116001", employed=False),
        # on the roster in the months they held a 公益性岗位 (only 脱贫劳动力 count)
        person("2025-03", "A"), person("2025-04", "D", town_code="420114002"), person("2026-02", "A"),
        person("2026-06", "A", town_code="420114002"), person("2026-03", "E", town_code=None),
        person("2026-05", "B", HUANGPI, "420116001"),
        person("2026-09", "C", HUANGPI, "420116001", employed=False),
        person("2026-10", "C", HUANGPI, "420116001", monthly_income_yuan=4000),
    ]
    return make_lake({
        "laborers": rows,
        "welfare_posts": [
            welfare("2025-03", "A"), welfare("2025-04", "D", town_code="420114002"),
            welfare("2026-02", "A"), welfare("2026-06", "A", town_code="420114002"),  # A moves town within the year
            welfare("2026-03", "E", town_code=None),
            welfare("2026-05", "B", HUANGPI, "420116001"),  # 黄陂 has no last year: 无基期
        ],
        "subsidy_claims": [
            claim("2025-05", "c1", "A", 5000), claim("2026-01", "c2", "Z", 3000),  # Z is on no roster
            claim("2026-10", "c3", "A", 500), claim("2026-10", "c4", "F", 2000),
            claim("2026-10", "c5", "C", 4000, HUANGPI), claim("2026-11", "c6", "A", 9999),  # after the month
        ],
    })


def comparison(month="2026-10", districts=ALL):
    df = engine.run("district_comparison", {"months": [month], "districts": districts})
    assert (df["month"] == month).all()
    return df.drop(columns="month")


def judged(month="2026-10", districts=ALL, year=2026):
    """The comparison with the 公益性岗位 figures and verdict of assess.welfare, as the page builds it."""
    asked = engine.run("welfare_posts_vs_last_year", {"month": month, "districts": districts})
    answer = welfare_rule.compare(asked, year)
    return ranking.with_welfare(comparison(month, districts), *answer, year)


def test_with_welfare_takes_the_welfare_pages_judgement(lake):
    df = judged().set_index("district_code", drop=False)
    caidian, huangpi, empty = df.loc[CAIDIAN], df.loc[HUANGPI], df.loc["420102"]
    # 蔡甸: A and E this year (A in two towns, once), A and D last year by October
    assert (caidian["welfare_placed_count"], caidian["welfare_placed_last_year_same_period_count"],
            caidian["welfare_in_post_count"], caidian["welfare_verdict"]) == (2, 2, 1, Verdict.MET)  # A in June
    assert caidian["welfare_change_count"] == 0
    assert huangpi["welfare_verdict"] == Verdict.NO_BASELINE and huangpi["welfare_placed_count"] == 1
    assert pd.isna(huangpi["welfare_placed_last_year_same_period_count"]) and pd.isna(huangpi["welfare_change_count"])
    assert empty["welfare_verdict"] == Verdict.NO_BASELINE and empty["welfare_placed_count"] == 0
    total = df[df["is_total"]].iloc[0]
    city = welfare_rule.compare(engine.run("welfare_posts_vs_last_year", {"month": "2026-10", "districts": ALL}),
                                2026)[1]
    for column in (*welfare_rule.FIGURES, "welfare_verdict"):
        assert (None if pd.isna(total[column]) else total[column]) == city[column], column


def test_several_months_asked_together_equal_each_asked_alone(lake):
    together = engine.run("district_comparison", {"months": ["2026-10", "2025-10"], "districts": ALL})
    assert together["month"].tolist() == ["2026-10"] * 14 + ["2025-10"] * 14
    for month in ("2026-10", "2025-10"):
        alone = comparison(month)
        mine = together[together["month"] == month].drop(columns="month").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone)


def test_district_comparison_lists_every_district_with_a_total(lake):
    df = comparison()
    assert list(df["district_code"][:-1]) == ALL and df["is_total"].tolist() == [False] * 13 + [True]
    caidian = df[df["district_code"] == CAIDIAN].iloc[0].to_dict()
    assert {k: caidian[k] for k in (
        "laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count", "employed_yoy_pct",
        "employed_count_last_december", "able_willing_count", "able_willing_employed_count",
        "able_willing_employment_rate_pct", "out_of_province_count", "out_of_province_pct", "avg_income_yuan",
        "subsidy_claim_count", "subsidy_amount_yuan")} == {
        "laborer_count": 4, "employed_count": 2, "employed_count_last_year": 3, "employed_yoy_count": -1,
        "employed_yoy_pct": 100 * -1 / 3, "employed_count_last_december": 1, "able_willing_count": 3,
        "able_willing_employed_count": 2, "able_willing_employment_rate_pct": 100 * 2 / 3, "out_of_province_count": 1,
        "out_of_province_pct": 50.0, "avg_income_yuan": 5000.0, "subsidy_claim_count": 3, "subsidy_amount_yuan": 5500}
    huangpi = df[df["district_code"] == HUANGPI].iloc[0]
    assert (huangpi["employed_count"], huangpi["employed_count_last_year"], huangpi["avg_income_yuan"]) == (2, 0, 3500)
    assert math.isnan(huangpi["employed_yoy_pct"])  # last year's base is 0
    assert not any(c.startswith("welfare") for c in df.columns)  # judged once, by assess.welfare (with_welfare)
    empty = df[df["district_code"] == "420102"].iloc[0]  # 江岸: no 脱贫劳动力 at all, still listed
    assert (empty["laborer_count"], empty["employed_count"], empty["subsidy_amount_yuan"]) == (0, 0, 0)
    assert math.isnan(empty["employed_count_last_year"]) and math.isnan(empty["able_willing_employment_rate_pct"])


def test_total_row_equals_the_city_figures_of_the_overview(lake):
    total = comparison().iloc[-1]
    kpi = engine.run("employment_kpis", {"month": "2026-10", "districts": ALL}).iloc[0]
    subsidy = engine.run("subsidies_paid_ytd", {"month": "2026-10", "districts": ALL}).iloc[0]
    for column in ("laborer_count", "employed_count", "employed_count_last_year", "employed_count_last_december",
                   "able_willing_count", "able_willing_employed_count", "able_willing_employment_rate_pct"):
        assert total[column] == kpi[column], column
    assert (total["subsidy_claim_count"], total["subsidy_amount_yuan"]) == (4, 9500)
    assert total["subsidy_amount_yuan"] == subsidy["subsidy_amount_yuan"]
    assert total["avg_income_yuan"] == 4000.0  # (5000 + 3000 + 4000) / 3 reported incomes


def test_total_of_a_selection(lake):
    df = comparison(districts=[HUANGPI])
    assert len(df) == 2 and df.iloc[-1]["employed_count"] == df.iloc[0]["employed_count"] == 2


def towns(month="2026-10", districts=(CAIDIAN,)):
    return engine.run("district_towns", {"month": month, "districts": list(districts)})


def test_towns_sum_to_the_district_with_an_unassigned_row(lake):
    df = towns()
    rows = df[df["town_code"].isin(["420114001", "420114002"]) | df["town_code"].isna()]
    assert rows["town_code"].fillna("").tolist() == ["420114001", "420114002", "", ""]
    assert rows[["is_total", "is_unassigned"]].values.tolist() == [[False, False], [False, False], [False, True],
                                                                   [True, False]]
    town1, town2, unassigned, total = (r.to_dict() for _, r in rows.iterrows())
    assert (town1["laborer_count"], town2["laborer_count"], unassigned["laborer_count"]) == (1, 2, 1)
    assert (town1["employed_count_last_year"], town2["employed_count_last_year"]) == (2, 1)  # A and B; D
    # subsidies go to the claimant's town in the payment month; Z is on no roster
    assert (town1["subsidy_amount_yuan"], town2["subsidy_amount_yuan"], unassigned["subsidy_amount_yuan"]) == (
        500, 2000, 3000)
    # A held posts in both towns this year: counted in each, once in the district
    assert (town1["welfare_placed_count"], town2["welfare_placed_count"], unassigned["welfare_placed_count"]) == (
        1, 1, 1)
    assert total["welfare_placed_count"] == 2
    district = judged().set_index("district_code").loc[CAIDIAN]
    for column in ("laborer_count", "employed_count", "employed_count_last_year", "able_willing_count",
                   "out_of_province_count", "income_sum_yuan", "subsidy_claim_count", "subsidy_amount_yuan",
                   "welfare_placed_count", "avg_income_yuan", "able_willing_employment_rate_pct"):
        assert total[column] == district[column], column
    for column in ("laborer_count", "employed_count", "subsidy_amount_yuan", "income_sum_yuan"):
        assert df[~df["is_total"]][column].sum() == total[column], column


def test_district_towns_lists_every_reference_town_of_the_district_with_zeros(lake):
    df = towns()
    reference_towns = [t["town_code"] for t in ranking.reference.towns() if t["district_code"] == CAIDIAN]
    assert len(reference_towns) == 17
    assert df["town_code"].fillna("-").tolist() == [*reference_towns, "-", "-"]
    assert df["town_name"].tolist()[:3] == ["蔡甸街道", "奓山街道", "永安街道"]
    assert df["town_name"].iloc[-2:].isna().all()  # 未落乡镇 and 合计 are worded by the page
    assert df["district_code"].fillna("-").tolist() == [CAIDIAN] * 18 + ["-"]
    assert df[["is_total", "is_unassigned", "is_reference_town"]].values.tolist() == (
        [[False, False, True]] * 17 + [[False, True, False], [True, False, False]])
    figures = ["laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count",
               "employed_yoy_pct", "able_willing_count", "able_willing_employed_count",
               "able_willing_employment_rate_pct", "out_of_province_count", "out_of_province_pct",
               "income_reported_count", "income_sum_yuan", "avg_income_yuan", "welfare_placed_count",
               "welfare_placed_last_year_same_period_count", "has_welfare_last_year", "subsidy_claim_count",
               "subsidy_amount_yuan"]
    nan = None
    # 蔡甸 reported 公益性岗位 last year: each of its towns has a base, a true 0 where nobody was placed
    quiet = [0, 0, nan, nan, nan, 0, 0, nan, 0, nan, 0, 0, nan, 0, 0, True, 0, 0]
    expected = [
        [1, 1, 2, -1, -50.0, 1, 1, 100.0, 1, 100.0, 1, 5000, 5000.0, 1, 1, True, 1, 500],  # 蔡甸街道: A
        [2, 1, 1, 0, 0.0, 2, 1, 50.0, 0, 0.0, 0, 0, nan, 1, 1, True, 1, 2000],  # 奓山街道: D and F
        *[quiet] * 15,  # no record at all: zeros, and no baseline (null, never 0)
        [1, 0, nan, nan, nan, 0, 0, nan, 0, nan, 0, 0, nan, 1, 0, True, 1, 3000],  # 未落乡镇: E; Z's claim
        [4, 2, 3, -1, pytest.approx(-100 / 3), 3, 2, pytest.approx(200 / 3), 1, 50.0, 1, 5000, 5000.0, 2, 2, True, 3,
         5500],  # 合计
    ]
    got = [[None if isinstance(v, float) and math.isnan(v) else v for v in row]
           for row in df[figures].values.tolist()]
    assert got == expected


def test_district_towns_lists_a_town_code_outside_the_reference_after_the_reference_towns(make_lake):
    make_lake({"laborers": [person("2026-10", "A", town_code="420114999"), person("2026-10", "B"),
                            person("2026-10", "C", HUANGPI, "420116001")]})
    df = towns(districts=[CAIDIAN, HUANGPI])
    listed = df[~df["is_total"]]
    assert listed["town_code"].tolist()[-1] == "420114999"
    assert listed[listed["is_reference_town"]]["town_code"].tolist() == sorted(
        t["town_code"] for t in ranking.reference.towns() if t["district_code"] in (CAIDIAN, HUANGPI))
    odd = listed.iloc[-1]
    assert (odd["town_name"], odd["district_code"], odd["laborer_count"], odd["is_reference_town"]) == (
        "420114999", CAIDIAN, 1, False)
    assert df.iloc[-1]["is_total"] and df.iloc[-1]["laborer_count"] == 3 and not df["is_unassigned"].any()


def test_ranking_with_rank_change_and_thresholds(lake):
    current, previous = comparison(), comparison("2026-09")
    ranked = ranking.ranked(current, previous, "employed_count", 2026)
    assert list(ranked["district_code"][:2]) == [CAIDIAN, HUANGPI]  # tie on 2: both rank 1, code order
    assert ranked["rank"].tolist()[:2] == [1, 1] and ranked["rank"][2:].isna().all()
    # September: 蔡甸 2 (A, D), 黄陂 1 (B) -> 黄陂 moved up one, 蔡甸 kept first
    assert ranked.set_index("district_code").loc[HUANGPI, "rank_change"] == 1
    assert ranked.set_index("district_code").loc[CAIDIAN, "rank_change"] == 0
    caidian = ranked.set_index("district_code").loc[CAIDIAN]
    assert (caidian["threshold_count"], caidian["threshold_gap_count"], caidian["verdict"]) == (3, -1, Verdict.NOT_MET)

    rate = ranking.ranked(current, None, "able_willing_employment_rate_pct", 2026).set_index("district_code")
    assert rate.loc[CAIDIAN, "threshold_pct"] == verdicts.employment_target_pct(2026) == 100.0
    assert rate.loc[CAIDIAN, "threshold_gap_pct"] == pytest.approx(-100 / 3)  # exact: shown once as -33.3
    assert rate.loc[HUANGPI, "verdict"] == Verdict.MET
    assert rate.loc["420102", "verdict"] == Verdict.NO_SUBJECT and rate["rank_change"].isna().all()

    placed = ranking.ranked(judged(), None, "welfare_placed_count", 2026).set_index("district_code")
    assert placed.loc[CAIDIAN, "verdict"] == Verdict.MET and placed.loc[HUANGPI, "verdict"] == Verdict.NO_BASELINE
    income = ranking.ranked(current, None, "avg_income_yuan", 2026)
    assert income["verdict"].isna().all() and income["threshold_yuan"].isna().all()
    assert list(income["district_code"][:2]) == [CAIDIAN, HUANGPI]


def test_headline(lake):
    head = ranking.headline(judged(), 2026)
    assert head["with_laborers"] == [CAIDIAN, HUANGPI]
    assert (head["yoy_up"], head["yoy_down"], head["at_target"]) == ([HUANGPI], [CAIDIAN], [HUANGPI])
    assert head["welfare_below"] == [] and head["welfare_no_baseline"] == [HUANGPI]


def test_previous_month():
    assert verdicts.previous_month("2026-01") == "2025-12"
    assert verdicts.previous_month("2026-10") == "2026-09"


def test_selection_to_district():
    codes = ALL
    bar = {"selection": {"points": [{"x": 120, "y": "黄陂区", "customdata": ["420116"], "curve_number": 3}],
                         "point_indices": [0], "box": [], "lasso": []}}
    assert maps.district_from_selection(bar, codes) == "420116"
    geo = {"selection": {"points": [{"location": "420114", "z": 5, "customdata": "420114"}]}}
    assert maps.district_from_selection(geo, codes) == "420114"
    assert maps.district_from_selection({"selection": {"points": [{"y": "新洲区"}]}}, codes) == "420117"
    assert maps.district_from_selection({"selection": {"points": []}}, codes) is None
    assert maps.district_from_selection(None, codes) is None
    assert maps.district_from_selection(bar, ["420114"]) is None  # outside the districts in scope


def test_map_is_offline_and_draws_every_district():
    geojson = maps.districts_geojson()
    assert sorted(f["properties"]["code"] for f in geojson["features"]) == ALL
    df = pd.DataFrame({"district_code": ALL, "employed_count": [None] * 5 + list(range(8))})
    fig = maps.district_map(df, "employed_count", "t", chosen="420116")
    assert fig.layout.map.style == "white-bg"
    assert [t.type for t in fig.data] == ["choroplethmap"] * 3
    assert list(fig.data[0].locations) == ALL and len(fig.data[1].locations) == 8
    assert fig.data[0].featureidkey == "properties.code"


# ---- the page ----
def frame(at, key: str) -> pd.DataFrame:
    """The page's comparison table ("districts_table") or towns table ("districts_town_table") as on screen."""
    marker = {"districts_table": "welfare_verdict", "districts_town_table": "town_name"}[key]
    return next(d.value for d in at.dataframe if marker in d.value.columns)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_page_opens_and_every_widget_moves(use_demo_lake):
    at = open_app("pages/districts.py")
    assert_clean(at)
    assert at.title[0].value == "区域对比"
    assert at.subheader[0].value.startswith("10月全市13个区")
    assert "公益性岗位年内累计安置人数低于上年同期的区：" in at.subheader[0].value and "新洲区" in at.subheader[0].value
    table = frame(at, "districts_table")
    assert len(table) == 14 and table.iloc[-1]["district_name"] == "合计"
    for metric in ranking.rank_metrics(2026):
        at.selectbox(key="rank_metric").set_value(metric).run()
        assert_clean(at)
        assert label(metric) in texts(at)
    at.selectbox(key="drill_district").set_value("420117").run()
    assert_clean(at)
    assert at.selectbox(key="drill_district").proto.query_param_key == "drill_district"  # bound to the URL
    towns = frame(at, "districts_town_table")
    assert towns.iloc[-1]["town_name"] == "合计"
    assert towns.iloc[:-1]["employed_count"].sum() == towns.iloc[-1]["employed_count"]
    assert towns.iloc[-1]["employed_count"] == table.set_index("district_name").loc["新洲区", "employed_count"]
    at.selectbox(key="month").set_value("2024-01").run()  # no last year, no previous month
    assert_clean(at)
    at.multiselect(key="district").set_value(["420116", "420102"]).run()
    assert_clean(at)
    assert len(frame(at, "districts_table")) == 3
    at.selectbox(key="drill_district").set_value("420102").run()  # a district without 脱贫劳动力
    assert_clean(at)
    assert "没有脱贫劳动力花名册记录" in texts(at)


def test_drilled_district_comes_from_the_url(use_demo_lake):
    at = open_app("pages/districts.py", drill_district="蔡甸区")
    assert_clean(at)
    assert at.selectbox(key="drill_district").value == "420114"
    assert frame(at, "districts_town_table").iloc[0]["town_name"].endswith(("街道", "镇", "乡", "场"))


def test_exports_equal_the_screen_and_the_city(use_demo_lake, downloads):
    at = open_app("pages/districts.py")
    assert_clean(at)
    table, towns = frame(at, "districts_table"), frame(at, "districts_town_table")
    book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX]))
    districts_sheet, towns_sheet = book.worksheets
    assert districts_sheet.title == "各区对比" and towns_sheet.title == "黄陂区乡镇"
    assert "数据截至" in districts_sheet["A2"].value and "筛选条件" in districts_sheet["A2"].value
    assert "制表时间" in districts_sheet["A3"].value and "来源" in districts_sheet["A3"].value
    assert districts_sheet.freeze_panes == "B6"
    for sheet, screen in ((districts_sheet, table), (towns_sheet, towns)):
        headers = [c.value for c in sheet[4]]
        assert headers == [label(c) for c in screen.columns]
        assert all(u.value for u in sheet[5])  # a 单位 for every column ("—" where none)
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=5 + len(screen))]
        for got, (_, want) in zip(rows, screen.iterrows(), strict=True):
            for value, (column, expected) in zip(got, want.items(), strict=True):
                if isinstance(expected, float) and math.isnan(expected) or expected is None:
                    assert value is None, column
                elif isinstance(expected, int | float):
                    assert value == pytest.approx(expected), column
                else:
                    assert value == expected, column
        assert rows[-1][0] == "合计"
    counts = districts_sheet.cell(6, 3).number_format
    assert counts == "#,##0" and districts_sheet.cell(6, 6).number_format == '0.0"%"'
    kpi = engine.run("employment_kpis", {"month": "2026-10", "districts": ALL}).iloc[0]
    headers = [c.value for c in districts_sheet[4]]
    total = dict(zip(headers, [c.value for c in districts_sheet[5 + len(table)]], strict=True))
    assert total[label("employed_count")] == kpi["employed_count"]
    assert total[label("laborer_count")] == kpi["laborer_count"]
    # the workbook holds the rate as shown (one decimal, rounded once from the question's exact value)
    assert total[label("able_willing_employment_rate_pct")] == float(
        rounded(kpi["able_willing_employment_rate_pct"], "able_willing_employment_rate_pct"))
    csv = downloads["text/csv"]
    assert csv.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert back.iloc[-1, 0] == "合计"
    assert back[label("employed_count", with_unit=True)].iloc[-1] == kpi["employed_count"]


def test_workbook_of_a_literal_table():
    data = pd.DataFrame({"district_name": ["蔡甸区"], "employed_count": [1234], "out_of_province_pct": [12.5]})
    sheet = exports.Sheet("s", "标题", data, "2026年10月", "全市", total={"employed_count": 1234,
                                                                       "out_of_province_pct": 12.5})
    ws = openpyxl.load_workbook(io.BytesIO(exports.workbook([sheet]))).active
    assert [c.value for c in ws[7]] == ["合计", 1234, 12.5]
    assert ws["B6"].number_format == "#,##0" and ws.column_dimensions["A"].width >= 8


def test_map_renders_in_a_browser_without_network(server, browser, states):
    """The running page draws its map with every request outside the app refused."""
    outside = []
    context = browser.new_context(viewport={"width": 1200, "height": 1600}, storage_state=states["leader"])
    try:
        page = context.new_page()

        def route(r):
            if r.request.url.startswith(("http://localhost", "http://127.0.0.1", "ws://")):
                return r.continue_()
            outside.append(r.request.url)
            return r.abort()

        page.route("**/*", route)
        page.goto(f"{server}/districts", timeout=60_000)
        page.wait_for_selector(".js-plotly-plot .maplibregl-canvas", timeout=90_000)
        assert page.locator("[data-testid=stException]").count() == 0
    finally:
        context.close()
    assert outside == []

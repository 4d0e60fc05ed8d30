"""劳务品牌: golden tests of the brand questions on a tiny literal lake, the brand model against a per-person answer
computed in pandas from the Parquet, the export, and the page in AppTest."""

import io

import openpyxl
import pandas as pd
import pytest

from assess import brands
from lake import reference
from queries import engine
from testkit.apptest import assert_clean, open_app, texts
from ui import exports, measures, sentences, tables
from ui.filters import all_district_codes
from ui.labels import NOT_IN_REFERENCE, PREMIUM_NOTE, label

CAIDIAN, HUANGPI, XINZHOU = "420114", "420116", "420117"
LOTUS, HOUSEKEEPING, CORN = "蔡甸莲藕工", "黄陂木兰家政工", "汉南甜玉米工"  # 汉南甜玉米工 is in no reference list
ALL = all_district_codes()


def member(month, person_id, district_code, brand=None, **overrides):
    from tests.lakes import person

    return person(month, person_id, district_code, district_code + "001", labor_brand=brand, **overrides)


ROWS = [
    # 2026-10. 蔡甸: three 莲藕工 (two employed) and two employed non-brand persons averaging 4,500 元.
    member("2026-10", "A", CAIDIAN, LOTUS, monthly_income_yuan=5000, trained_skill=True),
    member("2026-10", "B", CAIDIAN, LOTUS, monthly_income_yuan=6000, has_contract=False, work_location="省外",
           industry="建筑业"),
    member("2026-10", "C", CAIDIAN, LOTUS, employed=False),
    member("2026-10", "N1", CAIDIAN, monthly_income_yuan=4000),
    member("2026-10", "N2", CAIDIAN, monthly_income_yuan=5000),
    member("2026-10", "N3", CAIDIAN, employed=False),
    # 黄陂: a 莲藕工 living in 黄陂, a 家政工 with no job, one employed non-brand person at 3,500 元.
    member("2026-10", "D", HUANGPI, LOTUS, monthly_income_yuan=3000, work_location="区外省内"),
    member("2026-10", "H1", HUANGPI, HOUSEKEEPING, employed=False),
    member("2026-10", "N4", HUANGPI, monthly_income_yuan=3500),
    # 新洲: a brand only the roster knows; no non-brand person with a job, so no premium can be computed.
    member("2026-10", "X1", XINZHOU, CORN, monthly_income_yuan=7000, work_location="境外"),
    member("2026-10", "X2", XINZHOU, CORN, monthly_income_yuan=5000),
    member("2026-10", "N5", XINZHOU, employed=False),
    # 2025-10, the same month last year.
    member("2025-10", "A", CAIDIAN, LOTUS, monthly_income_yuan=4000),
    member("2025-10", "C", CAIDIAN, LOTUS, monthly_income_yuan=4200),
    member("2025-10", "N1", CAIDIAN, monthly_income_yuan=3800),
]


@pytest.fixture
def lake(make_lake, storage):
    return make_lake({"laborers": ROWS})


@pytest.fixture
def literal_lake(make_lake):
    return make_lake({"laborers": ROWS})


def performance(month="2026-10", districts=ALL):
    df = engine.run("brand_performance", {"month": month, "districts": districts, "brands": brands.reference_names()})
    return df.set_index(df["labor_brand"].where(~df["is_total"], "合计"))


def figures(row, columns):
    return {c: (None if pd.isna(row[c]) else row[c]) for c in columns}


def records(df):
    return [figures(row, df.columns) for _, row in df.iterrows()]


def test_brand_performance_members_rate_income_and_premium(lake):
    df = performance()
    assert list(df.index) == brands.reference_names() + [CORN, "合计"]
    columns = ["member_count", "employed_count", "employment_rate_pct", "avg_income_yuan", "comparable_income_yuan",
               "income_premium_yuan", "income_premium_pct", "income_compared_count", "trained_pct", "contract_pct"]
    # 莲藕工: 2 employed in 蔡甸 (non-brand 4,500) and 1 in 黄陂 (non-brand 3,500): (2×4500 + 3500) / 3 = 4,166.67.
    assert figures(df.loc[LOTUS], columns) == {
        "member_count": 4, "employed_count": 3, "employment_rate_pct": 75.0,
        "avg_income_yuan": pytest.approx(14_000 / 3),
        "comparable_income_yuan": pytest.approx(12_500 / 3), "income_premium_yuan": 500.0, "income_premium_pct": 12.0,
        "income_compared_count": 3, "trained_pct": 25.0, "contract_pct": pytest.approx(200 / 3)}
    # A brand with no employed member: rate 0, no income, no premium — never a division error.
    assert figures(df.loc[HOUSEKEEPING], columns) == {
        "member_count": 1, "employed_count": 0, "employment_rate_pct": 0.0, "avg_income_yuan": None,
        "comparable_income_yuan": None, "income_premium_yuan": None, "income_premium_pct": None,
        "income_compared_count": 0, "trained_pct": 0.0, "contract_pct": None}
    # A district with no non-brand worker: the premium is missing ("—"), the brand's own figures are not.
    assert figures(df.loc[CORN], columns) == {
        "member_count": 2, "employed_count": 2, "employment_rate_pct": 100.0, "avg_income_yuan": 6000.0,
        "comparable_income_yuan": None, "income_premium_yuan": None, "income_premium_pct": None,
        "income_compared_count": 0, "trained_pct": 0.0, "contract_pct": 100.0}
    # Reference brands with no members are listed with 0.
    for name in ("洪山菜薹种植师", "江夏光明茶匠", "新洲建筑工"):
        assert figures(df.loc[name], ["member_count", "employed_count", "employment_rate_pct"]) == {
            "member_count": 0, "employed_count": 0, "employment_rate_pct": None}
    # 合计: every brand member together; the premium only over members whose district can be compared.
    assert figures(df.loc["合计"], columns) == {
        "member_count": 7, "employed_count": 5, "employment_rate_pct": pytest.approx(500 / 7),
        "avg_income_yuan": 5200.0, "comparable_income_yuan": pytest.approx(12_500 / 3), "income_premium_yuan": 500.0,
        "income_premium_pct": 12.0,
        "income_compared_count": 3, "trained_pct": pytest.approx(100 / 7), "contract_pct": 80.0}


def test_brand_performance_where_they_work_and_last_year(lake):
    df = performance()
    places = ["in_district_pct", "in_province_pct", "out_of_province_pct", "abroad_pct"]
    third = pytest.approx(100 / 3)
    assert figures(df.loc[LOTUS], places) == {"in_district_pct": third, "in_province_pct": third,
                                              "out_of_province_pct": third, "abroad_pct": 0.0}
    assert figures(df.loc[CORN], places) == {"in_district_pct": 50.0, "in_province_pct": 0.0,
                                             "out_of_province_pct": 0.0, "abroad_pct": 50.0}
    assert figures(df.loc[HOUSEKEEPING], places) == dict.fromkeys(places)
    last_year = ["member_count_last_year", "employed_count_last_year", "member_yoy_count", "employed_yoy_count",
                 "employed_yoy_pct", "avg_income_last_year_yuan"]
    assert figures(df.loc[LOTUS], last_year) == {
        "member_count_last_year": 2, "employed_count_last_year": 2, "member_yoy_count": 2, "employed_yoy_count": 1,
        "employed_yoy_pct": 50.0, "avg_income_last_year_yuan": 4100.0}
    assert figures(df.loc[CORN], last_year) == {
        "member_count_last_year": 0, "employed_count_last_year": 0, "member_yoy_count": 2, "employed_yoy_count": 2,
        "employed_yoy_pct": None, "avg_income_last_year_yuan": None}
    assert df["has_same_month_last_year"].all()


def test_without_last_year_the_comparison_is_missing_not_zero(lake):
    df = performance("2025-10")
    assert not df["has_same_month_last_year"].any()
    assert df["member_count_last_year"].isna().all() and df["employed_yoy_count"].isna().all()
    assert figures(df.loc[LOTUS], ["member_count", "income_premium_yuan"]) == {"member_count": 2,
                                                                               "income_premium_yuan": 300.0}


def test_the_districts_filter_limits_members_to_those_districts(lake):
    df = performance(districts=[CAIDIAN])
    assert list(df.index) == brands.reference_names() + ["合计"]  # 汉南甜玉米工 has no member in 蔡甸
    assert figures(df.loc[LOTUS], ["member_count", "employed_count", "income_premium_yuan", "income_premium_pct"]) == {
        "member_count": 3, "employed_count": 2, "income_premium_yuan": 1000.0,
        "income_premium_pct": pytest.approx(200 / 9)}
    assert df.loc[HOUSEKEEPING, "member_count"] == 0
    assert performance(districts=["420102"])["member_count"].sum() == 0  # nobody in 江岸区: all zero, no error


def test_a_brand_added_to_the_reference_data_is_listed(literal_lake, monkeypatch):
    sixth = {"brand_code": "HN-YM", "brand_name": CORN, "district_code": "420113", "trade": "甜玉米种植",
             "industry": "农林牧渔", "launched_year": "2026"}
    seventh = dict(sixth, brand_code="DXH-X", brand_name="东西湖新品牌", district_code="420112")
    listed = reference.labor_brands()
    monkeypatch.setattr(reference, "labor_brands", lambda: (*listed, sixth, seventh))
    df = performance()
    assert list(df.index) == brands.reference_names() + ["合计"]
    assert brands.reference_names()[-2:] == [CORN, "东西湖新品牌"]
    assert (df.loc[CORN, "member_count"], df.loc["东西湖新品牌", "member_count"]) == (2, 0)
    table = brands.table(brands.split(performance().reset_index(drop=True))[0])
    assert table.set_index("labor_brand").loc[CORN, "home_district_name"] == "汉南区"
    at = open_app("pages/brands.py")
    assert_clean(at)
    assert at.selectbox(key="brand").options == brands.reference_names()


def test_brand_towns_and_industries(lake):
    params = {"month": "2026-10", "districts": ALL, "brand": LOTUS}
    assert engine.run("brand_towns", params).to_dict("records") == [
        {"district_code": CAIDIAN, "town_code": "420114001", "member_count": 3, "employed_count": 2,
         "employment_rate_pct": pytest.approx(200 / 3), "avg_income_yuan": 5500.0},
        {"district_code": HUANGPI, "town_code": "420116001", "member_count": 1, "employed_count": 1,
         "employment_rate_pct": 100.0, "avg_income_yuan": 3000.0},
    ]
    assert engine.run("brand_industries", params).to_dict("records") == [
        {"industry": "制造业", "employed_count": 2, "industry_share_pct": pytest.approx(200 / 3),
         "avg_income_yuan": 4000.0},
        {"industry": "建筑业", "employed_count": 1, "industry_share_pct": pytest.approx(100 / 3),
         "avg_income_yuan": 6000.0},
    ]
    assert engine.run("brand_industries", params | {"brand": HOUSEKEEPING}).empty
    assert engine.run("brand_towns", params | {"districts": [CAIDIAN], "brand": CORN}).empty


TREND_COLUMNS = ["member_count", "employed_count", "employment_rate_pct", "avg_income_yuan"]


def per_person(lake, districts) -> pd.DataFrame:
    """The brand figures of every month computed person by person in pandas, straight from the lake's Parquet."""
    roster = pd.read_parquet(lake / "laborers").astype({"month": str})
    roster = roster[roster["district_code"].isin(districts)]
    roster["income"] = roster["monthly_income_yuan"].where(roster["employed"])
    out = roster[roster["labor_brand"].notna()].groupby(["month", "labor_brand"]).agg(
        member_count=("person_id", "size"), employed_count=("employed", "sum"), avg_income_yuan=("income", "mean"))
    out["employment_rate_pct"] = (100.0 * out["employed_count"] / out["member_count"]).round(2)
    return out[TREND_COLUMNS].astype(float)


def per_person_premium(lake, month, districts) -> pd.Series:
    """Each brand's income premium in `month`: per district against its non-brand employed, weighted by members."""
    roster = pd.read_parquet(lake / "laborers").astype({"month": str})
    roster = roster[(roster["month"] == month) & roster["district_code"].isin(districts) & roster["employed"]
                    & roster["monthly_income_yuan"].notna()]
    benchmark = roster[roster["labor_brand"].isna()].groupby("district_code")["monthly_income_yuan"].mean()
    members = roster[roster["labor_brand"].notna()].assign(benchmark=lambda d: d["district_code"].map(benchmark))
    members = members[members["benchmark"].notna()]
    gap = (members["monthly_income_yuan"] - members["benchmark"]).groupby(members["labor_brand"]).mean()
    return gap.round(2)


def _assert_model_equals_per_person(lake, months, districts):
    expected = per_person(lake, districts)
    trend = engine.run("brand_trend", {"districts": districts}).set_index(["month", "labor_brand"])
    pd.testing.assert_frame_equal(trend[TREND_COLUMNS].astype(float).sort_index(), expected.sort_index(),
                                  check_exact=False, atol=0.006)
    for month in months:
        df = performance(month, districts).query("not is_total and member_count > 0")
        pd.testing.assert_frame_equal(df[TREND_COLUMNS].astype(float), expected.loc[month].loc[df.index],
                                      check_exact=False, atol=0.006, check_names=False)
        premium = per_person_premium(lake, month, districts)
        pd.testing.assert_series_equal(df["income_premium_yuan"].dropna().sort_index(), premium.sort_index(),
                                       check_exact=False, atol=0.006, check_names=False, check_index_type=False)


def test_brand_trend_golden(lake):
    assert records(engine.run("brand_trend", {"districts": ALL})) == [
        {"month": "2025-10", "labor_brand": LOTUS, "member_count": 2, "employed_count": 2,
         "employment_rate_pct": 100.0, "avg_income_yuan": 4100.0},
        {"month": "2026-10", "labor_brand": CORN, "member_count": 2, "employed_count": 2,
         "employment_rate_pct": 100.0, "avg_income_yuan": 6000.0},
        {"month": "2026-10", "labor_brand": LOTUS, "member_count": 4, "employed_count": 3,
         "employment_rate_pct": 75.0, "avg_income_yuan": pytest.approx(14_000 / 3)},
        {"month": "2026-10", "labor_brand": HOUSEKEEPING, "member_count": 1, "employed_count": 0,
         "employment_rate_pct": 0.0, "avg_income_yuan": None},
    ]
    _assert_model_equals_per_person(lake, ["2025-10", "2026-10"], ALL)
    _assert_model_equals_per_person(lake, ["2026-10"], [HUANGPI])


def test_brand_model_equals_the_per_person_answer_on_the_demo_lake(use_demo_lake):
    months = engine.lake_state().months
    _assert_model_equals_per_person(use_demo_lake, [months[0], months[-13], months[-1]], ALL)
    _assert_model_equals_per_person(use_demo_lake, months[-2:], [HUANGPI, XINZHOU])


def test_brand_table_export(lake):
    by_brand, total = brands.split(performance().reset_index(drop=True))
    table = tables.brand_table(by_brand)
    sheet = exports.Sheet("劳务品牌", "全市劳务品牌就业情况（2026年10月）", table, "2026年10月", "全市",
                          total=brands.total_row(total), notes=(PREMIUM_NOTE,))
    ws = openpyxl.load_workbook(io.BytesIO(exports.workbook([sheet])))["劳务品牌"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "全市劳务品牌就业情况（2026年10月）"
    assert list(rows[3]) == [label(c) for c in brands.TABLE_COLUMNS]
    assert rows[4][:5] == ("—", "—", "人", "人", "%")
    body = {r[0]: dict(zip(brands.TABLE_COLUMNS, r, strict=True)) for r in rows[5:5 + len(table) + 1]}
    assert list(body) == brands.reference_names() + [CORN, "合计"]
    lotus = body[LOTUS]
    assert (lotus["home_district_name"], lotus["member_count"], lotus["income_premium_yuan"]) == ("蔡甸区", 4, 500)
    assert body[CORN]["home_district_name"] == NOT_IN_REFERENCE
    assert body[CORN]["income_premium_yuan"] is None  # an empty cell, not an error value
    total_row = body["合计"]
    assert (total_row["member_count"], total_row["employed_count"], total_row["income_premium_pct"]) == (7, 5, 12)
    assert ws.freeze_panes == "B6"
    assert rows[5 + len(table) + 2][0] == PREMIUM_NOTE
    csv = exports.csv_bytes(table, brands.total_row(total))
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("劳务品牌,品牌所属区,品牌成员人数（人）") and lines[-1].startswith("合计,,7,5,")


def test_premium_phrase_and_detail_choice():
    assert sentences.premium(812.4, 18.46) == "平均月收入比同区非品牌务工人员高 812 元（+18.5%）"
    assert sentences.premium(-174.3, -3.35) == "平均月收入比同区非品牌务工人员低 174 元（-3.4%）"
    assert sentences.premium(0.2, 0.0) == "平均月收入与同区非品牌务工人员持平"
    assert "无法计算" in sentences.premium(float("nan"), float("nan"))
    df = pd.DataFrame({"labor_brand": ["甲", "乙", "丙"], "member_count": [3, 9, 0]})
    assert brands.detail_choice(df) == (["甲", "乙", "丙"], 1)
    assert brands.detail_choice(df.iloc[:0]) == ([], 0)


# ---- the page ----
def test_page_on_literal_data_lists_every_brand_and_says_when_there_is_nothing(literal_lake):
    at = open_app("pages/brands.py")
    assert_clean(at)
    assert at.subheader[0].value == ("10月全市3个劳务品牌共有成员 7 人，务工就业 5 人（就业率 71.4%），"
                                     "平均月收入比同区非品牌务工人员高 500 元（+12.0%）")
    assert at.selectbox(key="brand").options == brands.reference_names() + [CORN]
    assert at.selectbox(key="brand").value == LOTUS  # the brand with the most members
    at.selectbox(key="brand").set_value(CORN).run()
    assert_clean(at)
    at.selectbox(key="brand").set_value("洪山菜薹种植师").run()
    assert "没有“洪山菜薹种植师”的成员" in texts(at)
    at.multiselect(key="district").set_value(["420102"]).run()
    assert_clean(at)
    assert at.subheader[0].value == "10月江岸区没有劳务品牌成员"
    at.multiselect(key="district").set_value([]).run()
    at.selectbox(key="month").set_value("2025-10").run()  # no same month last year in the lake
    assert_clean(at)
    assert at.subheader[0].value.startswith("10月全市1个劳务品牌共有成员 2 人")


def test_page_on_the_demo_lake_moves_every_widget(use_demo_lake):
    at = open_app("pages/brands.py")
    assert_clean(at)
    assert at.title[0].value == "劳务品牌"
    assert [m.label for m in at.metric] == ["品牌成员", "品牌成员务工就业", "成员就业率", "成员平均月收入", "收入溢价",
                                            "有劳务品牌的区", "在品牌本行业参加技能培训"]
    for option in at.radio(key="brand_compare").options:
        at.radio(key="brand_compare").set_value(option).run()
        assert_clean(at)
    for option in at.radio(key="brand_trend_metric").options:
        at.radio(key="brand_trend_metric").set_value(option).run()
        assert_clean(at)
    for option in at.selectbox(key="brand").options:
        at.selectbox(key="brand").set_value(option).run()
        assert_clean(at)
    city = at.metric[0].value
    at.multiselect(key="district").set_value([HUANGPI]).run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("10月黄陂区1个劳务品牌") and at.metric[0].value != city
    at.selectbox(key="month").set_value("2024-03").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("3月黄陂区")


# ---- 一区一品、一区多品 (issue 18) ----
COVERAGE_ROWS = [
    # 蔡甸 (蔡甸莲藕工): one member trained in the brand's trade, one trained in another trade, one not trained.
    member("2026-10", "A", CAIDIAN, LOTUS, trained_skill=True, trained_skill_trade="莲藕种植与加工"),
    member("2026-10", "B", CAIDIAN, LOTUS, trained_skill=True, trained_skill_trade="电工"),
    member("2026-10", "C", CAIDIAN, LOTUS),
    # 黄陂 (黄陂木兰家政工): a 家政工 trained in 家政服务; a 莲藕工 living in 黄陂 trained in 家政服务 (not his
    # brand's trade).
    member("2026-10", "H1", HUANGPI, HOUSEKEEPING, trained_skill=True, trained_skill_trade="家政服务"),
    member("2026-10", "D", HUANGPI, LOTUS, trained_skill=True, trained_skill_trade="家政服务"),
    # 江岸 has persons and no registered brand.
    member("2026-10", "J1", "420102"),
]


def test_brand_coverage_by_district_counts_brands_and_training_in_the_brands_own_trade(make_lake, storage):
    make_lake({"laborers": COVERAGE_ROWS})
    df = engine.run("brand_coverage_by_district", {"month": "2026-10", "districts": ["420102", CAIDIAN, HUANGPI,
                                                                                     "420105"]})
    columns = ["district_code", "brand_unit_count", "district_with_brand_unit_count",
               "district_with_laborers_unit_count", "laborer_count", "brand_member_count", "brand_trained_count",
               "brand_trade_trained_count", "brand_trade_trained_pct"]
    got = df[columns].astype(object).where(df[columns].notna(), None).to_dict("records")
    assert got == [
        {"district_code": "420102", "brand_unit_count": 0, "district_with_brand_unit_count": 0,
         "district_with_laborers_unit_count": 1, "laborer_count": 1, "brand_member_count": 0,
         "brand_trained_count": 0, "brand_trade_trained_count": 0, "brand_trade_trained_pct": None},
        {"district_code": "420105", "brand_unit_count": 0, "district_with_brand_unit_count": 0,
         "district_with_laborers_unit_count": 0, "laborer_count": 0, "brand_member_count": 0,
         "brand_trained_count": 0, "brand_trade_trained_count": 0, "brand_trade_trained_pct": None},
        {"district_code": CAIDIAN, "brand_unit_count": 1, "district_with_brand_unit_count": 1,
         "district_with_laborers_unit_count": 1, "laborer_count": 3, "brand_member_count": 3,
         "brand_trained_count": 2, "brand_trade_trained_count": 1, "brand_trade_trained_pct": pytest.approx(100 / 3)},
        {"district_code": HUANGPI, "brand_unit_count": 1, "district_with_brand_unit_count": 1,
         "district_with_laborers_unit_count": 1, "laborer_count": 2, "brand_member_count": 2,
         "brand_trained_count": 2, "brand_trade_trained_count": 1, "brand_trade_trained_pct": 50.0},
        {"district_code": None, "brand_unit_count": 2, "district_with_brand_unit_count": 2,
         "district_with_laborers_unit_count": 3, "laborer_count": 6, "brand_member_count": 5,
         "brand_trained_count": 4, "brand_trade_trained_count": 2, "brand_trade_trained_pct": 40.0},
    ]


def test_brand_coverage_on_the_page_names_districts_without_a_brand(make_lake):
    make_lake({"laborers": COVERAGE_ROWS})
    at = open_app("pages/brands.py")
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown["有劳务品牌的区"] == "5 / 3 个"  # every registered brand's district; 3 with a roster
    assert shown["在品牌本行业参加技能培训"] == "2 人"
    assert "有脱贫劳动力而无品牌：江岸区" in texts(at)
    coverage = next(d.value for d in at.dataframe if "brand_coverage" in d.value.columns)
    by_name = dict(zip(coverage["district_name"], coverage["brand_coverage"], strict=True))
    assert (by_name["江岸区"], by_name["蔡甸区"]) == ("无品牌", "一区一品")
    assert by_name["合计"] == ""  # empty, never "None"
    assert [measures.coverage_word(n) for n in (0, 1, 2, 3)] == ["无品牌", "一区一品", "一区多品", "一区多品"]

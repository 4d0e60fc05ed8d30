"""公益性岗位: golden tests of the page's questions on literal data, the verdict rule, the demo's planted shape, the
page itself in AppTest and its export read back with openpyxl."""

import io

import openpyxl
import pandas as pd
import pyarrow.dataset as ds
import pytest

from assess import welfare
from assess.verdicts import Verdict
from lake import manifest as mf
from queries import engine, lake_info
from queries.engine import serving
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from ui import exports
from ui.filters import all_district_codes
from ui.labels import verdict_cell

CAIDIAN, HUANGPI, XINZHOU, HONGSHAN = "420114", "420116", "420117", "420111"
ALL = [HONGSHAN, CAIDIAN, HUANGPI, XINZHOU]


def post(month, person_id, district_code=CAIDIAN, post_type="保洁", pay=1200):
    return {"month": month, "person_id": person_id, "district_code": district_code,
            "town_code": district_code + "001", "post_type": post_type, "start_date": None, "monthly_pay_yuan": pay}


POSTS = [
    # 蔡甸: A placed in several months of both years (once per year), two post types in 2026;
    # B in post across the year boundary (Nov 2025 – Feb 2026); C only last year.
    post("2025-03", "A"), post("2025-04", "A"), post("2026-02", "A"), post("2026-03", "A", post_type="护林"),
    post("2025-11", "B"), post("2025-12", "B"), post("2026-01", "B"), post("2026-02", "B"),
    post("2025-06", "C"),
    # 黄陂: E last year, D this year: equal to the same period, a pass.
    post("2025-10", "E", HUANGPI), post("2025-11", "E", HUANGPI), post("2026-10", "D", HUANGPI),
    # 新洲: two last year, one this year: 未达到 by 1.
    post("2025-05", "F", XINZHOU), post("2025-05", "G", XINZHOU), post("2026-10", "F", XINZHOU),
    # 洪山: only this year: 无基期.
    post("2026-04", "H", HONGSHAN),
]
LABORERS = [
    person("2026-02", "A", labor_skill="弱劳动力或半劳动力"), person("2026-03", "A"),
    person("2026-01", "B", household_type="边缘易致贫户"), person("2026-02", "B", household_type="边缘易致贫户"),
    person("2026-10", "D", HUANGPI, HUANGPI + "001"), person("2026-04", "H", HONGSHAN, HONGSHAN + "001"),
    # last year's holders on last year's rosters
    person("2025-03", "A"), person("2025-04", "A"), person("2025-11", "B"), person("2025-12", "B"),
    person("2025-06", "C"), person("2025-10", "E", HUANGPI, HUANGPI + "001"),
    person("2025-11", "E", HUANGPI, HUANGPI + "001"), person("2025-05", "F", XINZHOU, XINZHOU + "001"),
    person("2025-05", "G", XINZHOU, XINZHOU + "001"),
]  # F is in post in 2026-10 but not in that month's laborers roster: shown apart, not counted.


@pytest.fixture
def lake(make_lake, storage):
    return make_lake({"laborers": LABORERS, "welfare_posts": POSTS})


def vs_last_year(month="2026-10", districts=ALL) -> pd.DataFrame:
    return engine.run("welfare_posts_vs_last_year", {"month": month, "districts": districts})


def plain(value):
    """None for a missing value (pd.NA, NaN), else the value: comparable in a tuple."""
    return None if pd.isna(value) else value


def test_vs_last_year_golden(lake):
    df = vs_last_year()
    rows = {(None if pd.isna(r["district_code"]) else r["district_code"]): r for r in df.to_dict("records")}
    assert list(rows) == [HONGSHAN, CAIDIAN, HUANGPI, XINZHOU, None]
    figures = {k: tuple(int(v[c]) for c in welfare.FIGURES) + (bool(v["has_last_year"]),) for k, v in rows.items()}
    # placed: this, same period, last year | in post: now, same month last year, last year end | posts: same three
    assert figures == {
        HONGSHAN: (1, 0, 0, 0, 0, 0, 1, 0, 0, False),
        CAIDIAN: (2, 2, 3, 0, 0, 1, 3, 2, 3, True),  # A once though placed in two months; B in both years
        HUANGPI: (1, 1, 1, 1, 1, 0, 1, 1, 1, True),
        XINZHOU: (0, 2, 2, 0, 0, 0, 0, 2, 2, True),  # F in post in October, not on the roster: not counted
        None: (3, 5, 6, 1, 1, 1, 4, 5, 6, True),  # like with like: 洪山 (无基期) is in neither year of the total
    }
    assert set(df["in_post_month"]) == {"2026-10"}
    assert set(df["last_year_same_period_month"]) == {"2025-10"}
    assert set(df["last_year_end_month"]) == {"2025-12"}


def test_a_person_in_post_across_the_year_boundary_counts_in_both_years(lake):
    last_year = vs_last_year("2025-12", [CAIDIAN])
    this_year = vs_last_year("2026-02", [CAIDIAN])
    caidian_2025 = last_year[last_year["district_code"] == CAIDIAN].iloc[0]
    caidian_2026 = this_year[this_year["district_code"] == CAIDIAN].iloc[0]
    assert caidian_2025["welfare_placed_count"] == 3  # A, B, C
    assert caidian_2025["welfare_in_post_count"] == 1  # B in December
    assert caidian_2026["welfare_placed_count"] == 2  # A, B
    assert caidian_2026["welfare_placed_last_year_count"] == 3


def test_a_person_placed_in_two_districts_counts_in_each_and_once_in_the_total(make_lake):
    make_lake({"laborers": [person("2026-02", "X"), person("2026-05", "X", HUANGPI, HUANGPI + "001")],
               "welfare_posts": [post("2026-02", "X", CAIDIAN), post("2026-05", "X", HUANGPI)]})
    df = vs_last_year("2026-05", [CAIDIAN, HUANGPI])
    assert df["welfare_placed_count"].tolist() == [1, 1, 1]
    assert df["welfare_in_post_count"].tolist() == [0, 1, 1]


def test_verdicts_on_placed_persons(lake):
    districts, total = welfare.compare(vs_last_year(), 2026)
    got = {r.district_code: (r.welfare_verdict, plain(r.welfare_shortfall_count),
                             plain(r.welfare_gap_to_last_year_count)) for r in districts.itertuples()}
    assert got == {
        HONGSHAN: (Verdict.NO_BASELINE, None, None),  # no data last year: never a pass
        CAIDIAN: (Verdict.MET, 0, 1),  # equal to the same period passes; one short of last year's full year
        HUANGPI: (Verdict.MET, 0, 0),
        XINZHOU: (Verdict.NOT_MET, 2, 2),  # F, in post in October but not on the roster, does not count
    }
    assert (total["welfare_verdict"], total["welfare_shortfall_count"], total["welfare_gap_to_last_year_count"]) == (
        Verdict.NOT_MET, 2, 3)  # 3 against 5 and 6 over the districts with a base: 洪山's H counts in neither year
    assert total[welfare.LEFT_OUT] == (HONGSHAN,)
    below = welfare.below_last_year(districts, 2026)
    assert below["district_code"].tolist() == [XINZHOU]


@pytest.mark.parametrize(("measure", "expected"), [
    # 蔡甸 in post: 0 now, 0 in 2025-10, 1 at the end of 2025; posts: 3 (A 保洁, A 护林, B) vs 2 and 3.
    ("in_post_year_end", {CAIDIAN: (Verdict.MET, 0, 1), XINZHOU: (Verdict.MET, 0, 0),
                          HONGSHAN: (Verdict.NO_BASELINE,)}),
    ("post_count", {CAIDIAN: (Verdict.MET, 0, 0), XINZHOU: (Verdict.NOT_MET, 2, 2), HONGSHAN: (Verdict.NO_BASELINE,)}),
])
def test_the_verdict_uses_the_figure_the_policy_names(lake, monkeypatch, measure, expected):
    monkeypatch.setattr(welfare.policy, "value", lambda key, year: measure)
    m = welfare.measure(2026)
    districts, _ = welfare.compare(vs_last_year(), 2026)
    for code, want in expected.items():
        row = districts[districts["district_code"] == code].iloc[0]
        assert row["welfare_verdict"] == want[0]
        if len(want) > 1:
            assert (row[m.shortfall], row[m.gap]) == want[1:]


def test_a_district_that_reported_an_empty_roster_last_year_has_a_base_of_zero(make_lake):
    """A true 0 is not 无基期: 蔡甸 reported its roster every month of 2025 with nobody in post (an empty roster),
    黄陂 sent nothing in 2025; both place one person in 2026."""
    make_lake({"laborers": [person("2026-03", "X"), person("2026-03", "Y", HUANGPI, HUANGPI + "001")],
               "welfare_posts": [post("2026-03", "X"), post("2026-03", "Y", HUANGPI)]},
              empty_districts={("welfare_posts", f"2025-{m:02d}"): [CAIDIAN] for m in range(1, 13)})
    districts, total = welfare.compare(vs_last_year("2026-03", [CAIDIAN, HUANGPI]), 2026)
    got = {r.district_code: (r.welfare_placed_count, plain(r.welfare_placed_last_year_same_period_count),
                             r.has_last_year, r.welfare_verdict) for r in districts.itertuples()}
    assert got == {CAIDIAN: (1, 0, True, Verdict.MET), HUANGPI: (1, None, False, Verdict.NO_BASELINE)}
    assert (total["has_last_year"], total["welfare_verdict"]) == (True, Verdict.MET)
    # like with like: the total is 蔡甸's true 0 against its 1, 黄陂 (无基期) left out of both years and named
    assert (total["welfare_placed_count"], total["welfare_placed_last_year_same_period_count"]) == (1, 0)
    assert total[welfare.LEFT_OUT] == (HUANGPI,)
    # a district that reported zero in both years still has its row: 0 against a base of 0 meets it
    zero = welfare.compare(vs_last_year("2025-12", [CAIDIAN]), 2025)[0]
    assert zero[["district_code", "welfare_placed_count"]].values.tolist() == [[CAIDIAN, 0]]
    assert not zero["has_last_year"].iloc[0] and zero["welfare_verdict"].iloc[0] == Verdict.NO_BASELINE  # 2024: none


def test_placements_of_persons_not_on_the_roster_are_shown_apart_and_not_counted(make_lake):
    make_lake({"laborers": [person("2026-03", "X"), person("2026-04", "Y")],
               "welfare_posts": [post("2026-03", "X"), post("2026-03", "Y"), post("2026-04", "Y"),
                                 post("2026-04", "Z")]})  # Y on the roster from April; Z never
    row = vs_last_year("2026-04", [CAIDIAN]).iloc[0]
    assert (row["welfare_placed_count"], row["welfare_in_post_count"], row["welfare_post_unit_count"],
            row["welfare_not_in_roster_count"]) == (2, 1, 2, 1)
    in_march = vs_last_year("2026-03", [CAIDIAN]).iloc[0]
    assert (in_march["welfare_placed_count"], in_march["welfare_not_in_roster_count"]) == (1, 1)  # Y not yet


def test_policy_names_placed_persons_by_default():
    assert welfare.measure(2026).key == "placed_persons"


def test_an_unknown_policy_measure_is_refused(monkeypatch):
    monkeypatch.setattr(welfare.policy, "value", lambda key, year: "posts_per_village")
    with pytest.raises(ValueError, match="welfare_posts_measure"):
        welfare.measure(2026)


def test_no_placement_in_the_selection(lake):
    districts, total = welfare.compare(vs_last_year(districts=["420102"]), 2026)
    assert districts.empty and total is None


def test_priority_by_district(lake):
    df = engine.run("welfare_priority_by_district", {"month": "2026-10", "districts": ALL})
    assert [{**r, "district_code": plain(r["district_code"]), "welfare_priority_pct": plain(r["welfare_priority_pct"])}
            for r in df.to_dict("records")] == [
        {"district_code": HONGSHAN, "welfare_placed_count": 1, "welfare_priority_count": 0,
         "welfare_weak_labor_count": 0, "welfare_monitored_count": 0, "welfare_priority_pct": 0.0,
         "welfare_not_in_roster_count": 0},
        {"district_code": CAIDIAN, "welfare_placed_count": 2, "welfare_priority_count": 2,
         "welfare_weak_labor_count": 1, "welfare_monitored_count": 1, "welfare_priority_pct": 100.0,
         "welfare_not_in_roster_count": 0},
        {"district_code": HUANGPI, "welfare_placed_count": 1, "welfare_priority_count": 0,
         "welfare_weak_labor_count": 0, "welfare_monitored_count": 0, "welfare_priority_pct": 0.0,
         "welfare_not_in_roster_count": 0},
        {"district_code": XINZHOU, "welfare_placed_count": 0, "welfare_priority_count": 0,  # F: not on the roster
         "welfare_weak_labor_count": 0, "welfare_monitored_count": 0, "welfare_priority_pct": None,
         "welfare_not_in_roster_count": 1},
        {"district_code": None, "welfare_placed_count": 4, "welfare_priority_count": 2,
         "welfare_weak_labor_count": 1, "welfare_monitored_count": 1, "welfare_priority_pct": 50.0,
         "welfare_not_in_roster_count": 1},
    ]


def test_placement_year_model(lake):
    rows = serving.connection().cursor().execute(
        "select year, district_code, person_id, post_type, first_month, first_in_roster_month, "
        "first_weak_labor_month, first_monitored_month from welfare_placement_year "
        "where person_id in ('A', 'B', 'F') order by year, person_id, post_type").fetchall()
    assert rows == [
        ("2025", CAIDIAN, "A", "保洁", "2025-03", "2025-03", None, None),
        ("2025", CAIDIAN, "B", "保洁", "2025-11", "2025-11", None, None),
        ("2025", XINZHOU, "F", "保洁", "2025-05", "2025-05", None, None),
        ("2026", CAIDIAN, "A", "保洁", "2026-02", "2026-02", "2026-02", None),
        ("2026", CAIDIAN, "A", "护林", "2026-03", "2026-03", None, None),
        ("2026", CAIDIAN, "B", "保洁", "2026-01", "2026-01", None, "2026-01"),
        ("2026", XINZHOU, "F", "保洁", "2026-10", None, None, None),
    ]


def test_month_summary_model_adds_up_to_the_posts(lake):
    total = serving.connection().cursor().execute(
        "select sum(welfare_in_post_count), sum(welfare_in_post_not_in_roster_count), sum(pay_sum_yuan) "
        "from welfare_month_summary").fetchone()
    assert total == (len(POSTS) - 1, 1, 1200 * len(POSTS))  # F in October is not on the roster


def test_by_type_and_trend(lake):
    params = {"month": "2026-10", "districts": ALL}
    by_type = engine.run("welfare_posts_by_type", params)
    assert by_type.to_dict("records") == [
        {"post_type": "保洁", "welfare_placed_count": 4, "welfare_placed_last_year_same_period_count": 5,
         "welfare_placed_last_year_count": 6, "welfare_in_post_count": 1, "welfare_avg_pay_yuan": 1200.0},
        {"post_type": "护林", "welfare_placed_count": 1, "welfare_placed_last_year_same_period_count": 0,
         "welfare_placed_last_year_count": 0, "welfare_in_post_count": 0, "welfare_avg_pay_yuan": 1200.0},
    ]
    trend = engine.run("welfare_in_post_trend", params)
    assert dict(zip(trend["month"], trend["welfare_in_post_count"], strict=True)) == {
        "2025-03": 1, "2025-04": 1, "2025-05": 2, "2025-06": 1, "2025-10": 1, "2025-11": 2, "2025-12": 1,
        "2026-01": 1, "2026-02": 2, "2026-03": 1, "2026-04": 1, "2026-10": 1}


# ---- the demo lake's planted shape, checked against an independent count over the Parquet files ----
def _demo_posts(lake) -> pd.DataFrame:
    return ds.dataset(lake / "welfare_posts", format="parquet", partitioning="hive").to_table(
        columns=["person_id", "district_code", "month"]).to_pandas()


def _distinct_persons(posts: pd.DataFrame, district: str, first: str, last: str) -> int:
    chosen = posts[(posts["district_code"] == district) & (posts["month"] >= first) & (posts["month"] <= last)]
    return chosen["person_id"].nunique()


def test_demo_district_below_last_year(use_demo_lake):
    manifest = mf.read_manifest(use_demo_lake)
    planted = manifest["demo"]["welfare_below_last_year"]
    code, year = planted["district_code"], planted["year"]
    month = manifest["demo"]["months"][1]
    assert month.startswith(str(year))
    posts = _demo_posts(use_demo_lake)
    this_year = _distinct_persons(posts, code, f"{year}-01", month)
    same_period = _distinct_persons(posts, code, f"{year - 1}-01", f"{year - 1}{month[4:]}")
    assert same_period > this_year

    districts, _ = welfare.compare(vs_last_year(month, all_district_codes()), year)
    row = districts[districts["district_code"] == code].iloc[0]
    assert row["welfare_verdict"] == Verdict.NOT_MET
    assert row["welfare_shortfall_count"] == same_period - this_year
    assert code in welfare.below_last_year(districts, year)["district_code"].tolist()


def test_demo_district_without_baseline(use_demo_lake):
    planted = mf.read_manifest(use_demo_lake)["demo"]["welfare_no_baseline"]
    code, year = planted["district_code"], planted["year"]
    posts = _demo_posts(use_demo_lake)
    assert _distinct_persons(posts, code, f"{year - 1}-01", f"{year - 1}-12") == 0
    districts, _ = welfare.compare(vs_last_year(f"{year}-12", all_district_codes()), year)
    row = districts[districts["district_code"] == code].iloc[0]
    assert row["welfare_placed_count"] == _distinct_persons(posts, code, f"{year}-01", f"{year}-12") > 0
    assert row["welfare_verdict"] == Verdict.NO_BASELINE
    assert plain(row["welfare_shortfall_count"]) is None


# ---- the page ----
@pytest.fixture
def captured(monkeypatch, downloads):
    """The bytes the page's download buttons serve (the real builders, recorded on the way out)."""
    got = {}
    real_workbook, real_csv = exports.workbook, exports.csv_bytes

    def workbook(sheets, user=None):
        got["xlsx"] = real_workbook(sheets, user)
        return got["xlsx"]

    def csv_bytes(data, total=None, first=exports.TOTAL):
        got["csv"] = real_csv(data, total, first)
        return got["csv"]

    monkeypatch.setattr(exports, "workbook", workbook)
    monkeypatch.setattr(exports, "csv_bytes", csv_bytes)
    return got


def test_page_names_the_planted_district_in_red_with_its_shortfall(use_demo_lake, captured):
    at = open_app("pages/welfare_posts.py")
    assert_clean(at)
    assert at.title[0].value == "公益性岗位安置"
    districts, total = welfare.compare(vs_last_year("2026-10", all_district_codes()), 2026)
    xinzhou = districts[districts["district_code"] == XINZHOU].iloc[0]
    alert = at.error[0].value
    assert "未达到" in alert and "**新洲区**" in alert
    assert f"差 {xinzhou['welfare_shortfall_count']:,} 人" in alert
    assert at.subheader[0].value.startswith("2026年1—10月全市公益性岗位年内累计安置人数")
    assert [m.label for m in at.metric] == ["年内累计安置人数", "在岗人数", "岗位数", "距上年全年水平尚差",
                                            "优先安置代理对象占比"]
    assert "模拟数据" in texts(at)

    book = openpyxl.load_workbook(io.BytesIO(captured["xlsx"]))
    assert book.sheetnames == ["各区安置情况", "年末预计", "优先安置（代理口径）", "岗位类型", "月度在岗"]
    assert "代理口径" in texts(at) and "无法离乡、无业可就" not in " ".join(h.value for h in at.header)
    sheet = book["各区安置情况"]
    headers = [c.value for c in sheet[4]]
    assert headers[:4] == ["区", "区代码", "公益性岗位是否达到上年同期水平", "公益性岗位年内累计安置人数"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=6, values_only=True) if r[0]}
    assert rows["新洲区"][2] == verdict_cell(Verdict.NOT_MET) == "✗ 未达到"
    assert rows["新洲区"][headers.index("距上年同期尚差")] == xinzhou["welfare_shortfall_count"]
    assert rows["合计（全市）"][3] == total["welfare_placed_count"]  # 2026: every district with a row has a base
    assert rows["合计（全市）"][2] == verdict_cell(total["welfare_verdict"])
    assert sheet.freeze_panes == "B6"
    assert captured["csv"].startswith("\ufeff".encode())
    assert "新洲区" in captured["csv"].decode("utf-8-sig")


def test_page_moves_every_filter(use_demo_lake):
    at = open_app("pages/welfare_posts.py")
    at.selectbox(key="month").set_value("2025-12").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("2025年全年全市")
    at.multiselect(key="district").set_value([HONGSHAN]).run()
    assert_clean(at)
    assert "无基期" in at.subheader[0].value and "洪山区" in " ".join(w.value for w in at.warning)
    at.selectbox(key="month").set_value("2026-06").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("2026年1—6月洪山区")
    at.multiselect(key="district").set_value(["420102"]).run()
    assert_clean(at)
    # no placements either year: 未报送 when the district sent no roster, a true 0 when it sent an empty one
    reported = lake_info.reported_by("welfare_posts", "2026-06", ["420102"])
    assert ("没有公益性岗位安置人员（0 人）" if reported else "都未报送公益性岗位花名册") in at.subheader[0].value

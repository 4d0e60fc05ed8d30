"""One rounding (issue 29): money and ratios are rounded once, half up (四舍五入), from the exact value, by the one
formatter every screen, table, chart, export and document uses; 万元 comes from the yuan; the questions do not round.
Golden half-way cases."""

import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from assess import projection
from assess.numbers import exact, half_up, half_up_int, wan_yuan
from assess.verdicts import change_pct
from queries import engine
from tests.lakes import person
from ui import cards, charts, exports, sentences
from ui.briefing import cells
from ui.labels import change_text, fmt, points_change, shown_numbers


@pytest.mark.parametrize(("value", "column", "shown"), [
    (2.5, "employed_count", "3 人"),  # Python's round gives 2
    (3.5, "employed_count", "4 人"),
    (-2.5, "employed_count", "-3 人"),  # half away from zero, as 四舍五入 reads a negative change
    (0.125 * 100, "employed_yoy_pct", "12.5%"),
    (12.25, "employed_yoy_pct", "12.3%"),  # binary 12.25 is exact: half-to-even would give 12.2
    (1.05, "employed_yoy_pct", "1.1%"),  # binary 1.05 is 1.0499999…: the exact value meant is 1.05
    (186_346.5, "at_risk_yuan", "186,347 元"),
    (6.57, "placed_per_broker_ratio", "6.6 人/名"),  # a ratio keeps one decimal, never "7 人"
    (-0.04, "employed_yoy_pct", "0.0%"),  # never "-0.0%"
])
def test_half_way_cases(value, column, shown):
    assert fmt(value, column) == shown


def test_wan_yuan_is_computed_from_the_yuan_and_rounded_once():
    # this year 1,000,000.00 元 against 1,493,950.00: −49.395 万元 exactly, −49.40 after 四舍五入, on every page
    amount, last = 1_000_000.0, 1_493_950.0
    assert wan_yuan(amount) - wan_yuan(last) == Decimal("-49.395")
    home = change_text(wan_yuan(amount), wan_yuan(last), "subsidy_amount_wan_yuan")  # 首页's card
    by_type = pd.DataFrame({"subsidy_amount_yuan": [600_000.0, 400_000.0],
                            "subsidy_amount_last_year_yuan": [993_950.0, 500_000.0],
                            "subsidy_claim_count": [1, 1], "subsidy_last_year_claim_count": [1, 1]})
    found = {"flagged_claim_count": 0, "breach_claim_count": 0, "at_risk_yuan": 0.0}
    policy_page = cards.subsidies(by_type, found, change_pct(amount, last), "1—10月", "10月")[0]  # 政策落实's card
    assert home.startswith("-49.40 万元") and policy_page.change.startswith("-49.40 万元")
    assert policy_page.value == "100.00 万元"
    # float sums carry noise (0.1 + 0.2 = 0.30000000000000004): brought back to the fen before dividing
    assert wan_yuan(sum([0.1, 0.2]) * 10_000 + 0.005) == wan_yuan(3000.01)
    said = sentences.subsidies(123_456_785.0, -1.25, {"checked_claim_count": 1}, {"flagged_claim_count": 0}, "10月")
    assert "12,345.68 万元" in said  # 12,345.6785 万元: up at the third decimal, from the yuan


def test_changes_in_percent_are_rounded_half_up_from_the_exact_values():
    assert change_pct(10_125, 10_000) == 1.3  # 1.25 %: round(1.25, 1) would give 1.2
    assert change_pct(9_875, 10_000) == -1.3
    assert change_pct(3, 0) is None


def test_projections_round_half_up():
    last_year = [2] + [10] * 10 + [1]  # December 1: the point is 1 × 5 / 2 = 2.5
    assert projection.project([5], last_year).point == 3  # Python's round(2.5) is 2
    assert projection.project([*[10] * 11, 2.5], [10] * 12).point == 3  # December: the figure itself, rounded
    assert half_up_int(0.5) == 1 and half_up(2.675, 2) == half_up("2.675", 2)


def test_a_float_is_taken_as_the_decimal_it_stands_for():
    # a true half computed with binary noise is still a half (12.35 % -> 12.4 %), and noise never makes one
    assert exact(12.349999999999998) == Decimal("12.35") and fmt(12.349999999999998, "share_pct") == "12.4%"
    assert exact(0.1 + 0.2) == Decimal("0.3") and exact(100 * 6 / 11) == Decimal("54.54545454545")
    assert fmt(12.345, "share_pct") == "12.3%" and fmt(12.35, "share_pct") == "12.4%"
    assert points_change(12.35, 10.0) == "+2.4 个百分点" and points_change(12.25, 10.0) == "+2.3 个百分点"


# 区域对比 on a literal lake whose exact figures lie just below a half after two decimals: 蔡甸 6 of 11 able and
# willing employed, 54.5454…% (54.55 after two decimals, then 54.6 — it is 54.5 %); 黄陂 101 with income, 100 at
# 4,000 元 and one at 4,050: 4,000.495… 元 (4,000.50, then 4,001 — it is 4,000 元).
MONTH, CAIDIAN, HUANGPI = "2026-10", "420114", "420116"


@pytest.fixture
def half_way_lake(make_lake):
    caidian = [person(MONTH, f"C{i}", employed=i < 6) for i in range(11)]
    huangpi = [person(MONTH, f"H{i}", HUANGPI, "420116001", monthly_income_yuan=4050 if i == 0 else 4000)
               for i in range(101)]
    return make_lake({"laborers": caidian + huangpi})


def comparison() -> pd.DataFrame:
    answer = engine.run("district_comparison", {"months": [MONTH], "districts": [CAIDIAN, HUANGPI]})
    return answer[~answer["is_total"]].set_index("district_code")


def test_the_questions_leave_rates_and_averages_exact(half_way_lake):
    df = comparison()
    assert df.loc[CAIDIAN, "able_willing_employment_rate_pct"] == pytest.approx(600 / 11, abs=1e-12)
    assert df.loc[HUANGPI, "avg_income_yuan"] == pytest.approx(404_050 / 101, abs=1e-9)


def test_half_way_figures_are_rounded_once_on_screen_in_charts_exports_and_the_briefing(half_way_lake):
    df = comparison()
    rate, income = df.loc[CAIDIAN, "able_willing_employment_rate_pct"], df.loc[HUANGPI, "avg_income_yuan"]
    assert fmt(rate, "able_willing_employment_rate_pct") == "54.5%"  # main: 54.55 -> 54.6%
    assert fmt(income, "avg_income_yuan") == "4,000 元"  # main: 4000.50 -> 4,001 元
    table = df[["able_willing_employment_rate_pct", "avg_income_yuan"]].reset_index()
    shown = shown_numbers(table).set_index("district_code")  # what st.dataframe is given (ui.tables.show)
    assert shown.loc[CAIDIAN, "able_willing_employment_rate_pct"] == 54.5
    assert shown.loc[HUANGPI, "avg_income_yuan"] == 4000
    bars = charts.ranked_bar(table.assign(district_name=["蔡甸区", "黄陂区"]), "district_name",
                             "able_willing_employment_rate_pct", "就业率")
    assert list(bars.data[0].x) == [54.5, 100.0]
    assert cells.text(rate, "able_willing_employment_rate_pct") == "54.5"  # a 通报 table's cell
    assert cells.text(income, "avg_income_yuan") == "4,000"
    csv = exports.csv_bytes(table).decode("utf-8-sig").splitlines()
    assert csv[1:] == ["420114,54.5,4000", "420116,100.0,4000"]
    sheet = exports.Sheet("各区", "各区", table, "2026年10月", "全市")
    cells_ = openpyxl.load_workbook(io.BytesIO(exports.workbook([sheet]))).active
    first_row = exports.HEADER_ROWS + 1
    assert [cells_.cell(first_row, 2).value, cells_.cell(first_row + 1, 3).value] == [54.5, 4000]
    assert cells_.cell(first_row, 2).number_format == exports.EXCEL_FORMATS["%"]

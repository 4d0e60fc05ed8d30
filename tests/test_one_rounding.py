"""One rounding (issue 29): money and ratios are rounded once, half up (四舍五入), from the exact value, by the one
formatter every screen, export and document uses; 万元 comes from the yuan. Golden half-way cases."""

from decimal import Decimal

import pandas as pd
import pytest

from assess import projection
from assess.numbers import half_up, half_up_int, wan_yuan
from assess.verdicts import change_pct
from ui import cards, sentences
from ui.labels import change_text, fmt


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

"""Verdicts that leaders sign, with their thresholds and baselines read from the policy file (DESIGN §4)."""

import pandas as pd

from lake import policy

PASS, FAIL, NO_BASELINE = "达到", "未达到", "无基期"
EMPLOYMENT_BASELINES = {"same_month_last_year": "上年同期", "last_december": "上年末"}


def is_missing(value) -> bool:
    """None, NaN or pandas' NA (what a query returns for a missing baseline)."""
    return value is None or bool(pd.isna(value))


def at_least(value, baseline) -> str:
    """达到 when `value` is not below `baseline` (equal passes); 无基期 when there is no baseline."""
    if is_missing(baseline):
        return NO_BASELINE
    return PASS if value >= baseline else FAIL


def employment_baseline(year: int) -> tuple[str, str]:
    """The baseline the policy names for 就业规模总体稳定 in `year`: (key, Chinese name)."""
    key = policy.value("employment_baseline", year)
    return key, EMPLOYMENT_BASELINES[key]


def employment_target_pct(year: int) -> float:
    return float(policy.value("able_willing_employment_target_pct", year))


def change_pct(value, baseline) -> float | None:
    """The change on the baseline in %, or None when there is no baseline (or it is zero)."""
    if is_missing(baseline) or baseline == 0:
        return None
    return round(100.0 * (value - baseline) / baseline, 1)


def previous_month(month: str) -> str:
    """'2026-01' -> '2025-12'."""
    year, moy = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if moy == 1 else f"{year:04d}-{moy - 1:02d}"

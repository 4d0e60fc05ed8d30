"""The verdicts leaders sign and the one missing-value rule every judgement uses."""

import math
from enum import StrEnum

import pandas as pd

from assess.numbers import exact, half_up
from lake import policy
from lake.months import Month


class Verdict(StrEnum):
    MET = "met"  # the figure reaches its threshold or baseline (equal reaches)
    NOT_MET = "not_met"
    NO_BASELINE = "no_baseline"  # nothing to compare with (no roster in the baseline period): never a pass
    NO_SUBJECT = "no_subject"  # the figure has no denominator (no able and willing persons): never a pass
    NOT_REPORTED = "not_reported"  # a reported figure is missing
    UNDETERMINED = "undetermined"  # the records cannot tell (e.g. 区内 rows for 外出就业): never a pass


def is_missing(value) -> bool:
    """None, NaN or pandas' NA (what a query returns for a missing baseline)."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str | bool | int):  # the common cases, without pandas' general check
        return False
    return bool(pd.isna(value))


def at_least(value, baseline) -> Verdict:
    """MET when `value` is not below `baseline` (equal passes); NO_BASELINE when there is no baseline."""
    if is_missing(baseline):
        return Verdict.NO_BASELINE
    return Verdict.MET if value >= baseline else Verdict.NOT_MET


def change_pct(value, baseline) -> float | None:
    """The change on the baseline in %, rounded once half up to one decimal from the exact values
    (assess.numbers), or None when there is no baseline (or it is zero)."""
    if is_missing(value) or is_missing(baseline) or baseline == 0:
        return None
    return float(half_up(100 * (exact(value) - exact(baseline)) / exact(baseline), 1))


def employment_baseline(year: int) -> str:
    """The baseline the policy names for 就业规模总体稳定 in `year`: same_month_last_year or last_december."""
    return policy.value("employment_baseline", year)


def employment_target_pct(year: int) -> float:
    return float(policy.value("able_willing_employment_target_pct", year))


def previous_month(month: str) -> str:
    """'2026-01' -> '2025-12'."""
    return str(Month.of(month).previous())

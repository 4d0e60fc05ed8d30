"""Judgements on the work plan's measures (issue 18): whether 有组织劳务输出 grew (“扩大有组织劳务输出规模”)."""

import pandas as pd

from assess.verdicts import Verdict, is_missing


def grew(value, baseline) -> Verdict:
    """MET when `value` is above `baseline` (扩大: staying level is not growth); NO_BASELINE without one."""
    if is_missing(baseline):
        return Verdict.NO_BASELINE
    return Verdict.MET if value > baseline else Verdict.NOT_MET


def organized_growth(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of `organized_output_by_district` with `organized_verdict`: more than the same month last year."""
    verdicts = [grew(v, b) for v, b in zip(rows["organized_count"], rows["organized_last_year_count"], strict=True)]
    return rows.assign(organized_verdict=verdicts)

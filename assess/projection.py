"""Year-end projection: where a figure will stand in December if this year keeps its pace against last year's
monthly shape, with an interval, and how far it has been off on earlier years (issue 18).

Method (a pure function of two monthly series, the same for 公益性岗位 and for 务工就业规模):
- the pace is the ratio r_M = this year's value in month M ÷ last year's value in month M;
- the point projection is last year's December value × r_M (this year follows last year's shape from M on);
- the interval treats log r as a random walk over the months still to come: its monthly step is estimated from
  this year's own months (the root mean square of the month-to-month changes of log r_k, k ≤ M, at least
  MIN_STEP; DEFAULT_STEP while fewer than three months are seen), and the interval is point × exp(±Z × step ×
  √(12 − M)) — a nominal 90% interval, whose actual coverage the back-test reports.
Whole numbers are rounded half up (四舍五入, assess.numbers), never Python's half-to-even `round`. In December the
year is complete: the projection is the figure itself. No projection without last year's twelve
months or with last year's month M at 0 (no shape to follow).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from assess.numbers import exact, half_up, half_up_int

Z = 1.645  # two-sided 90%
MIN_STEP = 0.01
DEFAULT_STEP = 0.06
BELOW, AT_RISK, NOT_BELOW = "below", "at_risk", "not_below"
COLUMNS = ("projected_year_end_count", "projected_low_count", "projected_high_count", "last_year_end_level_count",
           "projection_outlook")


@dataclass(frozen=True)
class Projection:
    point: int
    low: int
    high: int
    last_year: int  # last year's December value: the level to reach
    months_seen: int

    @property
    def outlook(self) -> str:
        """BELOW when the point projection falls short of last year, AT_RISK when only the interval's lower end
        does, NOT_BELOW otherwise."""
        if self.point < self.last_year:
            return BELOW
        return AT_RISK if self.low < self.last_year else NOT_BELOW


def _step(this_year: Sequence[float], last_year: Sequence[float]) -> float:
    logs = [math.log(t / s) for t, s in zip(this_year, last_year, strict=False) if t > 0 and s > 0]
    changes = [b - a for a, b in zip(logs, logs[1:], strict=False)]
    if len(changes) < 2:
        return DEFAULT_STEP
    return max(MIN_STEP, math.sqrt(sum(c * c for c in changes) / len(changes)))


def project(this_year: Sequence[float], last_year: Sequence[float]) -> Projection | None:
    """The December projection of a figure seen for this year's first M months (`this_year`, M = 1…12) against
    last year's twelve (`last_year`); None without a shape to follow (see the module's docstring)."""
    months = len(this_year)
    if len(last_year) != 12 or not 1 <= months <= 12:
        return None
    level = half_up_int(last_year[11])
    if months == 12:
        value = half_up_int(this_year[11])
        return Projection(value, value, value, level, 12)
    if last_year[months - 1] <= 0:
        return None
    point = last_year[11] * this_year[months - 1] / last_year[months - 1]
    width = Z * _step(this_year, last_year) * math.sqrt(12 - months)
    return Projection(half_up_int(point), int(math.floor(point * math.exp(-width))),
                      int(math.ceil(point * math.exp(width))), level, months)


def _series_by_key(frame: pd.DataFrame, value: str, key: str, years: tuple[int, ...]) -> dict:
    """Each `key` value's ('' for null) `value` in each of `years`, months in order (missing values 0), keys in the
    order they first appear: {code: {year: [float, ...]}}. One pass over plain lists: a pandas filter and sort per
    key and year cost more than the projection itself."""
    codes = frame[key].fillna("").tolist()
    series = {code: {year: [] for year in years} for code in dict.fromkeys(codes)}
    prefixes = {f"{year:04d}-": year for year in years}
    rows = sorted(zip(frame["month"].tolist(), codes, frame[value].fillna(0).tolist(), strict=True),
                  key=lambda row: row[0])
    for month, code, number in rows:
        year = prefixes.get(month[:5])
        if year is not None:
            series[code][year].append(float(number))
    return series


def by_key(frame: pd.DataFrame, value: str, month: str, key: str = "district_code") -> pd.DataFrame:
    """One row per `key` value of `frame` (rows: key × month, last year's January to `month`; a null key is the
    total) with the projection of `value` (COLUMNS; empty where there is none)."""
    year, months = int(month[:4]), int(month[5:7])
    rows = []
    for code, by_year in _series_by_key(frame, value, key, (year - 1, year)).items():
        last, this = by_year[year - 1], by_year[year][:months]
        p = project(this, last) if len(this) == months else None
        rows.append({key: code or None, **(dict.fromkeys(COLUMNS) if p is None else dict(zip(
            COLUMNS, (p.point, p.low, p.high, p.last_year, p.outlook), strict=True)))})
    return pd.DataFrame(rows, columns=[key, *COLUMNS])


def backtest(frame: pd.DataFrame, value: str, year: int, key: str = "district_code") -> pd.DataFrame:
    """Each key's projection of `year`'s December made at each month 1…11 from `year - 1`'s shape, against the
    December `year` actually had: key, month_of_year, point, low, high, actual, abs_pct_error, covered. Keys without
    a projection or with an actual of 0 are left out."""
    rows = []
    for code, by_year in _series_by_key(frame, value, key, (year - 1, year)).items():
        last, this = by_year[year - 1], by_year[year]
        if len(last) != 12 or len(this) != 12 or this[11] <= 0:
            continue
        for months in range(1, 12):
            p = project(this[:months], last)
            if p is None:
                continue
            actual = this[11]
            rows.append({key: code or None, "month_of_year": months, "point": p.point, "low": p.low, "high": p.high,
                         "actual": actual, "abs_pct_error": 100.0 * abs(p.point - actual) / actual,
                         "covered": p.low <= actual <= p.high})
    return pd.DataFrame(rows, columns=[key, "month_of_year", "point", "low", "high", "actual", "abs_pct_error",
                                       "covered"])


def error_summary(rows: pd.DataFrame) -> dict:
    """The back-test's mean absolute percentage error (%, one decimal) and the interval's coverage (%), over all
    rows and for the total row alone (key null)."""
    total = rows[rows.iloc[:, 0].isna()]
    return {
        "mape_pct": float(half_up(rows["abs_pct_error"].mean(), 1)),
        "coverage_pct": float(half_up(100 * exact(rows["covered"].sum()) / len(rows), 1)),
        "total_mape_pct": float(half_up(total["abs_pct_error"].mean(), 1)) if len(total) else None,
        "projections": len(rows),
    }

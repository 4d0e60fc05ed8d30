"""区域对比: rank districts on a chosen figure, the rank change since last month, and the distance to the threshold
the figure has (a policy target or baseline). The questions list every district and town of the reference
themselves (district_comparison.sql, district_towns.sql).

Thresholds come from the policy file through `assess.verdicts`, never from here. A threshold is named by its kind
(THRESHOLD_KINDS; ui.labels words them).
"""


import pandas as pd

from assess.verdicts import Verdict, at_least, employment_baseline, employment_target_pct, is_missing
from lake import reference

# The figures a district can be ranked on, in the order the page offers them; larger ranks higher for all.
RANK_METRICS = (
    "employed_count",
    "employed_yoy_pct",
    "able_willing_employment_rate_pct",
    "welfare_placed_count",
    "out_of_province_pct",
    "avg_income_yuan",
    "subsidy_amount_yuan",
    "laborer_count",
)


def _suffix(column: str) -> str:
    return next(s for s in ("_pct", "_yuan", "_count") if column.endswith(s))


def threshold_columns(metric: str) -> tuple[str, str]:
    """The names of the threshold and gap columns for `metric`; they carry its unit suffix."""
    suffix = _suffix(metric)
    return f"threshold{suffix}", f"threshold_gap{suffix}"


def threshold(metric: str, row: dict, year: int) -> tuple[float | None, str | None]:
    """The value `metric` is held against in `row` and that value's kind; (None, None) for figures without one.

    务工就业人数 vs the policy baseline (same_month_last_year or last_december); 同比 vs 0 (no_change); 就业率 vs the
    policy target (target); 公益性岗位 年内累计安置人数 vs last year's same period (same_period; DESIGN §4).
    """
    if metric == "employed_count":
        key = employment_baseline(year)
        column = "employed_count_last_year" if key == "same_month_last_year" else "employed_count_last_december"
        return row.get(column), key
    if metric in ("employed_yoy_pct", "employed_yoy_count"):
        return 0.0, "no_change"
    if metric == "able_willing_employment_rate_pct":
        return employment_target_pct(year), "target"
    if metric == "welfare_placed_count":
        base = row.get("welfare_placed_last_year_same_period_count") if row.get("has_welfare_last_year") else None
        return base, "same_period"
    return None, None


def verdict(metric: str, row: dict, year: int) -> Verdict | None:
    """MET / NOT_MET / NO_BASELINE (/ NO_SUBJECT for 就业率 without able and willing persons); None without a
    threshold."""
    base, kind = threshold(metric, row, year)
    if kind is None:
        return None
    value = row.get(metric)
    if metric == "able_willing_employment_rate_pct" and not row.get("able_willing_count"):
        return Verdict.NO_SUBJECT
    if is_missing(value):
        return Verdict.NO_BASELINE
    return at_least(value, base)


def _ranks(districts: pd.DataFrame, metric: str) -> pd.Series:
    """Rank 1 = largest; ties share the better rank; districts without 脱贫劳动力 or without a value get none."""
    eligible = districts[metric].where(districts["laborer_count"] > 0)
    return eligible.rank(ascending=False, method="min")


def ranked(current: pd.DataFrame, previous: pd.DataFrame | None, metric: str, year: int) -> pd.DataFrame:
    """One row per district (no 合计) with rank, rank change since last month (positive = moved up), threshold,
    gap to it (value − threshold) and verdict, sorted by rank (unranked last, in code order)."""
    districts = current[~current["is_total"]].reset_index(drop=True)
    out = districts.copy()
    out["rank"] = _ranks(districts, metric)
    if previous is not None:
        before = previous[~previous["is_total"]]
        prev_rank = pd.Series(_ranks(before, metric).to_numpy(), index=before["district_code"])
        out["rank_change"] = out["district_code"].map(prev_rank) - out["rank"]
    else:
        out["rank_change"] = float("nan")
    threshold_col, gap_col = threshold_columns(metric)
    bases, kinds, verdicts = [], [], []
    for row in out.to_dict("records"):
        base, kind = threshold(metric, row, year)
        bases.append(float("nan") if is_missing(base) else float(base))
        kinds.append(kind)
        verdicts.append(verdict(metric, row, year))
    out[threshold_col] = bases
    out["threshold_kind"] = kinds
    out[gap_col] = (out[metric] - out[threshold_col]).round(2)
    out["verdict"] = verdicts
    out["district_name"] = out["district_code"].map(reference.district_names())
    return out.sort_values(["rank", "district_code"], na_position="last", kind="stable").reset_index(drop=True)


def total_row(total: dict, metric: str, year: int) -> dict:
    """The selection's row of the comparison table with the threshold, gap and verdict of `metric`."""
    threshold_col, gap_col = threshold_columns(metric)
    base = threshold(metric, total, year)[0]
    return total | {"verdict": verdict(metric, total, year), threshold_col: base,
                    gap_col: None if is_missing(base) else round(total[metric] - base, 2)}


def with_welfare_baseline(df: pd.DataFrame) -> pd.DataFrame:
    """Blank last year's 公益性岗位 figures where there is no last year (无基期, never 0) and add the change."""
    out = df.copy()
    no_base = ~out["has_welfare_last_year"].astype(bool)
    for column in ("welfare_placed_last_year_same_period_count", "welfare_placed_last_year_count"):
        if column in out:
            out[column] = out[column].astype("float").mask(no_base)
    out["welfare_placed_change_count"] = out["welfare_placed_count"] - out["welfare_placed_last_year_same_period_count"]
    return out


def welfare_verdicts(df: pd.DataFrame) -> list[Verdict]:
    """Per row: is 年内累计安置人数 not below last year's same period (NO_BASELINE without last year)."""
    return [at_least(r["welfare_placed_count"],
                           r["welfare_placed_last_year_same_period_count"] if r["has_welfare_last_year"] else None)
            for r in df.to_dict("records")]


def headline(df: pd.DataFrame, year: int) -> dict:
    """What the page's first sentence says: districts rising and falling 同比, meeting the employment target,
    and falling below last year's 公益性岗位 placements (lists of district codes)."""
    rows = df[~df["is_total"] & (df["laborer_count"] > 0)]
    target = employment_target_pct(year)
    welfare = with_welfare_baseline(rows)
    return {
        "with_laborers": list(rows["district_code"]),
        "yoy_up": list(rows.loc[rows["employed_yoy_count"] > 0, "district_code"]),
        "yoy_down": list(rows.loc[rows["employed_yoy_count"] < 0, "district_code"]),
        "at_target": list(rows.loc[rows["able_willing_employment_rate_pct"] >= target, "district_code"]),
        "welfare_below": [c for c, v in zip(welfare["district_code"], welfare_verdicts(welfare), strict=True)
                          if v == Verdict.NOT_MET],
        "welfare_no_baseline": [c for c, v, n in zip(welfare["district_code"], welfare_verdicts(welfare),
                                                        welfare["welfare_placed_count"], strict=True)
                                if v == Verdict.NO_BASELINE and n > 0],
    }

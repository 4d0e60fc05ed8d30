"""区域对比: rank districts on a chosen figure, the rank change since last month, and the distance to the threshold
the figure has (a policy target or baseline). The questions list every district and town of the reference
themselves (district_comparison.sql, district_towns.sql).

Thresholds come from the policy file through `assess.verdicts`, never from here. A threshold is named by its kind
(THRESHOLD_KINDS; ui.labels words them).
"""


import pandas as pd

from assess import welfare
from assess.verdicts import Verdict, at_least, employment_baseline, employment_target_pct, is_missing
from lake import reference

# The figures a district can be ranked on, in the order the page offers them; larger ranks higher for all.
# "welfare_placed_count" stands for the 公益性岗位 figure the policy names (rank_metrics puts it in its place).
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


WELFARE_THIS_YEAR = {m.this_year: m for m in welfare.MEASURES.values()}
WELFARE_VERDICT_COLUMNS = ["has_last_year", welfare.VERDICT, "welfare_change_count"]


def rank_metrics(year: int) -> tuple[str, ...]:
    """RANK_METRICS with the 公益性岗位 figure of the policy (welfare_posts_measure) in place of 年内累计安置人数."""
    this_year = welfare.measure(year).this_year
    return tuple(this_year if m == "welfare_placed_count" else m for m in RANK_METRICS)


def with_welfare(current: pd.DataFrame, judged: pd.DataFrame, total, year: int) -> pd.DataFrame:
    """`district_comparison` rows with the 公益性岗位 figures and verdict of `assess.welfare.compare` (the one
    judgement every page uses): the three headcounts this year, last year's same period and full year, whether there
    is a baseline, the verdict on the policy's figure and its change on the same period (None without a baseline).

    A district without a row in `judged` placed nobody in either year and has no baseline; the total row takes
    `total` (None: nobody placed in the selection). Built column by column from plain lists: the frames have one
    row per district, where pandas' cost per operation, not the data, is what a page would wait for.
    """
    m = welfare.measure(year)
    taken = [*welfare.FIGURES, "has_last_year", welfare.VERDICT]
    left_out = () if total is None else total[welfare.LEFT_OUT]
    by_code = dict(zip(judged["district_code"], judged[taken].to_dict("records"), strict=True)) if len(judged) else {}
    absent = dict.fromkeys(welfare.FIGURES, 0) | {"has_last_year": False, welfare.VERDICT: Verdict.NO_BASELINE}
    rows = [total if is_total else by_code.get(code)
            for code, is_total in zip(current["district_code"], current["is_total"].astype(bool), strict=True)]
    rows = [absent if row is None else {c: row[c] for c in taken} for row in rows]
    has = [bool(row["has_last_year"]) for row in rows]
    added = {}
    for column in welfare.FIGURES:
        added[column] = (pd.array([int(row[column]) for row in rows], dtype="int64") if column in WELFARE_THIS_YEAR
                         else pd.array([float(row[column]) if h else float("nan") for row, h in  # last year's: blank
                                        zip(rows, has, strict=True)], dtype="float64"))  # without a base (无基期)
    added["has_last_year"] = pd.array(has, dtype=bool)
    added[welfare.VERDICT] = pd.array([row[welfare.VERDICT] for row in rows], dtype=object)
    added["welfare_change_count"] = pd.array(
        [float(row[m.this_year]) - float(row[m.same_period]) if h else float("nan") for row, h in
         zip(rows, has, strict=True)], dtype="float64")
    added[welfare.LEFT_OUT] = pd.array([left_out if is_total else () for is_total in current["is_total"]],
                                       dtype=object)  # the total's like-with-like comparison leaves these out
    kept = current.drop(columns=[c for c in added if c in current])
    return pd.concat([kept, pd.DataFrame(added, index=current.index)], axis=1)


def judged_month(comparison: pd.DataFrame, welfare_rows: pd.DataFrame, month: str, year: int) -> pd.DataFrame:
    """One month's rows of a `district_comparison` answer (which may hold several months) with the 公益性岗位
    figures and verdict that `assess.welfare.compare` gives on that month's `welfare_posts_vs_last_year` answer."""
    rows = comparison[comparison["month"] == month].reset_index(drop=True)
    return with_welfare(rows, *welfare.compare(welfare_rows, year), year)


def compared(comparison: pd.DataFrame, welfare_now: pd.DataFrame, welfare_before: pd.DataFrame, month: str,
             last_month: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame | None, dict]:
    """区域对比 of `month` from a `district_comparison` answer holding it (and `last_month`, when the lake has it)
    and each month's `welfare_posts_vs_last_year`: this month's rows with the 公益性岗位 verdict (合计 included),
    last month's (None when the answer has no row of it) and the headline."""
    current = judged_month(comparison, welfare_now, month, year)
    has_before = bool((comparison["month"] == last_month).any())
    previous = judged_month(comparison, welfare_before, last_month, year) if has_before else None
    return current, previous, headline(current, year)


def _suffix(column: str) -> str:
    return next(s for s in ("_pct", "_yuan", "_count") if column.endswith(s))


def threshold_columns(metric: str) -> tuple[str, str]:
    """The names of the threshold and gap columns for `metric`; they carry its unit suffix."""
    suffix = _suffix(metric)
    return f"threshold{suffix}", f"threshold_gap{suffix}"


def threshold(metric: str, row: dict, year: int) -> tuple[float | None, str | None]:
    """The value `metric` is held against in `row` and that value's kind; (None, None) for figures without one.

    务工就业人数 vs the policy baseline (same_month_last_year or last_december); 同比 vs 0 (no_change); 就业率 vs the
    policy target (target); a 公益性岗位 figure (as added by with_welfare) vs last year's same period when there
    is a baseline (same_period; DESIGN §4).
    """
    if metric == "employed_count":
        key = employment_baseline(year)
        column = "employed_count_last_year" if key == "same_month_last_year" else "employed_count_last_december"
        return row.get(column), key
    if metric in ("employed_yoy_pct", "employed_yoy_count"):
        return 0.0, "no_change"
    if metric == "able_willing_employment_rate_pct":
        return employment_target_pct(year), "target"
    if metric in WELFARE_THIS_YEAR:
        base = row.get(WELFARE_THIS_YEAR[metric].same_period) if row.get("has_last_year") else None
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
    out[gap_col] = out[metric] - out[threshold_col]  # unrounded: the display rounds it once
    out["verdict"] = verdicts
    out["district_name"] = out["district_code"].map(reference.district_names())
    return out.sort_values(["rank", "district_code"], na_position="last", kind="stable").reset_index(drop=True)


def total_row(total: dict, metric: str, year: int) -> dict:
    """The selection's row of the comparison table with the threshold, gap and verdict of `metric`."""
    threshold_col, gap_col = threshold_columns(metric)
    base = threshold(metric, total, year)[0]
    return total | {"verdict": verdict(metric, total, year), threshold_col: base,
                    gap_col: None if is_missing(base) else total[metric] - base}


def with_welfare_baseline(df: pd.DataFrame) -> pd.DataFrame:
    """A town drill-down's 公益性岗位 rows (district_towns): blank last year's figures where there is no last year
    (无基期, never 0) and add the change. Towns are not judged; districts take with_welfare."""
    out = df.copy()
    no_base = ~out["has_welfare_last_year"].astype(bool)
    for column in ("welfare_placed_last_year_same_period_count", "welfare_placed_last_year_count"):
        if column in out:
            out[column] = out[column].astype("float").mask(no_base)
    out["welfare_placed_change_count"] = out["welfare_placed_count"] - out["welfare_placed_last_year_same_period_count"]
    return out


def headline(df: pd.DataFrame, year: int) -> dict:
    """What the page's first sentence says: districts rising and falling 同比, meeting the employment target,
    and falling below last year's 公益性岗位 level on the policy's figure (lists of district codes; `df` as
    with_welfare returns it)."""
    rows = df[~df["is_total"] & (df["laborer_count"] > 0)]
    target = employment_target_pct(year)
    this_year = welfare.measure(year).this_year
    return {
        "with_laborers": list(rows["district_code"]),
        "yoy_up": list(rows.loc[rows["employed_yoy_count"] > 0, "district_code"]),
        "yoy_down": list(rows.loc[rows["employed_yoy_count"] < 0, "district_code"]),
        "at_target": list(rows.loc[rows["able_willing_employment_rate_pct"] >= target, "district_code"]),
        "welfare_below": list(rows.loc[rows[welfare.VERDICT] == Verdict.NOT_MET, "district_code"]),
        "welfare_no_baseline": list(rows.loc[(rows[welfare.VERDICT] == Verdict.NO_BASELINE) & (rows[this_year] > 0),
                                             "district_code"]),
    }

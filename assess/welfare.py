"""公益性岗位: whether placements reach last year's level (DESIGN §4), on the figure the policy file names.

The rule 安置规模不少于上一年度水平 compares a district's figure with last year's. Mid-year the verdict compares like
with like (本年 1 月至统计月 vs 上年同期; in December that is the full year), and the gap still to reach last year's
full-year level is reported beside it. Only 脱贫劳动力 count (a placement while not on that month's roster is shown
apart as welfare_not_in_roster_count). A district that reported no roster last year has no baseline: 无基期, never a
pass, and its last-year cells are empty; one that reported an empty roster has a baseline of 0, which any level
meets. A total over several districts compares like with like (`like_with_like`): both years over the districts
with a base, naming those left out.
"""

from dataclasses import dataclass

import pandas as pd

from assess.verdicts import Verdict, at_least
from lake import policy


@dataclass(frozen=True)
class Measure:
    key: str  # the policy value naming it (ui.labels words it)
    this_year: str  # column: this year up to the selected month
    same_period: str  # column: last year up to the same month
    last_year: str  # column: last year's full-year level
    shortfall: str  # computed column: how far below the same period (0 when reached)
    gap: str  # computed column: how far still from last year's full-year level (0 when reached)


MEASURES = {
    m.key: m for m in (
        Measure("placed_persons", "welfare_placed_count",
                "welfare_placed_last_year_same_period_count", "welfare_placed_last_year_count",
                "welfare_shortfall_count", "welfare_gap_to_last_year_count"),
        Measure("in_post_year_end", "welfare_in_post_count",
                "welfare_in_post_last_year_same_period_count", "welfare_in_post_last_year_end_count",
                "welfare_shortfall_count", "welfare_gap_to_last_year_count"),
        Measure("post_count", "welfare_post_unit_count", "welfare_post_last_year_same_period_unit_count",
                "welfare_post_last_year_unit_count", "welfare_shortfall_unit_count",
                "welfare_gap_to_last_year_unit_count"),
    )
}
FIGURES = tuple(c for m in MEASURES.values() for c in (m.this_year, m.same_period, m.last_year))
BASELINE_FIGURES = tuple(c for m in MEASURES.values() for c in (m.same_period, m.last_year))
VERDICT = "welfare_verdict"
LEFT_OUT = "welfare_left_out_district_codes"  # on the total: the districts its comparison leaves out (无基期)


@dataclass(frozen=True)
class LikeWithLike:
    """Which districts a total over several districts compares, both years over the same ones."""
    compared: tuple[str, ...]  # the districts with a base: both sides of the total add up over these
    left_out: tuple[str, ...]  # the districts without a base, left out of both sides (and named)

    @property
    def has_base(self) -> bool:
        """False when no district has a base: the total is 无基期, never a pass."""
        return bool(self.compared)


def like_with_like(codes, has_base) -> LikeWithLike:
    """The like-with-like rule for any total over several districts (公益性岗位's total on every page, export, card,
    projection and the 通报): both years add up over the districts that have a base; those without one are left out
    and named (“不含无基期的洪山区”). A selection whose districts all lack a base is 无基期 (nothing compared, nothing
    left out to name: the whole total has no base). `codes` and `has_base` run in step.

    The questions add the total's figures up over `compared` themselves (welfare_posts_vs_last_year,
    welfare_monthly_progress), because a person placed in two districts counts once in a total, which a sum of the
    districts' rows cannot do; `compare` checks that the districts it is given agree with that total.
    """
    pairs = list(zip(codes, has_base, strict=True))
    compared = tuple(c for c, h in pairs if h)
    return LikeWithLike(compared, tuple(c for c, h in pairs if not h) if compared else ())


def measure(year: int) -> Measure:
    """The figure the rule uses in `year` (policy setting `welfare_posts_measure`)."""
    key = policy.value("welfare_posts_measure", year)
    if key not in MEASURES:
        raise ValueError(f"policy.toml: welfare_posts_measure = {key!r} is not one of {sorted(MEASURES)}")
    return MEASURES[key]


def compare(df: pd.DataFrame, year: int) -> tuple[pd.DataFrame, pd.Series | None]:
    """`welfare_posts_vs_last_year` rows judged on the policy's figure: (districts, total of the selection).

    Adds the verdict (MET / NOT_MET / NO_BASELINE), the shortfall against the same period and the gap to last
    year's full year (both None when there is no baseline); last year's figures are empty (NA) without a baseline
    (无基期), 0 only for a true 0. The total row is judged on its own figures (each person once), not from the
    districts' verdicts, and compares like with like (`like_with_like`): its LEFT_OUT names the districts without a
    base that neither of its years counts. Districts that neither placed anyone nor reported this year or last have
    no row, and the total is None when no selected district has one.
    """
    m = measure(year)
    extra = [VERDICT, m.shortfall, m.gap]
    if df.empty:
        return df.assign(**{c: pd.Series(dtype=object) for c in extra}), None
    # column by column on numpy arrays: one row per district, so pandas' cost per operation is what counts
    figures = {c: df[c].fillna(0).to_numpy(dtype="int64") for c in FIGURES}
    has = df["has_last_year"].fillna(False).to_numpy(dtype=bool)
    value, same, last = figures[m.this_year], figures[m.same_period], figures[m.last_year]

    def short_of(base):
        return pd.array([(int(b - v) if b > v else 0) if h else None  # None without a baseline
                         for b, v, h in zip(base, value, has, strict=True)], dtype="Int64")

    shown = {c: figures[c] if c not in BASELINE_FIGURES else  # last year's: empty without a base (无基期)
             pd.array([int(b) if h else None for b, h in zip(figures[c], has, strict=True)], dtype="Int64")
             for c in FIGURES}
    judged = df.assign(**shown, has_last_year=has, **{
        VERDICT: [at_least(v, s) if h else Verdict.NO_BASELINE for v, s, h in zip(value, same, has, strict=True)],
        m.shortfall: short_of(same), m.gap: short_of(last)})
    is_total = judged["district_code"].isna().to_numpy()
    districts = judged[~is_total].reset_index(drop=True)
    if not is_total.any():
        return districts, None
    rule = like_with_like(districts["district_code"], districts["has_last_year"])
    total = judged[is_total].iloc[0]
    if bool(total["has_last_year"]) != rule.has_base:
        raise ValueError("welfare_posts_vs_last_year: the total's base does not follow the like-with-like rule")
    return districts, pd.concat([total, pd.Series([rule.left_out], index=[LEFT_OUT], dtype=object)])


def below_last_year(districts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The districts judged NOT_MET, largest shortfall first."""
    m = measure(year)
    failing = districts[districts[VERDICT] == Verdict.NOT_MET]
    return failing.sort_values([m.shortfall, "district_code"], ascending=[False, True]).reset_index(drop=True)

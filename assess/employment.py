"""就业规模稳定: which month is the baseline, the stability verdict with its margin, per-district verdicts, the
stock-and-flow rows and the employment mix.

The baseline is the one the policy file names for the year (`verdicts.employment_baseline`); equal to it passes.
"""

from dataclasses import dataclass

import pandas as pd

from assess.verdicts import Verdict, at_least, change_pct
from lake import schema

BASELINE_COLUMNS = {"same_month_last_year": "employed_count_last_year",
                    "last_december": "employed_count_last_december"}
HAS_BASELINE_COLUMNS = {"same_month_last_year": "has_same_month_last_year", "last_december": "has_last_december"}


def baseline_month(month: str, key: str) -> str:
    """The roster month a 'YYYY-MM' month is compared with under the policy's baseline `key`."""
    year = int(month[:4]) - 1
    if key == "same_month_last_year":
        return f"{year:04d}{month[4:7]}"
    if key == "last_december":
        return f"{year:04d}-12"
    raise KeyError(f"unknown employment baseline {key!r}")


@dataclass(frozen=True)
class Stability:
    verdict: Verdict  # MET / NOT_MET / NO_BASELINE
    baseline: float | None  # the baseline's employed count, None without one
    margin_count: float | None  # persons above (+) or below (−) the baseline
    margin_pct: float | None  # the same in % of the baseline


def stability(employed, baseline) -> Stability:
    """就业规模总体稳定 when `employed` is not below `baseline` (equal passes); 无基期 without a baseline."""
    verdict = at_least(employed, baseline)
    if verdict == Verdict.NO_BASELINE:
        return Stability(verdict, None, None, None)
    return Stability(verdict, baseline, employed - baseline, change_pct(employed, baseline))


def kpi_stability(kpi, key: str) -> Stability:
    """The selection's stability from its `employment_kpis` row under the policy's baseline `key`."""
    has_base = bool(kpi[HAS_BASELINE_COLUMNS[key]])
    return stability(kpi["employed_count"], kpi[BASELINE_COLUMNS[key]] if has_base else None)


def district_stability(by_district: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each district's employed count against the policy's baseline: the baseline, the margin, the verdict.

    A district without a roster in the baseline month has no baseline (无基期), never a pass.
    """
    has_base = by_district[HAS_BASELINE_COLUMNS[key]]
    baseline = by_district[BASELINE_COLUMNS[key]].where(has_base.astype(bool))
    results = [stability(e, b) for e, b in zip(by_district["employed_count"], baseline, strict=True)]
    return by_district.assign(
        employed_count_baseline=baseline,
        employed_change_count=[r.margin_count for r in results],
        employed_change_pct=[r.margin_pct for r in results],
        stability_verdict=[r.verdict for r in results],
    )


def stability_total(kpi, result: Stability) -> dict:
    """The 合计 row of the scale table: the selection's employed count against its baseline and its verdict."""
    return {"employed_count": kpi["employed_count"], "employed_count_baseline": result.baseline,
            "employed_change_count": result.margin_count, "employed_change_pct": result.margin_pct,
            "stability_verdict": result.verdict}


FLOW_COLUMNS = ("employed_count", "employed_count_baseline", "stock_count", "moved_within_count", "gained_count",
                "gained_new_roster_count", "lost_count", "lost_left_roster_count", "lost_unable_count",
                "moved_in_count", "moved_out_count")


def flows_total(flows: pd.DataFrame) -> pd.Series:
    """The selected districts' row of `employment_stock_flow` (district_code null); zeros when nobody was employed."""
    total = flows[flows["district_code"].isna()]
    if total.empty:
        return pd.Series(0, index=list(FLOW_COLUMNS))
    return total.iloc[0]


def flows_by_district(flows: pd.DataFrame) -> pd.DataFrame:
    """The per-district rows of `employment_stock_flow`, in statistical-code order."""
    return flows[flows["district_code"].notna()].sort_values("district_code").reset_index(drop=True)


MIX_DIMENSIONS = {
    "work_location": schema.WORK_LOCATION_VALUES,  # the unsplit 区内 of old files after the five
    "channel": schema.CHANNELS,
    "employment_form": schema.EMPLOYMENT_FORMS,
    "industry": schema.INDUSTRIES,
}
HOUSEHOLD_GROUPS = ("脱贫户", "监测对象")  # 监测对象 = schema.MONITORED_HOUSEHOLD_TYPES


def mix_of(mix: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """One dimension of `employment_mix`, categories in the schema's order (unreported last), 脱贫户 before 监测对象.

    `category_label` names the organiser under 有组织劳务输出 for the channel dimension.
    """
    order = {c: i for i, c in enumerate(MIX_DIMENSIONS[dimension])}
    part = mix[mix["dimension"] == dimension].copy()
    part["category_label"] = [c if g == c else f"{g}·{c}" for g, c in zip(part["category_group"], part["category"],
                                                                          strict=True)]
    part["_order"] = part["category"].map(order).fillna(len(order))
    part["_group"] = part["household_group"].map({g: i for i, g in enumerate(HOUSEHOLD_GROUPS)})
    return part.sort_values(["_order", "_group"]).drop(columns=["_order", "_group"]).reset_index(drop=True)


def mix_table(part: pd.DataFrame) -> pd.DataFrame:
    """One dimension as a table: a row per category, persons and share of 脱贫户 and of 监测对象 side by side."""
    out = pd.DataFrame({"category_label": list(dict.fromkeys(part["category_label"]))})
    for group, prefix in zip(HOUSEHOLD_GROUPS, ("poverty", "monitored"), strict=True):
        rows = part[part["household_group"] == group].set_index("category_label")
        for column in ("employed_count", "share_pct"):
            out[f"{prefix}_{column}"] = rows[column].reindex(out["category_label"]).fillna(0).to_numpy()
    return out


def flows_split(flows: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """`employment_stock_flow` as (the selection's row, the districts' rows): `flows_total` and `flows_by_district`."""
    return flows_total(flows), flows_by_district(flows)


def mix_with_table(mix: pd.DataFrame, dimension: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One dimension of `employment_mix` as `mix_of` orders it and as `mix_table` lays it out."""
    part = mix_of(mix, dimension)
    return part, mix_table(part)


def rate_verdict(row, target_pct: float) -> Verdict:
    """有劳动能力和就业意愿的就业率 against the target: NO_SUBJECT when nobody is able and willing."""
    if not row["able_willing_count"]:
        return Verdict.NO_SUBJECT
    return at_least(row["able_willing_employment_rate_pct"], target_pct)

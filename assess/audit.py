"""The subsidy audit's judgements on the claims the rules flag (queries.subsidy_audit.flagged_claims): counts and
amounts at risk by rule and district, each claim counted once at its largest amount at risk."""

import pandas as pd

from assess.verdicts import change_pct

ALL_RULES = "all"


def counts_by_rule(flagged: pd.DataFrame, rules: list) -> pd.DataFrame:
    """One row per rule of `rules` (zero when nothing is flagged): flagged claims and amount at risk."""
    known = pd.DataFrame([{"rule_id": r.rule_id, "rule_name": r.name, "rule_description": r.description}
                          for r in rules])
    counts = flagged.groupby("rule_id").agg(flagged_claim_count=("claim_id", "count"),
                                            at_risk_yuan=("at_risk_yuan", "sum")).reset_index()
    out = known.merge(counts, on="rule_id", how="left")
    out["flagged_claim_count"] = out["flagged_claim_count"].fillna(0).astype("int64")
    out["at_risk_yuan"] = out["at_risk_yuan"].fillna(0.0).astype("float64")
    return out


def flagged_claim_ids(flagged: pd.DataFrame, rules: list) -> dict[str, list[str]]:
    """Rule id -> the sorted ids of the claims it flags (the shape of the demo manifest's planted_violations)."""
    return {r.rule_id: sorted(flagged.loc[flagged["rule_id"] == r.rule_id, "claim_id"]) for r in rules}


def only_rule(flagged: pd.DataFrame, rule_id: str) -> pd.DataFrame:
    """The flagged claims of one rule, or all of them for ALL_RULES."""
    if rule_id == ALL_RULES:
        return flagged
    return flagged[flagged["rule_id"] == rule_id].reset_index(drop=True)


def summary(flagged: pd.DataFrame) -> dict:
    """Distinct flagged claims, rule breaches (a claim may break several rules), and the amount at risk, counting
    each claim once at its largest amount at risk."""
    per_claim = flagged.groupby("claim_id")["at_risk_yuan"].max()
    return {"flagged_claim_count": int(per_claim.size), "breach_claim_count": int(len(flagged)),
            "at_risk_yuan": float(per_claim.sum())}


def rule_district_matrix(flagged: pd.DataFrame, rules: list, districts) -> pd.DataFrame:
    """Flagged claims per rule (rows, every rule of `rules`) and district (columns, the given codes in order, then
    their total)."""
    names = {r.rule_id: r.name for r in rules}
    counts = flagged.groupby(["rule_id", "district_code"]).size().unstack(fill_value=0)
    matrix = counts.reindex(index=list(names), columns=list(districts), fill_value=0).astype("int64")
    matrix["total"] = matrix.sum(axis=1)
    return matrix.reset_index().assign(rule_name=lambda d: d["rule_id"].map(names))[
        ["rule_id", "rule_name", *districts, "total"]]


def paid_yoy_pct(by_type: pd.DataFrame) -> float | None:
    """The change of this year's paid amount on last year's same period in % (`subsidies_paid_by_type` rows), None
    when nothing was paid in last year's same period."""
    amount, amount_last = by_type["subsidy_amount_yuan"].sum(), by_type["subsidy_amount_last_year_yuan"].sum()
    return change_pct(amount, amount_last if by_type["subsidy_last_year_claim_count"].sum() else None)


def by_district(flagged: pd.DataFrame, districts) -> pd.DataFrame:
    """Per district of `districts` (in the given order, zero when nothing is flagged): distinct flagged claims and
    the amount at risk, each claim counted once at its largest amount at risk (as `summary`)."""
    per_claim = flagged.groupby(["district_code", "claim_id"])["at_risk_yuan"].max().reset_index()
    counts = per_claim.groupby("district_code").agg(flagged_claim_count=("claim_id", "count"),
                                                    at_risk_yuan=("at_risk_yuan", "sum"))
    out = counts.reindex(list(districts)).fillna(0).rename_axis("district_code").reset_index()
    return out.astype({"flagged_claim_count": "int64", "at_risk_yuan": "float64"})

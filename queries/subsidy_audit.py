"""The subsidy rule audit (DESIGN §6): every claim paid up to a month checked against every rule.

A rule is data, not code: one file `queries/subsidy_rules/<rule_id>.sql` that returns the claims breaking it, all
with the same columns (RULE_COLUMNS). Its header's first line is "规则名：说明"; every parameter other than `month`
and `districts` is a policy key, bound from `data/reference/policy.toml` for the selected year. A new rule is a new
file (plus a policy setting if it needs a new amount or limit); nothing here changes.
"""

from dataclasses import dataclass

import pandas as pd

from lake import policy
from queries import engine

RULE_FOLDER = "subsidy_rules"
SHARED_PARAMS = ("month", "districts")
RULE_COLUMNS = ("claim_id", "month", "subsidy_type", "person_id", "enterprise_id", "district_code", "amount_yuan",
                "at_risk_yuan", "evidence")
FLAGGED_COLUMNS = ("rule_id", "rule_name", *RULE_COLUMNS)


@dataclass(frozen=True)
class Rule:
    rule_id: str  # the file name; the demo manifest's planted_violations use the same ids
    name: str  # short Chinese name, e.g. 创业补贴金额不符
    description: str  # what the rule requires, naming its policy keys
    policy_keys: tuple  # the parameters bound from the policy file


def rules() -> list[Rule]:
    """Every rule in queries/subsidy_rules/, in file-name order."""
    out = []
    for name in engine.questions_in(RULE_FOLDER):
        query = engine.catalog()[name]
        short, _, description = query.question.partition("：")
        keys = tuple(p for p in query.params if p not in SHARED_PARAMS)
        out.append(Rule(name.split("/", 1)[1], short, description or short, keys))
    return out


@dataclass(frozen=True)
class Standard:
    key: str
    label: str  # the policy file's label, e.g. 意外伤害保险补贴每次上限（本地标准）
    value: object
    unit: str
    is_local: bool  # a local parameter (`source = "local"`), not a figure of the work plan


def standards(rule: Rule, year: int) -> list[Standard]:
    """The policy settings a rule applies in `year`, each with whether it is a local parameter."""
    out = []
    for key in rule.policy_keys:
        s = policy.setting(key, year)
        out.append(Standard(key, s["label"], s["value"], s.get("unit", ""), policy.is_local(key, year)))
    return out


def rule_params(rule: Rule, month: str, districts) -> dict:
    """The rule's parameters: the shared filters plus its amounts and limits in force in the month's year."""
    year = int(month[:4])
    return {"month": month, "districts": list(districts)} | {k: policy.value(k, year) for k in rule.policy_keys}


def flagged_claims(month: str, districts) -> pd.DataFrame:
    """Every claim breaking a rule, one row per (rule, claim), for the selected districts.

    Each rule sees every claim paid up to `month` in the whole lake (once-only and cumulative rules need a person's
    history across districts); the district filter applies to the flagged claims only. All rules are answered in
    one statement.
    """
    every = rules()
    params = {}
    for rule in every:
        params |= rule_params(rule, month, districts)
    found = engine.run_together([f"{RULE_FOLDER}/{r.rule_id}" for r in every], params, RULE_COLUMNS)
    names = {r.rule_id: r.name for r in every}
    flagged = found.assign(rule_id=found["question"].str.split("/", n=1).str[1])
    flagged = flagged.assign(rule_name=flagged["rule_id"].map(names))[list(FLAGGED_COLUMNS)]
    flagged = flagged.astype({"amount_yuan": "float64", "at_risk_yuan": "float64"})
    return flagged.sort_values(["month", "claim_id", "rule_id"], ignore_index=True)

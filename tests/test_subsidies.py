"""政策落实: golden tests of the subsidy questions and of every rule check, the demo lake's planted violations, the
claimant model, and the page in AppTest."""

import json
from datetime import date

import pytest

from assess import audit
from lake import manifest as mf
from lake import policy, schema
from lake.demo import RULES
from lake.schema import ORGANIZED_CHANNELS
from queries import engine, subsidy_audit
from queries.engine import serving
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from ui import sentences
from ui.filters import all_district_codes

CAIDIAN, HUANGPI = "420114", "420116"
ALL = [CAIDIAN, HUANGPI]
ROSTER_MONTHS = ("2025-03", "2025-06", "2026-03", "2026-06", "2026-09", "2026-10")
FORMS = {"A": "全日制", "F": "非全日制", "G": "新就业形态", "S1": "自主创业", "S2": "自主创业", "O": "全日制"}
HOME = {"A": CAIDIAN, "S1": CAIDIAN, "F": HUANGPI, "G": HUANGPI, "N": HUANGPI, "S2": HUANGPI, "O": HUANGPI}


def claim(claim_id, month, kind, person_id, amount, district_code=None, **evidence):
    return {"month": month, "claim_id": claim_id, "subsidy_type": kind, "person_id": person_id,
            "district_code": district_code or HOME.get(person_id, CAIDIAN), "amount_yuan": amount} | evidence


# 2025 is a whole roster year (the 交通补助 roster check needs all 12 months of the year before the claim): in the
# months the other questions do not use, A, F, G and N work through a 劳务经纪人 outside their township
# (有组织外出务工), O through a 劳务经纪人 inside it (organized, but not 外出), the others are absent.
ORGANIZED_2025 = {"A", "F", "G", "N"}
ORGANIZED_AT_HOME_2025 = {"O"}


def roster():
    rows = []
    for month in ROSTER_MONTHS:
        for pid, district in HOME.items():
            town = district + "001"
            if pid == "N":
                rows.append(person(month, pid, district, town, employed=False))
            else:
                rows.append(person(month, pid, district, town, employment_form=FORMS[pid]))
    for month in (f"2025-{m:02d}" for m in range(1, 13)):
        if month not in ROSTER_MONTHS:
            rows += [person(month, pid, HOME[pid], HOME[pid] + "001", employment_form=FORMS.get(pid, "全日制"),
                            channel="劳务经纪人", work_location="区外省内" if pid in ORGANIZED_2025 else "乡镇内")
                     for pid in sorted(ORGANIZED_2025 | ORGANIZED_AT_HOME_2025)]
    return rows


STARTED_ON = {"S1": date(2023, 10, 8), "S2": date(2024, 1, 2), "F": date(2023, 1, 9), "N": None}


def entrepreneur(year, person_id):
    return {"year": year, "person_id": person_id, "district_code": HOME[person_id],
            "town_code": HOME[person_id] + "001", "park_id": "C1" if person_id == "S1" else None,
            "started_on": STARTED_ON[person_id], "employs_laborers": 3}


# S1's business started in 2023-10, so its 36 months run to 2026-09; F (2023-01) and N (no start date) are in the
# 2025 roll only, which the 2026 roll questions do not read.
ENTREPRENEURS = [entrepreneur(2025, "S1"), entrepreneur(2026, "S1"), entrepreneur(2026, "S2"),
                 entrepreneur(2025, "F"), entrepreneur(2025, "N")]
HIRING_OK = {"contract_months": 12, "employed_months": 12, "insured_months": 12}
CLEAN = [
    claim("c01", "2025-03", "创业补贴", "S1", 5000),
    claim("c02", "2025-03", "创业担保贷款", "S1", 7000, loan_amount_yuan=200_000),  # exactly at the cap
    claim("c03", "2025-06", "场地租金补贴", "S1", 10500, rent_months=21),  # 2023-10 (the start) to 2025-06
    claim("c11", "2025-12", "场地租金补贴", "S1", 3000, rent_months=6),
    claim("c04", "2026-06", "场地租金补贴", "S1", 3000, rent_months=6),  # 2023-10 to 2026-06 paid: 33 months
    claim("c05", "2025-06", "吸纳就业奖补", "A", 2000, enterprise_id="E1", **HIRING_OK),
    claim("c06", "2026-03", "吸纳就业奖补", "A", 2000, enterprise_id="E2", **HIRING_OK),  # another enterprise: legal
    claim("c07", "2025-03", "交通补助", "A", 500, organized_months=3, work_location="省外"),
    claim("c08", "2026-03", "交通补助", "A", 300, HUANGPI, organized_months=6, work_location="区外省内"),
    claim("c09", "2025-06", "意外伤害保险补贴", "F", 150),
    claim("c10", "2026-06", "社会保险补贴", "G", 3000),
]
VIOLATIONS = {
    "claimant_in_roster": [
        claim("v01", "2026-03", "交通补助", "X", 500, organized_months=6, work_location="省外"),
        claim("v02", "2026-03", "意外伤害保险补贴", "X2", 100),  # absent from the roster: not flexible_form's
    ],
    "startup_amount": [claim("v03", "2026-03", "创业补贴", "S2", 6000)],
    "startup_once": [claim("v04", "2026-06", "创业补贴", "S1", 5000)],
    "startup_is_entrepreneur": [claim("v05", "2026-03", "创业补贴", "A", 5000)],
    "loan_cap": [claim("v06", "2026-03", "创业担保贷款", "S2", 8750, loan_amount_yuan=250_000)],
    "loan_is_entrepreneur": [claim("v24", "2026-03", "创业担保贷款", "A", 7000, loan_amount_yuan=200_000)],
    "rent_amount": [claim("v07", "2026-03", "场地租金补贴", "S2", 3500, rent_months=6)],
    "rent_is_entrepreneur": [claim("v25", "2026-06", "场地租金补贴", "G", 3000, rent_months=6)],
    "rent_since_start": [
        claim("v26", "2026-03", "场地租金补贴", "F", 3000, rent_months=6),  # 36 months end 2025-12: 3 over
        claim("v27", "2026-06", "场地租金补贴", "N", 3000, rent_months=6),  # the roll gives no start date
        claim("v30", "2025-03", "场地租金补贴", "F", 15000, rent_months=30),  # from 2022-10: 3 before the start
    ],
    "rent_max_months": [
        claim("v08", "2026-09", "场地租金补贴", "S1", 3000, rent_months=6),  # 39 months: 3 over
        claim("v09", "2026-09", "场地租金补贴", "S2", 16500, rent_months=33),  # 39 months: 3 over
    ],
    "hiring_amount": [claim("v10", "2025-06", "吸纳就业奖补", "F", 2500, enterprise_id="E1", contract_months=24,
                            employed_months=24, insured_months=12)],
    "hiring_contract": [claim("v11", "2025-06", "吸纳就业奖补", "G", 2000, enterprise_id="E1",
                              **(HIRING_OK | {"contract_months": 11}))],
    "hiring_employed": [claim("v12", "2025-06", "吸纳就业奖补", "G", 2000, enterprise_id="E2",
                              **(HIRING_OK | {"employed_months": 11}))],
    "hiring_insured": [
        claim("v13", "2025-06", "吸纳就业奖补", "F", 2000, enterprise_id="E3", contract_months=12, employed_months=12),
        claim("v14", "2025-06", "吸纳就业奖补", "F", 2000, enterprise_id="E4", **(HIRING_OK | {"insured_months": 0})),
        claim("v29", "2026-03", "吸纳就业奖补", "G", 2000, enterprise_id="E5", **(HIRING_OK | {"insured_months": 11})),
    ],
    "hiring_once_per_enterprise": [claim("v15", "2026-06", "吸纳就业奖补", "A", 2000, enterprise_id="E1", **HIRING_OK)],
    "transport_organized_months": [claim("v16", "2026-03", "交通补助", "F", 500, organized_months=2,
                                         work_location="省外")],
    "transport_amount": [
        claim("v17", "2026-03", "交通补助", "G", 500, organized_months=6, work_location="区外省内"),
        claim("v18", "2026-03", "交通补助", "N", 300, organized_months=6, work_location="区内"),
    ],
    "transport_once_a_year": [claim("v19", "2026-09", "交通补助", "A", 500, organized_months=6, work_location="省外")],
    # S1 reports 6 organized months, but the 2025 rosters show none (c07 in 2025 is not checked: no 2024 roster)
    "transport_roster_organized": [
        claim("v28", "2026-03", "交通补助", "S1", 500, organized_months=6, work_location="省外"),
        # O worked organized all 2025 but inside the home township: not 有组织外出务工
        claim("v31", "2026-03", "交通补助", "O", 500, organized_months=6, work_location="省外"),
    ],
    "flexible_form": [
        claim("v20", "2026-03", "意外伤害保险补贴", "A", 100),  # 全日制
        claim("v21", "2026-03", "社会保险补贴", "N", 1000),  # not employed that month
    ],
    "flexible_amount_cap": [
        claim("v22", "2026-06", "意外伤害保险补贴", "F", 200),
        claim("v23", "2026-06", "社会保险补贴", "G", 3500),
    ],
}
AFTER_THE_MONTH = [claim("v99", "2026-12", "创业补贴", "A", 1)]  # breaks three rules, but after 2026-10


def expected(month="2026-10", districts=ALL) -> dict:
    return {rule: sorted(c["claim_id"] for c in claims if c["month"] <= month and c["district_code"] in districts)
            for rule, claims in VIOLATIONS.items()}


@pytest.fixture
def lake(make_lake, storage):
    claims = CLEAN + [c for cs in VIOLATIONS.values() for c in cs] + AFTER_THE_MONTH
    return make_lake({
        "laborers": roster(),
        "subsidy_claims": claims,
        "entrepreneurs": ENTREPRENEURS,
        "carriers": [
            {"year": 2026, "carrier_id": "C1", "name": "某街道返乡创业园", "kind": "返乡创业园区", "level": "省级",
             "district_code": CAIDIAN, "town_code": "420114001", "laborers_absorbed": 7},
            {"year": 2026, "carrier_id": "C2", "name": "某村零工驿站", "kind": "零工驿站", "level": "区级",
             "district_code": HUANGPI, "town_code": "420116001", "laborers_absorbed": 4},
            {"year": 2026, "carrier_id": "C3", "name": "另一零工驿站", "kind": "零工驿站", "level": "区级",
             "district_code": HUANGPI, "town_code": "420116002", "laborers_absorbed": 5},
        ],
    })


def test_the_rules_are_the_demo_generators_rules():
    assert [r.rule_id for r in subsidy_audit.rules()] == sorted(RULES)
    assert all(r.name and r.description for r in subsidy_audit.rules())


def test_each_rule_flags_exactly_its_violations(lake):
    flagged = subsidy_audit.flagged_claims("2026-10", ALL)
    assert audit.flagged_claim_ids(flagged, subsidy_audit.rules()) == expected()
    assert not set(flagged["claim_id"]) & {c["claim_id"] for c in CLEAN}


def test_history_counts_across_districts_and_only_up_to_the_month(lake):
    caidian = subsidy_audit.flagged_claims("2026-10", [CAIDIAN])
    assert audit.flagged_claim_ids(caidian, subsidy_audit.rules()) == expected(districts=[CAIDIAN])
    assert "v19" in set(caidian["claim_id"])  # A's first 2026 交通补助 was paid in 黄陂
    june = subsidy_audit.flagged_claims("2026-06", ALL)
    assert audit.flagged_claim_ids(june, subsidy_audit.rules()) == expected(month="2026-06")


def test_amount_at_risk_and_evidence(lake):
    flagged = subsidy_audit.flagged_claims("2026-10", ALL).set_index(["rule_id", "claim_id"])
    at_risk = flagged["at_risk_yuan"].to_dict()
    assert at_risk[("loan_cap", "v06")] == 1750.0  # 8,750 × 50,000 / 250,000
    assert at_risk[("rent_max_months", "v08")] == 1500.0 and at_risk[("rent_max_months", "v09")] == 1500.0
    assert at_risk[("startup_amount", "v03")] == 1000.0 and at_risk[("transport_amount", "v17")] == 200.0
    assert at_risk[("transport_amount", "v18")] == 300.0 and at_risk[("flexible_amount_cap", "v23")] == 500.0
    assert at_risk[("hiring_insured", "v13")] == 2000.0
    assert flagged.loc[("rent_max_months", "v09"), "evidence"] == "累计 39 个月（本笔 33 个月），上限 36 个月"
    assert flagged.loc[("hiring_insured", "v13"), "evidence"] == "未填报已缴社会保险月数，视为未缴纳"
    assert flagged.loc[("flexible_form", "v21"), "evidence"] == "发放当月花名册：未就业，不属于灵活就业"
    assert at_risk[("rent_since_start", "v26")] == 1500.0 and at_risk[("rent_since_start", "v27")] == 3000.0
    assert flagged.loc[("rent_since_start", "v26"), "evidence"] == (
        "创业开始于 2023-01-09，本笔 2026-03 发放 6 个月，其中 3 个月在创业满 36 个月之后")
    assert at_risk[("rent_since_start", "v30")] == 1500.0
    assert flagged.loc[("rent_since_start", "v30"), "evidence"] == (
        "创业开始于 2023-01-09，本笔 2025-03 发放 30 个月，其中 3 个月在创业开始之前")
    assert flagged.loc[("rent_since_start", "v27"), "evidence"] == "返乡创业人员名册未填报创业开始日期，无法核验期限"
    assert flagged.loc[("transport_roster_organized", "v28"), "evidence"] == (
        "2025年花名册中有组织外出务工 0 个月（申报 6 个月），须不少于 3 个月")
    assert flagged.loc[("transport_roster_organized", "v31"), "evidence"] == (
        "2025年花名册中有组织外出务工 0 个月（申报 6 个月），须不少于 3 个月")
    assert flagged.loc[("hiring_insured", "v29"), "evidence"] == "已缴社会保险月数 11 个月，须不少于 12 个月"
    assert flagged.loc[("loan_is_entrepreneur", "v24"), "evidence"] == "截至2026年的返乡创业人员名册中没有此人"
    assert "person_id" in flagged.columns and not any("name" in c for c in flagged.columns if c != "rule_name")


def test_audit_summaries(lake):
    flagged = subsidy_audit.flagged_claims("2026-10", ALL)
    by_rule = audit.counts_by_rule(flagged, subsidy_audit.rules()).set_index("rule_id")
    assert len(by_rule) == len(RULES)
    assert by_rule["flagged_claim_count"].to_dict() == {r: len(ids) for r, ids in expected().items()}
    matrix = audit.rule_district_matrix(flagged, subsidy_audit.rules(), ALL).set_index("rule_id")
    assert matrix.loc["claimant_in_roster", CAIDIAN] == 2 and matrix.loc["flexible_form", HUANGPI] == 1
    assert (matrix["total"] == matrix[CAIDIAN] + matrix[HUANGPI]).all()
    summary = audit.summary(flagged)
    assert summary["flagged_claim_count"] == summary["breach_claim_count"] == 31


def test_no_claims_flag_nothing(make_lake):
    make_lake({"laborers": roster(), "subsidy_claims": CLEAN,
               "entrepreneurs": [entrepreneur(2025, "S1"), entrepreneur(2026, "S1")]})
    flagged = subsidy_audit.flagged_claims("2026-10", ALL)
    assert flagged.empty and list(flagged.columns) == list(subsidy_audit.FLAGGED_COLUMNS)
    assert audit.counts_by_rule(flagged, subsidy_audit.rules())["flagged_claim_count"].sum() == 0
    assert audit.rule_district_matrix(flagged, subsidy_audit.rules(), ALL)["total"].sum() == 0


def test_subsidies_paid_by_type_and_month(lake):
    by_type = engine.run("subsidies_paid_by_type", {"month": "2026-06", "districts": [CAIDIAN]})
    row = by_type[by_type["subsidy_type"] == "场地租金补贴"].iloc[0].to_dict()
    assert row == {"subsidy_type": "场地租金补贴", "district_code": CAIDIAN, "subsidy_claim_count": 1,
                   "subsidy_amount_yuan": 3000, "subsidy_last_year_claim_count": 1,
                   "subsidy_amount_last_year_yuan": 10500, "subsidy_amount_change_pct": pytest.approx(-500 / 7)}
    startup = by_type[by_type["subsidy_type"] == "创业补贴"].iloc[0]  # v99 (December) is not in 1—6月
    assert (startup["subsidy_claim_count"], startup["subsidy_amount_yuan"]) == (2, 10000)
    by_month = engine.run("subsidies_paid_by_month", {"month": "2025-03", "districts": ALL})
    assert by_month.to_dict("records") == [
        {"month": "2025-03", "subsidy_type": "交通补助", "subsidy_claim_count": 1, "subsidy_amount_yuan": 500},
        {"month": "2025-03", "subsidy_type": "创业担保贷款", "subsidy_claim_count": 1, "subsidy_amount_yuan": 7000},
        {"month": "2025-03", "subsidy_type": "创业补贴", "subsidy_claim_count": 1, "subsidy_amount_yuan": 5000},
        {"month": "2025-03", "subsidy_type": "场地租金补贴", "subsidy_claim_count": 1, "subsidy_amount_yuan": 15000},
    ]
    checked = engine.run("subsidy_claims_checked", {"month": "2025-06", "districts": [HUANGPI]}).iloc[0]
    assert (checked["checked_claim_count"], checked["checked_amount_yuan"]) == (7, 25650)


def test_entrepreneurs_and_carriers(lake):
    towns = engine.run("entrepreneurs_by_town", {"month": "2026-10", "districts": ALL})
    assert towns.to_dict("records") == [
        {"district_code": CAIDIAN, "town_code": "420114001", "entrepreneur_count": 1, "in_park_count": 1,
         "not_in_park_count": 0, "employed_by_entrepreneurs_count": 3},
        {"district_code": HUANGPI, "town_code": "420116001", "entrepreneur_count": 1, "in_park_count": 0,
         "not_in_park_count": 1, "employed_by_entrepreneurs_count": 3},
    ]
    carriers = engine.run("carriers_by_kind", {"month": "2026-10", "districts": [HUANGPI]})
    assert carriers.to_dict("records") == [
        {"kind": "零工驿站", "level": "区级", "district_code": HUANGPI, "carrier_unit_count": 2,
         "laborers_absorbed_count": 9}]
    assert engine.run("carriers_by_kind", {"month": "2025-10", "districts": ALL}).empty


def test_claim_history_model_equals_the_per_claim_answer(use_demo_lake):
    """The model's roster facts and payment-order counts equal a direct, claim-by-claim computation."""
    cursor = serving.connection().cursor()
    direct = cursor.execute("""
        select c.claim_id,
               (select min(l.month) from laborers as l where l.person_id = c.person_id) as first_month,
               (select max(l.employment_form) from laborers as l
                where l.person_id = c.person_id and l.month = c.month and l.employed) as form,
               (select min(e.year) from entrepreneurs as e where e.person_id = c.person_id) as first_year,
               (select min(e.started_on) from entrepreneurs as e where e.person_id = c.person_id) as started_on,
               (select count(distinct l.month) from laborers as l
                where l.month like cast(cast(c.month[1:4] as integer) - 1 as varchar) || '-%') as last_year_months,
               case when c.subsidy_type = '交通补助' then (select count(distinct l.month) from laborers as l
                where l.person_id = c.person_id and l.employed and l.channel in ?
                and l.month like cast(cast(c.month[1:4] as integer) - 1 as varchar) || '-%') end as organized,
               (select count(*) from subsidy_claims as p where p.person_id = c.person_id
                and p.subsidy_type = c.subsidy_type and (p.month, p.claim_id) <= (c.month, c.claim_id)) as n,
               (select count(*) from subsidy_claims as p where p.person_id = c.person_id
                and p.subsidy_type = c.subsidy_type and p.enterprise_id is not distinct from c.enterprise_id
                and (p.month, p.claim_id) <= (c.month, c.claim_id)) as n_enterprise,
               (select count(*) from subsidy_claims as p where p.person_id = c.person_id
                and p.subsidy_type = c.subsidy_type and substr(p.month, 1, 4) = substr(c.month, 1, 4)
                and (p.month, p.claim_id) <= (c.month, c.claim_id)) as n_year,
               (select cast(coalesce(sum(p.rent_months), 0) as bigint)
                from subsidy_claims as p where p.person_id = c.person_id
                and p.subsidy_type = c.subsidy_type and (p.month, p.claim_id) <= (c.month, c.claim_id)) as rent
        from subsidy_claims as c order by c.claim_id""", [list(ORGANIZED_CHANNELS)]).df()
    model = cursor.execute("""
        select claim_id, claimant_first_roster_month as first_month, claim_month_employment_form as form,
               claimant_first_entrepreneur_year as first_year, claimant_started_on as started_on,
               previous_year_roster_month_count as last_year_months,
               claimant_previous_year_organized_months as organized, person_type_claim_number as n,
               enterprise_person_claim_number as n_enterprise, person_type_year_claim_number as n_year,
               person_type_cumulative_rent_months as rent
        from subsidy_claim_history order by claim_id""").df()
    assert len(model) == len(direct) > 1000
    assert direct.astype(str).equals(model.astype(str))


def test_demo_lake_flags_exactly_the_planted_violations(use_demo_lake):
    planted = json.loads((use_demo_lake / mf.MANIFEST_NAME).read_text())["demo"]["planted_violations"]
    flagged = subsidy_audit.flagged_claims("2026-10", all_district_codes())
    assert audit.flagged_claim_ids(flagged, subsidy_audit.rules()) == planted


def test_page_opens_and_every_widget_moves(use_demo_lake):
    at = open_app("pages/subsidies.py")
    assert_clean(at)
    assert at.title[0].value == "政策落实"
    assert at.subheader[0].value.startswith("2026年1—10月全市发放就业帮扶补贴")
    assert "发现疑点补贴" in at.subheader[0].value
    assert [m.label for m in at.metric] == ["本年已发放补贴", "本年补贴笔数", "疑点补贴", "疑点风险金额",
                                            "返乡创业人数"]
    assert "各补贴类型、各区发放情况" in texts(at) and "各规则核查结果" not in texts(at)  # only the open tab is drawn
    at = open_app("pages/subsidies.py", tab="返乡创业与帮扶载体")  # a link to a tab opens it
    assert_clean(at)
    assert "返乡创业情况" in texts(at) and "各补贴类型、各区发放情况" not in texts(at)
    at = open_app("pages/subsidies.py", tab="规则核查")
    assert "各规则核查结果" in texts(at)
    rules_table = next(d.value for d in at.dataframe if "policy_standard" in d.value.columns).set_index("rule_name")
    local = rules_table["policy_standard"].str.contains("本地参数", na=False)
    assert list(rules_table.index[local]) == ["灵活就业补贴超标准"]
    assert "意外伤害保险补贴每次上限（本地标准） 150 元（本地参数，工作方案未规定金额）" in rules_table.loc[
        "灵活就业补贴超标准", "policy_standard"]
    assert rules_table.loc["吸纳就业奖补未缴社保", "policy_standard"] == "吸纳就业奖补：已缴纳社会保险月数下限 12 个月"
    at.selectbox(key="subsidy_rule").set_value("loan_cap").run()
    assert_clean(at)
    assert at.query_params["tab"] == "规则核查"
    at.selectbox(key="month").set_value("2024-01").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("2024年1月全市")
    at.multiselect(key="district").set_value(["420102"]).run()
    assert_clean(at)
    assert "所选规则在所选区没有疑点补贴" in texts(at) and "未发现违规" in at.subheader[0].value
    at = open_app("pages/subsidies.py", month="2024年01月", district="江岸区")
    assert_clean(at)
    assert "没有补贴发放记录" in texts(at)


def test_local_parameters_are_marked_and_the_plans_are_not():
    local = {s["key"] for s in policy.settings() if policy.is_local(s["key"], 2026)}
    assert local == {"accident_insurance_subsidy_max_yuan", "social_insurance_subsidy_max_yuan"}
    cap = next(r for r in subsidy_audit.rules() if r.rule_id == "flexible_amount_cap")
    assert [s.is_local for s in subsidy_audit.standards(cap, 2026)] == [True, True]
    assert sentences.rule_standards(subsidy_audit.standards(cap, 2026)) == (
        "意外伤害保险补贴每次上限（本地标准） 150 元（本地参数，工作方案未规定金额）；"
        "社会保险补贴每次上限（本地标准） 3,000 元（本地参数，工作方案未规定金额）")
    in_roll = next(r for r in subsidy_audit.rules() if r.rule_id == "rent_is_entrepreneur")
    assert sentences.rule_standards(subsidy_audit.standards(in_roll, 2026)) == "—"


def test_insurance_for_the_whole_year_of_employment_from_the_first_year():
    """The plan's "依法缴纳社会保险费并实现就业1年以上": 12 months, corrected in place (not a later-year setting)."""
    assert {policy.value("hiring_min_insured_months", y) for y in (2024, 2025, 2026)} == {12}


def test_flexible_forms_are_policy_data_open_to_more_forms(make_lake, monkeypatch):
    """"非全日制、新就业形态等多种形式": a form added to the policy list is importable and counts as flexible."""
    rows = [person("2026-03", "P", CAIDIAN, employment_form="个体经营")]
    make_lake({"laborers": rows, "subsidy_claims": [claim("f1", "2026-03", "意外伤害保险补贴", "P", 100)]})
    assert "个体经营" not in schema.allowed_values("laborers", "employment_form")
    assert audit.flagged_claim_ids(subsidy_audit.flagged_claims("2026-10", ALL), subsidy_audit.rules())[
        "flexible_form"] == ["f1"]
    more = [s | {"value": [*s["value"], "个体经营"]} if s["key"] == "flexible_employment_forms" else s
            for s in policy.settings()]
    monkeypatch.setattr(policy, "settings", lambda: tuple(more))
    policy.setting.cache_clear()
    try:
        assert "个体经营" in schema.allowed_values("laborers", "employment_form")
        assert subsidy_audit.flagged_claims("2026-10", ALL).empty
    finally:
        policy.setting.cache_clear()

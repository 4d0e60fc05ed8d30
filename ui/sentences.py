"""The answer-first sentence of each page, worded from the domain's verdicts (assess) and the shared formats."""

from assess.employment import Stability
from assess.numbers import half_up_int, wan_yuan
from assess.verdicts import Verdict, is_missing
from assess.welfare import LEFT_OUT
from ui.labels import BASELINE_NAMES, WELFARE_MEASURE_NAMES, WELFARE_NO_BASELINE, fmt, left_out_note, month_label


def stability(result: Stability, baseline_key: str, baseline_month: str | None = None) -> str:
    """'较上年同期 +732 人（+1.8%），就业规模总体稳定', '低于…，未达到稳定要求', or why it cannot be judged."""
    name = BASELINE_NAMES[baseline_key]
    if result.verdict == Verdict.NO_BASELINE:
        month = f"（{month_label(baseline_month)}）" if baseline_month else ""
        return f"缺少{name}{month}数据，无法判断是否稳定"
    change = (f"较{name} {fmt(result.margin_count, 'employed_count', signed=True)}"
              f"（{fmt(result.margin_pct, 'employed_change_pct', signed=True)}）")
    return f"{change}，" + ("就业规模总体稳定" if result.verdict == Verdict.MET else "就业规模未达到稳定要求")


def scale_headline(month: str, scope_label: str, kpi, result: Stability, baseline_key: str,
                   baseline_month: str | None = None) -> str:
    """'10月全市务工就业 41,236 人，较上年同期 +732 人（+1.8%），就业规模总体稳定' (首页, 就业规模稳定, 通报)."""
    return (f"{int(month[5:7])}月{scope_label}务工就业 {fmt(kpi['employed_count'], 'employed_count')}，"
            f"{stability(result, baseline_key, baseline_month)}")


def brands_headline(month: str, scope_label: str, brand_count: int, total) -> str:
    """'10月全市5个劳务品牌共有成员 …，务工就业 …（就业率 …），平均月收入比同区非品牌务工人员高 …'; the caller says
    when there are no members."""
    members = fmt(total["member_count"], "member_count")
    return (f"{int(month[5:7])}月{scope_label}{brand_count}个劳务品牌共有成员 {members}，"
            f"务工就业 {fmt(total['employed_count'], 'employed_count')}"
            f"（就业率 {fmt(total['employment_rate_pct'], 'employment_rate_pct')}），"
            f"{premium(total['income_premium_yuan'], total['income_premium_pct'])}")


def welfare(row, m, period: str) -> str:
    """The 公益性岗位 figure of a row judged by assess.welfare: the same-period verdict and the gap to last year's
    full-year level."""
    left_out = left_out_note(row.get(LEFT_OUT, ()))
    name = WELFARE_MEASURE_NAMES[m.key] + (f"（{left_out}）" if left_out else "")
    value = fmt(row[m.this_year], m.this_year)
    if row["welfare_verdict"] == Verdict.NO_BASELINE:
        return f"{name} {value}；{WELFARE_NO_BASELINE}（无基期），不作是否达到上年水平的判断"
    change = fmt(row[m.this_year] - row[m.same_period], m.this_year, signed=True)
    verdict = ("达到上年同期水平" if row["welfare_verdict"] == Verdict.MET
               else f"未达到上年同期水平，差 {fmt(row[m.shortfall], m.shortfall)}")
    last = fmt(row[m.last_year], m.last_year)
    gap = (f"已达到上年全年水平（{last}）" if row[m.gap] == 0
           else f"距上年全年水平（{last}）尚差 {fmt(row[m.gap], m.gap)}")
    return f"{name} {value}，较上年同期 {change}，{verdict}；{gap}"


def welfare_below(failing, m, period: str) -> str:
    """The districts below last year's same period, each with its figure, the same period and the shortfall."""
    lines = [f"- **{name}**：{figures}" for name, figures in welfare_below_items(failing, m, period)]
    return (f"**未达到上年同期水平的区（{len(failing)} 个，按{WELFARE_MEASURE_NAMES[m.key]}）**\n\n"
            + "\n".join(lines))


def welfare_below_items(failing, m, period: str) -> list[tuple[str, str]]:
    """Each district below last year's same period as (name, '2026年1—10月 1,234 人，上年同期 1,300 人，差 66 人')."""
    return [(r.district_name, f"{period} {fmt(r[m.this_year], m.this_year)}，上年同期 "
                              f"{fmt(r[m.same_period], m.same_period)}，差 {fmt(r[m.shortfall], m.shortfall)}")
            for _, r in failing.iterrows()]


def subsidies(amount_yuan, yoy_pct, checked, found: dict, as_of: str) -> str:
    """'发放就业帮扶补贴 … 万元，同比 …；核查截至…已发放的全部补贴 … 笔，发现疑点补贴 … 笔、风险金额 … 元'."""
    change = (f"同比 {fmt(yoy_pct, 'subsidy_amount_change_pct', signed=True)}" if yoy_pct is not None
              else "上年同期无发放记录")
    paid = f"发放就业帮扶补贴 {fmt(wan_yuan(amount_yuan), 'subsidy_amount_wan_yuan')}，{change}"
    audit = (f"发现疑点补贴 {fmt(found['flagged_claim_count'], 'flagged_claim_count')}、风险金额 "
             f"{fmt(found['at_risk_yuan'], 'at_risk_yuan')}" if found["flagged_claim_count"] else "未发现违规")
    return (f"{paid}；核查截至{as_of}已发放的全部补贴 {fmt(checked['checked_claim_count'], 'checked_claim_count')}，"
            f"{audit}")


def premium(premium_yuan, premium_pct) -> str:
    """'平均月收入比同区非品牌务工人员高 812 元（+18.5%）', '…低…', '…持平', or why there is no comparison."""
    if is_missing(premium_yuan):
        return "所在区没有可比的非品牌务工人员，无法计算收入溢价"
    if half_up_int(premium_yuan) == 0:
        return "平均月收入与同区非品牌务工人员持平"
    word = "高" if premium_yuan > 0 else "低"
    return (f"平均月收入比同区非品牌务工人员{word} {fmt(abs(premium_yuan), 'income_premium_yuan')}"
            f"（{fmt(premium_pct, 'income_premium_pct', signed=True)}）")


# A rule may apply a setting in its own sense: rent_since_start applies the 36 months as a period from the start, not
# as the cumulative cap the setting's label names.
RULE_STANDARD_LABELS = {("rent_since_start", "rent_subsidy_max_months"): "补贴期限：创业开始当月起"}


def standard_value(s) -> str:
    """A setting's value in words with its unit: '5,000 元/人', '36 个月', '非全日制、新就业形态'."""
    if isinstance(s.value, list):
        return "、".join(s.value)
    value = f"{s.value:,}" if isinstance(s.value, int) and not isinstance(s.value, bool) else str(s.value)
    unit = "个月" if s.unit == "月" else s.unit
    return f"{value} {unit}" if unit else value


def rule_standards(standards, rule_id: str | None = None) -> str:
    """A rule's policy settings in force (queries.subsidy_audit.standards) in words: '一次性创业补贴标准 5,000 元/人',
    a local parameter marked as one ('…150 元（本地参数，工作方案未规定金额）'), or '—' when the rule has none."""
    parts = [f"{RULE_STANDARD_LABELS.get((rule_id, s.key), s.label)} {standard_value(s)}"
             + ("（本地参数，工作方案未规定金额）" if s.is_local else "") for s in standards]
    return "；".join(parts) or "—"


def rule_requirement(description: str, standards) -> str:
    """A rule's requirement with each policy setting it names replaced by its value in force, so that no setting
    name reaches a cell: '不超过 accident_insurance_subsidy_max_yuan' reads '不超过 150 元'."""
    for s in sorted(standards, key=lambda s: -len(s.key)):
        description = description.replace(s.key, standard_value(s))
    return description


def rules_table(by_rule, rules, standards_of) -> object:
    """The 各规则核查结果 table (assess.audit.counts_by_rule without rule ids): each rule's requirement and standard
    in words; `standards_of(rule)` gives the settings in force."""
    standards = [standards_of(r) for r in rules]
    worded = by_rule.assign(rule_description=[rule_requirement(d, st) for d, st in zip(
        by_rule["rule_description"], standards, strict=True)]).drop(columns=["rule_id"])
    worded.insert(2, "policy_standard", [rule_standards(st, r.rule_id) for r, st in zip(rules, standards, strict=True)])
    return worded

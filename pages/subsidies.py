"""政策落实: subsidies paid against last year, every claim checked against every rule, 返乡创业 and carriers."""

from functools import cache

import streamlit as st

from assess import audit
from queries import lake_info, subsidy_audit
from queries.engine import run
from ui import cards, charts, definitions, exports, guard, sentences, shell, tables
from ui.labels import TOTAL, district_name, fmt, label, month_label, period_label

CLAIMS_SOURCE = "补贴发放台账"
PAID = ["subsidy_claim_count", "subsidy_amount_yuan", "subsidy_last_year_claim_count", "subsidy_amount_last_year_yuan"]
f = shell.start()
as_of, ytd = period_label(f.month), period_label(f.month, year_to_date=True)
year_label = ytd if f.month.endswith("-12") else f"{f.year}年（截至{int(f.month[5:])}月）"
rules = subsidy_audit.rules()


@cache  # asked by more than one figure of this run
def paid_and_checked():
    """This year's payments by type and district, their change on last year in %, the claims checked and flagged."""
    by_type = run("subsidies_paid_by_type", f.params())
    yoy = audit.paid_yoy_pct(by_type)
    checked = run("subsidy_claims_checked", f.params()).iloc[0]
    return by_type, yoy, checked, subsidy_audit.flagged_claims(f.month, f.districts)


def entrepreneurs_card() -> cards.Card:
    if not lake_info.has_partition("entrepreneurs", str(f.year)):
        return cards.unreported("返乡创业人数", year_label, "返乡创业人员名册")
    people = run("entrepreneurs_by_town", f.params())
    return cards.Card("返乡创业人数", fmt(people["entrepreneur_count"].sum(), "entrepreneur_count"), year_label,
                      help=f"带动就业 {fmt(people['employed_by_entrepreneurs_count'].sum(), 'employed_count')}")


st.title("政策落实")
with guard.figure("补贴发放与核查"):
    by_type, yoy, checked, flagged = paid_and_checked()
    amount, found = by_type["subsidy_amount_yuan"].sum(), audit.summary(flagged)
    reported = bool(run("subsidies_paid_ytd", f.params()).iloc[0]["has_this_year"])
    st.subheader(f"{ytd}{f.scope_label}" + (sentences.subsidies(amount, yoy, checked, found, as_of) if reported
                                           else "未报送补贴发放台账：发放与核查数字待报送后显示（不是 0）"))
    cards.row([*cards.subsidies(by_type, found, yoy, ytd, as_of, reported), ("返乡创业人数", entrepreneurs_card)])


def paid() -> None:
    by_type, yoy, _, _ = paid_and_checked()
    if by_type.empty:
        st.info(f"{ytd}及上年同期{f.scope_label}没有补贴发放记录。请换一个月份或区，或导入补贴发放台账。",
                icon=":material/info:")
        return
    by_month = run("subsidies_paid_by_month", f.params())
    monthly = by_month.groupby("month", as_index=False)[["subsidy_claim_count", "subsidy_amount_yuan"]].sum()
    charts.show(charts.this_year_vs_last(monthly, "subsidy_amount_yuan",
                                         f"{f.scope_label}每月发放补贴金额：今年与去年同期", f.year),
                key="subsidies_monthly", as_of=as_of, source=CLAIMS_SOURCE)
    this_year = by_month[by_month["month"].str.startswith(str(f.year))]
    if not this_year.empty:
        charts.show(charts.stacked_bar(this_year.assign(month=this_year["month"].map(month_label)), "month",
                                       "subsidy_amount_yuan", "subsidy_type", f"{ytd}每月发放的是哪些补贴？"),
                    key="subsidies_by_type_month", as_of=as_of, source=CLAIMS_SOURCE)
    st.markdown(f"**{ytd}各补贴类型、各区发放情况（与上年同期比较）**")
    tables.show(tables.named(by_type), "subsidies_paid_table",
                total=tables.sums(by_type, PAID) | {"subsidy_amount_change_pct": yoy})
    st.caption(f"数据截至 {as_of} · 来源：{CLAIMS_SOURCE} · 按发放月份统计")


def audit_claims() -> None:
    _, _, checked, flagged = paid_and_checked()
    st.markdown(f"截至{as_of}已发放的补贴逐笔核查：{f.scope_label} "
                f"{fmt(checked['checked_claim_count'], 'checked_claim_count')}"
                f"（{fmt(checked['checked_amount_yuan'], 'checked_amount_yuan')}）。"
                "一次性、累计、每年限次的规则按此人在全市的全部历史核查；标准与上限取自政策参数（按统计年度），"
                "注明“本地参数”的是工作方案未规定金额（“按照有关规定给予”）、按本地规定设置的标准。")
    by_rule = sentences.rules_table(audit.counts_by_rule(flagged, rules), rules,
                                    lambda r: subsidy_audit.standards(r, f.year))
    st.markdown("**各规则核查结果**")
    tables.show(by_rule, "subsidies_rules_table", total=tables.sums(by_rule, ["flagged_claim_count", "at_risk_yuan"]))
    st.markdown("**各规则、各区疑点笔数**")
    matrix = audit.rule_district_matrix(flagged, rules, f.districts).drop(columns=["rule_id"])
    st.dataframe(matrix, key="subsidies_rule_district", hide_index=True,
                 column_config={"rule_name": label("rule_name"), "total": f"{TOTAL}（笔）"}
                 | {d: f"{district_name(d)}（笔）" for d in f.districts})
    st.caption(f"数据截至 {as_of} · 来源：{CLAIMS_SOURCE}、脱贫劳动力月度花名册、返乡创业人员名册")
    names = {r.rule_id: r.name for r in rules}
    chosen = st.selectbox("查看疑点明细", [audit.ALL_RULES, *names], key="subsidy_rule",
                          format_func=lambda r: "全部规则" if r == audit.ALL_RULES else names[r])
    detail = tables.named(audit.only_rule(flagged, chosen).drop(columns=["rule_id"]))
    detail_total = tables.sums(detail, ["amount_yuan", "at_risk_yuan"]) if len(detail) else None
    if detail.empty:
        st.success("所选规则在所选区没有疑点补贴。", icon=":material/check_circle:")
    else:
        tables.show(detail, "subsidies_flagged_table", total=detail_total)
    exports.buttons([
        exports.Sheet("疑点明细", f"就业帮扶补贴疑点明细（截至{as_of}）", detail, as_of,
                      f"{f.scope_label}；规则：{'全部规则' if chosen == audit.ALL_RULES else names[chosen]}",
                      source=CLAIMS_SOURCE, total=detail_total,
                      notes=("人员编号为脱敏编号，请在业务系统中据此核对。",)),
        exports.Sheet("按规则汇总", f"就业帮扶补贴规则核查汇总（截至{as_of}）", by_rule, as_of, f.scope_label,
                      source=CLAIMS_SOURCE, total=tables.sums(by_rule, ["flagged_claim_count", "at_risk_yuan"])),
    ], file_stem=f"补贴疑点_{f.month}", key="subsidies_flagged_export")


def startups_and_carriers() -> None:
    entrepreneurs = run("entrepreneurs_by_town", f.params())
    if entrepreneurs.empty:
        st.info(f"{f.year}年{f.scope_label}没有返乡创业人员名册数据。请导入该年度的返乡创业人员名册。",
                icon=":material/info:")
    else:
        charts.show(charts.parks_by_district(entrepreneurs, f"{year_label}各区返乡创业多少人，多少入驻园区？"),
                    key="subsidies_entrepreneurs", as_of=as_of, source="返乡创业人员名册")
        st.markdown(f"**{year_label}各乡镇（街道）返乡创业情况**")
        towns = tables.named(entrepreneurs)
        tables.show(towns, "subsidies_entrepreneurs_table", total=tables.sums(towns, [
            "entrepreneur_count", "in_park_count", "not_in_park_count", "employed_by_entrepreneurs_count"]))
    carriers = run("carriers_by_kind", f.params())
    if carriers.empty:
        st.info(f"{f.year}年{f.scope_label}没有就业帮扶载体数据。请导入该年度的帮扶载体名录。", icon=":material/info:")
    else:
        per_kind = carriers.groupby(["kind", "level"], as_index=False)["carrier_unit_count"].sum()
        charts.show(charts.stacked_bar(per_kind, "kind", "carrier_unit_count", "level",
                                       f"{year_label}{f.scope_label}有哪些就业帮扶载体？"),
                    key="subsidies_carriers", as_of=as_of, source="就业帮扶载体名录")
        st.markdown(f"**{year_label}各区就业帮扶载体（按类型、级别）**")
        kinds = tables.named(carriers)
        tables.show(kinds, "subsidies_carriers_table",
                    total=tables.sums(kinds, ["carrier_unit_count", "laborers_absorbed_count"]))


# Bound to the URL (?tab=规则核查), so a copied link opens the same tab; only the open tab is drawn.
TABS = {"补贴发放": paid, "规则核查": audit_claims, "返乡创业与帮扶载体": startups_and_carriers}
for tab, (name, draw) in zip(st.tabs(list(TABS), key="tab", bind="query-params"), TABS.items(), strict=True):
    if tab.open:
        with tab, guard.figure(name):
            draw()
definitions.expander("政策落实")

"""政策落实: subsidies paid against last year, every claim checked against every rule, 返乡创业 and carriers."""

import pandas as pd
import streamlit as st

from queries import rules, subsidy_audit
from queries.engine import run
from ui import cards, charts, exports, shell
from ui.labels import column_config, district_name, fmt, month_label, town_name

CLAIMS_SOURCE = "补贴发放台账（subsidy_claims）"
f = shell.start()
as_of = month_label(f.month)
month_no = int(f.month[5:])
ytd = f"{f.year}年1月" if month_no == 1 else f"{f.year}年1—{month_no}月"
year_label = f"{f.year}年" if month_no == 12 else f"{f.year}年（截至{month_no}月）"

by_type = run("subsidies_paid_by_type", f.params())
by_month = run("subsidies_paid_by_month", f.params())
checked = run("subsidy_claims_checked", f.params()).iloc[0]
flagged = subsidy_audit.flagged_claims(f.month, f.districts)
audit = subsidy_audit.summary(flagged)
entrepreneurs = run("entrepreneurs_by_town", f.params())
carriers = run("carriers_by_kind", f.params())


def with_names(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    if "district_code" in out:
        out.insert(list(out.columns).index("district_code"), "district_name", out["district_code"].map(district_name))
    if "town_code" in out:
        out.insert(list(out.columns).index("town_code"), "town_name", out["town_code"].map(town_name))
    return out.drop(columns=[c for c in ("district_code", "town_code") if c in out])


def total_row(df: pd.DataFrame, columns: list[str]) -> dict:
    return {c: df[c].sum() for c in columns}


def table(df: pd.DataFrame, key: str, total: dict | None = None) -> None:
    shown = df if total is None else pd.concat(
        [df, pd.DataFrame([{**{c: None for c in df.columns}, df.columns[0]: "合计", **total}])], ignore_index=True)
    st.dataframe(shown, key=key, hide_index=True, column_config=column_config(shown.columns))


# ---- the answer first ----
amount = by_type["subsidy_amount_yuan"].sum()
amount_last = by_type["subsidy_amount_last_year_yuan"].sum()
has_last_year = bool(by_type["subsidy_last_year_claim_count"].sum())
yoy = rules.change_pct(amount, amount_last if has_last_year else None)
yoy_text = f"同比 {fmt(yoy, 'subsidy_amount_change_pct', signed=True)}" if yoy is not None else "上年同期无发放记录"
found = (f"发现疑点补贴 {fmt(audit['flagged_claim_count'], 'flagged_claim_count')}、"
         f"风险金额 {fmt(audit['at_risk_yuan'], 'at_risk_yuan')}" if audit["flagged_claim_count"] else "未发现违规")
st.title("政策落实")
st.subheader(f"{ytd}{f.scope_label}发放就业帮扶补贴 {fmt(amount / 10_000, 'subsidy_amount_wan_yuan')}，{yoy_text}；"
             f"核查截至{as_of}已发放的全部补贴 {fmt(checked['checked_claim_count'], 'checked_claim_count')}，{found}")

cards.row([
    cards.Card("本年已发放补贴", fmt(amount / 10_000, "subsidy_amount_wan_yuan"), ytd,
               change=f"{fmt((amount - amount_last) / 10_000, 'subsidy_amount_wan_yuan', signed=True)}"
                      f"（{fmt(yoy, 'subsidy_amount_change_pct', signed=True)}）" if yoy is not None else None,
               baseline="较上年同期", help=f"上年同期 {fmt(amount_last / 10_000, 'subsidy_amount_wan_yuan')}"),
    cards.Card("本年补贴笔数", fmt(by_type["subsidy_claim_count"].sum(), "subsidy_claim_count"), ytd,
               help=f"上年同期 {fmt(by_type['subsidy_last_year_claim_count'].sum(), 'subsidy_claim_count')}"),
    cards.Card("疑点补贴", fmt(audit["flagged_claim_count"], "flagged_claim_count"), as_of,
               change=f"违规 {audit['breach_claim_count']:,} 项" if audit["flagged_claim_count"] else None,
               help="截至统计月份已发放的全部补贴逐笔按每条规则核查（一次性、累计类规则看全部历史）；"
                    "一笔补贴可能违反多条规则"),
    cards.Card("疑点风险金额", fmt(audit["at_risk_yuan"], "at_risk_yuan"), as_of,
               help="不符合规则的金额：多发部分，或不应发放的全额；一笔违反多条规则时按最大一项计"),
    cards.Card("返乡创业人数", fmt(entrepreneurs["entrepreneur_count"].sum(), "entrepreneur_count"), year_label,
               help=f"带动就业 {fmt(entrepreneurs['employed_by_entrepreneurs_count'].sum(), 'employed_count')}"),
])


# ---- 1. subsidies paid ----
def paid() -> None:
    if by_type.empty:
        st.info(f"{ytd}及上年同期{f.scope_label}没有补贴发放记录。请换一个月份或区，或导入补贴发放台账。",
                icon=":material/info:")
    else:
        monthly = by_month.groupby("month", as_index=False)[["subsidy_claim_count", "subsidy_amount_yuan"]].sum()
        fig = charts.this_year_vs_last(monthly, "subsidy_amount_yuan",
                                       f"{f.scope_label}每月发放补贴金额：今年与去年同期", f.year)
        charts.show(fig, key="subsidies_monthly", as_of=as_of, source=CLAIMS_SOURCE)
        this_year = by_month[by_month["month"].str.startswith(str(f.year))]
        if not this_year.empty:
            fig = charts.stacked_bar(this_year.assign(month=this_year["month"].map(month_label)), "month",
                                     "subsidy_amount_yuan", "subsidy_type", f"{ytd}每月发放的是哪些补贴？")
            charts.show(fig, key="subsidies_by_type_month", as_of=as_of, source=CLAIMS_SOURCE)
        st.markdown(f"**{ytd}各补贴类型、各区发放情况（与上年同期比较）**")
        paid = with_names(by_type)
        table(paid, "subsidies_paid_table",
              total_row(paid, ["subsidy_claim_count", "subsidy_amount_yuan", "subsidy_last_year_claim_count",
                               "subsidy_amount_last_year_yuan"]) | {"subsidy_amount_change_pct": yoy})
        st.caption(f"数据截至 {as_of} · 来源：{CLAIMS_SOURCE} · 按发放月份统计")

# ---- 2. rule audit ----
def audit_claims() -> None:
    st.markdown(f"截至{as_of}已发放的补贴逐笔核查：{f.scope_label}"
                f" {fmt(checked['checked_claim_count'], 'checked_claim_count')}"
                f"（{fmt(checked['checked_amount_yuan'], 'checked_amount_yuan')}），{found}。"
                "一次性、累计、每年限次的规则按此人在全市的全部历史核查；标准与上限取自政策参数（按统计年度）。")
    by_rule = subsidy_audit.counts_by_rule(flagged)
    st.markdown("**各规则核查结果**")
    table(by_rule.drop(columns=["rule_id"]), "subsidies_rules_table",
          total_row(by_rule, ["flagged_claim_count", "at_risk_yuan"]))
    st.markdown("**各规则、各区疑点笔数**")
    matrix = subsidy_audit.rule_district_matrix(flagged, f.districts).drop(columns=["rule_id"])
    st.dataframe(matrix, key="subsidies_rule_district", hide_index=True,
                 column_config={"rule_name": "违反规则", "total": "合计（笔）"}
                 | {d: f"{district_name(d)}（笔）" for d in f.districts})
    st.caption(f"数据截至 {as_of} · 来源：{CLAIMS_SOURCE}、脱贫劳动力月度花名册、返乡创业人员名册")

    names = {r.rule_id: r.name for r in subsidy_audit.rules()}
    chosen = st.selectbox("查看疑点明细", [subsidy_audit.ALL_RULES, *names], key="subsidy_rule",
                          format_func=lambda r: "全部规则" if r == subsidy_audit.ALL_RULES else names[r])
    detail = with_names(subsidy_audit.only_rule(flagged, chosen).drop(columns=["rule_id"]))
    if detail.empty:
        st.success("所选规则在所选区没有疑点补贴。", icon=":material/check_circle:")
    else:
        table(detail, "subsidies_flagged_table", total_row(detail, ["amount_yuan", "at_risk_yuan"]))
    scope = f"{f.scope_label}；规则：{'全部规则' if chosen == subsidy_audit.ALL_RULES else names[chosen]}"
    exports.buttons([
        exports.Sheet("疑点明细", f"就业帮扶补贴疑点明细（截至{as_of}）", detail, as_of, scope, source=CLAIMS_SOURCE,
                      total=total_row(detail, ["amount_yuan", "at_risk_yuan"]) if len(detail) else None,
                      notes=("人员编号为脱敏编号，请在业务系统中据此核对。",)),
        exports.Sheet("按规则汇总", f"就业帮扶补贴规则核查汇总（截至{as_of}）", by_rule.drop(columns=["rule_id"]),
                      as_of, f.scope_label, source=CLAIMS_SOURCE,
                      total=total_row(by_rule, ["flagged_claim_count", "at_risk_yuan"])),
    ], file_stem=f"补贴疑点_{f.month}", key="subsidies_flagged_export")

# ---- 3. 返乡创业 and carriers ----
def startups_and_carriers() -> None:
    if entrepreneurs.empty:
        st.info(f"{f.year}年{f.scope_label}没有返乡创业人员名册数据。请导入该年度的返乡创业人员名册。",
                icon=":material/info:")
    else:
        per_district = entrepreneurs.groupby("district_code", as_index=False)[
            ["in_park_count", "not_in_park_count"]].sum()
        bars = per_district.melt(id_vars="district_code", var_name="park", value_name="entrepreneur_count").assign(
            district_name=lambda d: d["district_code"].map(district_name),
            park=lambda d: d["park"].map({"in_park_count": "入驻创业园区", "not_in_park_count": "未入园"}))
        fig = charts.stacked_bar(bars, "district_name", "entrepreneur_count", "park",
                                 f"{year_label}各区返乡创业多少人，多少入驻园区？")
        charts.show(fig, key="subsidies_entrepreneurs", as_of=as_of, source="返乡创业人员名册")
        towns = with_names(entrepreneurs)
        st.markdown(f"**{year_label}各乡镇（街道）返乡创业情况**")
        table(towns, "subsidies_entrepreneurs_table",
              total_row(towns, ["entrepreneur_count", "in_park_count", "not_in_park_count",
                                "employed_by_entrepreneurs_count"]))
    if carriers.empty:
        st.info(f"{f.year}年{f.scope_label}没有就业帮扶载体数据。请导入该年度的帮扶载体名录。", icon=":material/info:")
    else:
        per_kind = carriers.groupby(["kind", "level"], as_index=False)["carrier_unit_count"].sum()
        fig = charts.stacked_bar(per_kind, "kind", "carrier_unit_count", "level",
                                 f"{year_label}{f.scope_label}有哪些就业帮扶载体？")
        charts.show(fig, key="subsidies_carriers", as_of=as_of, source="就业帮扶载体名录")
        kinds = with_names(carriers)
        st.markdown(f"**{year_label}各区就业帮扶载体（按类型、级别）**")
        table(kinds, "subsidies_carriers_table", total_row(kinds, ["carrier_unit_count", "laborers_absorbed_count"]))


# Bound to the URL (?tab=规则核查), so a copied link opens the same tab; only the open tab is drawn.
for tab, draw in zip(st.tabs(["补贴发放", "规则核查", "返乡创业与帮扶载体"], key="tab", bind="query-params"),
                     (paid, audit_claims, startups_and_carriers), strict=True):
    if tab.open:
        with tab:
            draw()

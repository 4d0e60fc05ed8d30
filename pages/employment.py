"""就业规模稳定: is employment holding steady (稳存量、扩增量、提质量), where and how people work, who needs help."""

from functools import cache

import streamlit as st

from assess import employment as er
from assess import verdicts
from queries.engine import derive, prefetch, run
from ui import cards, charts, definitions, exports, guard, projections, sentences, shell, tables
from ui.labels import BASELINE_NAMES, MIX_DIMENSION_NAMES, district_name, fmt, month_label, period_label

f = shell.start()
as_of, moy = period_label(f.month), int(f.month[5:])
baseline_key = verdicts.employment_baseline(f.year)
baseline_name, baseline_month = BASELINE_NAMES[baseline_key], er.baseline_month(f.month, baseline_key)
last_year_month = er.baseline_month(f.month, "same_month_last_year")
prefetch([(name, f.params()) for name in ("employment_kpis", "employment_by_district",
                                           "able_willing_unemployed_by_town", "employment_monthly_by_district",
                                           "employment_flows_monthly", "employment_mix", "employment_quality")]
         + [("employment_stock_flow", f.params(baseline=baseline_key)),
            ("employment_trend", {"districts": list(f.districts)})])

kpi = run("employment_kpis", f.params()).iloc[0]
st.title("就业规模稳定")
if kpi["laborer_count"] == 0:
    st.info(f"{f.scope_label}在{as_of}没有脱贫劳动力花名册数据。请在左侧换一个月份或区；若应有数据，请导入该月花名册。",
            icon=":material/folder_off:")
    st.stop()
scale = er.kpi_stability(kpi, baseline_key)
st.subheader(sentences.scale_headline(f.month, f.scope_label, kpi, scale, baseline_key, baseline_month))
cards.row(cards.employment_scale(kpi, scale, baseline_key, f.month))


@cache  # asked by more than one figure of this run
def scale_by_district():
    return tables.with_names(derive(er.district_stability, [("employment_by_district", f.params())], baseline_key))


@cache  # asked by more than one figure of this run
def towns_to_help(district: str):
    towns = run("able_willing_unemployed_by_town", f.params())
    return tables.with_names(towns[towns["district_code"].isin(f.districts if district == "all" else [district])])


@cache  # asked by more than one figure of this run
def stock_and_flow():
    total, by_district = derive(er.flows_split, [("employment_stock_flow", f.params(baseline=baseline_key))])
    return total, tables.with_names(by_district)[tables.COLUMNS["employment_flows"]]


st.header("一、就业规模：是否不低于基期")
scale_columns = tables.COLUMNS["employment_scale"]
with guard.figure("各区就业规模"):
    by_district = scale_by_district()
    trend = run("employment_trend", {"districts": list(f.districts)})
    question = f"{f.scope_label}务工就业人数：今年每月是否不低于去年？"
    charts.show(charts.this_year_vs_last(trend, "employed_count", question, f.year), key="employment_trend_chart",
                as_of=as_of)
    st.markdown(f"**各区务工就业人数与{baseline_name}比较**（{as_of}；基期 {month_label(baseline_month)}）")
    tables.show(by_district[scale_columns], "employment_scale_table")
    ranked = by_district.dropna(subset=["employed_change_pct"])
    if len(by_district) > 1 and not ranked.empty:
        charts.show(charts.ranked_bar(ranked, "district_name", "employed_change_pct",
                                      f"哪些区务工就业人数低于{baseline_name}？（较基期增减率）"),
                    key="employment_change_chart", as_of=as_of)

@cache  # asked by more than one figure of this run
def projected():
    return projections.asked("employment_monthly_by_district", f.params(), "employed_count", f.month)


with guard.figure("年末预计"):
    st.markdown("**年末预计：按目前进度，年末务工就业人数能否不低于上年？**")
    projections.show(projected(), "employed_count", "employment_projection", lead=f"{f.scope_label}务工就业人数",
                     note="上年 = 上年12月务工就业人数。", no_history="上年没有完整的逐月花名册，无法按进度预计年末。",
                     december=f"{f.year}年12月即年末，不再预计。" if moy == 12 else None)

st.header("二、稳存量、扩增量、流失")
with guard.figure("稳存量、扩增量、流失"):
    flow_total, flow_table = stock_and_flow()
    if not kpi[er.HAS_BASELINE_COLUMNS[baseline_key]]:
        st.info(f"没有基期 {month_label(baseline_month)}（{baseline_name}）的花名册，无法按人比对稳存量、扩增量和流失。"
                "请导入该月花名册，或换一个统计月份。", icon=":material/info:")
    else:
        st.caption(f"{as_of}花名册与基期 {month_label(baseline_month)}（{baseline_name}）花名册按人逐一比对。")
        cards.row(cards.stock_and_flow(flow_total, as_of, f.is_city))
        st.markdown("**各区稳存量、扩增量、流失与跨区迁入、迁出**（基期人数 + 扩增量 + 迁入 − 流失 − 迁出 = 本月人数）")
        tables.show(flow_table, "employment_flow_table")
    monthly = run("employment_flows_monthly", f.params())
    if not monthly.empty:
        charts.show(charts.inflow_outflow(monthly, "entered_count", "exited_count",
                                          f"{f.year}年每月有多少人新进入、多少人退出务工就业？（较上月）",
                                          net=None if f.is_city else "net_moved_in_count"),
                    key="employment_monthly_flow_chart", as_of=as_of)

st.header("三、在哪里、怎么就业")
dimension = st.radio("构成维度", list(er.MIX_DIMENSIONS), format_func=MIX_DIMENSION_NAMES.get, horizontal=True,
                     key="mix_dimension")
with guard.figure("就业构成"):
    part, mix_table = derive(er.mix_with_table, [("employment_mix", f.params())], dimension)
    if part.empty:
        st.info(f"{f.scope_label}在{as_of}没有务工就业人员，无构成可看。", icon=":material/info:")
    else:
        question = f"脱贫户与监测对象按{MIX_DIMENSION_NAMES[dimension]}的构成有何不同？（各自合计 100%）"
        charts.show(charts.grouped_bars(part, "category_label", "share_pct", "household_group", question,
                                        colors=charts.HOUSEHOLD_COLORS), key="employment_mix_chart", as_of=as_of)
        tables.show(mix_table, "employment_mix_table")
        st.caption("监测对象 = 脱贫不稳定户、边缘易致贫户、突发严重困难户（防止返贫监测对象）。")

st.header("四、就业质量（提质量）")
with guard.figure("就业质量"):
    quality = run("employment_quality", f.params()).iloc[0]
    cards.row(cards.quality(quality, as_of, period_label(f.month, year_to_date=True),
                            f"较上年同期（{month_label(last_year_month)}）"))

st.header("五、还需帮扶：有能力有意愿但未就业")
cards.row([cards.able_willing_rate(kpi, verdicts.employment_target_pct(f.year), as_of),
           cards.Card("有能力有意愿但未就业", fmt(kpi["able_willing_count"] - kpi["able_willing_employed_count"],
                                                  "able_willing_unemployed_count"), as_of,
                      help=definitions.of("able_willing_unemployed_count"))])
with guard.figure("各乡镇有能力有意愿但未就业人数"):
    helped = scale_by_district().query("able_willing_count > 0")
    if len(helped) > 1:
        charts.show(charts.ranked_bar(helped, "district_name", "able_willing_unemployed_count",
                                      "哪些区有能力有意愿但未就业的人最多？"), key="employment_unemployed_chart",
                    as_of=as_of)
    chosen = st.selectbox("乡镇（街道）范围", ["all", *f.districts], key="help_district",
                          format_func=lambda d: "全部所选区" if d == "all" else district_name(d))
    towns = towns_to_help(chosen)[tables.COLUMNS["employment_towns"]]
    st.markdown(f"**各乡镇（街道）有能力有意愿但未就业人数**（{as_of}，按未就业人数从多到少）")
    if towns.empty:
        st.info("所选范围内本月没有有劳动能力和就业意愿的脱贫劳动力。", icon=":material/info:")
    else:
        tables.show(towns, "employment_town_table")

with guard.figure("导出"):
    flow_total, flow_table = stock_and_flow()
    filters_text = f"统计月份 {as_of}；范围 {f.scope_label}；基期 {baseline_name}（{month_label(baseline_month)}）"
    exports.buttons([
        exports.Sheet("就业规模", f"{f.scope_label}各区务工就业人数与{baseline_name}比较",
                      scale_by_district()[scale_columns], as_of, filters_text, total=er.stability_total(kpi, scale)),
        *([exports.Sheet("稳存量扩增量流失", f"{f.scope_label}各区稳存量、扩增量、流失", flow_table, as_of,
                         filters_text, total={c: flow_total[c] for c in flow_table.columns[1:]},
                         notes=("合计行按所选区整体计算：人员在所选区之间流动计入稳存量，不计迁入、迁出。",))]
          if kpi[er.HAS_BASELINE_COLUMNS[baseline_key]] else []),
        *([exports.Sheet("年末预计", f"{f.scope_label}务工就业人数年末预计（{as_of}）", projected()[0], as_of,
                         filters_text, total=projected()[1], notes=(projections.METHOD,))]
          if moy != 12 and projected()[1] is not None else []),
        exports.Sheet("未就业乡镇", f"{f.scope_label}各乡镇有能力有意愿但未就业人数",
                      towns_to_help(chosen)[tables.COLUMNS["employment_towns"]], as_of, filters_text),
    ], file_stem=f"就业规模稳定_{f.month}", key="employment_export")
definitions.expander("就业规模稳定")

"""就业规模稳定: is employment holding steady (稳存量、扩增量、提质量), where and how people work, who needs help."""

import streamlit as st

from queries import employment_rules as er
from queries import rules
from queries.engine import run
from ui import cards, charts, exports, shell
from ui.labels import change_text, column_config, district_name, fmt, fmt_points, month_label, town_name

f = shell.start()
as_of = month_label(f.month)
moy = int(f.month[5:])
baseline_key, baseline_name = rules.employment_baseline(f.year)
baseline_month = er.baseline_month(f.month, baseline_key)

kpi = run("employment_kpis", f.params()).iloc[0]
st.title("就业规模稳定")
if kpi["laborer_count"] == 0:
    st.info(f"{f.scope_label}在{as_of}没有脱贫劳动力花名册数据。请在左侧换一个月份或区；"
            "若应有数据，请导入该月花名册。", icon=":material/folder_off:")
    st.stop()

by_district = er.district_stability(run("employment_by_district", f.params()), baseline_key)
by_district = by_district.assign(district_name=by_district["district_code"].map(district_name))
flows = run("employment_stock_flow", f.params(baseline=baseline_key))
flow_total, flow_districts = er.flows_total(flows), er.flows_by_district(flows)
monthly = run("employment_flows_monthly", f.params())
mix = run("employment_mix", f.params())
quality = run("employment_quality", f.params()).iloc[0]
towns = run("able_willing_unemployed_by_town", f.params())
trend = run("employment_trend", {"districts": list(f.districts)})

# ---- the answer first ----
baseline = kpi[er.BASELINE_COLUMNS[baseline_key]]
has_base = kpi["has_same_month_last_year" if baseline_key == "same_month_last_year" else "has_last_december"]
scale = er.stability(kpi["employed_count"], baseline if has_base else None)
if scale.verdict == rules.NO_BASELINE:
    ending = f"缺少{baseline_name}（{month_label(baseline_month)}）数据，无法判断是否稳定"
else:
    ending = (f"较{baseline_name} {fmt(scale.margin_count, 'employed_count', signed=True)}"
              f"（{fmt(scale.margin_pct, 'employed_change_pct', signed=True)}），{scale.sentence}")
st.subheader(f"{moy}月{f.scope_label}务工就业 {fmt(kpi['employed_count'], 'employed_count')}，{ending}")


last_year = kpi["employed_count_last_year"] if kpi["has_same_month_last_year"] else None
last_december = kpi["employed_count_last_december"] if kpi["has_last_december"] else None
cards.row([
    cards.Card("务工就业人数", fmt(kpi["employed_count"], "employed_count"), as_of,
               change=change_text(kpi["employed_count"], baseline if has_base else None, "employed_count"),
               baseline=f"较{baseline_name}", verdict=scale.verdict,
               help=f"不低于{baseline_name}（{month_label(baseline_month)}）即“就业规模总体稳定”，相等也算达到；"
                    "基期由政策参数 employment_baseline 设定"),
    cards.Card("同比（上年同期）", fmt(last_year, "employed_count"), month_label(er.baseline_month(
        f.month, "same_month_last_year")), change=change_text(kpi["employed_count"], last_year, "employed_count"),
               baseline="本月较上年同期"),
    cards.Card("上年末", fmt(last_december, "employed_count"), f"{f.year - 1}年12月",
               change=change_text(kpi["employed_count"], last_december, "employed_count"), baseline="本月较上年末"),
    cards.Card("脱贫劳动力总数", fmt(kpi["laborer_count"], "laborer_count"), as_of,
               help="当月花名册人数（含防止返贫监测对象）"),
])

# ---- 1. scale ----
st.header("一、就业规模：是否不低于基期")
fig = charts.this_year_vs_last(trend, "employed_count", f"{f.scope_label}务工就业人数：今年每月是否不低于去年？",
                               f.year)
charts.show(fig, key="employment_trend_chart", as_of=as_of)
scale_columns = ["district_name", "employed_count", "employed_count_baseline", "employed_change_count",
                 "employed_change_pct", "stability_verdict", "employed_count_last_year", "employed_count_last_december"]
scale_table = by_district[scale_columns]
st.markdown(f"**各区务工就业人数与{baseline_name}比较**（{as_of}；基期 {month_label(baseline_month)}）")
st.dataframe(scale_table, hide_index=True, column_config=column_config(scale_columns), key="employment_scale_table")
if len(by_district) > 1:
    ranked = by_district.dropna(subset=["employed_change_pct"])
    if not ranked.empty:
        fig = charts.ranked_bar(ranked, "district_name", "employed_change_pct",
                                f"哪些区务工就业人数低于{baseline_name}？（较基期增减率）")
        charts.show(fig, key="employment_change_chart", as_of=as_of)

# ---- 2. stock and flow ----
st.header("二、稳存量、扩增量、流失")
flow_columns = ["district_name", "employed_count_baseline", "stock_count", "gained_count", "moved_in_count",
                "lost_count", "moved_out_count", "employed_count"]
flow_table = flow_districts.assign(district_name=flow_districts["district_code"].map(district_name))[flow_columns]
if not has_base:
    st.info(f"没有基期 {month_label(baseline_month)}（{baseline_name}）的花名册，无法按人比对稳存量、扩增量和流失。"
            "请导入该月花名册，或换一个统计月份。", icon=":material/info:")
else:
    st.caption(f"{as_of}花名册与基期 {month_label(baseline_month)}（{baseline_name}）花名册按人逐一比对。")
    flow_cards = [
        cards.Card("稳存量", fmt(flow_total["stock_count"], "stock_count"), as_of,
                   help="本月与基期都务工就业的人数（人员在所选区之间流动也算稳存量）"),
        cards.Card("扩增量", fmt(flow_total["gained_count"], "gained_count"), as_of,
                   help=f"本月务工就业、基期未就业或不在花名册的人数；其中基期不在花名册 "
                        f"{fmt(flow_total['gained_new_roster_count'], 'gained_new_roster_count')}"),
        cards.Card("流失", fmt(flow_total["lost_count"], "lost_count"), as_of,
                   help=f"基期务工就业、本月未就业或不在花名册的人数；其中本月不在花名册 "
                        f"{fmt(flow_total['lost_left_roster_count'], 'lost_left_roster_count')}，"
                        f"本月无劳动能力或无就业意愿 "
                        f"{fmt(flow_total['lost_unable_count'], 'lost_unable_count')}"),
    ]
    if f.is_city:
        flow_cards.append(cards.Card("区间流动", fmt(flow_total["moved_within_count"], "moved_within_count"), as_of,
                                     help="换了区但两个月都在务工就业的人数，计入稳存量，不算流失和扩增"))
    else:
        flow_cards.append(cards.Card("跨区迁入 / 迁出", f"{fmt(flow_total['moved_in_count'], 'moved_in_count')} / "
                                     f"{fmt(flow_total['moved_out_count'], 'moved_out_count')}", as_of,
                                     help="从所选区以外迁入 / 迁往所选区以外、两个月都在务工就业的人数"))
    cards.row(flow_cards)
    st.markdown("**各区稳存量、扩增量、流失与跨区迁入、迁出**（基期人数 + 扩增量 + 迁入 − 流失 − 迁出 = 本月人数）")
    st.dataframe(flow_table, hide_index=True, column_config=column_config(flow_columns), key="employment_flow_table")
if not monthly.empty:
    fig = charts.inflow_outflow(monthly, "entered_count", "exited_count",
                                f"{f.year}年每月有多少人新进入、多少人退出务工就业？（较上月）",
                                net=None if f.is_city else "net_moved_in_count")
    charts.show(fig, key="employment_monthly_flow_chart", as_of=as_of)

# ---- 3. where and how ----
st.header("三、在哪里、怎么就业")
dimension = st.radio("构成维度", list(er.MIX_DIMENSIONS), format_func=lambda d: er.MIX_DIMENSIONS[d][0],
                     horizontal=True, key="mix_dimension")
part = er.mix_of(mix, dimension)
if part.empty:
    st.info(f"{f.scope_label}在{as_of}没有务工就业人员，无构成可看。", icon=":material/info:")
else:
    name = er.MIX_DIMENSIONS[dimension][0]
    fig = charts.grouped_bars(part, "category_label", "share_pct", "household_group",
                              f"脱贫户与监测对象按{name}的构成有何不同？（各自合计 100%）",
                              colors={"脱贫户": charts.YEAR_COLORS[1], "监测对象": "#ff7f0e"})
    charts.show(fig, key="employment_mix_chart", as_of=as_of)
    mix_table = er.mix_table(part)
    st.dataframe(mix_table, hide_index=True, column_config=column_config(mix_table.columns),
                 key="employment_mix_table")
    st.caption("监测对象 = 脱贫不稳定户、边缘易致贫户、突发严重困难户（防止返贫监测对象）。")

# ---- 4. quality ----
st.header("四、就业质量（提质量）")
same_month = f"较上年同期（{month_label(er.baseline_month(f.month, 'same_month_last_year'))}）"


def points_change(now, before) -> str | None:
    if before is None or before != before or now != now:
        return None
    return fmt_points(now - before)


cards.row([
    cards.Card("平均月收入", fmt(quality["avg_income_yuan"], "avg_income_yuan"), as_of,
               change=change_text(quality["avg_income_yuan"], quality["avg_income_last_year_yuan"], "avg_income_yuan"),
               baseline=same_month, help="务工就业人员月收入的平均数（未填报收入者不计）"),
    cards.Card("月收入中位数", fmt(quality["median_income_yuan"], "median_income_yuan"), as_of,
               change=change_text(quality["median_income_yuan"], quality["median_income_last_year_yuan"],
                                  "avg_income_yuan"),
               baseline=same_month, help="务工就业人员月收入按大小排列居中的值"),
    cards.Card("签订劳动合同", fmt(quality["contract_pct"], "contract_pct"), as_of,
               change=points_change(quality["contract_pct"], quality["contract_last_year_pct"]), baseline=same_month,
               help="签订劳动合同人数 ÷ 务工就业人数"),
])
cards.row([
    cards.Card("参加社会保险", fmt(quality["insured_pct"], "insured_pct"), as_of,
               change=points_change(quality["insured_pct"], quality["insured_last_year_pct"]), baseline=same_month,
               help="参加社会保险人数 ÷ 务工就业人数"),
    cards.Card("本年参加技能培训", fmt(quality["trained_skill_pct"], "trained_skill_pct"), f"{f.year}年1—{moy}月",
               change=points_change(quality["trained_skill_pct"], quality["trained_skill_last_year_pct"]),
               baseline=same_month, help="本年参加过技能培训的人数 ÷ 脱贫劳动力总数"),
    cards.Card("本年参加创业培训", fmt(quality["trained_startup_pct"], "trained_startup_pct"), f"{f.year}年1—{moy}月",
               change=points_change(quality["trained_startup_pct"], quality["trained_startup_last_year_pct"]),
               baseline=same_month, help="本年参加过创业培训的人数 ÷ 脱贫劳动力总数"),
])

# ---- 5. who still needs help ----
st.header("五、还需帮扶：有能力有意愿但未就业")
target = rules.employment_target_pct(f.year)
rate = kpi["able_willing_employment_rate_pct"]
unemployed = kpi["able_willing_count"] - kpi["able_willing_employed_count"]
cards.row([
    cards.Card("有劳动能力和就业意愿的就业率", fmt(rate, "able_willing_employment_rate_pct"), as_of,
               change=f"{fmt(kpi['able_willing_employed_count'], 'able_willing_employed_count')} / "
                      f"{fmt(kpi['able_willing_count'], 'able_willing_count')}", baseline=f"目标 {target:.0f}%",
               verdict=rules.at_least(rate, target) if kpi["able_willing_count"] else "无对象"),
    cards.Card("有能力有意愿但未就业", fmt(unemployed, "able_willing_unemployed_count"), as_of,
               help="有劳动能力且有就业意愿、本月未务工就业的人数（仅计数，不列人员）"),
])
helped = by_district[by_district["able_willing_count"] > 0]
if len(helped) > 1:
    fig = charts.ranked_bar(helped, "district_name", "able_willing_unemployed_count",
                            "哪些区有能力有意愿但未就业的人最多？")
    charts.show(fig, key="employment_unemployed_chart", as_of=as_of)
town_options = ["all"] + list(f.districts)
chosen = st.selectbox("乡镇（街道）范围", town_options, key="help_district",
                      format_func=lambda d: "全部所选区" if d == "all" else district_name(d))
town_table = towns if chosen == "all" else towns[towns["district_code"] == chosen]
town_table = town_table.assign(district_name=town_table["district_code"].map(district_name),
                               town_name=town_table["town_code"].map(town_name))
town_columns = ["district_name", "town_name", "able_willing_unemployed_count", "able_willing_count",
                "able_willing_employed_count", "able_willing_employment_rate_pct"]
st.markdown(f"**各乡镇（街道）有能力有意愿但未就业人数**（{as_of}，按未就业人数从多到少）")
if town_table.empty:
    st.info("所选范围内本月没有有劳动能力和就业意愿的脱贫劳动力。", icon=":material/info:")
else:
    st.dataframe(town_table[town_columns], hide_index=True, column_config=column_config(town_columns),
                 key="employment_town_table")

# ---- exports and definitions ----
filters_text = f"统计月份 {as_of}；范围 {f.scope_label}；基期 {baseline_name}（{month_label(baseline_month)}）"
scale_total = {"employed_count": kpi["employed_count"], "employed_count_baseline": baseline if has_base else None,
               "employed_change_count": scale.margin_count, "employed_change_pct": scale.margin_pct,
               "stability_verdict": scale.verdict}
flow_sheet = exports.Sheet(
    "稳存量扩增量流失", f"{f.scope_label}各区稳存量、扩增量、流失", flow_table, as_of, filters_text,
    total={c: flow_total[c] for c in flow_columns[1:]},
    notes=("合计行按所选区整体计算：人员在所选区之间流动计入稳存量，不计迁入、迁出。",))
exports.buttons([
    exports.Sheet("就业规模", f"{f.scope_label}各区务工就业人数与{baseline_name}比较", scale_table, as_of, filters_text,
                  total=scale_total),
    *([flow_sheet] if has_base else []),
    exports.Sheet("未就业乡镇", f"{f.scope_label}各乡镇有能力有意愿但未就业人数", town_table[town_columns], as_of,
                  filters_text),
], file_stem=f"就业规模稳定_{f.month}", key="employment_export")

with st.expander("口径说明", icon=":material/menu_book:"):
    st.markdown(f"""
- **务工就业人数**：统计月份花名册中 `employed` 为真的人数；人员跨区时按当月所在区统计。
- **就业规模总体稳定**：务工就业人数不低于基期（相等即达到）；基期由政策参数设定，
  {f.year}年为“{baseline_name}”。基期月无花名册时为“无基期”，不算达到。
  **同比**比上年同月，**上年末**比上年 12 月。
- **稳存量**：本月与基期都务工就业的人（按 person_id 比对两期花名册）；
  在所选区之间换区的人仍算稳存量（全市合计里换区不是流失加扩增）。
- **扩增量**：本月务工就业、基期未就业或不在基期花名册的人。
  **流失**：基期务工就业、本月未就业（含丧失劳动能力、无就业意愿）或不在本月花名册的人。
- **跨区迁入 / 迁出**（分区）：两期都务工就业、但基期在另一区 / 本月在另一区的人。
  本月人数 = 基期人数 + 扩增量 + 迁入 − 流失 − 迁出。
- **当月新增 / 退出就业**：每月与上月花名册按人比对的扩增量、流失；
  **跨区净迁入**为迁入减迁出（所选区之间的流动相互抵消）。
- **构成**：务工就业人员按务工地点、就业渠道（有组织劳务输出按组织方细分）、就业形式、行业的人数占比；
  脱贫户与监测对象（脱贫不稳定户、边缘易致贫户、突发严重困难户）各自合计 100%；未填报单列。
- **平均 / 中位月收入**：务工就业人员中填报了月收入者的平均数 / 中位数（元）。
  **签订劳动合同、参加社会保险占比**：分母为务工就业人数。
  **本年参加技能 / 创业培训占比**：本年参加过培训的人数 ÷ 脱贫劳动力总数。
  变化均较上年同月，占比的变化以百分点表示。
- **有劳动能力和就业意愿的就业率**：已就业 ÷ 有劳动能力且有就业意愿的人数，目标 {target:.0f}%；
  **有能力有意愿但未就业**为二者之差，本页只给人数，不列人员。
- 详见 `docs/metrics.md`“就业规模稳定”一节。
""")

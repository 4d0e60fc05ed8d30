"""区域对比: how each district does — rank on a chosen figure, a map, 同比, towns of a chosen district, and the
workbook district officers send with their 通报."""

from functools import partial

import streamlit as st

from assess import districts as ranking
from assess import verdicts, welfare
from queries import engine
from queries.engine import run
from ui import cards, charts, exports, guard, maps, shell, tables
from ui.briefing import button as briefing
from ui.labels import (
    THRESHOLD_NAMES,
    TOTAL,
    UNASSIGNED,
    WELFARE_MEASURE_NAMES,
    district_name,
    label,
    left_out_note,
    month_label,
    period_label,
    setting_named,
)

DRILL_KEY = "drill_district"
f = shell.start()
as_of, ytd = period_label(f.month), period_label(f.month, year_to_date=True)
codes = list(f.districts)
last_month = verdicts.previous_month(f.month)
months = [f.month] + ([last_month] if last_month in engine.lake_state().months else [])
m = welfare.measure(f.year)
asked = [("district_comparison", {"months": months, "districts": codes}),  # this month, and last month for the rank
         *(("welfare_posts_vs_last_year", {"month": month, "districts": codes}) for month in (f.month, last_month))]
current, previous, head = engine.derive(ranking.compared, asked, f.month, last_month, f.year)
current = current.assign(district_name=[TOTAL if t else district_name(c)
                                        for c, t in zip(current["district_code"], current["is_total"], strict=True)])
total, districts = current[current["is_total"]].iloc[0], current[~current["is_total"]].reset_index(drop=True)
target = verdicts.employment_target_pct(f.year)
names = tables.district_names

st.title("区域对比")
st.subheader(f"{int(f.month[5:])}月{f.scope_label}{len(codes)}个区中有脱贫劳动力的 {len(head['with_laborers'])} 个区："
             f"务工就业同比增长 {len(head['yoy_up'])} 个、下降 {len(head['yoy_down'])} 个；"
             f"公益性岗位{WELFARE_MEASURE_NAMES[m.key]}低于上年同期的区：{names(head['welfare_below'])}")
cards.row(cards.district_headline(total, head, target, as_of, ytd, WELFARE_MEASURE_NAMES[m.key], f.year))

st.header("按指标排名")
metric = st.selectbox("排名指标", ranking.rank_metrics(f.year), format_func=label, key="rank_metric")
ranked = ranking.ranked(current, previous, metric, f.year)
threshold_col, gap_col = ranking.threshold_columns(metric)
period = ytd if metric in (m.this_year, "subsidy_amount_yuan") else as_of
drill_to = partial(maps.drill_to, codes=codes, state_key=DRILL_KEY)
left, right = st.columns(2)
with left:
    charts.show(charts.district_ranking(ranked, metric, f"各区{label(metric)}排名（点击条形查看乡镇）",
                                        threshold_col, THRESHOLD_NAMES), key="districts_rank_bar", as_of=period,
                on_select=partial(drill_to, "districts_rank_bar"))
map_slot = right.container()  # drawn once the drill-down district is known, so the map can outline it
rank_columns = ["rank", "rank_change", "district_name", metric, "threshold_kind", threshold_col, gap_col, "verdict"]
tables.show(ranked[rank_columns].assign(threshold_kind=ranked["threshold_kind"].map(THRESHOLD_NAMES)),
            "districts_rank_table")
st.caption(f"数据截至 {period} · 名次按{label(metric)}从高到低，并列取同名次，无脱贫劳动力的区不排名；"
           f"名次较上月：与{month_label(last_month)}相比，正数为上升"
           + ("（上月无数据，不比较）" if previous is None else "") + "；百分比指标的差距以百分点计。")

yoy = districts.dropna(subset=["employed_yoy_pct"])
charts.show(charts.district_yoy(yoy), key="districts_yoy_bar", as_of=as_of,
            on_select=partial(drill_to, "districts_yoy_bar"))
no_roster = list(districts.loc[districts["laborer_count"] == 0, "district_code"])
no_base = [c for c in districts["district_code"] if c not in set(yoy["district_code"]) and c not in no_roster]
if no_roster or no_base:
    st.caption("未列出：" + "；".join(part for part in (
        f"当月无脱贫劳动力的区 {names(no_roster)}" if no_roster else "",
        f"上年同月无花名册或为 0（无基期）的区 {names(no_base)}" if no_base else "") if part))

st.header("各区指标对比")
table_columns = ["district_name", *tables.district_figures(m), "rank", "rank_change", threshold_col, gap_col,
                 "verdict"]
on_screen = districts.merge(ranked[["district_code", "rank", "rank_change", threshold_col, gap_col, "verdict"]],
                            on="district_code", how="left")[table_columns]
total_row = ranking.total_row(total.to_dict(), metric, f.year)
tables.show(on_screen, "districts_table", total=total_row)
measure_setting = setting_named("welfare_posts_measure", f.year)
welfare_note = (f"公益性岗位判断口径：{WELFARE_MEASURE_NAMES[m.key]}（{measure_setting}），"
                f"{ytd} 对上年同期，与“公益性岗位安置”页同一判断；另两项人数列在旁边，不作判断。"
                + (f"公益性岗位合计只比较有基期的区（{left_out_note(total[welfare.LEFT_OUT])}）。"
                   if len(total[welfare.LEFT_OUT]) else ""))
st.caption(f"数据截至 {as_of}（公益性岗位、补贴为{ytd}累计）· 区按统计用区划代码排列；合计为所选区合计，"
           f"公益性岗位安置按人去重（跨区调动的人合计只算一次）；排名列按“{label(metric)}”。{welfare_note}")

st.header("乡镇下钻")
laborers = dict(zip(districts["district_code"], districts["laborer_count"], strict=True))
drill_default = max(codes, key=laborers.get)
drill = st.selectbox("查看哪个区的乡镇（街道）", codes, index=codes.index(drill_default), format_func=district_name,
                     key=DRILL_KEY, bind="query-params")
with guard.figure("乡镇下钻"):
    towns = ranking.with_welfare_baseline(run("district_towns", {"month": f.month, "districts": [drill]}))
    towns["town_name"] = towns["town_name"].mask(towns["is_unassigned"], UNASSIGNED)
    town_total = towns[towns["is_total"]].iloc[0].to_dict()
    town_rows = towns[~towns["is_total"]]
    town_columns = ["town_name", *tables.COLUMNS["town_figures"]]
    if town_total["laborer_count"] == 0 and town_total["welfare_placed_count"] == 0:
        st.info(f"{district_name(drill)}{as_of}没有脱贫劳动力花名册记录，所以下表各乡镇均为 0；"
                "如该区应有数据，请导入其花名册。", icon=":material/info:")
    else:
        charts.show(charts.town_ranking(town_rows, district_name(drill)), key="districts_town_bar", as_of=as_of)
    tables.show(town_rows[town_columns], "districts_town_table", total=town_total)
    notes = [f"数据截至 {as_of}（公益性岗位、补贴为{ytd}累计）· 合计等于{district_name(drill)}全区。",
             *(["“未落乡镇”：记录中没有乡镇代码的人员，及领取人当月不在本区花名册中的补贴。"]
               if town_rows["is_unassigned"].any() else []), "补贴台账只登记到区，按领取人发放当月所在乡镇归属。",
             *(["年内在乡镇间调动的公益性岗位人员在各乡镇分别计入，合计按人去重。"]
               if town_rows["welfare_placed_count"].sum() != town_total["welfare_placed_count"] else [])]
    st.caption(" ".join(notes))
with map_slot:
    charts.show(maps.district_map(districts, metric, f"{label(metric)}的区域分布（点击区查看乡镇）", chosen=drill),
                key="districts_map", as_of=period, on_select=partial(drill_to, "districts_map"),
                source="脱贫劳动力月度花名册；区界：开源行政区划数据（MIT 许可）")

st.header("导出")
with guard.figure("导出"):
    filters, drilled = f"统计月份 {as_of}；范围 {f.scope_label}；排名指标 {label(metric)}", district_name(drill)
    exports.buttons([
        exports.Sheet("各区对比", f"{f.scope_label}脱贫劳动力就业帮扶区域对比（{as_of}）", on_screen, as_of, filters,
                      total=total_row, notes=(f"公益性岗位、补贴为{ytd}累计；公益性岗位安置按人去重。", welfare_note,
                                              "名次较上月：正数为上升；百分比指标的差距以百分点计。")),
        exports.Sheet(f"{drilled}乡镇", f"{drilled}各乡镇（街道）脱贫劳动力就业帮扶情况（{as_of}）",
                      town_rows[town_columns].reset_index(drop=True), as_of, f"{filters}；下钻区 {drilled}",
                      total=town_total, notes=tuple(notes[1:])),
    ], file_stem=f"区域对比_{f.month}_{drilled}", key="districts_export")

st.header("月度通报")
briefing.offer(f, key="districts_briefing")

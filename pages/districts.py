"""区域对比: how each district does — rank on a chosen figure, a map, 同比, towns of a chosen district, and the
workbook district officers send with their 通报."""

from functools import partial

import pandas as pd
import streamlit as st

from queries import district_ranking as ranking
from queries import engine, rules
from queries.engine import run
from ui import cards, charts, exports, maps, shell
from ui.labels import column_config, district_name, fmt, label, month_label

DISTRICT_FIGURES = [
    "laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count", "employed_yoy_pct",
    "able_willing_count", "able_willing_employed_count", "able_willing_employment_rate_pct", "out_of_province_pct",
    "avg_income_yuan", "welfare_placed_count", "welfare_placed_last_year_same_period_count",
    "welfare_placed_change_count", "welfare_verdict", "subsidy_claim_count", "subsidy_amount_yuan",
]
TOWN_FIGURES = [f for f in DISTRICT_FIGURES if f != "welfare_verdict"]
DRILL_KEY = "drill_district"

f = shell.start()
as_of = month_label(f.month)
ytd = f"{f.year}年1—{int(f.month[5:])}月"
codes = list(f.districts)
# this month, and last month for the rank change, in one question
last_month = rules.previous_month(f.month)
months = [f.month] + ([last_month] if last_month in engine.lake_state().months else [])
both = run("district_comparison", {"months": months, "districts": codes})
current = ranking.with_welfare_baseline(both[both["month"] == f.month].reset_index(drop=True))
current["welfare_verdict"] = ranking.welfare_verdicts(current)
current["district_name"] = [ranking.TOTAL if t else district_name(c)
                            for c, t in zip(current["district_code"], current["is_total"], strict=True)]
previous = both[both["month"] == last_month].reset_index(drop=True) if len(months) > 1 else None
total = current[current["is_total"]].iloc[0]
districts = current[~current["is_total"]].reset_index(drop=True)

# ---- the answer first ----
head = ranking.headline(current, f.year)
target = rules.employment_target_pct(f.year)


def names(district_codes: list) -> str:
    return "、".join(district_name(c) for c in district_codes) or "无"


with_laborers = len(head["with_laborers"])
st.title("区域对比")
st.subheader(f"{int(f.month[5:])}月{f.scope_label}{len(codes)}个区中有脱贫劳动力的 {with_laborers} 个区："
             f"务工就业同比增长 {len(head['yoy_up'])} 个、下降 {len(head['yoy_down'])} 个；"
             f"公益性岗位累计安置低于上年同期的区：{names(head['welfare_below'])}")
cards.row([
    cards.Card("务工就业人数", fmt(total["employed_count"], "employed_count"), as_of,
               change=None if total["employed_yoy_count"] != total["employed_yoy_count"] else
               f"{fmt(total['employed_yoy_count'], 'employed_yoy_count', signed=True)}"
               f"（{fmt(total['employed_yoy_pct'], 'employed_yoy_pct', signed=True)}）",
               baseline="较上年同期", help="所选各区合计，等于首页的全市（或所选区）务工就业人数"),
    cards.Card("同比下降的区", f"{len(head['yoy_down'])} 个", as_of,
               help=f"务工就业人数低于上年同月的区：{names(head['yoy_down'])}"),
    cards.Card("就业率达标的区", f"{len(head['at_target'])} / {with_laborers} 个", as_of,
               baseline=f"目标 {target:.0f}%",
               help=f"有劳动能力和就业意愿的就业率不低于 {target:.0f}% 的区：{names(head['at_target'])}"),
    cards.Card("公益性岗位未达上年的区", f"{len(head['welfare_below'])} 个", ytd,
               verdict=rules.FAIL if head["welfare_below"] else rules.PASS,
               help=f"年内累计安置人数低于上年同期：{names(head['welfare_below'])}；"
                    f"无基期（上年无花名册）：{names(head['welfare_no_baseline'])}"),
])

# ---- rank on a chosen figure: bar, map, table ----
st.header("按指标排名")
metric = st.selectbox("排名指标", ranking.RANK_METRICS, format_func=label, key="rank_metric")
ranked = ranking.ranked(current, previous, metric, f.year)
threshold_col, gap_col = ranking.threshold_columns(metric)
period = ytd if metric in ("welfare_placed_count", "subsidy_amount_yuan") else as_of


def with_total(df: pd.DataFrame, total_row: dict) -> pd.DataFrame:
    """The table with its 合计 row last, as on screen."""
    return pd.concat([df, pd.DataFrame([{c: total_row.get(c) for c in df.columns}])], ignore_index=True)


def choose_from(chart_key: str) -> None:
    """A click on a district in a chart drills down to it."""
    code = maps.district_from_selection(st.session_state.get(chart_key), codes)
    if code:
        st.session_state[DRILL_KEY] = code


laborers_by_district = districts.set_index("district_code")["laborer_count"]
drill_default = max(codes, key=lambda c: laborers_by_district[c])  # the largest; the first in code order on a tie
left, right = st.columns(2)
with left:
    shown = ranked.dropna(subset=[metric])
    fig = charts.ranked_bar(shown, "district_name", metric, f"各区{label(metric)}排名（点击条形查看乡镇）",
                            custom_data=["district_code"])
    if threshold_col in shown and shown[threshold_col].nunique() == 1:
        fig.add_vline(x=float(shown[threshold_col].iloc[0]), line_dash="dash", line_color="#d62728",
                      annotation_text=shown["threshold_name"].iloc[0])
    fig.update_yaxes(title=None)
    charts.show(fig, key="districts_rank_bar", as_of=period, on_select=partial(choose_from, "districts_rank_bar"))
map_slot = right.container()  # drawn once the drill-down district is known, so the map can outline it

rank_columns = ["rank", "rank_change", "district_name", metric, "threshold_name", threshold_col, gap_col, "verdict"]
st.dataframe(ranked[rank_columns], hide_index=True, column_config=column_config(rank_columns),
             key="districts_rank_table")
st.caption(f"数据截至 {period} · 名次按{label(metric)}从高到低，并列取同名次，无脱贫劳动力的区不排名；"
           f"名次较上月：与{month_label(last_month)}相比，正数为上升"
           + ("（上月无数据，不比较）" if previous is None else "")
           + "；百分比指标的差距以百分点计。")

# ---- 同比 ----
yoy = districts.dropna(subset=["employed_yoy_pct"])
fig = charts.ranked_bar(yoy, "district_name", "employed_yoy_pct", "各区务工就业人数同比：哪些区在增长？",
                        custom_data=["district_code"])
fig.add_vline(x=0, line_color="#555555")
fig.update_yaxes(title=None)
charts.show(fig, key="districts_yoy_bar", as_of=as_of, on_select=partial(choose_from, "districts_yoy_bar"))
no_roster = list(districts.loc[districts["laborer_count"] == 0, "district_code"])
no_base = [c for c in districts["district_code"] if c not in set(yoy["district_code"]) and c not in no_roster]
if no_roster or no_base:
    st.caption("未列出：" + "；".join(part for part in (
        f"当月无脱贫劳动力的区 {names(no_roster)}" if no_roster else "",
        f"上年同月无花名册或为 0（无基期）的区 {names(no_base)}" if no_base else "") if part))

# ---- every district, statistical-code order, with 合计 ----
st.header("各区指标对比")
district_table = districts.copy()
district_table = district_table.merge(ranked[["district_code", "rank", "rank_change", threshold_col, gap_col,
                                              "verdict"]], on="district_code", how="left")
table_columns = ["district_name", *DISTRICT_FIGURES, "rank", "rank_change", threshold_col, gap_col, "verdict"]
total_row = total.to_dict() | {"district_name": ranking.TOTAL,
                               "verdict": ranking.verdict(metric, total.to_dict(), f.year),
                               threshold_col: ranking.threshold(metric, total.to_dict(), f.year)[0]}
total_row[gap_col] = (None if total_row[threshold_col] is None
                      else round(total_row[metric] - total_row[threshold_col], 2))
on_screen = district_table[table_columns]
st.dataframe(with_total(on_screen, total_row),
             hide_index=True, column_config=column_config(table_columns) | {
                 "district_name": st.column_config.Column(label("district_name"), pinned=True)},
             key="districts_table")
st.caption(f"数据截至 {as_of}（公益性岗位、补贴为{ytd}累计）· 区按统计用区划代码排列；合计为所选区合计，"
           f"公益性岗位安置按人去重（跨区调动的人合计只算一次）；排名列按“{label(metric)}”。")

# ---- drill down to towns ----
st.header("乡镇下钻")
drill = st.selectbox("查看哪个区的乡镇（街道）", codes, index=codes.index(drill_default), format_func=district_name,
                     key=DRILL_KEY, bind="query-params")
towns = ranking.with_welfare_baseline(run("district_towns", {"month": f.month, "districts": [drill]}))
towns["town_name"] = towns["town_name"].mask(towns["is_unassigned"], ranking.UNASSIGNED)
in_town = ~towns["is_total"] & ~towns["is_unassigned"]
welfare_base = ["welfare_placed_last_year_same_period_count", "welfare_placed_change_count"]
towns.loc[in_town, welfare_base] = towns.loc[in_town, welfare_base].fillna(0)  # as before: 0 here, not 无基期
town_total = towns[towns["is_total"]].iloc[0].to_dict() | {"town_name": ranking.TOTAL}
town_rows = towns[~towns["is_total"]]
town_columns = ["town_name", *TOWN_FIGURES]
if town_total["laborer_count"] == 0 and town_total["welfare_placed_count"] == 0:
    st.info(f"{district_name(drill)}{as_of}没有脱贫劳动力花名册记录，所以下表各乡镇均为 0；"
            "如该区应有数据，请导入其花名册。", icon=":material/info:")
else:
    fig = charts.ranked_bar(town_rows[town_rows["laborer_count"] > 0], "town_name", "employed_count",
                            f"{district_name(drill)}各乡镇（街道）务工就业人数", color_by_district=False)
    fig.update_traces(marker_color=charts.DISTRICT_COLORS.get(district_name(drill)))
    fig.update_yaxes(title=None)
    charts.show(fig, key="districts_town_bar", as_of=as_of)
with map_slot:
    fig = maps.district_map(districts, metric, f"{label(metric)}的区域分布（点击区查看乡镇）", chosen=drill)
    charts.show(fig, key="districts_map", as_of=period, on_select=partial(choose_from, "districts_map"),
                source="脱贫劳动力月度花名册；区界：echarts-china-cities-pypkg（MIT）")
st.dataframe(with_total(town_rows[town_columns], town_total),
             hide_index=True, column_config=column_config(town_columns) | {
                 "town_name": st.column_config.Column(label("town_name"), pinned=True)},
             key="districts_town_table")
notes = [f"数据截至 {as_of}（公益性岗位、补贴为{ytd}累计）· 合计等于{district_name(drill)}全区。"]
if town_rows["is_unassigned"].any():
    notes.append("“未落乡镇”：记录中没有乡镇代码的人员，及领取人当月不在本区花名册中的补贴。")
notes.append("补贴台账只登记到区，按领取人发放当月所在乡镇归属。")
if town_rows["welfare_placed_count"].sum() != town_total["welfare_placed_count"]:
    notes.append("年内在乡镇间调动的公益性岗位人员在各乡镇分别计入，合计按人去重。")
st.caption(" ".join(notes))

# ---- exports ----
st.header("导出")
filters = f"统计月份 {as_of}；范围 {f.scope_label}；排名指标 {label(metric)}"
sheets = [
    exports.Sheet("各区对比", f"{f.scope_label}脱贫劳动力就业帮扶区域对比（{as_of}）", on_screen, as_of, filters,
                  total={c: total_row.get(c) for c in table_columns},
                  notes=(f"公益性岗位、补贴为{ytd}累计；公益性岗位安置按人去重。",
                         "名次较上月：正数为上升；百分比指标的差距以百分点计。")),
    exports.Sheet(f"{district_name(drill)}乡镇",
                  f"{district_name(drill)}各乡镇（街道）脱贫劳动力就业帮扶情况（{as_of}）",
                  town_rows[town_columns].reset_index(drop=True), as_of, f"{filters}；下钻区 {district_name(drill)}",
                  total={c: town_total.get(c) for c in town_columns}, notes=tuple(notes[1:])),
]
exports.buttons(sheets, f"区域对比_{f.month}_{district_name(drill)}", key="districts_export")

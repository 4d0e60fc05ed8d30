"""公益性岗位: do placements reach last year's level? The districts below it first, then every figure behind it."""

from functools import cache

import streamlit as st

from assess import welfare
from assess.verdicts import Verdict
from queries import lake_info
from queries.engine import derive, prefetch, run
from ui import cards, charts, definitions, exports, guard, projections, sentences, shell, tables
from ui.labels import (
    WELFARE_MEASURE_NAMES,
    WELFARE_NO_BASELINE,
    WELFARE_NO_BASELINE_RULE,
    district_name,
    fmt,
    period_label,
    same_period_last_year,
    setting_named,
    total_label,
)

SOURCE = "乡村公益性岗位月度花名册"
PRIORITY_PLAN_WORDS = "优先安置无法离乡、无业可就的脱贫劳动力就业"
f = shell.start()
moy, as_of = int(f.month[5:]), period_label(f.month)
ytd, same_period = period_label(f.month, year_to_date=True), same_period_last_year(f.month, year_to_date=True)
m = welfare.measure(f.year)
name = WELFARE_MEASURE_NAMES[m.key]
measure_setting = setting_named("welfare_posts_measure", f.year)
prefetch([(question, f.params()) for question in ("welfare_posts_vs_last_year", "welfare_priority_by_district",
                                                  "welfare_monthly_progress", "welfare_posts_by_type",
                                                  "welfare_in_post_trend")])
districts, total = derive(welfare.compare, [("welfare_posts_vs_last_year", f.params())], f.year)
districts = districts.assign(district_name=districts["district_code"].map(district_name))

st.title("公益性岗位安置")
if districts.empty:
    if lake_info.reported_by("welfare_posts", f.month, f.districts):  # reported, with nobody in post: a true 0
        st.subheader(f"{f.scope_label}{f.year}年和{f.year - 1}年都没有公益性岗位安置人员（0 人）")
    else:
        st.subheader(f"{f.scope_label}{f.year}年和{f.year - 1}年都未报送公益性岗位花名册（未报送，不是 0）")
    st.info("请导入公益性岗位花名册（数据导入页）；本月已报送但没有人员的区，导入时在“本月已报送、但没有任何记录的区”中"
            "选上，其数字为 0。也可在左侧选择其他区、月份。", icon=":material/info:")
    st.stop()
in_post_as_of = period_label(total["in_post_month"]) if isinstance(total["in_post_month"], str) else as_of
st.subheader(f"{ytd}{f.scope_label}公益性岗位{sentences.welfare(total, m, ytd)}")
first = total_label(f.scope_label, total[welfare.LEFT_OUT])
st.caption(f"比较口径：{name}（{measure_setting}）。年中按同期比较（{ytd} 对 {same_period}），"
           f"12月即全年比较；{WELFARE_NO_BASELINE_RULE}；合计只比较有基期的区，两年都不含无基期的区。"
           + ("" if moy == 12 else f"{f.year}年为年内部分数据（截至{moy}月）。"))

failing = welfare.below_last_year(districts, f.year)
if len(failing):
    st.error(sentences.welfare_below(failing, m, ytd), icon=":material/cancel:")
elif (districts[welfare.VERDICT] == Verdict.MET).any():
    st.success(f"有基期的区{name}均达到上年同期水平。", icon=":material/check_circle:")
no_baseline = districts[districts[welfare.VERDICT] == Verdict.NO_BASELINE]
if len(no_baseline):
    st.warning(f"无基期（{WELFARE_NO_BASELINE}，不作达标判断）：{'、'.join(no_baseline['district_name'])}",
               icon=":material/remove:")


@cache  # asked by more than one figure of this run
def priority_by_district():
    """The 优先安置 table's district rows and its 合计 row (None when no selected district placed anyone)."""
    priority = run("welfare_priority_by_district", f.params())
    priority = priority.assign(district_name=priority["district_code"].map(district_name, na_action="ignore"))
    total_rows = priority[priority["district_code"].isna()]
    rows = priority[priority["district_code"].notna()][tables.COLUMNS["welfare_priority"]]
    return rows, total_rows.iloc[0].to_dict() if len(total_rows) else None


def priority_card() -> cards.Card:
    priority_total = priority_by_district()[1] or {}
    share = fmt(priority_total.get("welfare_priority_pct"), "welfare_priority_pct")
    return cards.Card("优先安置代理对象占比", share, ytd, help=definitions.of("welfare_priority_pct"))


cards.row([*cards.welfare_measures(total, m, ytd, in_post_as_of),
           cards.Card("距上年全年水平尚差", fmt(total[m.gap], m.gap), ytd,
                      baseline=f"上年全年 {fmt(total[m.last_year], m.last_year)}" if total["has_last_year"]
                      else "无基期",
                      help=definitions.of(m.gap, "公益性岗位")),
           ("优先安置代理对象占比", priority_card)])

st.header("各区安置情况")
figures = [m.this_year, m.same_period, m.shortfall, m.last_year, m.gap]
table_columns = ["district_name", welfare.VERDICT, *figures, *[c for c in welfare.FIGURES if c not in figures],
                 "welfare_not_in_roster_count"]
tables.show(districts[table_columns], "welfare_districts", total=total.to_dict(), first=first)
st.caption(f"判断口径：{name}，{ytd} 对 {same_period}。只计脱贫劳动力：安置月份不在同月脱贫劳动力花名册中的人员"
           f"单列为“当月不在花名册人数”，不计入安置规模，请核对。上年报送过花名册（含报送为 0）即有基期。"
           f"合计行按人去重（人员年内跨区调动时在两区各计一次），有自己的判断。在岗人数取{in_post_as_of}花名册，上年末取上年最后一个月（通常为12月）花名册。")
missing = [district_name(d) for d in f.districts if d not in set(districts["district_code"])]
if missing:
    st.caption(f"以下所选区本年和上年均无公益性岗位安置记录，未列出：{'、'.join(missing)}")
charts.show(charts.welfare_vs_last_year(districts, m, f.month), key="welfare_districts_chart", as_of=as_of,
            source=SOURCE)

st.header("年末预计：按目前进度能否达到上年水平？")


@cache  # asked by more than one figure of this run
def projected():
    return projections.asked("welfare_monthly_progress", f.params(), m.this_year, f.month)


with guard.figure("年末预计"):
    projections.show(projected(), m.this_year, "welfare_projection", lead=f"{f.scope_label}{name}：",
                     note=f"比较口径：{name}。", no_history="上年没有完整的逐月安置数据，无法按进度预计年末。",
                     december=f"{f.year}年12月即全年数据，不再预计。" if moy == 12 else None, first=first)

st.header("优先安置（代理口径：弱劳动力或半劳动力、防止返贫监测对象）")
st.caption(f"工作方案要求“{PRIORITY_PLAN_WORDS}”，但花名册没有“无法离乡”“无业可就”字段。下表以弱劳动力或半劳动力、"
           "防止返贫监测对象作为**代理**，不等于方案所说的对象；仅供参考。")
with guard.figure("优先安置"):
    by_district_priority, priority_total = priority_by_district()
    tables.show(by_district_priority, "welfare_priority", first=f"合计（{f.scope_label}）", total=priority_total)
    st.caption(f"优先安置代理对象：{definitions.of('welfare_priority_count')}。"
               "“当月不在花名册人数”为安置月份均未出现在脱贫劳动力花名册中的人员，请核对。")
    if len(by_district_priority):
        charts.show(charts.ranked_bar(by_district_priority, "district_name", "welfare_priority_pct",
                                      "各区公益性岗位安置的人中代理对象（弱劳动力或半劳动力、监测对象）占多少？"),
                                      key="welfare_priority_chart", as_of=as_of,
                    source=f"{SOURCE}、脱贫劳动力月度花名册")

st.header("岗位类型与月度在岗")
with guard.figure("岗位类型与月度在岗"):
    by_type = run("welfare_posts_by_type", f.params())[tables.COLUMNS["welfare_types"]]
    if len(by_type):
        charts.show(charts.grouped_columns(by_type, "post_type", list(by_type.columns[1:3]),
                                           "各类岗位安置人数：今年是否不少于去年同期？",
                                           names=dict(zip(by_type.columns[1:3], (ytd, same_period), strict=True)),
                                           colors=charts.YEAR_COLORS[::-1], y_title="安置人数（人）"),
                    key="welfare_type_chart", as_of=as_of, source=SOURCE)
        tables.show(by_type, "welfare_types")
        st.caption("同一人年内先后担任两类岗位时在两类各计一次，故各类之和可能大于累计安置人数。")
    trend = run("welfare_in_post_trend", f.params())
    charts.show(charts.this_year_vs_last(trend, "welfare_in_post_count",
                                         f"{f.scope_label}每月在岗人数：今年是否不少于去年？", f.year),
                key="welfare_trend", as_of=as_of, source=SOURCE)

st.header("导出")
with guard.figure("导出"):
    by_district_priority, priority_total = priority_by_district()
    by_type = run("welfare_posts_by_type", f.params())[tables.COLUMNS["welfare_types"]]
    trend = run("welfare_in_post_trend", f.params())
    scope = f"{f.scope_label}，{ytd}"
    notes = (f"判断口径：{name}（{measure_setting}）；{ytd} 对 {same_period}，12月即全年比较。",
             f"{WELFARE_NO_BASELINE_RULE}。合计行按人去重，只比较有基期的区，有自己的判断。")
    exports.buttons([
        exports.Sheet("各区安置情况", f"{ytd}{f.scope_label}公益性岗位安置与上年比较",
                      districts[["district_name", "district_code", *table_columns[1:]]], as_of, scope,
                      source=SOURCE, total=total.to_dict(), first=first, notes=notes),
        *([exports.Sheet("年末预计", f"{f.scope_label}公益性岗位{name}年末预计（{as_of}）", projected()[0], as_of,
                         scope, source=SOURCE, total=projected()[1], first=first, notes=(projections.METHOD,))]
          if moy != 12 and projected()[1] is not None else []),
        exports.Sheet("优先安置（代理口径）", f"{ytd}{f.scope_label}公益性岗位优先安置情况（代理口径）",
                      by_district_priority, as_of, scope, source=f"{SOURCE}、脱贫劳动力月度花名册",
                      notes=("花名册没有“无法离乡”“无业可就”字段，以弱劳动力或半劳动力、防止返贫监测对象作为代理口径。",),
                      total=priority_total),
        exports.Sheet("岗位类型", f"{ytd}{f.scope_label}公益性岗位按岗位类型", by_type, as_of, scope,
                      source=SOURCE, notes=("同一人先后担任两类岗位时在两类各计一次，故不设合计行。",)),
        exports.Sheet("月度在岗", f"{f.scope_label}公益性岗位每月在岗人数", trend, as_of, scope,
                      source=SOURCE),
    ], file_stem=f"公益性岗位安置_{f.scope_label}_{f.month}", key="welfare_export")

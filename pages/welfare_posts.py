"""公益性岗位: do placements reach last year's level? The districts below it first, then every figure behind it."""

import pandas as pd
import streamlit as st

from queries import rules, welfare
from queries.engine import run
from ui import cards, charts, exports, shell
from ui.labels import column_config, district_name, fmt, month_label, unit_of

SOURCE = "乡村公益性岗位月度花名册"
VERDICT_TEXT = {rules.PASS: "✓ 达到", rules.FAIL: "✗ 未达到", rules.NO_BASELINE: "— 无基期"}

f = shell.start()
moy = int(f.month[5:])
as_of = month_label(f.month)
ytd = f"{f.year}年全年" if moy == 12 else f"{f.year}年1—{moy}月"
same_period = f"{f.year - 1}年全年" if moy == 12 else f"{f.year - 1}年1—{moy}月"
m = welfare.measure(f.year)
districts, total = welfare.compare(run("welfare_posts_vs_last_year", f.params()), f.year)
districts = districts.assign(district_name=districts["district_code"].map(district_name))

st.title("公益性岗位安置")
if districts.empty:
    st.subheader(f"{f.scope_label}{f.year}年和{f.year - 1}年都没有公益性岗位安置记录")
    st.info("所选区在这两年的乡村公益性岗位花名册中没有人员。请确认是否已导入公益性岗位花名册，或在左侧选择其他区、月份。",
            icon=":material/info:")
    st.stop()

in_post_as_of = month_label(total["in_post_month"]) if isinstance(total["in_post_month"], str) else as_of
unit = unit_of(m.this_year)


def sentence(row: pd.Series) -> str:
    """One sentence: the figure, the same-period verdict and the gap to last year's full-year level."""
    value = fmt(row[m.this_year], m.this_year)
    if row[welfare.VERDICT] == rules.NO_BASELINE:
        return f"{m.name} {value}；上年没有安置记录（无基期），不作是否达到上年水平的判断"
    change = fmt(row[m.this_year] - row[m.same_period], m.this_year, signed=True)
    verdict = ("达到上年同期水平" if row[welfare.VERDICT] == rules.PASS
               else f"未达到上年同期水平，差 {fmt(row[m.shortfall], m.shortfall)}")
    gap = (f"已达到上年全年水平（{fmt(row[m.last_year], m.last_year)}）" if row[m.gap] == 0
           else f"距上年全年水平（{fmt(row[m.last_year], m.last_year)}）尚差 {fmt(row[m.gap], m.gap)}")
    return f"{m.name} {value}，较上年同期 {change}，{verdict}；{gap}"


st.subheader(f"{ytd}{f.scope_label}公益性岗位{sentence(total)}")
st.caption(f"比较口径：{m.name}（政策参数 welfare_posts_measure）。年中按同期比较（本年1—{moy}月 对 上年1—{moy}月），"
           f"12月即全年比较；上年没有安置记录的区为“无基期”，不算达到。"
           + ("" if moy == 12 else f"{f.year}年为年内部分数据（截至{moy}月）。"))

failing = welfare.below_last_year(districts, f.year)
if len(failing):
    lines = [f"- **{r.district_name}**：{ytd} {fmt(r[m.this_year], m.this_year)}，上年同期 "
             f"{fmt(r[m.same_period], m.same_period)}，**差 {fmt(r[m.shortfall], m.shortfall)}**"
             for _, r in failing.iterrows()]
    st.error(f"**未达到上年同期水平的区（{len(failing)} 个，按{m.name}）**\n\n" + "\n".join(lines),
             icon=":material/cancel:")
elif (districts[welfare.VERDICT] == rules.PASS).any():
    st.success(f"有基期的区{m.name}均达到上年同期水平。", icon=":material/check_circle:")
no_baseline = districts[districts[welfare.VERDICT] == rules.NO_BASELINE]
if len(no_baseline):
    st.warning(f"无基期（上年没有安置记录，不作达标判断）：{'、'.join(no_baseline['district_name'])}",
               icon=":material/remove:")

priority = run("welfare_priority_by_district", f.params())
priority = priority.assign(district_name=priority["district_code"].map(district_name, na_action="ignore"))
priority_total = priority[priority["district_code"].isna()]
priority_pct = priority_total["welfare_priority_pct"].iloc[0] if len(priority_total) else None


def change(column: str, baseline: str):
    if not total["has_last_year"]:
        return None
    return fmt(total[column] - total[baseline], column, signed=True)


def measure_verdict(key: str):
    return total[welfare.VERDICT] if m.key == key else None


cards.row([
    cards.Card("年内累计安置人数", fmt(total["welfare_placed_count"], "welfare_placed_count"), ytd,
               change=change("welfare_placed_count", "welfare_placed_last_year_same_period_count"),
               baseline="较上年同期", verdict=measure_verdict("placed_persons"),
               help="本年1月至统计月份任一月在岗的不同人数（按人去重）。上年全年 "
                    f"{fmt(total['welfare_placed_last_year_count'], 'welfare_placed_count')}"),
    cards.Card("在岗人数", fmt(total["welfare_in_post_count"], "welfare_in_post_count"), in_post_as_of,
               change=change("welfare_in_post_count", "welfare_in_post_last_year_same_period_count"),
               baseline="较上年同月", verdict=measure_verdict("in_post_year_end"),
               help="最新一个月（12月即年末）花名册中的在岗人数。上年末 "
                    f"{fmt(total['welfare_in_post_last_year_end_count'], 'welfare_in_post_count')}"),
    cards.Card("岗位数", fmt(total["welfare_post_unit_count"], "welfare_post_unit_count"), ytd,
               change=change("welfare_post_unit_count", "welfare_post_last_year_same_period_unit_count"),
               baseline="较上年同期", verdict=measure_verdict("post_count"),
               help="本年累计的不同“人员×岗位类型”数：同一人先后担任两类岗位计 2 个。上年全年 "
                    f"{fmt(total['welfare_post_last_year_unit_count'], 'welfare_post_unit_count')}"),
    cards.Card("距上年全年水平尚差", fmt(total[m.gap], m.gap), ytd,
               baseline=f"上年全年 {fmt(total[m.last_year], m.last_year)}" if total["has_last_year"] else "无基期",
               help="上年全年水平减本年至统计月份的数，已达到为 0；无上年数据时为“—”"),
    cards.Card("优先安置对象占比", fmt(priority_pct, "welfare_priority_pct"), ytd,
               help="本年安置人员中弱劳动力或半劳动力、或防止返贫监测对象（按同月花名册）所占比例"),
])

# ---- every district: this year, the same period last year and last year's full year ----
st.header("各区安置情况")
figures = [m.this_year, m.same_period, m.shortfall, m.last_year, m.gap]
others = [c for c in welfare.FIGURES if c not in figures]
table_columns = ["district_name", welfare.VERDICT, *figures, *others]
total_row = {**total.to_dict(), "district_name": f"合计（{f.scope_label}）"}
shown = pd.concat([districts[table_columns], pd.DataFrame([total_row])[table_columns]], ignore_index=True)
shown[welfare.VERDICT] = shown[welfare.VERDICT].map(VERDICT_TEXT)
st.dataframe(shown, column_config=column_config(table_columns), hide_index=True, key="welfare_districts")
st.caption(f"判断口径：{m.name}，{ytd} 对 {same_period}。合计行按人去重（人员年内跨区调动时在两区各计一次），"
           f"有自己的判断。在岗人数取{in_post_as_of}花名册，上年末取上年最后一个月（通常为12月）花名册。")
missing = [district_name(d) for d in f.districts if d not in set(districts["district_code"])]
if missing:
    st.caption(f"以下所选区本年和上年均无公益性岗位安置记录，未列出：{'、'.join(missing)}")

fig = charts.grouped_columns(districts, "district_name", [m.this_year, m.same_period, m.last_year],
                         f"各区{m.name}：本年至今是否赶上上年同期和上年全年？",
                         names={m.this_year: ytd, m.same_period: same_period, m.last_year: f"{f.year - 1}年全年"},
                         colors=("#1f6feb", "#9aa5b1", "#d0d7de"), y_title=f"{m.name}（{unit}）")
charts.show(fig, key="welfare_districts_chart", as_of=as_of, source=SOURCE)

# ---- priority: 弱劳动力或半劳动力 and 防止返贫监测对象 ----
st.header("优先安置：无法离乡、无业可就的脱贫劳动力")
priority_columns = ["district_name", "welfare_placed_count", "welfare_priority_count", "welfare_weak_labor_count",
                    "welfare_monitored_count", "welfare_priority_pct", "welfare_not_in_roster_count"]
priority_shown = priority.assign(district_name=priority["district_name"].fillna(f"合计（{f.scope_label}）"))
st.dataframe(priority_shown[priority_columns], column_config=column_config(priority_columns), hide_index=True,
             key="welfare_priority")
st.caption("优先安置对象：同月脱贫劳动力花名册中劳动能力为“弱劳动力或半劳动力”，或户类型为防止返贫监测对象"
           "（脱贫不稳定户、边缘易致贫户、突发严重困难户）的人员；本年任一安置月份符合即计入。"
           "“当月不在花名册人数”为安置月份均未出现在脱贫劳动力花名册中的人员，请核对。")
by_district_priority = priority[priority["district_code"].notna()]
if len(by_district_priority):
    fig = charts.ranked_bar(by_district_priority, "district_name", "welfare_priority_pct",
                            "各区公益性岗位安置了多少优先对象？")
    charts.show(fig, key="welfare_priority_chart", as_of=as_of, source=f"{SOURCE}、脱贫劳动力月度花名册")

# ---- by post type and month by month ----
st.header("岗位类型与月度在岗")
by_type = run("welfare_posts_by_type", f.params())
type_columns = ["post_type", "welfare_placed_count", "welfare_placed_last_year_same_period_count",
                "welfare_placed_last_year_count", "welfare_in_post_count", "welfare_avg_pay_yuan"]
if len(by_type):
    type_series = {"welfare_placed_count": ytd, "welfare_placed_last_year_same_period_count": same_period}
    fig = charts.grouped_columns(by_type, "post_type", list(type_series), "各类岗位安置人数：今年是否不少于去年同期？",
                             names=type_series,
                             colors=charts.YEAR_COLORS[::-1], y_title="安置人数（人）")
    charts.show(fig, key="welfare_type_chart", as_of=as_of, source=SOURCE)
    st.dataframe(by_type[type_columns], column_config=column_config(type_columns), hide_index=True,
                 key="welfare_types")
    st.caption("同一人年内先后担任两类岗位时在两类各计一次，故各类之和可能大于累计安置人数。")
trend = run("welfare_in_post_trend", f.params())
fig = charts.this_year_vs_last(trend, "welfare_in_post_count", f"{f.scope_label}每月在岗人数：今年是否不少于去年？",
                               f.year)
charts.show(fig, key="welfare_trend", as_of=as_of, source=SOURCE)

# ---- export for 通报 ----
st.header("导出")
export_columns = ["district_name", "district_code", welfare.VERDICT, *figures, *others]
notes = (f"判断口径：{m.name}（政策参数 welfare_posts_measure）；{ytd} 对 {same_period}，12月即全年比较。",
         "上年没有安置记录的区为“无基期”，不算达到。合计行按人去重，有自己的判断："
         f"{total[welfare.VERDICT]}。")
filters = f"{f.scope_label}，{ytd}"
sheets = [
    exports.Sheet("各区安置情况", f"{ytd}{f.scope_label}公益性岗位安置与上年比较", districts[export_columns], as_of,
                  filters, source=SOURCE, total={**total.to_dict(), "district_code": None}, notes=notes),
    exports.Sheet("优先安置", f"{ytd}{f.scope_label}公益性岗位优先安置情况",
                  by_district_priority[priority_columns], as_of, filters, source=f"{SOURCE}、脱贫劳动力月度花名册",
                  total=priority_total[priority_columns].iloc[0].to_dict() if len(priority_total) else None),
    exports.Sheet("岗位类型", f"{ytd}{f.scope_label}公益性岗位按岗位类型", by_type[type_columns], as_of, filters,
                  source=SOURCE, notes=("同一人先后担任两类岗位时在两类各计一次，故不设合计行。",)),
    exports.Sheet("月度在岗", f"{f.scope_label}公益性岗位每月在岗人数", trend, as_of, filters, source=SOURCE),
]
exports.buttons(sheets, f"公益性岗位安置_{f.scope_label}_{f.month}", key="welfare_export")

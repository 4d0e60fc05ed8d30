"""劳务品牌: which brands carry employment — members, employment, income and its premium, side by side and over time."""

import pandas as pd
import streamlit as st

from queries import brands
from queries.engine import run
from ui import cards, charts, exports, shell
from ui.labels import change_text, district_name, fmt, header_config, label, month_label, styled, town_name

f = shell.start()
as_of = month_label(f.month)
performance = run("brand_performance", f.params(brands=brands.reference_names()))
by_brand, total = brands.split(performance)
with_members = by_brand[by_brand["member_count"] > 0]

st.title("劳务品牌")
month_text = f"{int(f.month[5:])}月{f.scope_label}"
if with_members.empty:
    st.subheader(f"{month_text}没有劳务品牌成员")
    st.info(f"{as_of}所选区的花名册中没有登记劳务品牌（labor_brand）的人员。请换一个月份或区，"
            "或检查导入的花名册是否填写了劳务品牌。", icon=":material/info:")
else:
    st.subheader(f"{month_text}{len(with_members)}个劳务品牌共有成员 {fmt(total['member_count'], 'member_count')}，"
                 f"务工就业 {fmt(total['employed_count'], 'employed_count')}"
                 f"（就业率 {fmt(total['employment_rate_pct'], 'employment_rate_pct')}），"
                 f"{brands.premium_phrase(total['income_premium_yuan'], total['income_premium_pct'])}")


cards.row([
    cards.Card("品牌成员", fmt(total["member_count"], "member_count"), as_of,
               change=change_text(total["member_count"], total["member_count_last_year"], "member_count"),
               baseline="较上年同期", help="当月花名册中登记了劳务品牌的人数（所有品牌合计，按当月所在区）"),
    cards.Card("品牌成员务工就业", fmt(total["employed_count"], "employed_count"), as_of,
               change=change_text(total["employed_count"], total["employed_count_last_year"], "employed_count"),
               baseline="较上年同期"),
    cards.Card("成员就业率", fmt(total["employment_rate_pct"], "employment_rate_pct"), as_of,
               help="务工就业的品牌成员 ÷ 品牌成员"),
    cards.Card("成员平均月收入", fmt(total["avg_income_yuan"], "avg_income_yuan"), as_of,
               change=change_text(total["avg_income_yuan"], total["avg_income_last_year_yuan"], "avg_income_yuan"),
               baseline="较上年同期", help="有收入记录的务工就业品牌成员的平均月收入"),
    cards.Card("收入溢价", fmt(total["income_premium_yuan"], "income_premium_yuan", signed=True), as_of,
               change=None if pd.isna(total["income_premium_pct"])
               else fmt(total["income_premium_pct"], "income_premium_pct", signed=True),
               baseline="较同区非品牌务工人员", help=brands.PREMIUM_NOTE),
])

st.header("品牌对比")
COMPARISONS = {
    "规模": (["member_count", "employed_count"], "各品牌有多少成员、多少人务工就业？"),
    "就业率": (["employment_rate_pct"], "哪个品牌的成员就业率最高？"),
    "收入": (["avg_income_yuan", "comparable_income_yuan"], "品牌成员是否比同区非品牌务工人员挣得多？"),
    "收入溢价率": (["income_premium_pct"], "哪个品牌的收入溢价最高？"),
    "务工地点": (["in_district_pct", "in_province_pct", "out_of_province_pct", "abroad_pct"], "各品牌成员在哪里务工？"),
}
chosen = st.radio("对比指标", list(COMPARISONS), horizontal=True, key="brand_compare")
values, question = COMPARISONS[chosen]
if len(values) == 1:
    fig = charts.ranked_bar(by_brand, "labor_brand", values[0], question, color_by_district=False)
else:
    fig = charts.grouped_bar(by_brand, "labor_brand", values, question, stacked=chosen == "务工地点")
charts.show(fig, key="brand_compare_chart", as_of=as_of)

st.header("品牌趋势")
trend = run("brand_trend", {"districts": list(f.districts)})
TRENDS = ["employed_count", "member_count", "employment_rate_pct", "avg_income_yuan"]
measure = st.radio("趋势指标", TRENDS, format_func=label, horizontal=True, key="brand_trend_metric")
if trend.empty:
    st.info(f"{f.scope_label}的花名册中没有劳务品牌成员，无法画出趋势。", icon=":material/info:")
else:
    fig = charts.trend_lines(trend, measure, f"各品牌{label(measure)}逐月怎样变化？", series="labor_brand")
    charts.show(fig, key="brand_trend_chart", as_of=f"{month_label(trend['month'].max())}（全部月份）")

st.header("品牌明细表")
table = brands.table(by_brand)
st.dataframe(styled(table), column_config=header_config(table.columns), hide_index=True, key="brand_table_view")
st.caption(f"数据截至 {as_of} · {brands.PREMIUM_NOTE}")
exports.buttons([exports.Sheet("劳务品牌", f"{f.scope_label}劳务品牌就业情况（{as_of}）", table, as_of,
                               f"统计月份 {as_of}；区：{f.scope_label}", total=brands.total_row(total),
                               notes=(brands.PREMIUM_NOTE,))],
                file_stem=f"劳务品牌_{f.month}", key="brand_export")

st.header("品牌详情")
options, first = brands.detail_choice(by_brand)
brand = st.selectbox("选择品牌", options, index=first, key="brand", bind="query-params")
if brand:
    towns = run("brand_towns", f.params(brand=brand))
    industries = run("brand_industries", f.params(brand=brand))
    if towns.empty:
        st.info(f"{as_of}{f.scope_label}没有“{brand}”的成员。", icon=":material/info:")
    else:
        towns = towns.assign(town_name=towns["town_code"].map(town_name),
                             district_name=towns["district_code"].map(district_name))
        left, right = st.columns(2)
        with left:
            top = towns.head(12).assign(town_name=lambda d: d["town_name"] + "（" + d["district_name"] + "）")
            fig = charts.ranked_bar(top, "town_name", "member_count", f"“{brand}”的成员集中在哪些乡镇（街道）？",
                                    color_by_district=False)
            charts.show(fig, key="brand_towns_chart", as_of=as_of)
        with right:
            if industries.empty:
                st.info(f"{as_of}“{brand}”没有务工就业的成员。", icon=":material/info:")
            else:
                fig = charts.ranked_bar(industries, "industry", "employed_count",
                                        f"“{brand}”的务工成员在哪些行业就业？", color_by_district=False)
                charts.show(fig, key="brand_industries_chart", as_of=as_of)
        columns = ["district_name", "town_name", "member_count", "employed_count", "employment_rate_pct",
                   "avg_income_yuan"]
        st.dataframe(styled(towns[columns]), column_config=header_config(columns), hide_index=True,
                     key="brand_towns_view")
        if not industries.empty:
            st.dataframe(styled(industries), column_config=header_config(industries.columns), hide_index=True,
                         key="brand_industries_view")

"""The figures of 劳务品牌 (pages/brands.py): the headline and cards, the brands side by side and over time, the
detail table with its export, and one brand's towns and industries. Each draws from the page's answers; the page
lists them under their headings."""

import pandas as pd
import streamlit as st

from assess import brands
from queries.engine import run
from ui import cards, charts, definitions, exports, sentences, tables
from ui.figures import View
from ui.labels import PREMIUM_NOTE, change_text, district_name, fmt, label, month_label, town_name
from ui.safe import plain

COMPARISONS = {
    "规模": (["member_count", "employed_count"], "各品牌有多少成员、多少人务工就业？"),
    "就业率": (["employment_rate_pct"], "哪个品牌的成员就业率最高？"),
    "收入": (["avg_income_yuan", "comparable_income_yuan"], "品牌成员是否比同区非品牌务工人员挣得多？"),
    "收入溢价率": (["income_premium_pct"], "哪个品牌的收入溢价最高？"),
    "务工地点": (["in_district_pct", "in_province_pct", "out_of_province_pct", "abroad_pct"], "各品牌成员在哪里务工？"),
}
TRENDS = ["employed_count", "member_count", "employment_rate_pct", "avg_income_yuan"]


def asked(view: View) -> list[tuple]:
    """The page's questions, asked together before it draws."""
    f = view.f
    return [("brand_performance", f.params(brands=brands.reference_names())),
            ("brand_coverage_by_district", f.params()), ("brand_trend", {"districts": list(f.districts)})]


def performance(view: View) -> tuple[pd.DataFrame, pd.Series]:
    """Each registered brand's figures and their total."""
    return brands.split(run("brand_performance", view.f.params(brands=brands.reference_names())))


def headline(view: View, by_brand: pd.DataFrame, total: pd.Series) -> None:
    with_members = by_brand[by_brand["member_count"] > 0]
    f = view.f
    if with_members.empty:
        st.subheader(f"{f.month_of_year}月{f.scope_label}没有劳务品牌成员")
        st.info(f"{view.as_of}所选区的花名册中没有登记劳务品牌的人员。请换一个月份或区，"
                "或检查导入的花名册是否填写了劳务品牌。", icon=":material/info:")
    else:
        st.subheader(sentences.brands_headline(f.month, f.scope_label, len(with_members), total))


def headline_cards(view: View, total: pd.Series) -> None:
    def brand_card(title: str, column: str) -> cards.Card:
        last_year = column.replace("_yuan", "_last_year_yuan") if column.endswith("_yuan") else f"{column}_last_year"
        return cards.Card(title, fmt(total[column], column), view.as_of, baseline="较上年同期",
                          change=change_text(total[column], total.get(last_year), column),
                          help=definitions.of(column, "劳务品牌"))

    cards.row([brand_card("品牌成员", "member_count"), brand_card("品牌成员务工就业", "employed_count"),
               brand_card("成员就业率", "employment_rate_pct"), brand_card("成员平均月收入", "avg_income_yuan"),
               cards.Card("收入溢价", fmt(total["income_premium_yuan"], "income_premium_yuan", signed=True),
                          view.as_of, change=fmt(total["income_premium_pct"], "income_premium_pct", signed=True)
                          if total["income_premium_pct"] == total["income_premium_pct"] else None,
                          baseline="较同区非品牌务工人员", help=PREMIUM_NOTE)])


def comparison(view: View, by_brand: pd.DataFrame) -> None:
    chosen = st.radio("对比指标", list(COMPARISONS), horizontal=True, key="brand_compare")
    values, question = COMPARISONS[chosen]
    fig = (charts.ranked_bar(by_brand, "labor_brand", values[0], question, color_by_district=False)
           if len(values) == 1 else charts.grouped_bar(by_brand, "labor_brand", values, question,
                                                       stacked=chosen == "务工地点"))
    charts.show(fig, key="brand_compare_chart", as_of=view.as_of)


def trend_metric() -> str:
    return st.radio("趋势指标", TRENDS, format_func=label, horizontal=True, key="brand_trend_metric")


def trend(view: View, measure: str) -> None:
    answer = run("brand_trend", {"districts": list(view.f.districts)})
    if answer.empty:
        st.info(f"{view.f.scope_label}的花名册中没有劳务品牌成员，无法画出趋势。", icon=":material/info:")
    else:
        charts.show(charts.trend_lines(answer, measure, f"各品牌{label(measure)}逐月怎样变化？", series="labor_brand"),
                    key="brand_trend_chart", as_of=f"{month_label(answer['month'].max())}（全部月份）")


def detail_table(view: View, by_brand: pd.DataFrame, total: pd.Series) -> None:
    table = tables.brand_table(by_brand)
    tables.show(table, "brand_table_view")
    st.caption(f"数据截至 {view.as_of} · {PREMIUM_NOTE}")
    f, as_of = view.f, view.as_of
    exports.buttons([exports.Sheet("劳务品牌", f"{f.scope_label}劳务品牌就业情况（{as_of}）", table, as_of,
                                   f"统计月份 {as_of}；区：{f.scope_label}", total=brands.total_row(total),
                                   notes=(PREMIUM_NOTE,))], file_stem=f"劳务品牌_{f.month}", key="brand_export")


def chosen_brand(by_brand: pd.DataFrame) -> str | None:
    options, first = brands.detail_choice(by_brand)
    return st.selectbox("选择品牌", options, index=first, key="brand", bind="query-params")


def detail(view: View, brand: str | None) -> None:
    """One brand's towns (where its members live) and industries (where its employed members work)."""
    if not brand:
        return
    f, as_of = view.f, view.as_of
    towns = run("brand_towns", f.params(brand=brand))
    industries = run("brand_industries", f.params(brand=brand))
    if towns.empty:
        st.info(f"{as_of}{f.scope_label}没有“{plain(brand)}”的成员。", icon=":material/info:")
        return
    towns = towns.assign(town_name=towns["town_code"].map(town_name),
                         district_name=towns["district_code"].map(district_name))
    left, right = st.columns(2)
    with left:
        top = towns.head(12).assign(town_name=lambda d: d["town_name"] + "（" + d["district_name"] + "）")
        charts.show(charts.ranked_bar(top, "town_name", "member_count", f"“{brand}”的成员集中在哪些乡镇（街道）？",
                                      color_by_district=False), key="brand_towns_chart", as_of=as_of)
    with right:
        if industries.empty:
            st.info(f"{as_of}“{plain(brand)}”没有务工就业的成员。", icon=":material/info:")
        else:
            charts.show(charts.ranked_bar(industries, "industry", "employed_count",
                                          f"“{brand}”的务工成员在哪些行业就业？", color_by_district=False),
                        key="brand_industries_chart", as_of=as_of)
    tables.show(towns[["district_name", "town_name", "member_count", "employed_count", "employment_rate_pct",
                       "avg_income_yuan"]], "brand_towns_view")
    if not industries.empty:
        tables.show(industries, "brand_industries_view")

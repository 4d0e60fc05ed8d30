"""劳务品牌: which brands carry employment — members, employment, income and its premium, side by side and over time.
Its figures are drawn by `ui.brands`."""

import streamlit as st

from queries.engine import prefetch
from ui import brands, guard, measures, shell
from ui.figures import View

view = View(shell.start())
prefetch(brands.asked(view))
st.title("劳务品牌")
by_brand, total = brands.performance(view)
brands.headline(view, by_brand, total)
brands.headline_cards(view, total)

st.header("品牌对比")
brands.comparison(view, by_brand)

st.header("品牌趋势")
measure = brands.trend_metric()
with guard.figure("品牌趋势"):
    brands.trend(view, measure)

st.header("品牌明细表")
brands.detail_table(view, by_brand, total)

st.header("一区一品、一区多品：品牌覆盖与品牌本行业培训")
with guard.figure("品牌覆盖"):
    measures.brand_coverage(view.f, view.as_of)

st.header("品牌详情")
brand = brands.chosen_brand(by_brand)
with guard.figure("品牌详情"):
    brands.detail(view, brand)

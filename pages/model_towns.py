"""示范乡镇: which candidate towns pass all ten indicators of the annex in a year, and what each should fix first."""

import streamlit as st

from assess import scorecard
from queries import engine
from queries.engine import run
from queries.roster_years import roster_years, year_as_of
from queries.town_audit import town_claims
from ui import cards, charts, exports, scorecard_export, selection, shell
from ui import scorecard_text as text
from ui.labels import column_config, month_label
from ui.navigation import current_user

f = shell.start()
st.title("示范乡镇")
selection.deadline_notice(current_user())

years = roster_years()
if st.session_state.get("towns_year_for_month") != f.month:
    # The year follows the chosen month until the user picks another year on this page.
    st.session_state["year"] = f.year if f.year in years else years[0]
    st.session_state["towns_year_for_month"] = f.month
year = st.selectbox("评选年度", years, format_func=text.year_label, key="year")
as_of_month, is_full_year = year_as_of(year)
as_of, period = month_label(as_of_month), text.period(year, as_of_month, is_full_year)

candidates = scorecard.candidate_towns(f.districts, f.towns)
if not candidates:
    st.info(text.no_candidates(f.scope_label), icon=":material/info:")
    st.stop()

# Questions, then judgements (assess.scorecard, cached by engine.derive), then words (ui.scorecard_text).
asked = [("model_town_indicators", {"year": year, "districts": list(f.districts)})]
claims = town_claims(year, as_of_month, f.districts)
grid, counts, passing, last_passing = engine.derive(scorecard.judged, asked, year, tuple(f.districts), f.towns,
                                                   scorecard.claim_counts(claims))

st.subheader(text.headline(period, f.scope_label, len(candidates), passing))
cards.row(text.summary_cards(year, as_of, len(candidates), passing, last_passing, grid, counts))

st.markdown("#### 乡镇 × 指标达标情况（按达标指标数排名）")
st.caption(text.grid_caption(year, as_of))
styled = text.styled_grid(grid)
st.dataframe(styled, column_config=column_config(styled.data.columns), hide_index=True, key="towns_grid")

fig = charts.ranked_bar(text.worded_counts(counts), "indicator", "passed_town_unit_count",
                        text.chart_title(period, len(candidates)), color_by_district=False)
charts.show(fig, key="towns_indicator_bar", as_of=as_of, source=text.SOURCE)

st.markdown("#### 乡镇指标卡")
passed_of = dict(zip(grid["town_code"], grid["passed_indicator_unit_count"], strict=True))
town = st.selectbox("选择乡镇（街道）", list(grid["town_code"]), key="town",
                    format_func=lambda code: text.town_choice(code, passed_of[code]))
st.markdown(text.town_heading(town, period, passed_of[town]))
cards.verdict_badge(text.town_badge(passed_of[town]))
town_long = engine.derive(scorecard.town_results, asked, year, tuple(f.districts), f.towns,
                          scorecard.claim_counts(claims, town), town)
card = text.town_card(town_long, town)
st.dataframe(card, column_config=column_config(card.columns), hide_index=True, key="towns_card")

todo = text.improvement_list(town_long, town)
if not todo:
    st.success(text.all_met(town), icon=":material/workspace_premium:")
else:
    st.markdown("**优先改进**（差距从小到大，先补最容易达到的）")
    st.markdown(todo)

st.markdown("#### 导出")
indicators = run(*asked[0])  # asked here, inside the person's scope; the workbook is judged only when downloaded
exports.buttons(lambda: scorecard_export.sheets(
    scorecard.results(scorecard.with_claims(indicators, claims), year, f.districts, f.towns), grid, year, as_of,
    f.scope_label), scorecard_export.file_stem(year, f.scope_label), key="towns_export")

selection.honours(current_user(), list(grid["town_code"]), year)

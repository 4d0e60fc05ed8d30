"""示范乡镇: which candidate towns pass all ten indicators of the annex in a year, and what each should fix first."""

import streamlit as st

from queries import scorecard
from queries.engine import run
from ui import cards, charts, exports, scorecard_export, shell
from ui.labels import column_config, month_label

COLORS = {scorecard.PASS: "#d4edda", scorecard.FAIL: "#f8d7da", scorecard.ALL_PASS: "#d4edda",
          scorecard.NOT_ALL_PASS: "#f8d7da"}

f = shell.start()
st.title("示范乡镇")

years = scorecard.lake_years()
if st.session_state.get("towns_year_for_month") != f.month:
    # The year follows the chosen month until the user picks another year on this page.
    st.session_state["year"] = f.year if f.year in years else years[0]
    st.session_state["towns_year_for_month"] = f.month
year = st.selectbox("评选年度", years, format_func=lambda y: f"{y}年", key="year")
as_of_month, is_full_year = scorecard.year_as_of(year)
as_of = month_label(as_of_month)
period = f"{year}年" if is_full_year else f"{year}年1—{int(as_of_month[5:])}月（年度未完）"

candidates = scorecard.candidate_towns(f.districts)
if not candidates:
    st.info(f"{f.scope_label}没有示范乡镇候选乡镇（街道）。候选范围是蔡甸区、江夏区、黄陂区、新洲区的乡镇（街道），"
            "请在左侧改选区或选全市。", icon=":material/info:")
    st.stop()

indicators = run("model_town_indicators", {"year": year, "districts": list(f.districts)})
long = scorecard.results(indicators, year, f.districts)
grid = scorecard.grid(long)
passing = scorecard.passing_towns(long)
last_passing = [code for code, n in zip(grid["town_code"], grid["last_year_passed_indicator_unit_count"], strict=True)
                if n == len(scorecard.INDICATORS)]
has_last_year = grid["last_year_passed_indicator_unit_count"].notna().any()
counts = scorecard.pass_counts(long)
weakest = counts.sort_values(["passed_town_unit_count", "indicator_no"]).iloc[0]

names = "、".join(scorecard.town_label(code) for code in passing[:6]) + ("等" if len(passing) > 6 else "")
st.subheader(f"{period}{f.scope_label} {len(candidates)} 个候选乡镇（街道）中，{len(passing)} 个十项指标全部达标"
             + (f"：{names}" if passing else "，暂无乡镇全部达标"))

cards.row([
    cards.Card("候选乡镇（街道）", f"{len(candidates):,} 个", as_of,
               help="蔡甸、江夏、黄陂、新洲区的乡镇（街道），按代码识别"),
    cards.Card("十项全部达标", f"{len(passing):,} 个", as_of,
               change=f"{len(passing) - len(last_passing):+,} 个" if has_last_year else None,
               baseline=f"较{year - 1}年" if has_last_year else None,
               help=f"{year - 1}年全部达标 {len(last_passing)} 个" if has_last_year else f"{year - 1}年无数据"),
    cards.Card("平均达标指标数", f"{grid['passed_indicator_unit_count'].mean():.1f} 项", as_of,
               help="每个候选乡镇十项指标中达到的项数的平均"),
    cards.Card("达标乡镇最少的指标", weakest["indicator"], as_of,
               change=f"{weakest['passed_town_unit_count']} / {weakest['town_unit_count']} 个乡镇达到",
               baseline="达到的乡镇数", help="十项指标中达到的乡镇最少的一项"),
])

st.markdown("#### 乡镇 × 指标达标情况（按达标指标数排名）")
st.caption(f"✓ 达到　✗ 未达到　— 无对象（无有劳动能力和就业意愿人员，不算达到）　？ 未填报。"
           f"数据截至 {as_of}；标准取自政策参数（{year}年生效）。")
styled = grid.style.map(lambda v: f"background-color: {COLORS[v.split(' ')[-1]]}" if v.split(" ")[-1] in COLORS
                        else "", subset=[*scorecard.GRID_COLUMNS, "overall_verdict"])
st.dataframe(styled, column_config=column_config(grid.columns), hide_index=True, key="towns_grid")

fig = charts.ranked_bar(counts, "indicator", "passed_town_unit_count",
                        f"{period}哪项指标达到的乡镇最少？（共 {len(candidates)} 个候选乡镇）", color_by_district=False)
charts.show(fig, key="towns_indicator_bar", as_of=as_of, source=scorecard_export.SOURCE)

st.markdown("#### 乡镇指标卡")
ranked = list(grid["town_code"])
passed_of = dict(zip(grid["town_code"], grid["passed_indicator_unit_count"], strict=True))
ten = len(scorecard.INDICATORS)
town = st.selectbox("选择乡镇（街道）", ranked, key="town",
                    format_func=lambda c: f"{scorecard.town_label(c)} · 达到 {passed_of[c]}/{ten} 项")
card = long[long["town_code"] == town].sort_values("indicator_no")
verdict = scorecard.ALL_PASS if town in passing else f"达到 {passed_of[town]} / {ten} 项"
st.markdown(f"**{scorecard.town_label(town)}**　{period}：{verdict}")
cards.verdict_badge(scorecard.PASS if town in passing else scorecard.FAIL)
table = card[["indicator_no", "indicator", "source", "value_text", "threshold_text", "verdict", "gap_text",
              "last_year_value_text", "last_year_verdict"]].assign(verdict=card["verdict"].map(scorecard.cell))
st.dataframe(table, column_config=column_config(table.columns), hide_index=True, key="towns_card")

todo = scorecard.improve_first(long, town)
if todo.empty:
    st.success(f"{scorecard.town_label(town)}十项指标全部达到。", icon=":material/workspace_premium:")
else:
    st.markdown("**优先改进**（差距从小到大，先补最容易达到的）")
    st.markdown("\n".join(f"{k}. 指标{r.indicator_no} {r.indicator}：{r.gap_text or r.verdict}（现为 {r.value_text}，"
                          f"标准 {r.threshold_text}）" for k, r in enumerate(todo.itertuples(), start=1)))

st.markdown("#### 导出")
exports.buttons(scorecard_export.sheets(long, grid, year, as_of, f.scope_label),
                scorecard_export.file_stem(year, f.scope_label), key="towns_export")

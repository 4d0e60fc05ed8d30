"""帮扶举措: the work plan's measures that no other page shows — 有组织劳务输出, 农村劳务经纪人, 就业服务专项活动,
培训需求 beside training given, 返乡创业载体与带头人."""

import streamlit as st

from assess.measures import grew
from assess.measures import organized_growth as growth_of
from queries.engine import prefetch, run
from ui import cards, charts, definitions, exports, guard, measures, shell, tables
from ui.labels import change_text, fmt, period_label

f = shell.start()
as_of, ytd = period_label(f.month), period_label(f.month, year_to_date=True)
year_label = f"{f.year}年"
filters_text = f"统计月份 {as_of}；范围 {f.scope_label}"
prefetch([("organized_output_by_district", measures.organized_params(f)),
          *((name, f.params()) for name in ("brokers_by_district", "campaigns_by_district",
                                            "training_demand_by_district", "startup_records_by_year",
                                            "startup_leaders_by_district"))])
sheets: list[exports.Sheet] = []
st.title("帮扶举措")


def plan(key: str) -> None:
    st.caption(f"方案：“{measures.PLAN_WORDS[key]}”")


st.header("一、有组织劳务输出")
plan("organized")
with guard.figure("有组织劳务输出"):
    rows, total, first = measures.organized(f)
    rows, growth = growth_of(rows), grew(total["organized_count"], total["organized_last_year_count"])
    columns = measures.COLUMNS["organized"]
    organized_total = measures.total_of(total, columns) | {"organized_verdict": growth}
    cards.row([
        cards.Card("有组织劳务输出人数", fmt(total["organized_count"], "organized_count"), as_of,
                   change=change_text(total["organized_count"], total["organized_last_year_count"], "organized_count"),
                   baseline="较上年同期", verdict=growth, help=definitions.of("organized_verdict")),
        cards.Card("占务工就业人数比例", fmt(total["organized_share_pct"], "organized_share_pct"), as_of,
                   help=definitions.of("organized_share_pct")),
        cards.Card("其中劳务经纪人组织", fmt(total["organized_broker_count"], "organized_broker_count"), as_of,
                   help=definitions.of("organized_broker_count")),
    ])
    if len(rows) > 1:
        charts.show(charts.grouped_columns(rows, "district_name", ["organized_count", "organized_last_year_count"],
                                           "各区有组织劳务输出人数是否多于上年同月？", names={
                                               "organized_count": "本月", "organized_last_year_count": "上年同月"}),
                    key="organized_chart", as_of=as_of)
    shown = rows[columns]
    tables.show(shown, "organized_table", total=organized_total, first=first)
    sheets.append(exports.Sheet("有组织劳务输出", f"{f.scope_label}各区有组织劳务输出人数（{as_of}）", shown,
                                as_of, filters_text, total=organized_total, first=first))

st.header("二、农村劳务经纪人")
plan("brokers")
with guard.figure("农村劳务经纪人"):
    sheets.append(measures.brokers(f, as_of, year_label))

st.header("三、就业服务专项活动")
plan("campaigns")
with guard.figure("就业服务专项活动"):
    sheets.append(measures.campaigns(f, as_of, ytd))

st.header("四、培训需求与培训")
plan("training")
with guard.figure("培训需求与培训"):
    rows, total = measures.split(run("training_demand_by_district", f.params()))
    columns = measures.COLUMNS["training"]
    if total["wish_reported_count"] == 0:
        st.info(f"{f.scope_label}{as_of}的花名册没有填报培训需求（“是否有技能培训需求”“是否有创业培训需求”两列），"
                "无法比较需求与培训。请在花名册中填报这两列后重新导入。", icon=":material/info:")
    else:
        def wish_card(title: str, kind: str) -> cards.Card:
            wanted, trained = total[f"{kind}_wanted_count"], total[f"{kind}_wanted_trained_count"]
            return cards.Card(title, fmt(wanted, f"{kind}_wanted_count"), as_of,
                              help=definitions.of(f"{kind}_gap_count"),
                              note=f"本年已参加 {fmt(trained, f'{kind}_wanted_trained_count')}，尚未满足 "
                                   f"{fmt(total[f'{kind}_gap_count'], f'{kind}_gap_count')}"
                                   f"（{fmt(total[f'{kind}_gap_pct'], f'{kind}_gap_pct')}）")

        cards.row([wish_card("有技能培训需求", "skill"), wish_card("有创业培训需求", "startup")])
        if len(rows) > 1:
            charts.show(charts.grouped_columns(rows, "district_name", ["skill_wanted_trained_count", "skill_gap_count"],
                                               "各区有技能培训需求的人，本年是否都已参加培训？"),
                        key="training_gap_chart", as_of=as_of)
    shown, shown_total = rows[columns], measures.total_of(total, columns)
    tables.show(shown, "training_table", total=shown_total)
    sheets.append(exports.Sheet("培训需求", f"{f.scope_label}各区培训需求与培训（{as_of}）", shown, as_of,
                                filters_text, total=shown_total))

st.header("五、支持返乡创业：园区认定、示范申报、带头人")
plan("startup")
with guard.figure("返乡创业"):
    sheets += measures.startup(f, as_of, year_label)

with guard.figure("导出"):
    exports.buttons(sheets, file_stem=f"帮扶举措_{f.month}", key="measures_export")
definitions.expander("帮扶举措")

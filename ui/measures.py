"""The figures of 帮扶举措 (`FIGURES`, drawn by `ui.figures.show`) and what the 劳务品牌 page shares with them for
the work plan's measures (issue 18): the columns each table shows, what stands above each table, and the plan's
words each section quotes."""

import pandas as pd
import streamlit as st

from assess import scorecard, welfare
from assess.measures import grew, organized_growth
from lake import reference
from queries.engine import run
from ui import cards, charts, definitions, exports, tables
from ui.figures import Figure, View, split, total_of
from ui.labels import change_text, fmt, total_label

# The plan's words each section implements (《加强就业帮扶巩固拓展脱贫攻坚成果助力乡村振兴工作方案》).
PLAN_WORDS = {
    "organized": "完善农村劳务经纪人体系，拓宽劳务经纪人覆盖面，扩大有组织劳务输出规模",
    "brokers": "完善农村劳务经纪人体系，拓宽劳务经纪人覆盖面",
    "campaigns": "在“春风行动”“金秋招聘月”等就业服务专项活动中，将脱贫劳动力作为重点服务对象",
    "training": "根据脱贫劳动力就业意愿和培训需求，组织开展有针对性的技能培训和创业培训",
    "startup": "积极申报省级返乡创业示范县(区)、示范园、示范项目，定期开展市级返乡创业园区认定……"
               "对入驻返乡创业示范园区的脱贫劳动力经营项目，优先提供创业开业指导、创业培训等服务。开展返乡创业带头人推选活动",
    "brands": "努力打造“一区一品”“一区多品”特色劳务品牌",
}

COLUMNS = {
    "organized": ["district_name", "organized_count", "organized_last_year_count", "organized_yoy_count",
                  "organized_yoy_pct", "organized_verdict", "organized_share_pct", "organized_government_count",
                  "organized_village_count", "organized_agency_count", "organized_broker_count"],
    "brands": ["district_name", "brand_coverage", "brand_names", "brand_unit_count", "laborer_count",
               "brand_member_count", "brand_trained_count", "brand_trade_trained_count", "brand_trade_trained_pct"],
    "brokers": ["district_name", "broker_count", "broker_placed_count", "placed_per_broker_ratio",
                "town_with_broker_unit_count", "town_with_laborers_unit_count", "village_covered_unit_count",
                "village_unit_count", "village_coverage_pct"],
    "campaigns": ["campaign", "district_name", "campaign_month_unit_count", "laborers_served_count",
                  "jobs_offered_unit_count", "laborers_placed_count", "placed_of_served_pct"],
    "startup_records": ["year", "record_kind", "record_unit_count", "recognised_unit_count", "pending_unit_count",
                        "rejected_unit_count"],
    "startup_leaders": ["district_name", "leader_count", "employed_by_leaders_count", "in_park_count",
                        "in_park_guided_count", "in_park_guided_pct", "in_park_trained_count", "in_park_trained_pct",
                        "in_park_unreported_count"],
    "training": ["district_name", "able_laborer_count", "wish_reported_count", "skill_wanted_count",
                 "skill_wanted_trained_count", "skill_gap_count", "skill_gap_pct", "trained_skill_count",
                 "startup_wanted_count", "startup_wanted_trained_count", "startup_gap_count", "startup_gap_pct",
                 "trained_startup_count"],
}


def organized_params(f) -> dict:
    """有组织劳务输出's parameters: the filters and the work locations that count as 外出 in the year — the same
    policy setting as 示范乡镇 indicator 2 (town_outside_work_locations)."""
    return f.params() | {"town_outside_work_locations": list(scorecard.outside_locations(f.year))}


def organized_first(rows: pd.DataFrame, total: pd.Series) -> str:
    """The 合计 row's label of 有组织劳务输出 (like with like: over the districts with last year's roster), e.g.
    '合计（不含无基期的洪山区）'."""
    return total_label("", welfare.like_with_like(rows["district_code"], rows["has_last_year"].astype(bool)).left_out)


def coverage_word(brand_count: int) -> str:
    """一区一品 (one registered brand), 一区多品 (more), 无品牌 (none)."""
    return "无品牌" if brand_count == 0 else "一区一品" if brand_count == 1 else "一区多品"


def brand_coverage(f, as_of: str) -> None:
    """劳务品牌 coverage: which selected districts have a registered brand (一区一品 / 一区多品), and how many brand
    members trained this year in the brand's own trade; with its own export."""
    st.caption(f"方案：“{PLAN_WORDS['brands']}”")
    rows, total = split(run("brand_coverage_by_district", f.params()))
    names = {}
    for brand in reference.labor_brands():
        names.setdefault(brand["district_code"], []).append(brand["brand_name"])
    rows = rows.assign(brand_coverage=rows["brand_unit_count"].map(coverage_word),
                       brand_names=rows["district_code"].map(lambda c: "、".join(names.get(c, [])) or "—"))
    with_laborers = total["district_with_laborers_unit_count"]
    without = rows[(rows["brand_unit_count"] == 0) & (rows["laborer_count"] > 0)]["district_name"]
    cards.row([
        cards.Card("有劳务品牌的区", f"{total['district_with_brand_unit_count']} / {with_laborers} 个", as_of,
                   help=definitions.of("district_with_brand_unit_count"),
                   note=f"有脱贫劳动力而无品牌：{'、'.join(without) or '无'}"),
        cards.Card("在品牌本行业参加技能培训", fmt(total["brand_trade_trained_count"], "brand_trade_trained_count"),
                   as_of, help=definitions.of("brand_trade_trained_count"),
                   note=f"占品牌成员 {fmt(total['brand_trade_trained_pct'], 'brand_trade_trained_pct')}；"
                        f"参加任一技能培训 {fmt(total['brand_trained_count'], 'brand_trained_count')}"),
    ])
    shown = rows[COLUMNS["brands"]]
    tables.show(shown, "brand_coverage_table", total=total_of(total, COLUMNS["brands"]))
    if len(rows) > 1 and total["brand_member_count"] > 0:
        charts.show(charts.grouped_columns(rows[rows["brand_member_count"] > 0], "district_name",
                                           ["brand_member_count", "brand_trade_trained_count"],
                                           "各区品牌成员中，本年有多少人在品牌本行业参加了技能培训？"),
                    key="brand_coverage_chart", as_of=as_of)
    exports.buttons([exports.Sheet("品牌覆盖", f"{f.scope_label}各区劳务品牌覆盖与品牌本行业培训（{as_of}）", shown,
                                   as_of, f"统计月份 {as_of}；区：{f.scope_label}",
                                   source="劳务品牌名单、脱贫劳动力月度花名册",
                                   total=total_of(total, COLUMNS["brands"]))],
                    file_stem=f"劳务品牌覆盖_{f.month}", key="brand_coverage_export")


def _sheet(name: str, title: str, data: pd.DataFrame, as_of: str, view: View, source: str,
           total: dict | None = None):
    return exports.Sheet(name, title, data, as_of, f"统计月份 {as_of}；范围 {view.f.scope_label}", source=source,
                         total=total)


def organized_judged(rows: pd.DataFrame, total: pd.Series) -> tuple[pd.DataFrame, pd.Series]:
    """Each district's and the total's 是否扩大 (assess.measures)."""
    verdict = grew(total["organized_count"], total["organized_last_year_count"])
    return organized_growth(rows), pd.concat([total, pd.Series({"organized_verdict": verdict})])


def organized_above(rows: pd.DataFrame, total: pd.Series, view: View) -> None:
    """有组织劳务输出: the count against the same month last year, its share of the employed, the brokers' part."""
    cards.row([
        cards.Card("有组织劳务输出人数", fmt(total["organized_count"], "organized_count"), view.as_of,
                   change=change_text(total["organized_count"], total["organized_last_year_count"], "organized_count"),
                   baseline="较上年同期", verdict=total["organized_verdict"], help=definitions.of("organized_verdict")),
        cards.Card("占务工就业人数比例", fmt(total["organized_share_pct"], "organized_share_pct"), view.as_of,
                   help=definitions.of("organized_share_pct")),
        cards.Card("其中劳务经纪人组织", fmt(total["organized_broker_count"], "organized_broker_count"), view.as_of,
                   help=definitions.of("organized_broker_count")),
    ])
    if len(rows) > 1:
        charts.show(charts.grouped_columns(rows, "district_name", ["organized_count", "organized_last_year_count"],
                                           "各区有组织劳务输出人数是否多于上年同月？", names={
                                               "organized_count": "本月", "organized_last_year_count": "上年同月"}),
                    key="organized_chart", as_of=view.as_of)


def brokers_above(rows: pd.DataFrame, total: pd.Series, view: View) -> None:
    """农村劳务经纪人: brokers, their placements, placements per broker and the villages they cover."""
    cards.row([
        cards.Card("劳务经纪人", fmt(total["broker_count"], "broker_count"), view.year,
                   help=definitions.of("broker_count"),
                   note=f"人均组织输出 {fmt(total['placed_per_broker_ratio'], 'placed_per_broker_ratio')}"),
        cards.Card("经纪人组织输出人数", fmt(total["broker_placed_count"], "broker_placed_count"), view.year,
                   help=definitions.of("broker_placed_count")),
        cards.Card("村覆盖率", fmt(total["village_coverage_pct"], "village_coverage_pct"), view.as_of,
                   help=definitions.of("village_coverage_pct"),
                   note=f"覆盖 {fmt(total['village_covered_unit_count'], 'village_covered_unit_count')} / "
                        f"有脱贫人口的村 {fmt(total['village_unit_count'], 'village_unit_count')}；"
                        f"有经纪人的乡镇（街道） {total['town_with_broker_unit_count']} / "
                        f"{total['town_with_laborers_unit_count']} 个"),
    ])
    if len(rows) > 1:
        charts.show(charts.ranked_bar(rows.dropna(subset=["village_coverage_pct"]), "district_name",
                                      "village_coverage_pct", "哪些区的劳务经纪人覆盖的村最少？（村覆盖率）"),
                    key="broker_coverage_chart", as_of=view.as_of, source=BROKER_SOURCE)


def training_above(rows: pd.DataFrame, total: pd.Series, view: View) -> None:
    """培训需求: who wants training and how many of them trained this year; says so when no one reported it."""
    if total["wish_reported_count"] == 0:
        st.info(f"{view.f.scope_label}{view.as_of}的花名册没有填报培训需求（“是否有技能培训需求”“是否有创业培训需求”两列），"
                "无法比较需求与培训。请在花名册中填报这两列后重新导入。", icon=":material/info:")
        return

    def wish_card(title: str, kind: str) -> cards.Card:
        wanted, trained = total[f"{kind}_wanted_count"], total[f"{kind}_wanted_trained_count"]
        return cards.Card(title, fmt(wanted, f"{kind}_wanted_count"), view.as_of,
                          help=definitions.of(f"{kind}_gap_count"),
                          note=f"本年已参加 {fmt(trained, f'{kind}_wanted_trained_count')}，尚未满足 "
                               f"{fmt(total[f'{kind}_gap_count'], f'{kind}_gap_count')}"
                               f"（{fmt(total[f'{kind}_gap_pct'], f'{kind}_gap_pct')}）")

    cards.row([wish_card("有技能培训需求", "skill"), wish_card("有创业培训需求", "startup")])
    if len(rows) > 1:
        charts.show(charts.grouped_columns(rows, "district_name", ["skill_wanted_trained_count", "skill_gap_count"],
                                           "各区有技能培训需求的人，本年是否都已参加培训？"),
                    key="training_gap_chart", as_of=view.as_of)


def campaigns(view: View) -> list[exports.Sheet]:
    """春风行动、金秋招聘月 and the other campaigns of the year so far: by campaign, then by district."""
    f, ytd = view.f, view.ytd
    answer = run("campaigns_by_district", f.params())
    overall = answer[answer["is_total"] & answer["campaign"].isna()].iloc[0]
    by_campaign = answer[answer["is_total"] & answer["campaign"].notna()]
    detail = tables.with_names(answer[~answer["is_total"]].reset_index(drop=True))
    cards.row([cards.Card(label_, fmt(overall[c], c), ytd, help=definitions.of(c)) for label_, c in (
        ("服务脱贫劳动力", "laborers_served_count"), ("提供岗位", "jobs_offered_unit_count"),
        ("帮助就业", "laborers_placed_count"))])
    if by_campaign.empty:
        st.info(f"{ytd}{f.scope_label}没有就业服务专项活动记录。", icon=":material/info:")
    else:
        charts.show(charts.grouped_columns(by_campaign, "campaign", ["laborers_served_count", "laborers_placed_count"],
                                           "各项专项活动服务了多少脱贫劳动力、帮助多少人就业？"),
                    key="campaign_chart", as_of=ytd, source="就业服务专项活动台账")
    columns = COLUMNS["campaigns"]
    shown, shown_total = detail[columns], total_of(overall, columns[1:])
    tables.show(shown, "campaign_table", total=shown_total)
    return [_sheet("专项活动", f"{f.scope_label}就业服务专项活动（{ytd}）", shown, ytd, view, "就业服务专项活动台账",
                   shown_total)]


def startup(view: View) -> list[exports.Sheet]:
    """返乡创业: park recognitions and provincial applications by year, leaders, services to projects in parks."""
    f, as_of, year_label = view.f, view.as_of, view.year
    records = run("startup_records_by_year", f.params())
    rows, total = split(run("startup_leaders_by_district", f.params()))
    cards.row([
        cards.Card("返乡创业带头人", fmt(total["leader_count"], "leader_count"), year_label,
                   help=definitions.of("leader_count"),
                   note=f"带动就业 {fmt(total['employed_by_leaders_count'], 'employed_by_leaders_count')}"),
        cards.Card("园区项目已获开业指导", fmt(total["in_park_guided_pct"], "in_park_guided_pct"), year_label,
                   help=definitions.of("in_park_guided_pct"),
                   note=f"{fmt(total['in_park_guided_count'], 'in_park_guided_count')} / 入驻园区 "
                        f"{fmt(total['in_park_count'], 'in_park_count')}"),
        cards.Card("园区项目已获创业培训", fmt(total["in_park_trained_pct"], "in_park_trained_pct"), year_label,
                   help=definitions.of("in_park_trained_pct"),
                   note=f"{fmt(total['in_park_trained_count'], 'in_park_trained_count')} / 入驻园区 "
                        f"{fmt(total['in_park_count'], 'in_park_count')}"),
    ])
    st.markdown("**市级返乡创业园区认定与省级示范申报（逐年）**")
    records = records[COLUMNS["startup_records"]]
    if records.empty:
        st.info(f"{f.scope_label}没有返乡创业园区认定或示范申报记录。", icon=":material/info:")
    else:
        tables.show(records, "startup_records_table")
    st.markdown(f"**各区返乡创业带头人与园区项目服务**（{year_label}名册）")
    columns = COLUMNS["startup_leaders"]
    shown, shown_total = rows[columns], total_of(total, columns)
    tables.show(shown, "startup_leaders_table", total=shown_total)
    source = "返乡创业园区认定与示范申报台账、返乡创业带头人名单、返乡创业人员名册"
    return [_sheet("园区认定与示范申报", f"{f.scope_label}市级返乡创业园区认定与省级示范申报（截至{year_label}）",
                   records, as_of, view, source),
            _sheet("带头人与园区服务", f"{f.scope_label}各区返乡创业带头人与园区项目服务（{year_label}）",
                   shown, as_of, view, source, shown_total)]


BROKER_SOURCE = "农村劳务经纪人名册、脱贫劳动力月度花名册"


def destination_chart(rows: pd.DataFrame):
    return charts.grouped_columns(rows, "work_location", ["organized_count", "organized_last_year_count"],
                                  "有组织劳务输出的人在哪里务工？与上年同月比较",
                                  names={"organized_count": "本月", "organized_last_year_count": "上年同月"})

# 帮扶举措, in the order of the page (pages/measures.py).
FIGURES = [
    Figure("有组织劳务输出", ("organized_output_by_district",), heading="有组织劳务输出", plan=PLAN_WORDS["organized"],
           columns=tuple(COLUMNS["organized"]), table_key="organized_table", sheet="有组织劳务输出",
           title="{scope}各区有组织劳务输出人数（{as_of}）", params=organized_params, judge=organized_judged,
           above=organized_above, first=organized_first),
    Figure("有组织劳务输出去向", ("organized_output_by_destination",), params=organized_params, columns=(
        "work_location", "organized_count", "organized_last_year_count", "organized_yoy_count", "organized_yoy_pct"),
           table_key="organized_destination_table", sheet="有组织劳务输出去向",
           title="{scope}有组织劳务输出人数按务工地点（{as_of}）", chart=destination_chart),
    Figure("农村劳务经纪人", ("brokers_by_district",), heading="农村劳务经纪人", plan=PLAN_WORDS["brokers"],
           columns=tuple(COLUMNS["brokers"]), table_key="broker_table", sheet="劳务经纪人",
           title="{scope}各区农村劳务经纪人（{year}名册）", source=BROKER_SOURCE, above=brokers_above),
    Figure("就业服务专项活动", ("campaigns_by_district",), heading="就业服务专项活动", plan=PLAN_WORDS["campaigns"],
           draw=campaigns),
    Figure("培训需求与培训", ("training_demand_by_district",), heading="培训需求与培训", plan=PLAN_WORDS["training"],
           columns=tuple(COLUMNS["training"]), table_key="training_table", sheet="培训需求",
           title="{scope}各区培训需求与培训（{as_of}）", above=training_above),
    Figure("返乡创业", ("startup_records_by_year", "startup_leaders_by_district"),
           heading="支持返乡创业：园区认定、示范申报、带头人", plan=PLAN_WORDS["startup"], draw=startup),
]

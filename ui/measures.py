"""What pages/measures.py and the 劳务品牌 page share for the work plan's measures (issue 18): the by-district answers
split into their rows and their 合计 row, the columns each table shows, and the plan's words each section quotes."""

import pandas as pd
import streamlit as st

from lake import reference
from queries.engine import run
from ui import cards, charts, definitions, exports, tables
from ui.labels import fmt

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


def split(answer: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The district rows (with names) and the 合计 row of an answer that ends with one (`is_total`)."""
    rows = tables.with_names(answer[~answer["is_total"]].reset_index(drop=True))
    return rows, answer[answer["is_total"]].iloc[0]


def total_of(total: pd.Series, columns: list[str]) -> dict:
    """The 合计 row as the table and the export show it (the first column reads 合计)."""
    return {c: total[c] for c in columns[1:] if c in total}


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
                                   source="劳务品牌名单（data/reference/labor_brands.csv）、脱贫劳动力月度花名册",
                                   total=total_of(total, COLUMNS["brands"]))],
                    file_stem=f"劳务品牌覆盖_{f.month}", key="brand_coverage_export")


def _sheet(name: str, title: str, data: pd.DataFrame, as_of: str, f, source: str, total: dict | None = None):
    return exports.Sheet(name, title, data, as_of, f"统计月份 {as_of}；范围 {f.scope_label}", source=source,
                         total=total)


def brokers(f, as_of: str, year_label: str) -> exports.Sheet:
    """农村劳务经纪人: brokers, their placements, placements per broker and the villages they cover."""
    rows, total = split(run("brokers_by_district", f.params()))
    columns = COLUMNS["brokers"]
    cards.row([
        cards.Card("劳务经纪人", fmt(total["broker_count"], "broker_count"), year_label,
                   help=definitions.of("broker_count"),
                   note=f"人均组织输出 {fmt(total['placed_per_broker_ratio'], 'placed_per_broker_ratio')}"),
        cards.Card("经纪人组织输出人数", fmt(total["broker_placed_count"], "broker_placed_count"), year_label,
                   help=definitions.of("broker_placed_count")),
        cards.Card("村覆盖率", fmt(total["village_coverage_pct"], "village_coverage_pct"), as_of,
                   help=definitions.of("village_coverage_pct"),
                   note=f"覆盖 {fmt(total['village_covered_unit_count'], 'village_covered_unit_count')} / "
                        f"有脱贫人口的村 {fmt(total['village_unit_count'], 'village_unit_count')}；"
                        f"有经纪人的乡镇（街道） {total['town_with_broker_unit_count']} / "
                        f"{total['town_with_laborers_unit_count']} 个"),
    ])
    if len(rows) > 1:
        charts.show(charts.ranked_bar(rows.dropna(subset=["village_coverage_pct"]), "district_name",
                                      "village_coverage_pct", "哪些区的劳务经纪人覆盖的村最少？（村覆盖率）"),
                    key="broker_coverage_chart", as_of=as_of, source="农村劳务经纪人名册、脱贫劳动力月度花名册")
    shown, shown_total = rows[columns], total_of(total, columns)
    tables.show(shown, "broker_table", total=shown_total)
    return _sheet("劳务经纪人", f"{f.scope_label}各区农村劳务经纪人（{year_label}名册）", shown, as_of, f,
                  "农村劳务经纪人名册、脱贫劳动力月度花名册", shown_total)


def campaigns(f, as_of: str, ytd: str) -> exports.Sheet:
    """春风行动、金秋招聘月 and the other campaigns of the year so far: by campaign, then by district."""
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
    return _sheet("专项活动", f"{f.scope_label}就业服务专项活动（{ytd}）", shown, ytd, f, "就业服务专项活动台账",
                  shown_total)


def startup(f, as_of: str, year_label: str) -> list[exports.Sheet]:
    """返乡创业: park recognitions and provincial applications by year, leaders, services to projects in parks."""
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
                   records, as_of, f, source),
            _sheet("带头人与园区服务", f"{f.scope_label}各区返乡创业带头人与园区项目服务（{year_label}）",
                   shown, as_of, f, source, shown_total)]

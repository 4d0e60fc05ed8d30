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
                  "organized_yoy_pct", "organized_share_pct", "organized_government_count", "organized_village_count",
                  "organized_agency_count", "organized_broker_count"],
    "brands": ["district_name", "brand_coverage", "brand_names", "brand_unit_count", "laborer_count",
               "brand_member_count", "brand_trained_count", "brand_trade_trained_count", "brand_trade_trained_pct"],
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

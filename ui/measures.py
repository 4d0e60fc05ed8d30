"""What pages/measures.py and the 劳务品牌 page share for the work plan's measures (issue 18): the by-district answers
split into their rows and their 合计 row, the columns each table shows, and the plan's words each section quotes."""

import pandas as pd

from ui import tables

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

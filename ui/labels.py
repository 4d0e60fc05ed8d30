"""Every figure's Chinese label, unit and number format, defined once.

Column names carry their unit (`_count` 人, `_pct` %, `_yuan` 元, `_wan_yuan` 万元), so the format follows from the
name; `LABELS` gives the Chinese label. The same map feeds plotly axes, `st.column_config` and exports.
"""

import math

import pandas as pd
import streamlit as st

from lake import reference

LABELS = {
    "month": "月份",
    "year": "年度",
    "district_code": "区代码",
    "district_name": "区",
    "town_code": "乡镇（街道）代码",
    "town_name": "乡镇（街道）",
    "laborer_count": "脱贫劳动力总数",
    "employed_count": "务工就业人数",
    "employed_count_baseline": "基期务工就业人数",
    "employed_count_last_year": "上年同期务工就业人数",
    "employed_count_last_december": "上年末务工就业人数",
    "employed_change_count": "较基期增减",
    "employed_change_pct": "较基期增减率",
    "employed_yoy_count": "同比增减",
    "employed_yoy_pct": "同比增减率",
    "able_willing_count": "有劳动能力和就业意愿人数",
    "able_willing_employed_count": "其中已就业人数",
    "able_willing_employment_rate_pct": "有劳动能力和就业意愿的就业率",
    "welfare_placed_count": "公益性岗位年内累计安置人数",
    "welfare_placed_last_year_same_period_count": "上年同期累计安置人数",
    "welfare_placed_last_year_count": "上年全年累计安置人数",
    "subsidy_claim_count": "补贴笔数",
    "subsidy_amount_yuan": "补贴金额",
    "subsidy_amount_wan_yuan": "补贴金额",
    "subsidy_amount_last_year_yuan": "上年同期补贴金额",
    "subsidy_amount_last_year_wan_yuan": "上年同期补贴金额",
    "avg_income_yuan": "平均月收入",
    "median_income_yuan": "月收入中位数",
    "out_of_province_pct": "省外务工占比",
    # 公益性岗位 page (pages/welfare_posts.py)
    "post_type": "岗位类型",
    "welfare_verdict": "是否达到上年同期水平",
    "welfare_in_post_count": "在岗人数",
    "welfare_in_post_last_year_same_period_count": "上年同期在岗人数",
    "welfare_in_post_last_year_end_count": "上年末在岗人数",
    "welfare_post_unit_count": "岗位数",
    "welfare_post_last_year_same_period_unit_count": "上年同期岗位数",
    "welfare_post_last_year_unit_count": "上年全年岗位数",
    "welfare_shortfall_count": "较上年同期差额",
    "welfare_shortfall_unit_count": "较上年同期差额",
    "welfare_gap_to_last_year_count": "距上年全年水平尚差",
    "welfare_gap_to_last_year_unit_count": "距上年全年水平尚差",
    "welfare_priority_count": "优先安置对象人数",
    "welfare_weak_labor_count": "其中弱劳动力或半劳动力",
    "welfare_monitored_count": "其中防止返贫监测对象",
    "welfare_priority_pct": "优先安置对象占比",
    "welfare_not_in_roster_count": "当月不在花名册人数",
    "welfare_avg_pay_yuan": "平均月岗位补贴",
}

# Suffix -> unit, most specific first: `_claim_count` 笔, `_unit_count` 个 (posts, carriers, towns), other `_count` 人.
UNITS = {"_wan_yuan": "万元", "_yuan": "元", "_claim_count": "笔", "_unit_count": "个", "_count": "人", "_pct": "%",
         "_days": "天", "_months": "月"}


def unit_of(column: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if column.endswith(suffix)), "")


def label(column: str, with_unit: bool = False) -> str:
    """The Chinese label of a column; with its unit in brackets for axes and headers."""
    text = LABELS.get(column, column)
    unit = unit_of(column)
    return f"{text}（{unit}）" if with_unit and unit else text


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt(value, column: str, signed: bool = False) -> str:
    """A value formatted as everywhere else: thousands separators, % with one decimal, 元, 万元; '—' if missing."""
    if _missing(value):
        return "—"
    sign = "+" if signed and value > 0 else ""
    unit = unit_of(column)
    if unit == "%":
        return f"{sign}{value:,.1f}%"
    if unit == "万元":
        return f"{sign}{value:,.2f} 万元"
    if unit in ("元", "人", "笔", "个", "天", "月"):
        return f"{sign}{round(value):,} {unit}"
    if isinstance(value, float):
        return f"{sign}{value:,.1f}"
    return f"{sign}{value:,}" if isinstance(value, int) else str(value)


def month_label(month: str) -> str:
    """'2026-10' -> '2026年10月'."""
    return f"{month[:4]}年{month[5:7]}月"


def number_format(column: str) -> str:
    """The `st.column_config.NumberColumn` format of a column."""
    unit = unit_of(column)
    return {"%": "%.1f%%", "万元": "%.2f"}.get(unit, "localized")


def column_config(columns) -> dict:
    """`st.dataframe` column settings: Chinese headers with units and the shared number formats."""
    config = {}
    for column in columns:
        unit = unit_of(column)
        if unit:
            config[column] = st.column_config.NumberColumn(label(column, with_unit=True), format=number_format(column))
        else:
            config[column] = st.column_config.Column(label(column))
    return config


def district_name(code: str) -> str:
    return reference.district_names().get(code, code)


def town_name(code: str | None) -> str:
    if code is None:
        return "未落乡镇"
    return reference.town_names().get(code, code)

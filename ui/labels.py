"""Every figure's Chinese label, unit and number format, defined once.

Column names carry their unit (`_count` 人, `_pct` %, `_yuan` 元, `_wan_yuan` 万元), so the format follows from the
name; `LABELS` gives the Chinese label. The same map feeds plotly axes, `st.column_config` and exports.
"""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from assess.numbers import exact, half_up
from assess.verdicts import Verdict, change_pct, is_missing
from assess.welfare import LEFT_OUT
from lake import policy, reference, roles, validate
from lake.months import Month

LABELS = {
    "month": "月份",
    "year": "年度",
    "district_code": "区代码",
    "district_name": "区",
    "town_code": "乡镇（街道）代码",
    "town_name": "乡镇（街道）",
    "laborer_count": "花名册人数",
    "able_laborer_count": "脱贫劳动力（有劳动能力）",
    "unable_laborer_count": "丧失劳动力、无劳动力人数",
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
    # 示范乡镇 (pages/model_towns.py)
    "last_month": "花名册截至月份",
    "roster_months": "该年花名册月数",
    "has_assessment": "是否已填报",
    "rural_transfer_rate_pct": "农村劳动力转移就业率",
    "entrepreneurs_supported_count": "扶持返乡创业人数",
    "demo_application_unit_count": "申报示范园区（项目）数",
    "entrepreneur_model_unit_count": "返乡创业典型数",
    "featured_industry_unit_count": "特色产业或劳务品牌数",
    "carrier_reported_unit_count": "填报帮扶载体数",
    "carrier_recorded_unit_count": "台账帮扶载体数",
    "publicity_months": "开展政策宣传月数",
    "platform_update_months": "乡镇（街道）平台动态更新月数",
    "village_platform_update_months": "村级平台动态更新月数",
    "spot_check_accuracy_pct": "农村劳动力转移就业数据抽查准确率",
    "migrant_spot_check_accuracy_pct": "脱贫劳动力外出务工数据抽查准确率",
    "has_joint_group": "是否成立联合工作组",
    "able_willing_outside_count": "其中外出就业人数",
    "able_willing_in_township_count": "其中乡镇内务工人数",
    "able_willing_outside_township_in_district_count": "其中乡镇外区内务工人数",
    "able_willing_outside_district_in_province_count": "其中区外省内务工人数",
    "able_willing_outside_province_count": "其中省外务工人数",
    "able_willing_abroad_count": "其中境外务工人数",
    "able_willing_in_district_unsplit_count": "其中务工地点为“区内”（乡镇内外不详）人数",
    "able_willing_location_missing_count": "其中未填务工地点人数",
    "able_willing_outside_rate_pct": "有劳动能力和就业意愿的外出就业率",
    "paid_claim_count": "发放补贴笔数",
    "audit_passed_pct": "补贴通过规则核查比例",
    "staff_stationed_count": "派驻工作人员数",
    "min_staff_days": "每人每月最少进驻天数",
    "rank": "排名",
    "indicator_no": "序号",
    "indicator": "指标",
    "value_text": "本年取值",
    "threshold_text": "标准",
    "verdict": "结果",
    "gap_text": "差距",
    "source": "来源",
    "last_year_value_text": "上年取值",
    "last_year_verdict": "上年结果",
    "passed_indicator_unit_count": "达标指标数",
    "last_year_passed_indicator_unit_count": "上年达标指标数",
    "overall_verdict": "是否全部达标",
    "passed_town_unit_count": "达标乡镇数",
    "last_year_passed_town_unit_count": "上年达标乡镇数",
    "town_unit_count": "候选乡镇数",
    # the grid's columns (assess.scorecard.GRID_COLUMNS): each indicator's short name
    "indicator_01": "1 转移就业",
    "indicator_02": "2 脱贫劳动力就业",
    "indicator_03": "3 返乡创业",
    "indicator_04": "4 特色产业",
    "indicator_05": "5 帮扶载体",
    "indicator_06": "6 政策落实",
    "indicator_07": "7 平台更新",
    "indicator_08": "8 数据准确率",
    "indicator_09": "9 联合工作组",
    "indicator_10": "10 人员进驻",
    # 数据质量、数据导入 (pages/data_quality.py, pages/data_import.py)
    "snapshot_unit_count": "快照数",
    "gap_unit_count": "区 × 月数",
    "field_name": "字段",
    "field_label": "字段",
    "employed_only": "仅统计已就业人员",
    "base_count": "应填写人数",
    "filled_count": "已填写人数",
    "missing_count": "未填写人数",
    "completeness_pct": "完整率",
    "table_name": "数据表",
    "partition": "月份/年度",
    "row_total": "行数",
    "source_file": "来源文件",
    "imported_at": "导入时间",
    "imported_by": "导入人",
    "data_kind": "数据类型",
    "superseded_total": "已归档旧版本数",
    "warning": "提醒",
    # 就业规模稳定 (pages/employment.py)
    "stability_verdict": "是否稳定",
    "able_willing_unemployed_count": "有能力有意愿但未就业人数",
    "stock_count": "稳存量",
    "gained_count": "扩增量",
    "lost_count": "流失",
    "moved_in_count": "跨区迁入",
    "moved_out_count": "跨区迁出",
    "moved_within_count": "所选区之间流动（计入稳存量）",
    "gained_new_roster_count": "扩增量中：基期不在花名册",
    "lost_left_roster_count": "流失中：本月不在花名册",
    "lost_unable_count": "流失中：本月无劳动能力或无就业意愿",
    "entered_count": "当月新增就业",
    "exited_count": "当月退出就业",
    "net_moved_in_count": "跨区净迁入",
    "dimension": "维度",
    "household_group": "户类型",
    "category_group": "大类",
    "category": "类别",
    "category_label": "类别",
    "share_pct": "占比",
    "poverty_employed_count": "脱贫户务工人数",
    "poverty_share_pct": "脱贫户占比",
    "monitored_employed_count": "监测对象务工人数",
    "monitored_share_pct": "监测对象占比",
    "avg_income_last_year_yuan": "上年同期平均月收入",
    "median_income_last_year_yuan": "上年同期月收入中位数",
    "contract_pct": "签订劳动合同占比",
    "contract_last_year_pct": "上年同期签订劳动合同占比",
    "insured_pct": "参加社会保险占比",
    "insured_last_year_pct": "上年同期参加社会保险占比",
    "trained_skill_pct": "本年参加技能培训占比",
    "trained_skill_last_year_pct": "上年同期参加技能培训占比",
    "trained_startup_pct": "本年参加创业培训占比",
    "trained_startup_last_year_pct": "上年同期参加创业培训占比",
    # 劳务品牌 (pages/brands.py)
    "labor_brand": "劳务品牌",
    "home_district_name": "品牌所属区",
    "member_count": "品牌成员人数",
    "employment_rate_pct": "成员就业率",
    "comparable_income_yuan": "同区非品牌务工人员平均月收入",
    "income_premium_yuan": "收入溢价",
    "income_premium_pct": "收入溢价率",
    "income_compared_count": "参与溢价比较的就业人数",
    "trained_pct": "参加技能培训占比",
    "in_district_pct": "区内务工占比",
    "in_province_pct": "区外省内务工占比",
    "abroad_pct": "境外务工占比",
    "member_count_last_year": "上年同期成员人数",
    "member_yoy_count": "成员同比增减",
    "industry": "行业",
    "industry_share_pct": "占品牌务工就业人数比例",
    # 区域对比 (pages/districts.py)
    "out_of_province_count": "省外务工人数",
    "income_reported_count": "有收入记录的就业人数",
    "income_sum_yuan": "月收入合计",
    "welfare_placed_change_count": "公益性岗位累计安置较上年同期增减",
    "welfare_verdict": "公益性岗位是否达到上年同期水平",
    "welfare_change_count": "公益性岗位较上年同期增减（比较口径）",
    "rank_change": "名次较上月（正数为上升）",
    "threshold_kind": "比较对象",
    "threshold_count": "基期/目标值",
    "threshold_pct": "基期/目标值",
    "threshold_yuan": "基期/目标值",
    "threshold_gap_count": "距基期/目标",
    "threshold_gap_pct": "距基期/目标",
    "threshold_gap_yuan": "距基期/目标",
    # 政策落实 (pages/subsidies.py)
    "subsidy_type": "补贴类型",
    "subsidy_last_year_claim_count": "上年同期补贴笔数",
    "subsidy_amount_change_pct": "补贴金额同比增减率",
    "checked_claim_count": "核查补贴笔数",
    "checked_amount_yuan": "核查补贴金额",
    "rule_id": "规则编号",
    "rule_name": "违反规则",
    "rule_description": "规则要求",
    "policy_standard": "政策标准（本地参数另注）",
    "claim_id": "补贴编号",
    "person_id": "人员编号（脱敏）",
    "enterprise_id": "申领企业编号",
    "amount_yuan": "发放金额",
    "at_risk_yuan": "风险金额",
    "evidence": "核查依据",
    "flagged_claim_count": "疑点笔数",
    "entrepreneur_count": "返乡创业人数",
    "in_park_count": "入驻创业园区人数",
    "not_in_park_count": "未入园人数",
    "employed_by_entrepreneurs_count": "带动就业人数",
    "kind": "载体类型",
    "level": "级别",
    "carrier_unit_count": "载体数",
    "laborers_absorbed_count": "吸纳脱贫劳动力人数",
    # 公益性岗位 page (pages/welfare_posts.py)
    "post_type": "岗位类型",
    "welfare_in_post_count": "在岗人数",
    "welfare_in_post_last_year_same_period_count": "上年同期在岗人数",
    "welfare_in_post_last_year_end_count": "上年末在岗人数",
    "welfare_post_unit_count": "岗位数",
    "welfare_post_last_year_same_period_unit_count": "上年同期岗位数",
    "welfare_post_last_year_unit_count": "上年全年岗位数",
    "welfare_shortfall_count": "距上年同期尚差",
    "welfare_shortfall_unit_count": "距上年同期尚差",
    "welfare_gap_to_last_year_count": "距上年全年水平尚差",
    "welfare_gap_to_last_year_unit_count": "距上年全年水平尚差",
    "welfare_priority_count": "优先安置代理对象人数",
    "welfare_weak_labor_count": "其中弱劳动力或半劳动力",
    "welfare_monitored_count": "其中防止返贫监测对象",
    "welfare_priority_pct": "优先安置代理对象占比",
    "welfare_not_in_roster_count": "当月不在花名册人数",
    # 年末预计 (assess/projection.py; the _unit_count forms for 岗位数)
    "projected_year_end_count": "按目前进度预计年末",
    "projected_low_count": "预计区间下限",
    "projected_high_count": "预计区间上限",
    "last_year_end_level_count": "上年全年水平",
    "projected_year_end_unit_count": "按目前进度预计年末",
    "projected_low_unit_count": "预计区间下限",
    "projected_high_unit_count": "预计区间上限",
    "last_year_end_level_unit_count": "上年全年水平",
    "projection_outlook": "预计年末与上年比较",
    "welfare_avg_pay_yuan": "平均月岗位补贴",
}
# The work plan's measures that no page showed before (issue 18, pages/measures.py and 劳务品牌).
LABELS |= {
    "organized_count": "有组织劳务输出人数",
    "organized_last_year_count": "上年同期有组织劳务输出人数",
    "organized_yoy_count": "较上年同期增减",
    "organized_yoy_pct": "较上年同期增减率",
    "organized_verdict": "是否扩大（较上年同期）",
    "organized_share_pct": "占务工就业人数比例",
    "organized_government_count": "其中政府部门组织",
    "organized_village_count": "其中社区(村)组织",
    "organized_agency_count": "其中人力资源服务机构",
    "organized_broker_count": "其中劳务经纪人",
    "wish_reported_count": "填报培训需求人数",
    "skill_wanted_count": "有技能培训需求人数",
    "skill_wanted_trained_count": "其中本年已参加技能培训",
    "skill_gap_count": "技能培训需求未满足人数",
    "skill_gap_pct": "技能培训需求未满足比例",
    "trained_skill_count": "本年参加技能培训人数",
    "startup_wanted_count": "有创业培训需求人数",
    "startup_wanted_trained_count": "其中本年已参加创业培训",
    "startup_gap_count": "创业培训需求未满足人数",
    "startup_gap_pct": "创业培训需求未满足比例",
    "trained_startup_count": "本年参加创业培训人数",
    "brand_coverage": "品牌覆盖",
    "brand_names": "登记的劳务品牌",
    "brand_unit_count": "登记品牌数",
    "district_with_brand_unit_count": "有劳务品牌的区数",
    "district_with_laborers_unit_count": "有脱贫劳动力的区数",
    "brand_member_count": "品牌成员人数",
    "brand_trained_count": "其中本年参加技能培训",
    "brand_trade_trained_count": "其中在品牌本行业培训",
    "brand_trade_trained_pct": "品牌本行业培训占成员比例",
    "broker_count": "劳务经纪人数",
    "broker_placed_count": "经纪人组织输出人数",
    "placed_per_broker_ratio": "经纪人人均组织输出",
    "town_with_broker_unit_count": "有经纪人的乡镇（街道）数",
    "town_with_laborers_unit_count": "有脱贫人口的乡镇（街道）数",
    "village_unit_count": "有脱贫人口的村数",
    "village_covered_unit_count": "经纪人覆盖村数",
    "village_coverage_pct": "村覆盖率",
    "campaign": "专项活动",
    "campaign_month_unit_count": "举办场次（区×月）",
    "laborers_served_count": "服务脱贫劳动力人数",
    "jobs_offered_unit_count": "提供岗位数",
    "laborers_placed_count": "帮助就业人数",
    "placed_of_served_pct": "就业人数占服务人数比例",
    "record_kind": "类别",
    "record_unit_count": "认定（申报）数",
    "recognised_unit_count": "已认定",
    "pending_unit_count": "已申报待结果",
    "rejected_unit_count": "未通过",
    "leader_count": "返乡创业带头人数",
    "employed_by_leaders_count": "带头人带动就业人数",
    "in_park_guided_count": "已获开业指导",
    "in_park_guided_pct": "开业指导覆盖率",
    "in_park_trained_count": "已获创业培训",
    "in_park_trained_pct": "创业培训覆盖率",
    "in_park_unreported_count": "未填报服务情况",
}

# Suffix -> unit, most specific first: `_claim_count` 笔, `_unit_count` 个 (posts, carriers, towns), other `_count` 人;
# `_per_broker_ratio` persons per broker, an average shown with one decimal (4.5 人/名), never rounded to whole persons.
PER_BROKER = "人/名"
UNITS = {"_wan_yuan": "万元", "_yuan": "元", "_claim_count": "笔", "_unit_count": "个", "_count": "人", "_pct": "%",
         "_days": "天", "_months": "月", "_per_broker_ratio": PER_BROKER}


def unit_of(column: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if column.endswith(suffix)), "")


def label(column: str, with_unit: bool = False) -> str:
    """The Chinese label of a column; with its unit in brackets for axes and headers."""
    text = LABELS.get(column, column)
    unit = unit_of(column)
    return f"{text}（{unit}）" if with_unit and unit else text


# Decimals each unit is shown with; a ratio keeps one (人均 6.6 人/名, never "7 人"); a value without a unit too.
PLACES = {"%": 1, "万元": 2, "元": 0, "人": 0, "笔": 0, "个": 0, "天": 0, "月": 0, PER_BROKER: 1}


def places_of(column: str) -> int | None:
    """The decimals a column's figures are shown with (PLACES by its unit); None for a column without a unit."""
    return PLACES.get(unit_of(column))


def rounded(value, column: str):
    """A figure as it is shown, on screen, in exports and in the 通报: rounded once, half up (四舍五入), from its
    exact value (assess.numbers.half_up) to its column's places — a whole number as an int, otherwise a Decimal;
    None if missing; a value of a column without a unit as it is."""
    if is_missing(value):
        return None
    places = places_of(column)
    if places is None or isinstance(value, bool):
        return value
    shown = half_up(value, places)
    return int(shown) if places == 0 else shown


def shown_numbers(df: pd.DataFrame, columns=None) -> pd.DataFrame:
    """The frame with its figures (`columns`, default every numeric column with a unit) rounded as `rounded` shows
    them, as numbers (floats), so that a table, a chart or a workbook shows what the formatter writes, and sorts
    and sums as numbers: the browser's or Excel's own format then has nothing left to round."""
    out = df.copy()
    for column in df.columns if columns is None else columns:
        if column in out and places_of(column) is not None and pd.api.types.is_float_dtype(out[column]):
            out[column] = [None if (r := rounded(v, column)) is None else float(r) for v in out[column]]
            out[column] = out[column].astype("float64")
    return out


def fmt(value, column: str, signed: bool = False) -> str:
    """A value formatted as everywhere else: thousands separators, % with one decimal, 元, 万元 with two; '—' if
    missing. The one rounding (`rounded`, assess.numbers.half_up): 四舍五入 once, from the exact value — pass 万元
    as `wan_yuan(yuan)`, not as a float already divided or rounded."""
    if is_missing(value):
        return "—"
    unit = unit_of(column)
    places = PLACES.get(unit)
    if places is None:
        if not isinstance(value, float | Decimal):
            return f"{'+' if signed and value > 0 else ''}{value:,}" if isinstance(value, int) else str(value)
        places = 1
    shown = half_up(value, places)
    text = f"{'+' if signed and shown > 0 else ''}{shown:,.{places}f}"
    return f"{text}%" if unit == "%" else f"{text} {unit}" if unit else text


def change_text(value, base, column: str) -> str | None:
    """The change of `value` on `base` for a card: '+1,234 人（+5.6%）', the percentage left out when the base is 0;
    None when either is missing (no baseline)."""
    if is_missing(value) or is_missing(base):
        return None
    text = fmt(value - base, column, signed=True)
    pct = change_pct(value, base)
    return text if pct is None else f"{text}（{fmt(pct, 'employed_change_pct', signed=True)}）"


def fmt_points(value, signed: bool = True) -> str:
    """A change between two shares, in percentage points: '+1.2 个百分点'; '—' if missing."""
    if is_missing(value):
        return "—"
    shown = half_up(value, 1)
    sign = "+" if signed and shown > 0 else ""
    return f"{sign}{shown:,.1f} 个百分点"


def points_change(now, before) -> str | None:
    """The change between two shares in percentage points ('+1.2 个百分点'); None when either is missing."""
    return None if is_missing(now) or is_missing(before) else fmt_points(exact(now) - exact(before))


def month_label(month: str) -> str:
    """'2026-10' -> '2026年10月'."""
    m = Month.of(month)
    return f"{m.year}年{m.number:02d}月"


def period_label(month: str, year_to_date: bool = False) -> str:
    """The period a figure covers: the month ('2026年10月'), or with `year_to_date` January up to it ('2026年1—10月';
    '2026年1月' in January, '2026年全年' in December)."""
    if not year_to_date:
        return month_label(month)
    year, moy = (m := Month.of(month)).year, m.number
    if moy == 1:
        return f"{year}年1月"
    return f"{year}年全年" if moy == 12 else f"{year}年1—{moy}月"


def same_period_last_year(month: str, year_to_date: bool = False) -> str:
    """`period_label` of the same period a year earlier."""
    return period_label(str(Month.of(month).a_year_earlier()), year_to_date)


# Verdicts (assess.verdicts.Verdict) in words, with a symbol readable without colour and the colour that supports it.
VERDICT_WORDS = {Verdict.MET: "达到", Verdict.NOT_MET: "未达到", Verdict.NO_BASELINE: "无基期",
                 Verdict.NO_SUBJECT: "无对象", Verdict.NOT_REPORTED: "未填报", Verdict.UNDETERMINED: "无法判定"}
VERDICT_SYMBOLS = {Verdict.MET: "✓", Verdict.NOT_MET: "✗", Verdict.NO_BASELINE: "—", Verdict.NO_SUBJECT: "—",
                   Verdict.NOT_REPORTED: "？", Verdict.UNDETERMINED: "△"}
VERDICT_COLORS = {Verdict.MET: "green", Verdict.NOT_MET: "red"}  # the others gray
VERDICT_ICONS = {Verdict.MET: ":material/check_circle:", Verdict.NOT_MET: ":material/cancel:",
                 Verdict.NOT_REPORTED: ":material/help:"}  # the others :material/remove:
BASELINE_NAMES = {"same_month_last_year": "上年同期", "last_december": "上年末"}
# What a district's figure is held against on 区域对比 (assess.districts.threshold kinds).
THRESHOLD_NAMES = BASELINE_NAMES | {"no_change": "上年同期持平", "target": "目标", "same_period": "上年同期"}
# The figure the 公益性岗位 rule uses (policy welfare_posts_measure, assess.welfare.MEASURES).
PROJECTION_OUTLOOK_NAMES = {"below": "可能低于上年", "at_risk": "区间下限低于上年", "not_below": "预计不低于上年"}
WELFARE_MEASURE_NAMES = {"placed_persons": "年内累计安置人数", "in_post_year_end": "年末在岗人数",
                         "post_count": "岗位数"}
MIX_DIMENSION_NAMES = {"work_location": "务工地点", "channel": "就业渠道", "employment_form": "就业形式",
                       "industry": "行业"}
LABELS |= MIX_DIMENSION_NAMES  # the roster's columns of the same names, where a table shows them
TABLE_NAMES = {"laborers": "脱贫劳动力花名册", "welfare_posts": "公益性岗位花名册", "subsidy_claims": "补贴发放台账",
               "entrepreneurs": "返乡创业人员", "carriers": "帮扶载体", "town_assessments": "示范乡镇报送指标",
               "labor_brokers": "农村劳务经纪人名册", "service_campaigns": "就业服务专项活动",
               "startup_records": "返乡创业园区认定与示范申报", "startup_leaders": "返乡创业带头人"}
DATA_KINDS = {True: "模拟数据", False: "正式数据"}
GAP_FLAGS = {"missing": "缺报", "jump": "变化大"}
TOTAL, UNASSIGNED, ALL_SELECTED = "合计", "未落乡镇", "全市"
# 公益性岗位's 无基期, worded once as the rule has it: a district that did not report a roster last year (one that
# reported an empty roster has a true 0, not 无基期).
WELFARE_NO_BASELINE = "上年未报送公益性岗位花名册"
WELFARE_NO_BASELINE_RULE = (f"{WELFARE_NO_BASELINE}的区为“无基期”（上年同期、上年全年为空），不算达到；"
                            "上年报送为 0 的区基期为 0")
# The access log's actions (store.access_log.ACTIONS) in words.
LOG_ACTION_NAMES = {
    "sign_in": "登录", "sign_out": "退出", "refused_sign_in": "拒绝登录", "page_view": "浏览页面",
    "export": "导出", "import": "导入", "refused_scope": "拒绝越权请求", "refused_page": "拒绝访问页面",
    "account_add": "新建账号", "account_disable": "停用账号", "account_enable": "启用账号",
    "account_reset": "重置密码", "briefing": "生成通报",
    "provider_sign_in": "统一认证登录", "provider_refused": "统一认证拒绝",
    "selection_open": "开启推选", "selection_save": "保存推选申请", "selection_action": "推选审核操作",
    "selection_publish": "发布推选名单", "selection_attach": "上传推选附件",
    "selection_correct": "更正推选名单", "selection_detach": "删除推选附件",
    "refused_request": "拒绝未登录请求", "throttle_clear": "解除登录限制",
}
ROLE_NAMES = {roles.CITY: "市局", roles.DISTRICT: "区人社局", roles.TOWN: "乡镇（街道）", roles.ADMIN: "管理员"}
# The units of the scorecard's and the 推选's measures (assess.scorecard and assess.selection name them alike).
UNIT_WORDS = {"pct": "%", "persons": "人", "units": "个", "months": "个月", "days": "天", "yes_no": ""}
NOT_IN_REFERENCE = "未登记"  # a brand found in the roster but missing from data/reference/labor_brands.csv
PREMIUM_NOTE = ("收入溢价：品牌务工就业成员的平均月收入减去同区非品牌务工人员的平均月收入，"
                "先按区比较、再按品牌各区有收入的务工就业人数加权；所在区没有非品牌务工人员的成员不参与比较，全部不能比较时显示“—”。")


def _code(verdict) -> Verdict | None:
    return Verdict(verdict) if verdict in Verdict._value2member_map_ else None


def verdict_word(verdict) -> str:
    """'达到', '未达到', …; '—' when there is no verdict; text that is already worded stays as it is."""
    if is_missing(verdict):
        return "—"
    return VERDICT_WORDS[_code(verdict)] if _code(verdict) else str(verdict)


def verdict_cell(verdict) -> str:
    """A table cell readable without colour: '✓ 达到', '✗ 未达到', '— 无基期', '？ 未填报'; text that is already
    worded stays as it is."""
    if is_missing(verdict):
        return "—"
    return f"{VERDICT_SYMBOLS[_code(verdict)]} {verdict_word(verdict)}" if _code(verdict) else str(verdict)


def is_verdict_column(column: str) -> bool:
    return column == "verdict" or column.endswith("_verdict")


def worded(df: pd.DataFrame) -> pd.DataFrame:
    """The table with its verdict columns in words and symbols ('✓ 达到'), as screens and exports show them."""
    columns = [c for c in df.columns if is_verdict_column(c)]
    return df.assign(**{c: df[c].map(verdict_cell) for c in columns}) if columns else df


def number_format(column: str) -> str:
    """The `st.column_config.NumberColumn` format of a column."""
    unit = unit_of(column)
    return {"%": "%.1f%%", "万元": "%.2f", PER_BROKER: "%.1f"}.get(unit, "localized")


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


def field_label(column: str) -> str:
    """A laborers column under the Chinese header districts use in their files."""
    return validate.header_label("laborers", column)


def district_name(code: str) -> str:
    return reference.district_names().get(code, code)


def town_name(code: str | None) -> str:
    if is_missing(code):
        return UNASSIGNED
    return reference.town_names().get(code, code)

# The bureau's clock: times are stored in UTC and shown in Beijing time, whatever the server's own zone. Every time
# on screen and in a file goes through `beijing_time` (or `beijing_times` for a column), in one of these patterns.
BEIJING = ZoneInfo("Asia/Shanghai")
TO_SECOND, TO_MINUTE, TO_DAY = "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"
IN_FILE_NAME = "%Y%m%d-%H%M"


def in_beijing(moment: datetime | None = None) -> datetime:
    """A moment (naive means UTC, as the stores hand it back; None: now) as Beijing's clock reads it."""
    moment = datetime.now(UTC) if moment is None else moment
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(BEIJING)


def beijing_time(moment: datetime | None = None, pattern: str = TO_SECOND) -> str:
    """A stored time (UTC; naive means UTC; None: now) as Beijing time, to the second (or `pattern`)."""
    return in_beijing(moment).strftime(pattern)


def beijing_times(moments: pd.Series, pattern: str = TO_SECOND) -> pd.Series:
    """A column of stored times (UTC) as Beijing time, as `beijing_time` words one."""
    return pd.to_datetime(moments, utc=True).dt.tz_convert(BEIJING).dt.strftime(pattern)


def stored_time_label(text: str) -> str:
    """A time the manifest stores (ISO, UTC) as read: '2026年12月8日 10:25', Beijing time; '' for none."""
    if not text:
        return ""
    local = in_beijing(datetime.fromisoformat(str(text)))
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


LOG_OUTCOME_WORDS = {"ok": "成功"}  # the access log's outcome code; every other outcome is written in Chinese already

# What the access log records beside an action (link parameters of a page view, an export's file, an import's table
# and month, a 推选 step …), by name, as the 访问日志 shows them; a name not listed here is shown as 其他.
LOGGED_PARAMETER_NAMES = {
    "month": "月份", "district": "区", "districts": "区", "drill_district": "下钻区", "tab": "标签页", "brand": "品牌",
    "selection_file_indicator": "附件指标", "file": "文件", "sheets": "工作表", "table": "数据表", "kind": "类型",
    "year": "年度", "application_id": "申报编号", "fields": "填写项", "action": "操作", "to_state": "进入环节",
    "applications": "申报", "version_no": "版本", "indicator": "指标", "sha256": "文件校验和", "username": "账号",
    "role": "角色", "method": "请求方式", "client": "来源地址", "attempts": "次数", "from": "起始时间",
    "seconds": "时长（秒）", "data_version": "数据版本", "path": "地址", "attachment_id": "附件编号",
}


def logged_parameters_text(logged: str | None, value_words: dict | None = None) -> str:
    """What the access log recorded beside an action (JSON), in words: '月份 2026年10月；区 黄陂区、新洲区';
    `value_words` words the values of further names ({"action": {"submit": "提交申请"}})."""
    if not isinstance(logged, str) or not logged:
        return ""
    try:
        parameters = json.loads(logged)
    except ValueError:
        return "（无法读取）"
    if not isinstance(parameters, dict):
        return "（无法读取）"
    parts = []
    for key, values in sorted(parameters.items(), key=lambda kv: kv[0] not in LOGGED_PARAMETER_NAMES):
        values = values if isinstance(values, list) else [values]
        if key in ("district", "districts", "drill_district"):
            values = [district_name(str(v)) for v in values]
        elif key == "month":
            values = [month_label(str(v)) if re.fullmatch(r"\d{4}-\d{2}", str(v)) else str(v) for v in values]
        elif key == "role":
            values = [ROLE_NAMES.get(v, v) for v in values]
        elif key == "table":
            values = [TABLE_NAMES.get(v, v) for v in values]
        elif key in ("sha256", "data_version"):
            values = [str(v)[:12] for v in values]
        elif key in (value_words or {}):
            values = [value_words[key].get(v, v) for v in values]
        parts.append(f"{LOGGED_PARAMETER_NAMES.get(key, '其他')} {'、'.join(map(str, values))}")
    return "；".join(parts)


# The demo generator's marks in the manifest (lake/demo.py), as the 数据质量 tables show them.
DEMO_WRITER = {"demo": "演示数据生成器", "make demo": "演示数据生成器"}


def left_out_note(district_codes) -> str:
    """What a like-with-like total leaves out (assess.welfare.like_with_like): '不含无基期的洪山区'; '' for none."""
    return f"不含无基期的{'、'.join(district_name(c) for c in district_codes)}" if len(district_codes) else ""


def total_label(scope_label: str, left_out=()) -> str:
    """The first cell of a selection's 合计 row: '合计（全市）', '合计（全市，不含无基期的洪山区）'."""
    parts = "，".join(part for part in (scope_label, left_out_note(left_out)) if part)
    return f"{TOTAL}（{parts}）" if parts else TOTAL


def compared_with(total, words: str = "较上年同期") -> str:
    """A card's baseline for a like-with-like 公益性岗位 total (assess.welfare.compare):
    '较上年同期（不含无基期的洪山区）', or `words` alone when nothing is left out (or there is no total)."""
    note = "" if total is None else left_out_note(total[LEFT_OUT])
    return f"{words}（{note}）" if note else words


def setting_named(key: str, year: int) -> str:
    """A policy setting as a 口径 sentence names it: by its Chinese label in policy.toml, never by its key."""
    return f"政策参数“{policy.setting(key, year)['label']}”"

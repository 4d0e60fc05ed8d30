"""The 示范乡镇 scorecard in words and colours, as the page and the export show it.

assess.scorecard judges (Verdict codes and numbers); this module only words its results: indicator names, values
("92.5%（37/40 人）"), standards ("≥ 90.0%"), gaps ("还差 3 人", "还差 2.1 个百分点"), sources (派生/填报) and the
page's sentences. Verdict words and symbols come from ui.labels; the grid's short indicator names are its LABELS.
"""

import math

import pandas as pd

from assess import scorecard
from assess.numbers import half_up
from assess.scorecard import BOTH, DERIVED, GRID_COLUMNS, INDICATORS, REPORTED, Result
from assess.verdicts import Verdict, is_missing
from lake import reference
from ui import cards
from ui.labels import (
    UNIT_WORDS,
    district_name,
    fmt,
    label,
    period_label,
    town_name,
    verdict_cell,
    verdict_word,
)

INDICATOR_NAMES = {1: "农村劳动力转移就业情况", 2: "脱贫劳动力就业帮扶情况", 3: "扶持返乡创业情况",
                   4: "扶持特色产业情况", 5: "建立就业帮扶载体情况", 6: "落实就业帮扶政策情况",
                   7: "就业服务平台建设情况", 8: "基础数据库建设情况", 9: "组织领导情况", 10: "派遣工作人员进驻情况"}
# The parts of indicators with several are named ("扶持返乡创业还差 3 人", "村级平台更新还差 2 个月").
PART_NAMES = {"entrepreneurs_supported_count": "扶持返乡创业", "demo_application_unit_count": "申报示范园区（项目）",
              "entrepreneur_model_unit_count": "创业典型", "publicity_months": "政策宣传",
              "audit_passed_pct": "补贴通过规则核查", "village_platform_update_months": "村级平台更新",
              "platform_update_months": "乡镇（街道）级平台更新", "spot_check_accuracy_pct": "农村劳动力转移就业数据",
              "migrant_spot_check_accuracy_pct": "脱贫劳动力外出务工数据"}
SOURCE_WORDS = {DERIVED: "派生", REPORTED: "填报", BOTH: "派生+填报"}
OVERALL_WORDS = {Verdict.MET: "全部达标", Verdict.NOT_MET: "未全部达标"}
NO_DATA = "无数据"  # last year's verdict when the lake has nothing for the town that year
NOT_SHOWN = "—"
PCT_COLUMN = "indicator_value_pct"  # a share, formatted as every _pct figure (one decimal, 四舍五入 once)
NO_SUBJECT_VALUE = "无有劳动能力和就业意愿人员"
NO_SUBJECT_NOTE = "无有劳动能力和就业意愿人员或本年无补贴发放，不算达到"
UNDETERMINED_NOTE = "现有数据不能判定，不算达到"
NO_CLAIMS = "本年无补贴发放，无从核查落地落实"
NOT_AUDITED = "补贴未核查"
JOINT_GROUP = "成立由乡镇（街道）和人社相关部门组成的联合工作组"
GRID_COLORS = {Verdict.MET: "#d4edda", Verdict.NOT_MET: "#f8d7da"}  # the other verdicts stay uncoloured
SOURCE = "乡镇填报、脱贫劳动力月度花名册、帮扶载体台账"


def indicator_name(number: int) -> str:
    return INDICATOR_NAMES[number]


def indicator_short(number: int) -> str:
    """The grid's column header, e.g. '1 转移就业' (LABELS of the grid column)."""
    return label(GRID_COLUMNS[number - 1])


def source_word(source: str) -> str:
    return SOURCE_WORDS[source]


def points(shortfall: float) -> str:
    """A shortfall in percentage points, rounded up to one decimal so that a fail never reads '还差 0.0'."""
    return f"{math.ceil(round(shortfall * 10, 6)) / 10:.1f}"


def _named(part, named: bool) -> str:
    return PART_NAMES[part.measure] if named else ""


def places_text(places) -> str:
    return "、".join(places) if places else "（无）"


def outside_reading(year: int) -> str:
    """Which reading of 外出就业 indicator 2 uses in `year` (policy town_outside_work_locations), for the page."""
    places = scorecard.outside_locations(year)
    unsplit = ("务工地点为旧模板“区内”（乡镇内外不详）的人不猜测：影响结果时指标 2 显示“无法判定”。"
               if (scorecard.UNSPLIT_MEANS[0] in places) != (scorecard.UNSPLIT_MEANS[1] in places) else "")
    welfare = "" if "乡镇内" in places else "乡村公益性岗位在本村，属乡镇内，不算外出。"
    return (f"指标 2“外出就业”的口径（{year}年政策设置）：务工地点为{places_text(places)}算外出"
            f"（国家农民工监测口径：在户籍所在乡镇以外务工）。{welfare}{unsplit}")


def _part_standard(part) -> str:
    if part.unit == scorecard.PCT:
        return f"≥ {fmt(part.minimum, PCT_COLUMN)}"
    return f"≥ {part.minimum} {UNIT_WORDS[part.unit]}"


def threshold_text(result: Result) -> str:
    """The standard applied: '≥ 90.0%', '扶持返乡创业 ≥ 10 人；…', '2—3 人，每人每月 ≥ 4 天'; indicator 2 names the
    locations counted as 外出."""
    first = result.parts[0]
    if result.number == 2:
        outside = places_text(result.facts["outside_work_locations"])
        return f"外出就业 ≥ {fmt(first.minimum, PCT_COLUMN)}（外出 = {outside}）"
    if first.unit == scorecard.YES_NO:
        return f"须{JOINT_GROUP}" if first.minimum else "不作要求"
    if result.number == 10:
        staff, days = result.parts
        if staff.maximum is not None:
            return f"{staff.minimum}—{staff.maximum} 人，每人每月 ≥ {days.minimum} 天"
        plan_max = result.facts["staff_stationed_plan_max"]
        return (f"≥ {staff.minimum} 人（方案选派 {staff.minimum} 至 {plan_max} 名，多派不算未达到），"
                f"每人每月 ≥ {days.minimum} 天")
    if len(result.parts) == 1:
        return _part_standard(first)
    return "；".join(f"{_named(p, True)} {_part_standard(p)}" for p in result.parts)


def value_text(result: Result) -> str:
    """The value as shown, with its unit: '89.9%', '92.5%（37/40 人）', '1 个（台账 1 个，填报 —）', '—' if not
    reported."""
    if result.verdict == Verdict.NOT_REPORTED:
        return NOT_SHOWN
    first = result.parts[0]
    if result.number == 2:
        if result.verdict == Verdict.NO_SUBJECT:
            return NO_SUBJECT_VALUE
        facts = result.facts
        text = (f"{fmt(first.value, PCT_COLUMN)}"
                f"（外出 {facts['able_willing_outside_count']:,}/{facts['able_willing_count']:,} 人，"
                f"已就业 {facts['able_willing_employed_count']:,} 人")
        if facts["able_willing_undetermined_count"]:
            text += f"；区内（乡镇内外不详）{facts['able_willing_undetermined_count']:,} 人"
        return text + "）"
    if result.number == 6:
        publicity, audit = result.parts
        facts = result.facts
        if not facts["is_audited"]:
            checked = NOT_AUDITED
        elif not facts["paid_claim_count"]:
            checked = NO_CLAIMS
        else:
            passed = facts["paid_claim_count"] - facts["flagged_claim_count"]
            checked = f"补贴通过规则核查 {fmt(audit.value, PCT_COLUMN)}（{passed:,}/{facts['paid_claim_count']:,} 笔）"
        return f"政策宣传 {publicity.value:,} 个月；{checked}"
    if first.unit == scorecard.PCT:
        if len(result.parts) > 1:
            return "；".join(f"{_named(p, True)} {fmt(p.value, PCT_COLUMN)}" for p in result.parts)
        return fmt(first.value, PCT_COLUMN)
    if first.unit == scorecard.YES_NO:
        return "已成立" if first.value else "未成立"
    if result.number == 10:
        staff, days = result.parts
        return f"{staff.value:,} 人，每人每月至少 {days.value:,} 天"
    named = len(result.parts) > 1
    text = "；".join(f"{_named(p, named)} {p.value:,} {UNIT_WORDS[p.unit]}".strip() for p in result.parts)
    if result.number == 5:
        recorded, reported = result.facts["carrier_recorded_unit_count"], result.facts["carrier_reported_unit_count"]
        text += f"（台账 {recorded:,} 个，填报 {NOT_SHOWN if is_missing(reported) else f'{reported:,} 个'}）"
    return text


def gap_text(result: Result) -> str:
    """What is still missing: '还差 3 人', '还差 2.1 个百分点', '派驻人员超出上限 1 人', '未填报'; '' when met or when
    there is no subject."""
    if result.verdict == Verdict.NOT_REPORTED:
        return verdict_word(Verdict.NOT_REPORTED)
    if result.verdict == Verdict.UNDETERMINED:
        if result.number == 2:
            return (f"{result.facts['able_willing_undetermined_count']:,} 人务工地点为“区内”，乡镇内外不详，"
                    "无法判定是否外出（请按新分类补报务工地点）")
        return "补贴未核查，无法判定政策落地落实"
    if result.verdict != Verdict.NOT_MET:
        return ""
    first = result.parts[0]
    if first.unit == scorecard.YES_NO:
        return f"尚未{JOINT_GROUP}"
    if result.number == 2 and result.facts["able_willing_undetermined_count"]:
        return f"至少还差 {first.shortfall:,} 人"
    if len(result.parts) > 1 and any(p.gap_unit == scorecard.POINTS for p in result.parts):
        return "；".join(f"{_named(p, True)}还差 {points(p.shortfall)} 个百分点" if p.gap_unit == scorecard.POINTS
                        else f"{_named(p, True)}还差 {p.shortfall:,} {UNIT_WORDS[p.gap_unit]}"
                        for p in result.parts if p.shortfall)
    if first.gap_unit == scorecard.POINTS:
        return f"还差 {points(first.shortfall)} 个百分点"
    if result.number == 10:
        staff, days = result.parts
        gaps = [f"派驻人员还差 {staff.shortfall:,} 人" if staff.shortfall else "",
                f"派驻人员超出上限 {staff.excess:,} 人" if staff.excess else "",
                f"每人每月进驻还差 {days.shortfall:,} 天" if days.shortfall else ""]
        return "；".join(g for g in gaps if g)
    named = len(result.parts) > 1
    return "；".join(f"{_named(p, named)}还差 {p.shortfall:,} {UNIT_WORDS[p.gap_unit]}"
                    for p in result.parts if p.shortfall)


def last_year_word(verdict) -> str:
    """Last year's verdict in words; '无数据' when the lake has nothing for the town that year."""
    return NO_DATA if is_missing(verdict) else verdict_word(verdict)


RESULT_COLUMNS = ["district_code", "district_name", "town_code", "town_name", "indicator_no", "indicator",
                  "value_text", "threshold_text", "verdict", "gap_text", "relative_gap", "source",
                  "last_year_value_text", "last_year_verdict"]


def worded_results(long: pd.DataFrame) -> pd.DataFrame:
    """assess.scorecard.results in words: one row per town × indicator with names, value, standard, verdict word,
    gap and source, and last year's value and verdict ('—' and '无数据' when the lake has nothing)."""
    rows = [{
        "district_code": r.district_code, "district_name": district_name(r.district_code),
        "town_code": r.town_code, "town_name": town_name(r.town_code), "indicator_no": r.indicator_no,
        "indicator": indicator_name(r.indicator_no), "value_text": value_text(r.result),
        "threshold_text": threshold_text(r.result), "verdict": verdict_word(r.verdict),
        "gap_text": gap_text(r.result), "relative_gap": r.relative_gap, "source": source_word(r.source),
        "last_year_value_text": NOT_SHOWN if is_missing(r.last_year_result) else value_text(r.last_year_result),
        "last_year_verdict": last_year_word(r.last_year_verdict),
    } for r in long.itertuples()]
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def town_card(long: pd.DataFrame, town_code: str) -> pd.DataFrame:
    """One town's ten indicators in words, its verdicts as grid cells ('✓ 达到') so they read without colour."""
    town = long[long["town_code"] == town_code].sort_values("indicator_no")
    worded = worded_results(town).assign(verdict=[verdict_cell(v) for v in town["verdict"]])
    return worded[["indicator_no", "indicator", "source", "value_text", "threshold_text", "verdict", "gap_text",
                   "last_year_value_text", "last_year_verdict"]]


GRID_VERDICT_COLUMNS = [*GRID_COLUMNS, "overall_verdict"]


def _text_column(values: list, index: pd.Index, empty=object) -> pd.Series:
    # Text as Series.map would give it (`empty` dtype when there are no rows), built from a plain list: for a few
    # hundred cells pandas' per-call overhead is most of the cost of a map.
    return pd.Series(values, index=index, dtype=str if len(index) else empty)


_CELLS = {code: verdict_cell(code) for code in Verdict}


def _cell(verdict) -> str:
    """`verdict_cell`, looked up for the verdict codes (a grid has hundreds of cells)."""
    return _CELLS.get(verdict) or verdict_cell(verdict)


def worded_grid(grid: pd.DataFrame) -> pd.DataFrame:
    """assess.scorecard.grid with district and town names, cells as '✓ 达到' and the overall verdict as 全部达标."""
    def words(column: str, word, empty=object) -> pd.Series:
        return _text_column([word(v) for v in grid[column]], grid.index, empty)

    return pd.DataFrame({
        "rank": grid["rank"], "district_name": words("district_code", district_name),
        "town_name": words("town_code", town_name), "town_code": grid["town_code"],
        **{column: words(column, _cell) for column in GRID_COLUMNS},
        "passed_indicator_unit_count": grid["passed_indicator_unit_count"],
        "last_year_passed_indicator_unit_count": grid["last_year_passed_indicator_unit_count"],
        "overall_verdict": words("overall_verdict", OVERALL_WORDS.get, empty=str),
    })


def styled_grid(grid: pd.DataFrame):
    """`worded_grid` for `st.dataframe`, each verdict cell coloured by its code (green met, red not met)."""
    colours = pd.DataFrame({column: _text_column([f"background-color: {GRID_COLORS[v]}" if v in GRID_COLORS else ""
                                                  for v in grid[column]], grid.index)
                            for column in GRID_VERDICT_COLUMNS})
    return worded_grid(grid).style.apply(lambda _: colours, axis=None, subset=GRID_VERDICT_COLUMNS)


def worded_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """assess.scorecard.pass_counts with each indicator's short name (the chart's categories)."""
    return counts.assign(indicator=counts["indicator_no"].map(indicator_short))


def town_label(town_code: str) -> str:
    """The town's name with its district: 李集街道 exists in two districts."""
    town = next((t for t in reference.towns() if t["town_code"] == town_code), None)
    if town is None:
        return town_code
    return f"{town['town_name']}（{district_name(town['district_code'])}）"


def year_label(year: int) -> str:
    return f"{year}年"


def period(year: int, as_of_month: str, is_full_year: bool) -> str:
    """The period judged: '2025年' for a complete year, '2026年1—10月（年度未完）' while the year runs."""
    return year_label(year) if is_full_year else f"{period_label(as_of_month, year_to_date=True)}（年度未完）"


def legend(separator: str) -> str:
    """What the grid's cells mean: '✓ 达到，✗ 未达到，— 无对象（…，不算达到），？ 未填报。'."""
    return separator.join([verdict_cell(Verdict.MET), verdict_cell(Verdict.NOT_MET),
                           f"{verdict_cell(Verdict.NO_SUBJECT)}（{NO_SUBJECT_NOTE}）",
                           f"{verdict_cell(Verdict.UNDETERMINED)}（{UNDETERMINED_NOTE}）",
                           verdict_cell(Verdict.NOT_REPORTED)]) + "。"


def no_candidates(scope: str) -> str:
    return (f"{scope}没有示范乡镇候选乡镇（街道）。候选范围是蔡甸区、江夏区、黄陂区、新洲区的乡镇（街道），"
            "请在左侧改选区或选全市。")


def headline(period_text: str, scope: str, candidate_total: int, passing: list[str]) -> str:
    """'2026年1—10月（年度未完）全市 56 个候选乡镇（街道）中，15 个十项指标全部达标：奓山街道（蔡甸区）、…等'."""
    names = "、".join(town_label(code) for code in passing[:6]) + ("等" if len(passing) > 6 else "")
    return (f"{period_text}{scope} {candidate_total} 个候选乡镇（街道）中，{len(passing)} 个十项指标全部达标"
            + (f"：{names}" if passing else "，暂无乡镇全部达标"))


def summary_cards(year: int, as_of: str, candidate_total: int, passing: list[str], last_passing: list[str],
                  grid: pd.DataFrame, counts: pd.DataFrame) -> list[cards.Card]:
    """The four cards above the grid: candidates, towns meeting all ten (against last year), the average number of
    indicators met, and the indicator met by the fewest towns."""
    has_last_year = grid["last_year_passed_indicator_unit_count"].notna().any()
    weakest = scorecard.weakest_indicator(counts)
    return [
        cards.Card("候选乡镇（街道）", f"{candidate_total:,} 个", as_of,
                   help="蔡甸、江夏、黄陂、新洲区的乡镇（街道），按代码识别"),
        cards.Card("十项全部达标", f"{len(passing):,} 个", as_of,
                   change=f"{len(passing) - len(last_passing):+,} 个" if has_last_year else None,
                   baseline=f"较{year - 1}年" if has_last_year else None,
                   help=f"{year - 1}年全部达标 {len(last_passing)} 个" if has_last_year else f"{year - 1}年无数据"),
        cards.Card("平均达标指标数", f"{half_up(grid['passed_indicator_unit_count'].mean(), 1)} 项", as_of,
                   help="每个候选乡镇十项指标中达到的项数的平均"),
        cards.Card("达标乡镇最少的指标", indicator_short(weakest["indicator_no"]), as_of,
                   change=f"{weakest['passed_town_unit_count']} / {weakest['town_unit_count']} 个乡镇达到",
                   baseline="达到的乡镇数", help="十项指标中达到的乡镇最少的一项"),
    ]


def grid_caption(year: int, as_of: str) -> str:
    return f"{legend('　')}数据截至 {as_of}；标准取自政策参数（{year}年生效）。{outside_reading(year)}"


def chart_title(period_text: str, candidate_total: int) -> str:
    return f"{period_text}哪项指标达到的乡镇最少？（共 {candidate_total} 个候选乡镇）"


def town_choice(town_code: str, passed: int) -> str:
    """The town selector's option: '奓山街道（蔡甸区） · 达到 10/10 项'."""
    return f"{town_label(town_code)} · 达到 {passed}/{len(INDICATORS)} 项"


def town_heading(town_code: str, period_text: str, passed: int) -> str:
    """'**奓山街道（蔡甸区）**　2026年1—10月（年度未完）：全部达标' or '…：达到 7 / 10 项'."""
    ten = len(INDICATORS)
    verdict = OVERALL_WORDS[Verdict.MET] if passed == ten else f"达到 {passed} / {ten} 项"
    return f"**{town_label(town_code)}**　{period_text}：{verdict}"


def town_badge(passed: int) -> Verdict:
    """The town's badge, as ui.cards.verdict_badge takes it: MET when all ten are met."""
    return Verdict.MET if passed == len(INDICATORS) else Verdict.NOT_MET


def all_met(town_code: str) -> str:
    return f"{town_label(town_code)}十项指标全部达到。"


def improvement_list(long: pd.DataFrame, town_code: str) -> str:
    """The town's indicators not met as a numbered Markdown list, closest to being met first; '' when all are met."""
    todo = worded_results(scorecard.improve_first(long, town_code))
    return "\n".join(f"{k}. 指标{r.indicator_no} {r.indicator}：{r.gap_text or r.verdict}（现为 {r.value_text}，"
                     f"标准 {r.threshold_text}）" for k, r in enumerate(todo.itertuples(), start=1))

"""示范乡镇 scorecard (DESIGN §5): each candidate town's ten indicators judged against the policy file.

Every threshold is read from `lake.policy` when a verdict is made, so a rule change in `policy.toml` changes the
verdicts with no code change. The values come from the question `model_town_indicators` (one row per town × year).
Each indicator gives its value, the standard, a verdict, the gap still to close ("还差 3 人", "还差 2.1 个百分点") and
where it comes from (派生 = derived from records, 填报 = reported in `town_assessments`).
"""

import math
from dataclasses import dataclass

import pandas as pd

from lake import policy, reference
from queries import engine

PASS, FAIL = "达到", "未达到"
NO_SUBJECT = "无对象"  # indicator 2 when the town has no able and willing 脱贫劳动力: shown, never a pass
NOT_REPORTED = "未填报"  # a reported figure is missing for that town and year
SYMBOLS = {PASS: "✓", FAIL: "✗", NO_SUBJECT: "—", NOT_REPORTED: "？"}
DERIVED, REPORTED, BOTH = "派生", "填报", "派生+填报"
ALL_PASS, NOT_ALL_PASS = "全部达标", "未全部达标"
NO_DATA = "无数据"  # last year's verdict when the lake has nothing for the town that year
MONTHS_WITHOUT_ROSTER = 12  # a year with no roster month in the lake asks for every month of the year


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    short: str  # the grid's column header
    source: str


INDICATORS = (
    Indicator(1, "农村劳动力转移就业情况", "1 转移就业", REPORTED),
    Indicator(2, "脱贫劳动力就业帮扶情况", "2 脱贫劳动力就业", DERIVED),
    Indicator(3, "扶持返乡创业情况", "3 返乡创业", REPORTED),
    Indicator(4, "扶持特色产业情况", "4 特色产业", REPORTED),
    Indicator(5, "建立就业帮扶载体情况", "5 帮扶载体", BOTH),
    Indicator(6, "落实就业帮扶政策情况", "6 政策宣传", REPORTED),
    Indicator(7, "就业服务平台建设情况", "7 平台更新", REPORTED),
    Indicator(8, "基础数据库建设情况", "8 数据准确率", REPORTED),
    Indicator(9, "组织领导情况", "9 工作专班", REPORTED),
    Indicator(10, "派遣工作人员进驻情况", "10 人员进驻", REPORTED),
)
GRID_COLUMNS = tuple(f"indicator_{i.number:02d}" for i in INDICATORS)


@dataclass(frozen=True)
class Result:
    number: int
    verdict: str  # 达到 / 未达到 / 无对象 / 未填报
    value: str  # the value as shown, with its unit
    threshold: str  # the standard as shown
    gap: str = ""  # what is still missing; empty when passed
    relative_gap: float = 0.0  # the missing share of the standard (0 when passed), to rank what to improve first

    @property
    def passed(self) -> bool:
        return self.verdict == PASS


def _num(value):
    """A plain number, or None when missing (None, NaN, pandas NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _points(shortfall: float) -> str:
    """A shortfall in percentage points, rounded up to one decimal so that a fail never reads '还差 0.0'."""
    return f"{math.ceil(round(shortfall * 10, 6)) / 10:.1f}"


def _at_least_pct(number: int, value, threshold: float) -> Result:
    value = _num(value)
    shown = f"≥ {threshold:.1f}%"
    if value is None:
        return Result(number, NOT_REPORTED, "—", shown, "未填报", 1.0)
    if value >= threshold:
        return Result(number, PASS, f"{value:.1f}%", shown)
    return Result(number, FAIL, f"{value:.1f}%", shown, f"还差 {_points(threshold - value)} 个百分点",
                  (threshold - value) / threshold)


def _count_parts(number: int, parts: list[tuple]) -> Result:
    """Counts that must each reach a minimum: parts = [(what, value, minimum, unit), ...]; all must pass.

    A single-part indicator shows just the numbers; a multi-part one names each part.
    """
    named = len(parts) > 1
    items = [(what if named else "", _num(v), minimum, unit) for what, v, minimum, unit in parts]
    shown = "；".join(f"{what} ≥ {minimum} {unit}".strip() for what, _, minimum, unit in items)
    if any(v is None for _, v, _, _ in items):
        return Result(number, NOT_REPORTED, "—", shown, "未填报", 1.0)
    value = "；".join(f"{what} {v:,} {unit}".strip() for what, v, _, unit in items)
    gaps = [(f"{what}还差 {minimum - v:,} {unit}", (minimum - v) / minimum)
            for what, v, minimum, unit in items if v < minimum]
    if not gaps:
        return Result(number, PASS, value, shown)
    return Result(number, FAIL, value, shown, "；".join(g for g, _ in gaps), sum(r for _, r in gaps))


def _transfer(row: dict, year: int) -> Result:
    return _at_least_pct(1, row.get("rural_transfer_rate_pct"), float(policy.value("town_transfer_rate_min_pct", year)))


def _able_willing(row: dict, year: int) -> Result:
    target = float(policy.value("town_able_willing_employment_min_pct", year))
    shown = f"≥ {target:.1f}%"
    able_willing = _num(row.get("able_willing_count")) or 0
    employed = _num(row.get("able_willing_employed_count")) or 0
    if able_willing == 0:
        return Result(2, NO_SUBJECT, "无有劳动能力和就业意愿人员", shown)
    rate = 100.0 * employed / able_willing
    value = f"{rate:.1f}%（{employed:,}/{able_willing:,} 人）"
    if employed * 100 >= target * able_willing:
        return Result(2, PASS, value, shown)
    needed = math.ceil(round(target * able_willing / 100 - employed, 6))
    return Result(2, FAIL, value, shown, f"还差 {needed:,} 人", needed / (target * able_willing / 100))


def _entrepreneurship(row: dict, year: int) -> Result:
    def part(what, column, key, unit):
        return what, row.get(column), policy.value(key, year), unit

    return _count_parts(3, [
        part("扶持返乡创业", "entrepreneurs_supported_count", "town_entrepreneurs_supported_min", "人"),
        part("申报示范园区（项目）", "demo_application_unit_count", "town_demo_applications_min", "个"),
        part("创业典型", "entrepreneur_model_unit_count", "town_entrepreneur_models_min", "个"),
    ])


def _industries(row: dict, year: int) -> Result:
    return _count_parts(4, [("特色产业或劳务品牌", row.get("featured_industry_unit_count"),
                             policy.value("town_featured_industries_min", year), "个")])


def carrier_unit_count(row: dict):
    """Indicator 5's count: the larger of the carriers recorded in `carriers` and the count the town reported.

    The larger, not the sum: a reported carrier is usually also in the ledger, so a sum would count it twice;
    the ledger is a floor the town cannot under-report. None when neither says anything.
    """
    reported, recorded = _num(row.get("carrier_reported_unit_count")), _num(row.get("carrier_recorded_unit_count"))
    if reported is None and not recorded:
        return None
    return max(reported or 0, recorded or 0)


def _carriers(row: dict, year: int) -> Result:
    result = _count_parts(5, [("帮扶载体", carrier_unit_count(row), policy.value("town_carriers_min", year), "个")])
    reported, recorded = _num(row.get("carrier_reported_unit_count")), _num(row.get("carrier_recorded_unit_count"))
    if result.verdict == NOT_REPORTED:
        return result
    detail = f"（台账 {recorded or 0:,} 个，填报 {'—' if reported is None else f'{reported:,} 个'}）"
    return Result(5, result.verdict, result.value + detail, result.threshold, result.gap, result.relative_gap)


def required_months(row: dict, every_month: bool) -> int:
    """Months of activity the year asks for: each month of the year present in the lake, or once a year."""
    if not every_month:
        return 1
    return int(_num(row.get("roster_months")) or MONTHS_WITHOUT_ROSTER)


def _monthly(number: int, what: str, column: str, key: str, row: dict, year: int) -> Result:
    needed = required_months(row, bool(policy.value(key, year)))
    return _count_parts(number, [(what, row.get(column), needed, "个月")])


def _publicity(row: dict, year: int) -> Result:
    return _monthly(6, "开展政策宣传", "publicity_months", "town_publicity_every_month", row, year)


def _platform(row: dict, year: int) -> Result:
    return _monthly(7, "平台动态更新", "platform_update_months", "town_platform_update_every_month", row, year)


def _accuracy(row: dict, year: int) -> Result:
    return _at_least_pct(8, row.get("spot_check_accuracy_pct"),
                         float(policy.value("town_spot_check_accuracy_min_pct", year)))


def _joint_group(row: dict, year: int) -> Result:
    required = bool(policy.value("town_joint_group_required", year))
    shown = "须成立乡镇与人社部门联合工作专班" if required else "不作要求"
    has_group = _num(row.get("has_joint_group"))
    if has_group is None:
        return Result(9, NOT_REPORTED, "—", shown, "未填报", 1.0)
    value = "已成立" if has_group else "未成立"
    if has_group or not required:
        return Result(9, PASS, value, shown)
    return Result(9, FAIL, value, shown, "尚未成立联合工作专班", 1.0)


def _staff(row: dict, year: int) -> Result:
    low, high = policy.value("town_staff_stationed_min", year), policy.value("town_staff_stationed_max", year)
    min_days = policy.value("town_staff_days_per_month_min", year)
    shown = f"{low}—{high} 人，每人每月 ≥ {min_days} 天"
    staff, days = _num(row.get("staff_stationed_count")), _num(row.get("min_staff_days"))
    if staff is None or days is None:
        return Result(10, NOT_REPORTED, "—", shown, "未填报", 1.0)
    value = f"{staff:,} 人，每人每月至少 {days:,} 天"
    gaps = []
    if staff < low:
        gaps.append((f"派驻人员还差 {low - staff:,} 人", (low - staff) / low))
    elif staff > high:
        gaps.append((f"派驻人员超出上限 {staff - high:,} 人", (staff - high) / high))
    if days < min_days:
        gaps.append((f"每人每月进驻还差 {min_days - days:,} 天", (min_days - days) / min_days))
    if not gaps:
        return Result(10, PASS, value, shown)
    return Result(10, FAIL, value, shown, "；".join(g for g, _ in gaps), sum(r for _, r in gaps))


JUDGES = (_transfer, _able_willing, _entrepreneurship, _industries, _carriers, _publicity, _platform, _accuracy,
          _joint_group, _staff)


def evaluate(row: dict | None, year: int) -> list[Result]:
    """The ten indicators of one town in one year, judged by the policy in force in `year`.

    `row` is the town's row of `model_town_indicators` for that year; None when the lake has nothing for it.
    """
    return [judge(dict(row or {}), year) for judge in JUDGES]


def candidate_towns(districts) -> list[dict]:
    """The candidate towns (`is_model_town_candidate`) of the given districts, in code order."""
    chosen = set(districts)
    return [t for t in reference.towns() if t["is_model_town_candidate"] and t["district_code"] in chosen]


def town_label(town_code: str) -> str:
    """The town's name with its district: 李集街道 exists in two districts."""
    town = next((t for t in reference.towns() if t["town_code"] == town_code), None)
    if town is None:
        return town_code
    return f"{town['town_name']}（{reference.district_names()[town['district_code']]}）"


RESULT_COLUMNS = ("district_code", "district_name", "town_code", "town_name", "indicator_no", "indicator", "value_text",
                  "threshold_text", "verdict", "gap_text", "relative_gap", "source", "last_year_value_text",
                  "last_year_verdict")


def results(indicators: pd.DataFrame, year: int, districts) -> pd.DataFrame:
    """One row per candidate town × indicator: this year's verdict and last year's beside it.

    `indicators` is `model_town_indicators` for `year` (it holds `year` and the year before).
    """
    rows_by_key = {(int(r["year"]), r["town_code"]): r for r in indicators.to_dict("records")}
    names = reference.district_names()
    out = []
    for town in candidate_towns(districts):
        code = town["town_code"]
        now = evaluate(rows_by_key.get((year, code)), year)
        before_row = rows_by_key.get((year - 1, code))
        before = evaluate(before_row, year - 1) if before_row is not None else [None] * len(INDICATORS)
        for indicator, result, last in zip(INDICATORS, now, before, strict=True):
            out.append({
                "district_code": town["district_code"], "district_name": names[town["district_code"]],
                "town_code": code, "town_name": town["town_name"], "indicator_no": indicator.number,
                "indicator": indicator.name, "value_text": result.value, "threshold_text": result.threshold,
                "verdict": result.verdict, "gap_text": result.gap, "relative_gap": result.relative_gap,
                "source": indicator.source, "last_year_value_text": last.value if last else "—",
                "last_year_verdict": last.verdict if last else NO_DATA,
            })
    return pd.DataFrame(out, columns=RESULT_COLUMNS)


def cell(verdict: str) -> str:
    """A grid cell readable without colour: '✓ 达到', '✗ 未达到', '— 无对象', '？ 未填报'."""
    return f"{SYMBOLS.get(verdict, '')} {verdict}".strip()


def grid(long: pd.DataFrame) -> pd.DataFrame:
    """Towns × indicators, ranked by indicators passed (then code order), with last year's count beside it."""
    columns = ["rank", "district_name", "town_name", "town_code", *GRID_COLUMNS, "passed_indicator_unit_count",
               "last_year_passed_indicator_unit_count", "overall_verdict"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    towns: dict[str, list[dict]] = {}
    for record in long.sort_values(["town_code", "indicator_no"]).to_dict("records"):
        towns.setdefault(record["town_code"], []).append(record)
    rows = []
    for code, town in towns.items():
        passed = sum(r["verdict"] == PASS for r in town)
        has_last = any(r["last_year_verdict"] != NO_DATA for r in town)
        rows.append({
            "district_name": town[0]["district_name"], "town_name": town[0]["town_name"], "town_code": code,
            **{column: cell(r["verdict"]) for column, r in zip(GRID_COLUMNS, town, strict=True)},
            "passed_indicator_unit_count": passed,
            "last_year_passed_indicator_unit_count": sum(r["last_year_verdict"] == PASS for r in town)
            if has_last else None,
            "overall_verdict": ALL_PASS if passed == len(INDICATORS) else NOT_ALL_PASS,
        })
    out = pd.DataFrame(rows).sort_values(["passed_indicator_unit_count", "town_code"], ascending=[False, True])
    out["rank"] = out["passed_indicator_unit_count"].rank(method="min", ascending=False).astype(int)
    return out[columns].reset_index(drop=True)


def passing_towns(long: pd.DataFrame) -> list[str]:
    """Codes of the towns that pass all ten indicators, in code order."""
    if long.empty:
        return []
    passed = long.assign(ok=long["verdict"] == PASS).groupby("town_code")["ok"].all()
    return sorted(passed[passed].index)


def improve_first(long: pd.DataFrame, town_code: str) -> pd.DataFrame:
    """The town's indicators not passed, closest to passing first (smallest relative gap; 无对象 last)."""
    town = long[(long["town_code"] == town_code) & (long["verdict"] != PASS)]
    order = town.assign(no_subject=town["verdict"] == NO_SUBJECT)
    return order.sort_values(["no_subject", "relative_gap", "indicator_no"]).drop(columns="no_subject")


def pass_counts(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: how many towns pass it this year and last year (for the chart and the weakest indicator)."""
    rows = []
    for indicator in INDICATORS:
        part = long[long["indicator_no"] == indicator.number]
        rows.append({"indicator": indicator.short, "indicator_no": indicator.number,
                     "passed_town_unit_count": int((part["verdict"] == PASS).sum()),
                     "last_year_passed_town_unit_count": int((part["last_year_verdict"] == PASS).sum()),
                     "town_unit_count": len(part)})
    return pd.DataFrame(rows)


def lake_years() -> list[int]:
    """The years with roster months in the lake, newest first (the year selector's choices)."""
    return sorted({int(m[:4]) for m in engine.lake_state().months}, reverse=True)


def year_as_of(year: int) -> tuple[str, bool]:
    """The last roster month of `year` in the lake ('YYYY-MM') and whether the year is complete (has December)."""
    months = [m for m in engine.lake_state().months if m.startswith(f"{year}-")]
    return months[-1], months[-1].endswith("-12")

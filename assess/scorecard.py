"""The model-town scorecard (DESIGN §5): each candidate town's ten indicators judged against the policy file.

Every threshold is read from `lake.policy` when a verdict is made, so a rule change in `policy.toml` changes the
verdicts with no code change. The values come from the question `model_town_indicators` (one row per town × year)
and, for indicator 6's audit part, `town_subsidy_claims` (paid and flagged claims per town × year).
Each indicator gives a `Verdict` and, per part of its standard, the value, the bounds, what is still missing and in
which unit; where the indicator comes from is a code (DERIVED from records, REPORTED in `town_assessments`, or BOTH).
ui.scorecard_text words all of it.
"""

import math
from dataclasses import dataclass, field

import pandas as pd

from assess.verdicts import Verdict, is_missing
from lake import policy, reference

DERIVED, REPORTED, BOTH = "derived", "reported", "both"
# Units of a part's value and shortfall. POINTS: percentage points, the shortfall of a share.
PCT, POINTS, PERSONS, UNITS, MONTHS, DAYS, YES_NO = "pct", "points", "persons", "units", "months", "days", "yes_no"
MONTHS_WITHOUT_ROSTER = 12  # a year with no roster month in the lake asks for every month of the year


@dataclass(frozen=True)
class Indicator:
    number: int
    source: str  # DERIVED, REPORTED or BOTH


INDICATORS = (Indicator(1, REPORTED), Indicator(2, DERIVED), Indicator(3, REPORTED), Indicator(4, REPORTED),
              Indicator(5, BOTH), Indicator(6, BOTH), Indicator(7, REPORTED), Indicator(8, REPORTED),
              Indicator(9, REPORTED), Indicator(10, REPORTED))
GRID_COLUMNS = tuple(f"indicator_{i.number:02d}" for i in INDICATORS)
# Indicator 2: the able and willing employed by work location (model_town_indicators), for the five national classes.
LOCATION_COLUMNS = {"乡镇内": "able_willing_in_township_count",
                    "乡镇外区内": "able_willing_outside_township_in_district_count",
                    "区外省内": "able_willing_outside_district_in_province_count",
                    "省外": "able_willing_outside_province_count", "境外": "able_willing_abroad_count"}
UNSPLIT_COLUMN = "able_willing_in_district_unsplit_count"  # old templates' 区内: 乡镇内 or 乡镇外区内, unknown which
UNSPLIT_MEANS = ("乡镇内", "乡镇外区内")
CLAIM_COLUMNS = ("paid_claim_count", "flagged_claim_count")  # indicator 6, from town_subsidy_claims


@dataclass(frozen=True)
class Part:
    """One figure of an indicator held against its standard; an indicator is met when every part is."""

    measure: str  # the figure, named as its column of `model_town_indicators` (or `carrier_unit_count`)
    value: float | int | bool | None  # None when not reported
    unit: str  # PCT, PERSONS, UNITS, MONTHS, DAYS or YES_NO
    minimum: float | int | bool | None = None  # the least that meets; for YES_NO, whether it is required
    maximum: int | None = None  # the most that meets, where the standard has a ceiling
    shortfall: float | int = 0  # how far below the minimum, in `shortfall_unit`; 0 when reached or not reported
    excess: int = 0  # how far above the maximum, in `unit`; 0 when within
    shortfall_unit: str = ""  # the shortfall's unit when it is not `unit` (POINTS for a share, PERSONS for a rate)

    @property
    def gap_unit(self) -> str:
        return self.shortfall_unit or self.unit


@dataclass(frozen=True)
class Result:
    """One indicator of one town in one year."""

    number: int
    verdict: Verdict
    parts: tuple[Part, ...]
    relative_gap: float = 0.0  # the missing share of the standard (0 when met), to rank what to improve first
    facts: dict = field(default_factory=dict)  # figures shown beside the value, by column name (indicators 2 and 5)

    @property
    def met(self) -> bool:
        return self.verdict == Verdict.MET


def _value(row: dict, column: str):
    """The row's value, None when missing (the one missing-value rule, assess.verdicts.is_missing)."""
    value = row.get(column)
    return None if is_missing(value) else value


def _not_reported(number: int, parts: list[Part], facts: dict | None = None) -> Result:
    # A missing report counts as the whole standard missing (relative gap 1) when ranking what to fix first.
    return Result(number, Verdict.NOT_REPORTED, tuple(parts), 1.0, facts or {})


def _at_least_pct(number: int, measure: str, value, threshold: float) -> Result:
    if value is None:
        return _not_reported(number, [Part(measure, None, PCT, threshold, shortfall_unit=POINTS)])
    shortfall = max(threshold - value, 0)
    part = Part(measure, value, PCT, threshold, shortfall=shortfall, shortfall_unit=POINTS)
    if not shortfall:
        return Result(number, Verdict.MET, (part,))
    return Result(number, Verdict.NOT_MET, (part,), shortfall / threshold)


def _count_parts(number: int, parts: list[tuple], facts: dict | None = None) -> Result:
    """Counts that must each reach a minimum: parts = [(measure, value, minimum, unit), ...]; all must be met."""
    if any(value is None for _, value, _, _ in parts):
        return _not_reported(number, [Part(m, v, unit, minimum) for m, v, minimum, unit in parts], facts)
    judged = tuple(Part(m, v, unit, minimum, shortfall=max(minimum - v, 0)) for m, v, minimum, unit in parts)
    if not any(p.shortfall for p in judged):
        return Result(number, Verdict.MET, judged, 0.0, facts or {})
    relative_gap = sum(p.shortfall / p.minimum for p in judged if p.shortfall)
    return Result(number, Verdict.NOT_MET, judged, relative_gap, facts or {})


def _transfer(row: dict, year: int) -> Result:
    return _at_least_pct(1, "rural_transfer_rate_pct", _value(row, "rural_transfer_rate_pct"),
                         float(policy.value("town_transfer_rate_min_pct", year)))


def outside_locations(year: int) -> tuple[str, ...]:
    """The work locations that count as 外出就业 for indicator 2 in `year` (policy town_outside_work_locations)."""
    places = tuple(policy.value("town_outside_work_locations", year))
    unknown = set(places) - set(LOCATION_COLUMNS)
    if unknown:
        raise ValueError(f"policy town_outside_work_locations names unknown work locations {sorted(unknown)}")
    return places


def _able_willing(row: dict, year: int) -> Result:
    """有就业意愿、有就业能力的 100% 外出就业: the able and willing who work at a location the policy counts as 外出.

    Rows with the old 区内 are 外出 when the policy counts both 乡镇内 and 乡镇外区内, not 外出 when it counts neither,
    and otherwise cannot be decided: the verdict is then UNDETERMINED unless the town misses the target even with all
    of them counted as 外出 (NOT_MET, shortfall at least that).
    """
    target = float(policy.value("town_able_willing_employment_min_pct", year))
    places = outside_locations(year)
    # A derived figure: no row or no count means nobody able and willing, never "not reported".
    able_willing = int(_value(row, "able_willing_count") or 0)
    outside = sum(int(_value(row, LOCATION_COLUMNS[place]) or 0) for place in places)
    unsplit = int(_value(row, UNSPLIT_COLUMN) or 0)
    counted = [place in places for place in UNSPLIT_MEANS]
    if all(counted):
        outside, unsplit = outside + unsplit, 0
    elif not any(counted):
        unsplit = 0
    facts = {"able_willing_count": able_willing,
             "able_willing_employed_count": int(_value(row, "able_willing_employed_count") or 0),
             "able_willing_outside_count": outside, "able_willing_undetermined_count": unsplit,
             "outside_work_locations": places}
    measure = "able_willing_outside_rate_pct"
    if able_willing == 0:
        return Result(2, Verdict.NO_SUBJECT, (Part(measure, None, PCT, target, shortfall_unit=PERSONS),), 0.0, facts)
    rate = 100.0 * outside / able_willing
    # Judged on whole persons, not on the rounded rate, so that 100% means nobody left out.
    if outside * 100 >= target * able_willing:
        return Result(2, Verdict.MET, (Part(measure, rate, PCT, target, shortfall_unit=PERSONS),), 0.0, facts)
    wanted = target * able_willing / 100
    needed = math.ceil(round(wanted - outside - unsplit, 6))  # with every undecided person counted as 外出
    if needed <= 0:
        part = Part(measure, rate, PCT, target, shortfall_unit=PERSONS)
        return Result(2, Verdict.UNDETERMINED, (part,), (wanted - outside) / wanted, facts)
    part = Part(measure, rate, PCT, target, shortfall=needed, shortfall_unit=PERSONS)
    return Result(2, Verdict.NOT_MET, (part,), needed / wanted, facts)


def _entrepreneurship(row: dict, year: int) -> Result:
    def part(column, key, unit):
        return column, _value(row, column), policy.value(key, year), unit

    return _count_parts(3, [
        part("entrepreneurs_supported_count", "town_entrepreneurs_supported_min", PERSONS),
        part("demo_application_unit_count", "town_demo_applications_min", UNITS),
        part("entrepreneur_model_unit_count", "town_entrepreneur_models_min", UNITS),
    ])


def _industries(row: dict, year: int) -> Result:
    return _count_parts(4, [("featured_industry_unit_count", _value(row, "featured_industry_unit_count"),
                             policy.value("town_featured_industries_min", year), UNITS)])


def carrier_unit_count(row: dict):
    """Indicator 5's count: the larger of the carriers recorded in `carriers` and the count the town reported.

    The larger, not the sum: a reported carrier is usually also in the ledger, so a sum would count it twice;
    the ledger is a floor the town cannot under-report. None when neither says anything.
    """
    reported, recorded = _value(row, "carrier_reported_unit_count"), _value(row, "carrier_recorded_unit_count")
    if reported is None and not recorded:
        return None
    return max(reported or 0, recorded or 0)


def _carriers(row: dict, year: int) -> Result:
    facts = {"carrier_recorded_unit_count": _value(row, "carrier_recorded_unit_count") or 0,
             "carrier_reported_unit_count": _value(row, "carrier_reported_unit_count")}
    return _count_parts(5, [("carrier_unit_count", carrier_unit_count(row), policy.value("town_carriers_min", year),
                             UNITS)], facts)


def required_months(row: dict, every_month: bool) -> int:
    """Months of activity the year asks for: each month of the year present in the lake, or once a year."""
    if not every_month:
        return 1
    return int(_value(row, "roster_months") or MONTHS_WITHOUT_ROSTER)


def _monthly(number: int, column: str, key: str, row: dict, year: int) -> Result:
    needed = required_months(row, bool(policy.value(key, year)))
    return _count_parts(number, [(column, _value(row, column), needed, MONTHS)])


def _policy_in_place(row: dict, year: int) -> Result:
    """每月开展就业帮扶政策宣传至少 1 次（reported months），就业扶持政策落地落实 (the share of the town's claims paid
    this year that pass the subsidy audit, at least town_subsidy_audit_pass_min_pct).

    NOT_REPORTED without the publicity months; NOT_MET when either part falls short; otherwise NO_SUBJECT when the
    town had no claim paid this year and UNDETERMINED when the audit was not run (no claim columns in `row`).
    """
    needed = required_months(row, bool(policy.value("town_publicity_every_month", year)))
    min_pass = float(policy.value("town_subsidy_audit_pass_min_pct", year))
    publicity = _value(row, "publicity_months")
    audited = all(column in row for column in CLAIM_COLUMNS)
    paid = int(_value(row, "paid_claim_count") or 0) if audited else None
    flagged = int(_value(row, "flagged_claim_count") or 0) if audited else None
    facts = {"paid_claim_count": paid, "flagged_claim_count": flagged, "is_audited": audited}
    passed_pct = 100.0 * (paid - flagged) / paid if paid else None
    short_points = max(min_pass - passed_pct, 0) if paid and (paid - flagged) * 100 < min_pass * paid else 0
    audit_part = Part("audit_passed_pct", passed_pct, PCT, min_pass, shortfall=short_points, shortfall_unit=POINTS)
    if publicity is None:
        return _not_reported(6, [Part("publicity_months", None, MONTHS, needed), audit_part], facts)
    publicity_part = Part("publicity_months", publicity, MONTHS, needed, shortfall=max(needed - publicity, 0))
    parts = (publicity_part, audit_part)
    if publicity_part.shortfall or short_points:
        return Result(6, Verdict.NOT_MET, parts, publicity_part.shortfall / needed + short_points / min_pass, facts)
    if not audited:
        return Result(6, Verdict.UNDETERMINED, parts, 0.0, facts)
    if not paid:
        return Result(6, Verdict.NO_SUBJECT, parts, 0.0, facts)
    return Result(6, Verdict.MET, parts, 0.0, facts)


def _platform(row: dict, year: int) -> Result:
    """村、乡镇（街道）两级: both levels' update months reach the months required."""
    needed = required_months(row, bool(policy.value("town_platform_update_every_month", year)))
    return _count_parts(7, [(column, _value(row, column), needed, MONTHS)
                            for column in ("village_platform_update_months", "platform_update_months")])


def _accuracy(row: dict, year: int) -> Result:
    """Spot-check accuracy of both data sets (农村劳动力转移就业, 脱贫劳动力外出务工), each at least the threshold."""
    threshold = float(policy.value("town_spot_check_accuracy_min_pct", year))
    columns = ("spot_check_accuracy_pct", "migrant_spot_check_accuracy_pct")
    values = [_value(row, column) for column in columns]
    if any(value is None for value in values):
        return _not_reported(8, [Part(c, v, PCT, threshold, shortfall_unit=POINTS) for c, v in zip(columns, values,
                                                                                                  strict=True)])
    parts = tuple(Part(c, v, PCT, threshold, shortfall=max(threshold - v, 0), shortfall_unit=POINTS)
                  for c, v in zip(columns, values, strict=True))
    if not any(p.shortfall for p in parts):
        return Result(8, Verdict.MET, parts)
    return Result(8, Verdict.NOT_MET, parts, sum(p.shortfall for p in parts) / threshold)


def _joint_group(row: dict, year: int) -> Result:
    required = bool(policy.value("town_joint_group_required", year))
    has_group = _value(row, "has_joint_group")
    if has_group is None:
        return _not_reported(9, [Part("has_joint_group", None, YES_NO, required)])
    has_group = bool(has_group)
    if has_group or not required:
        return Result(9, Verdict.MET, (Part("has_joint_group", has_group, YES_NO, required),))
    # A yes/no standard has no partial credit: all of it is missing.
    return Result(9, Verdict.NOT_MET, (Part("has_joint_group", has_group, YES_NO, required, shortfall=1),), 1.0)


def _staff(row: dict, year: int) -> Result:
    """选派 2 至 3 名 … 每月驻乡时间不少于 4 天. More staff than the plan's 3 fails only when the policy makes the
    ceiling binding (town_staff_stationed_max_binding); otherwise the part has no maximum."""
    low, high = policy.value("town_staff_stationed_min", year), policy.value("town_staff_stationed_max", year)
    binding = bool(policy.value("town_staff_stationed_max_binding", year))
    ceiling = high if binding else None
    min_days = policy.value("town_staff_days_per_month_min", year)
    facts = {"staff_stationed_plan_max": high, "is_staff_max_binding": binding}
    staff, days = _value(row, "staff_stationed_count"), _value(row, "min_staff_days")
    if staff is None or days is None:
        return _not_reported(10, [Part("staff_stationed_count", staff, PERSONS, low, ceiling),
                                  Part("min_staff_days", days, DAYS, min_days)], facts)
    staff_part = Part("staff_stationed_count", staff, PERSONS, low, ceiling, shortfall=max(low - staff, 0),
                      excess=max(staff - high, 0) if binding else 0)
    days_part = Part("min_staff_days", days, DAYS, min_days, shortfall=max(min_days - days, 0))
    if not (staff_part.shortfall or staff_part.excess or days_part.shortfall):
        return Result(10, Verdict.MET, (staff_part, days_part), 0.0, facts)
    relative_gap = staff_part.shortfall / low + staff_part.excess / high + days_part.shortfall / min_days
    return Result(10, Verdict.NOT_MET, (staff_part, days_part), relative_gap, facts)


JUDGES = (_transfer, _able_willing, _entrepreneurship, _industries, _carriers, _policy_in_place, _platform, _accuracy,
          _joint_group, _staff)


def evaluate(row: dict | None, year: int) -> list[Result]:
    """The ten indicators of one town in one year, judged by the policy in force in `year`.

    `row` is the town's row of `model_town_indicators` for that year; None when the lake has nothing for it.
    """
    row = dict(row or {})  # the judges only read it
    return [judge(row, year) for judge in JUDGES]


def candidate_towns(districts, towns=None) -> list[dict]:
    """The candidate towns (`is_model_town_candidate`) of the given districts (and among `towns`, when given), in
    code order."""
    chosen = set(districts)
    return [t for t in reference.towns() if t["is_model_town_candidate"] and t["district_code"] in chosen
            and (towns is None or t["town_code"] in towns)]


RESULT_COLUMNS = ("district_code", "town_code", "indicator_no", "source", "verdict", "relative_gap", "result",
                  "last_year_verdict", "last_year_result")


def with_claims(indicators: pd.DataFrame, claims: pd.DataFrame | None) -> pd.DataFrame:
    """`model_town_indicators` with indicator 6's audit figures from `town_subsidy_claims` (0 where a town had no
    claim paid that year). Without them (`claims` None: the audit was not run) indicator 6 is UNDETERMINED, never
    passed on an audit not run."""
    if claims is None:
        return indicators
    counts = claims[["year", "town_code", *CLAIM_COLUMNS]].astype({"year": "int64"})
    merged = indicators.astype({"year": "int64"}).merge(counts, on=["year", "town_code"], how="left")
    return merged.fillna({column: 0 for column in CLAIM_COLUMNS})


def claim_counts(claims: pd.DataFrame | None, town_code: str | None = None) -> tuple | None:
    """`town_subsidy_claims` (of one town, when given) reduced to what indicator 6 reads, as a hashable tuple of
    (year, town_code, paid_claim_count, flagged_claim_count) rows that `queries.engine.derive` can key on; None (the
    audit was not run) stays None."""
    if claims is None:
        return None
    rows = claims[["year", "town_code", *CLAIM_COLUMNS]].itertuples(index=False, name=None)
    return tuple((int(year), town, int(paid), int(flagged)) for year, town, paid, flagged in rows
                 if town_code is None or town == town_code)


def _records(frame: pd.DataFrame) -> list[dict]:
    """`frame.to_dict("records")`, from whole columns (pandas otherwise boxes the values cell by cell)."""
    names = list(frame.columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*(frame[n].tolist() for n in names), strict=True)]


def _rows_by_key(indicators: pd.DataFrame, claims: tuple | None, towns=None) -> dict:
    """The rows of `model_town_indicators` (of `towns`, when given) by (year, town_code), with indicator 6's claim
    counts from `claims` (`claim_counts`) added as `with_claims` adds them (0 for a town without a claim that
    year); without `claims` (the audit was not run), none."""
    if towns is not None:
        indicators = indicators[indicators["town_code"].isin(list(towns))]
    rows = {(int(r["year"]), r["town_code"]): r for r in _records(indicators)}
    if claims is not None:
        counts = {(year, town): (paid, flagged) for year, town, paid, flagged in claims}
        for key, row in rows.items():
            row["paid_claim_count"], row["flagged_claim_count"] = counts.get(key, (0, 0))
    return rows


def judged(indicators: pd.DataFrame, year: int, districts, towns, claims: tuple | None) -> tuple:
    """What the 示范乡镇 page shows of every candidate town, for `queries.engine.derive`: (`grid`, `pass_counts`,
    `passing_towns` this year, `passing_towns` last year) of `results`, with `claims` (`claim_counts`) applied for
    indicator 6 as `with_claims` applies them."""
    long = _results(_rows_by_key(indicators, claims), year, districts, towns)
    return grid(long), pass_counts(long), passing_towns(long), passing_towns(long, last_year=True)


def town_results(indicators: pd.DataFrame, year: int, districts, towns, claims: tuple | None,
                 town_code: str) -> pd.DataFrame:
    """The rows of `results` of one town (none when it is not a candidate among `districts` and `towns`), for
    `queries.engine.derive`; `claims` as in `judged` (only the town's own are read)."""
    chosen = (town_code,) if towns is None or town_code in towns else ()
    return _results(_rows_by_key(indicators, claims, chosen), year, districts, chosen)


def results(indicators: pd.DataFrame, year: int, districts, towns=None) -> pd.DataFrame:
    """One row per candidate town × indicator: this year's `Verdict` and `Result`, and last year's beside them.

    `indicators` is `model_town_indicators` for `year` (it holds `year` and the year before), with `with_claims`
    applied for indicator 6's audit part. Last year's verdict and result are None when the lake has nothing for
    the town that year.
    """
    return _results({(int(r["year"]), r["town_code"]): r for r in _records(indicators)}, year, districts, towns)


def _results(rows_by_key: dict, year: int, districts, towns) -> pd.DataFrame:
    out = []
    for town in candidate_towns(districts, towns):
        code = town["town_code"]
        now = evaluate(rows_by_key.get((year, code)), year)
        before_row = rows_by_key.get((year - 1, code))
        before = evaluate(before_row, year - 1) if before_row is not None else [None] * len(INDICATORS)
        for indicator, result, last in zip(INDICATORS, now, before, strict=True):
            out.append({
                "district_code": town["district_code"], "town_code": code, "indicator_no": indicator.number,
                "source": indicator.source, "verdict": result.verdict, "relative_gap": result.relative_gap,
                "result": result, "last_year_verdict": last.verdict if last else None, "last_year_result": last,
            })
    return pd.DataFrame(out, columns=RESULT_COLUMNS)


GRID = ("rank", "district_code", "town_code", *GRID_COLUMNS, "passed_indicator_unit_count",
        "last_year_passed_indicator_unit_count", "overall_verdict")


def grid(long: pd.DataFrame) -> pd.DataFrame:
    """Towns × indicators (`Verdict` codes), ranked by indicators met (ties share a rank, then code order), with
    last year's count beside it (None when the lake has nothing for the town last year). `overall_verdict` is MET
    when all ten are met."""
    if long.empty:
        return pd.DataFrame(columns=GRID)
    by_town: dict[str, list] = {}
    # Plain lists rather than a groupby: a few hundred rows, where pandas' per-group overhead is most of the cost.
    for code, number, district, verdict, last in zip(long["town_code"].tolist(), long["indicator_no"].tolist(),
                                                      long["district_code"].tolist(), long["verdict"].tolist(),
                                                      long["last_year_verdict"].tolist(), strict=True):
        by_town.setdefault(code, []).append((number, district, verdict, last))
    rows = []
    for code in sorted(by_town):
        town = sorted(by_town[code], key=lambda r: r[0])
        verdicts, last = [r[2] for r in town], [r[3] for r in town]
        passed = sum(v == Verdict.MET for v in verdicts)
        has_last = not all(is_missing(v) for v in last)
        rows.append({
            "district_code": town[0][1], "town_code": code,
            **dict(zip(GRID_COLUMNS, verdicts, strict=True)),
            "passed_indicator_unit_count": passed,
            "last_year_passed_indicator_unit_count": sum(v == Verdict.MET for v in last) if has_last else None,
            "overall_verdict": Verdict.MET if passed == len(INDICATORS) else Verdict.NOT_MET,
        })
    out = pd.DataFrame(rows).sort_values(["passed_indicator_unit_count", "town_code"], ascending=[False, True])
    out["rank"] = out["passed_indicator_unit_count"].rank(method="min", ascending=False).astype(int)
    return out[list(GRID)].reset_index(drop=True)


def passing_towns(long: pd.DataFrame, last_year: bool = False) -> list[str]:
    """Codes of the towns that meet all ten indicators (in `year`, or with `last_year` the year before), in code
    order."""
    met: dict[str, bool] = {}
    for code, verdict in zip(long["town_code"].tolist(), long["last_year_verdict" if last_year else "verdict"].tolist(),
                             strict=True):
        met[code] = met.get(code, True) and verdict == Verdict.MET
    return sorted(code for code, ok in met.items() if ok)


def improve_first(long: pd.DataFrame, town_code: str) -> pd.DataFrame:
    """The town's indicators not met, closest to being met first (smallest relative gap; NO_SUBJECT last)."""
    town = long[(long["town_code"] == town_code) & (long["verdict"] != Verdict.MET)]
    order = town.assign(no_subject=town["verdict"] == Verdict.NO_SUBJECT)
    return order.sort_values(["no_subject", "relative_gap", "indicator_no"]).drop(columns="no_subject")


def pass_counts(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: how many towns meet it this year and last year, of how many candidates."""
    tally = {indicator.number: [0, 0, 0] for indicator in INDICATORS}
    for number, verdict, last in zip(long["indicator_no"].tolist(), long["verdict"].tolist(),
                                     long["last_year_verdict"].tolist(), strict=True):
        if number in tally:
            counts = tally[number]
            counts[0] += verdict == Verdict.MET
            counts[1] += last == Verdict.MET
            counts[2] += 1
    return pd.DataFrame([{"indicator_no": number, "passed_town_unit_count": passed,
                          "last_year_passed_town_unit_count": last_passed, "town_unit_count": towns}
                         for number, (passed, last_passed, towns) in tally.items()])


def weakest_indicator(counts: pd.DataFrame) -> pd.Series:
    """The row of `pass_counts` met by the fewest towns (the lower number on a tie)."""
    return counts.sort_values(["passed_town_unit_count", "indicator_no"]).iloc[0]

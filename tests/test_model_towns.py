"""示范乡镇: the indicators' question (golden rows), each verdict at its exact threshold (assess.scorecard on literal
rows, no AppTest) and its wording (ui.scorecard_text), a policy change, the page on the demo lake, and the export."""

import dataclasses
import io

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from assess import scorecard
from assess.verdicts import Verdict
from lake import manifest as mf
from lake import policy
from lake.schema import TABLES
from queries import engine
from queries.roster_years import year_as_of
from queries.town_audit import town_claims
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from ui import exports, scorecard_export
from ui import scorecard_text as text
from ui.labels import LABELS

CAIDIAN, HUANGPI, XINZHOU = "420114", "420116", "420117"
LIJI_HUANGPI, LIJI_XINZHOU = "420116010", "420117005"  # two 李集街道: towns are keyed by code, never by name
ZHANGWAN = "420114006"  # 张湾街道, 蔡甸


def passing_row(**changes) -> dict:
    """A town-year row of `model_town_indicators` that meets every 2026 standard exactly at its threshold."""
    row = {
        "year": 2026, "town_code": ZHANGWAN, "roster_months": 10, "rural_transfer_rate_pct": 90.0,
        "able_willing_count": 10, "able_willing_employed_count": 10, "able_willing_outside_province_count": 4,
        "able_willing_outside_township_in_district_count": 6, "entrepreneurs_supported_count": 10,
        "demo_application_unit_count": 1, "entrepreneur_model_unit_count": 2, "featured_industry_unit_count": 1,
        "carrier_reported_unit_count": 1, "carrier_recorded_unit_count": 0, "publicity_months": 10,
        "paid_claim_count": 5, "flagged_claim_count": 0, "platform_update_months": 10,
        "village_platform_update_months": 10, "spot_check_accuracy_pct": 90.0, "migrant_spot_check_accuracy_pct": 90.0,
        "has_joint_group": True, "staff_stationed_count": 2, "min_staff_days": 4,
    }
    return row | changes


def _frame(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def verdict(row: dict, number: int, year: int = 2026) -> scorecard.Result:
    return scorecard.evaluate(row, year)[number - 1]


# ---- each indicator at its exact threshold: assess.scorecard's codes and numbers, then ui.scorecard_text's words ----
def test_a_town_exactly_at_every_threshold_passes_all_ten():
    results = scorecard.evaluate(passing_row(), 2026)
    assert [r.verdict for r in results] == [Verdict.MET] * 10
    assert all(r.met and r.relative_gap == 0 for r in results)
    assert all(p.shortfall == 0 and p.excess == 0 for r in results for p in r.parts)
    assert [text.gap_text(r) for r in results] == [""] * 10


@pytest.mark.parametrize("number, column", [(1, "rural_transfer_rate_pct")])
def test_percentages_pass_at_90_and_fail_at_89_9(number, column):
    assert verdict(passing_row(**{column: 90.0}), number).verdict == Verdict.MET
    failed = verdict(passing_row(**{column: 89.9}), number)
    assert failed.verdict == Verdict.NOT_MET
    (part,) = failed.parts
    assert (part.value, part.minimum, part.unit) == (89.9, 90.0, scorecard.PCT)
    assert part.gap_unit == scorecard.POINTS and part.shortfall == pytest.approx(0.1)
    assert failed.relative_gap == pytest.approx(0.1 / 90)
    assert text.gap_text(failed) == "还差 0.1 个百分点"
    further = verdict(passing_row(**{column: 87.9}), number)
    assert further.parts[0].shortfall == pytest.approx(2.1) and text.gap_text(further) == "还差 2.1 个百分点"
    assert text.value_text(failed) == "89.9%" and text.threshold_text(failed) == "≥ 90.0%"


def test_a_shortfall_in_points_is_rounded_up_never_to_zero():
    assert text.points(0.01) == "0.1" and text.points(2.01) == "2.1"
    assert text.points(90.0 - 87.9) == "2.1"  # float noise (2.1000000000000085) is not a shortfall


def outside_row(**counts) -> dict:
    """passing_row with indicator 2's location counts replaced: in_township, outside_township_in_district, ...."""
    columns = {**{c: 0 for c in scorecard.LOCATION_COLUMNS.values()}, scorecard.UNSPLIT_COLUMN: 0}
    named = {f"able_willing_{k}_count": v for k, v in counts.items()}
    assert set(named) <= set(columns), named
    return passing_row(**columns) | named


def test_only_work_outside_the_home_township_counts_as_outside():
    # 10 able and willing: 2 work in their township (one of them on a 公益性岗位), 3 elsewhere in the district,
    # 4 in the province outside the district, 1 abroad: 8 外出 of 10.
    row = outside_row(in_township=2, outside_township_in_district=3, outside_district_in_province=4, abroad=1)
    failed = verdict(row, 2)
    (part,) = failed.parts
    assert failed.verdict == Verdict.NOT_MET
    assert (part.measure, part.shortfall, part.gap_unit) == ("able_willing_outside_rate_pct", 2, scorecard.PERSONS)
    assert part.value == pytest.approx(80.0) and failed.relative_gap == pytest.approx(0.2)
    assert (failed.facts["able_willing_outside_count"], failed.facts["able_willing_undetermined_count"]) == (8, 0)
    assert text.gap_text(failed) == "还差 2 人"
    assert text.value_text(failed) == "80.0%（外出 8/10 人，已就业 10 人）"
    assert text.threshold_text(failed) == "外出就业 ≥ 100.0%（外出 = 乡镇外区内、区外省内、省外、境外）"
    # employed but not all outside: the old reading (any job) would have passed this town
    assert verdict(outside_row(outside_province=10), 2).verdict == Verdict.MET
    nobody_local = verdict(outside_row(in_township=10), 2)
    assert nobody_local.verdict == Verdict.NOT_MET and nobody_local.parts[0].shortfall == 10


def test_old_in_district_rows_are_undetermined_not_guessed():
    # 8 外出, 2 with the old 区内: counted as 外出 they would pass, counted as 乡镇内 they would not.
    undecided = verdict(outside_row(outside_province=8, in_district_unsplit=2), 2)
    assert undecided.verdict == Verdict.UNDETERMINED and not undecided.met
    assert undecided.parts[0].shortfall == 0 and undecided.parts[0].value == pytest.approx(80.0)
    assert undecided.facts["able_willing_undetermined_count"] == 2
    assert text.value_text(undecided) == "80.0%（外出 8/10 人，已就业 10 人；区内（乡镇内外不详）2 人）"
    assert text.gap_text(undecided).startswith("2 人务工地点为“区内”，乡镇内外不详，无法判定是否外出")
    long = scorecard.results(_frame(outside_row(outside_province=8, in_district_unsplit=2)), 2026, [CAIDIAN])
    assert ZHANGWAN not in scorecard.passing_towns(long)
    cell = text.worded_grid(scorecard.grid(long)).set_index("town_code").loc[ZHANGWAN, "indicator_02"]
    assert cell == "△ 无法判定"
    # 2 not employed as well: even with every 区内 person counted as 外出 the town misses by 2 — that is decided.
    short = verdict(outside_row(outside_province=6, in_district_unsplit=2) | {"able_willing_employed_count": 8}, 2)
    assert short.verdict == Verdict.NOT_MET and short.parts[0].shortfall == 2
    assert text.gap_text(short) == "至少还差 2 人"


def test_the_reading_of_outside_is_policy_data(policy_file):
    row = outside_row(in_township=3, outside_province=5, in_district_unsplit=2)
    assert verdict(row, 2).verdict == Verdict.NOT_MET
    assert "务工地点为乡镇外区内、区外省内、省外、境外算外出" in text.outside_reading(2026)
    assert "不猜测" in text.outside_reading(2026)
    with open(policy_file, "a", encoding="utf-8") as f:
        f.write('\n[[setting]]\nkey = "town_outside_work_locations"\n'
                'value = ["乡镇内", "乡镇外区内", "区外省内", "省外", "境外"]\nlabel = "x"\nunit = ""\n'
                'effective_year = 2026\n')
    policy.settings.cache_clear()
    policy.setting.cache_clear()
    wide = verdict(row, 2)  # every location counts, so 区内 is 外出 whichever township it was
    assert wide.verdict == Verdict.MET and wide.facts["able_willing_outside_count"] == 10
    assert "不猜测" not in text.outside_reading(2026)
    assert verdict(row, 2, year=2025).verdict == Verdict.NOT_MET  # 2025 keeps the national reading


def test_a_town_with_no_able_and_willing_persons_is_no_subject_not_a_pass():
    result = verdict(passing_row(able_willing_count=0, able_willing_employed_count=0), 2)
    assert result.verdict == Verdict.NO_SUBJECT
    assert not result.met
    assert text.value_text(result) == "无有劳动能力和就业意愿人员" and text.gap_text(result) == ""
    long = scorecard.results(
        _frame(passing_row(able_willing_count=0, able_willing_employed_count=0)), 2026, [CAIDIAN])
    assert ZHANGWAN not in scorecard.passing_towns(long)
    grid = scorecard.grid(long)
    assert grid.set_index("town_code").loc[ZHANGWAN, "indicator_02"] == Verdict.NO_SUBJECT
    assert text.worded_grid(grid).set_index("town_code").loc[ZHANGWAN, "indicator_02"] == "— 无对象"


@pytest.mark.parametrize("column, below, shortfall, gap", [
    ("entrepreneurs_supported_count", 7, 3, "扶持返乡创业还差 3 人"),
    ("demo_application_unit_count", 0, 1, "申报示范园区（项目）还差 1 个"),
    ("entrepreneur_model_unit_count", 1, 1, "创业典型还差 1 个"),
])
def test_entrepreneurship_needs_all_three_parts(column, below, shortfall, gap):
    result = verdict(passing_row(**{column: below}), 3)
    assert result.verdict == Verdict.NOT_MET
    assert [(p.measure, p.shortfall) for p in result.parts if p.shortfall] == [(column, shortfall)]
    assert text.gap_text(result) == gap


def test_entrepreneurship_names_each_part_in_its_value_and_standard():
    result = verdict(passing_row(entrepreneurs_supported_count=12), 3)
    assert text.value_text(result) == "扶持返乡创业 12 人；申报示范园区（项目） 1 个；创业典型 2 个"
    assert text.threshold_text(result) == "扶持返乡创业 ≥ 10 人；申报示范园区（项目） ≥ 1 个；创业典型 ≥ 2 个"


def test_featured_industry_at_least_one():
    assert verdict(passing_row(featured_industry_unit_count=1), 4).verdict == Verdict.MET
    failed = verdict(passing_row(featured_industry_unit_count=0), 4)
    assert (failed.verdict, failed.parts[0].shortfall, failed.parts[0].unit) == (Verdict.NOT_MET, 1, scorecard.UNITS)
    assert text.gap_text(failed) == "还差 1 个"


def test_carriers_take_the_larger_of_ledger_and_report():
    ledger_only = passing_row(carrier_reported_unit_count=0, carrier_recorded_unit_count=1)
    assert verdict(ledger_only, 5).verdict == Verdict.MET
    assert text.value_text(verdict(ledger_only, 5)) == "1 个（台账 1 个，填报 0 个）"
    assert scorecard.carrier_unit_count(passing_row(carrier_reported_unit_count=2, carrier_recorded_unit_count=3)) == 3
    none = verdict(passing_row(carrier_reported_unit_count=0, carrier_recorded_unit_count=0), 5)
    assert none.verdict == Verdict.NOT_MET and none.parts[0].shortfall == 1
    assert text.gap_text(none) == "还差 1 个"
    unreported = verdict(passing_row(carrier_reported_unit_count=None, carrier_recorded_unit_count=2), 5)
    assert unreported.verdict == Verdict.MET and text.value_text(unreported) == "2 个（台账 2 个，填报 —）"


@pytest.mark.parametrize("number, column, name", [(6, "publicity_months", "政策宣传"),
                                                 (7, "platform_update_months", "乡镇（街道）级平台更新"),
                                                 (7, "village_platform_update_months", "村级平台更新")])
def test_every_month_means_every_month_of_the_year_in_the_lake(number, column, name):
    both = {"platform_update_months": 12, "village_platform_update_months": 12, "publicity_months": 12}
    assert verdict(passing_row(roster_months=10, **{column: 10}), number).verdict == Verdict.MET
    one_short = verdict(passing_row(roster_months=10, **{column: 9}), number)
    (short,) = [p for p in one_short.parts if p.shortfall]
    assert (short.measure, short.shortfall, short.unit) == (column, 1, scorecard.MONTHS)
    assert text.gap_text(one_short) == f"{name}还差 1 个月"
    two_short = verdict(passing_row(roster_months=12, **(both | {column: 10})), number)
    assert two_short.verdict == Verdict.NOT_MET and text.gap_text(two_short) == f"{name}还差 2 个月"


def test_platforms_of_both_levels_are_reported_figures():
    result = verdict(passing_row(village_platform_update_months=8, platform_update_months=10), 7)
    assert text.value_text(result) == "村级平台更新 8 个月；乡镇（街道）级平台更新 10 个月"
    assert text.threshold_text(result) == "村级平台更新 ≥ 10 个月；乡镇（街道）级平台更新 ≥ 10 个月"
    old_file = verdict(passing_row(village_platform_update_months=None), 7)  # a report made before the split
    assert old_file.verdict == Verdict.NOT_REPORTED and text.gap_text(old_file) == "未填报"


def test_spot_checks_of_both_data_sets_must_reach_90():
    assert verdict(passing_row(), 8).verdict == Verdict.MET
    failed = verdict(passing_row(spot_check_accuracy_pct=95.0, migrant_spot_check_accuracy_pct=89.9), 8)
    assert failed.verdict == Verdict.NOT_MET
    assert [p.shortfall for p in failed.parts] == [0, pytest.approx(0.1)]
    assert failed.relative_gap == pytest.approx(0.1 / 90)
    assert text.gap_text(failed) == "脱贫劳动力外出务工数据还差 0.1 个百分点"
    assert text.value_text(failed) == "农村劳动力转移就业数据 95.0%；脱贫劳动力外出务工数据 89.9%"
    assert text.threshold_text(failed) == "农村劳动力转移就业数据 ≥ 90.0%；脱贫劳动力外出务工数据 ≥ 90.0%"
    both = verdict(passing_row(spot_check_accuracy_pct=87.9, migrant_spot_check_accuracy_pct=88.0), 8)
    assert text.gap_text(both) == "农村劳动力转移就业数据还差 2.1 个百分点；脱贫劳动力外出务工数据还差 2.0 个百分点"
    assert verdict(passing_row(migrant_spot_check_accuracy_pct=None), 8).verdict == Verdict.NOT_REPORTED


def test_policies_in_place_need_publicity_and_claims_that_pass_the_audit():
    met = verdict(passing_row(paid_claim_count=20, flagged_claim_count=0), 6)
    assert met.verdict == Verdict.MET
    assert text.value_text(met) == "政策宣传 10 个月；补贴通过规则核查 100.0%（20/20 笔）"
    assert text.threshold_text(met) == "政策宣传 ≥ 10 个月；补贴通过规则核查 ≥ 100.0%"
    flagged = verdict(passing_row(paid_claim_count=20, flagged_claim_count=1), 6)
    assert flagged.verdict == Verdict.NOT_MET
    assert flagged.parts[1].value == pytest.approx(95.0) and flagged.parts[1].shortfall == pytest.approx(5.0)
    assert text.gap_text(flagged) == "补贴通过规则核查还差 5.0 个百分点"
    both = verdict(passing_row(publicity_months=9, paid_claim_count=20, flagged_claim_count=1), 6)
    assert text.gap_text(both) == "政策宣传还差 1 个月；补贴通过规则核查还差 5.0 个百分点"
    none_paid = verdict(passing_row(paid_claim_count=0, flagged_claim_count=0), 6)
    assert none_paid.verdict == Verdict.NO_SUBJECT and "本年无补贴发放" in text.value_text(none_paid)
    not_audited = {k: v for k, v in passing_row().items() if k not in scorecard.CLAIM_COLUMNS}
    assert verdict(not_audited, 6).verdict == Verdict.UNDETERMINED
    assert text.gap_text(verdict(not_audited, 6)).startswith("补贴未核查")


def test_the_audit_threshold_is_policy_data(policy_file):
    row = passing_row(paid_claim_count=20, flagged_claim_count=1)
    assert verdict(row, 6).verdict == Verdict.NOT_MET
    with open(policy_file, "a", encoding="utf-8") as f:
        f.write('\n[[setting]]\nkey = "town_subsidy_audit_pass_min_pct"\nvalue = 95.0\nlabel = "x"\nunit = "%"\n'
                'effective_year = 2026\n')
    policy.settings.cache_clear()
    policy.setting.cache_clear()
    assert verdict(row, 6).verdict == Verdict.MET  # 19 of 20 = 95%
    assert verdict(passing_row(paid_claim_count=20, flagged_claim_count=2), 6).verdict == Verdict.NOT_MET


def test_joint_group_must_exist():
    failed = verdict(passing_row(has_joint_group=False), 9)
    assert (failed.verdict, failed.relative_gap) == (Verdict.NOT_MET, 1.0)
    assert text.gap_text(failed) == "尚未成立由乡镇（街道）和人社相关部门组成的联合工作组"
    assert (text.value_text(failed), text.value_text(verdict(passing_row(), 9))) == ("未成立", "已成立")
    assert text.threshold_text(failed) == "须成立由乡镇（街道）和人社相关部门组成的联合工作组"
    assert LABELS["indicator_09"] == "9 联合工作组" and LABELS["has_joint_group"] == "是否成立联合工作组"


@pytest.mark.parametrize("staff, days, expected, shortfalls, gap", [
    (2, 4, Verdict.MET, (0, 0, 0), ""), (3, 4, Verdict.MET, (0, 0, 0), ""), (5, 4, Verdict.MET, (0, 0, 0), ""),
    (1, 4, Verdict.NOT_MET, (1, 0, 0), "派驻人员还差 1 人"),
    (2, 3, Verdict.NOT_MET, (0, 0, 1), "每人每月进驻还差 1 天"),
    (1, 3, Verdict.NOT_MET, (1, 0, 1), "派驻人员还差 1 人；每人每月进驻还差 1 天"),
])
def test_staff_between_two_and_three_each_four_days_a_month(staff, days, expected, shortfalls, gap):
    result = verdict(passing_row(staff_stationed_count=staff, min_staff_days=days), 10)
    staff_part, days_part = result.parts
    assert result.verdict == expected
    assert (staff_part.shortfall, staff_part.excess, days_part.shortfall) == shortfalls
    assert text.gap_text(result) == gap
    assert text.threshold_text(result) == "≥ 2 人（方案选派 2 至 3 名，多派不算未达到），每人每月 ≥ 4 天"


def test_more_than_three_staff_fails_only_when_the_policy_says_so(policy_file):
    row = passing_row(staff_stationed_count=4)
    assert verdict(row, 10).verdict == Verdict.MET
    with open(policy_file, "a", encoding="utf-8") as f:
        f.write('\n[[setting]]\nkey = "town_staff_stationed_max_binding"\nvalue = true\nlabel = "x"\nunit = ""\n'
                'effective_year = 2026\n')
    policy.settings.cache_clear()
    policy.setting.cache_clear()
    failed = verdict(row, 10)
    assert failed.verdict == Verdict.NOT_MET and failed.parts[0].excess == 1
    assert text.gap_text(failed) == "派驻人员超出上限 1 人"
    assert text.threshold_text(failed) == "2—3 人，每人每月 ≥ 4 天"
    assert verdict(row, 10, year=2025).verdict == Verdict.MET


def test_a_town_with_no_report_is_not_reported_never_a_pass():
    results = scorecard.evaluate({"year": 2026, "town_code": ZHANGWAN, "roster_months": 10,
                                  "able_willing_count": 5, "able_willing_employed_count": 5,
                                  "able_willing_outside_province_count": 5}, 2026)
    assert [r.verdict for r in results] == [Verdict.NOT_REPORTED] + [Verdict.MET] + [Verdict.NOT_REPORTED] * 8
    assert all(r.relative_gap == 1.0 for r in results if r.verdict == Verdict.NOT_REPORTED)
    assert {text.value_text(r) for r in results if not r.met} == {"—"}
    assert {text.gap_text(r) for r in results if not r.met} == {"未填报"}


def test_a_missing_value_is_not_reported_whatever_form_it_takes():
    for missing in (None, float("nan"), pd.NA):
        assert verdict(passing_row(rural_transfer_rate_pct=missing), 1).verdict == Verdict.NOT_REPORTED
        assert verdict(passing_row(has_joint_group=missing), 9).verdict == Verdict.NOT_REPORTED


def test_improve_first_orders_failures_by_smallest_relative_gap():
    row = passing_row(rural_transfer_rate_pct=89.0, staff_stationed_count=1, able_willing_count=0,
                      has_joint_group=False)
    long = scorecard.results(_frame(row), 2026, [CAIDIAN])
    todo = scorecard.improve_first(long, ZHANGWAN)
    assert list(todo["indicator_no"]) == [1, 10, 9, 2]  # 1.1% short, then half the staff, then yes/no, 无对象 last
    assert text.improvement_list(long, ZHANGWAN).splitlines()[0] == (
        "1. 指标1 农村劳动力转移就业情况：还差 1.0 个百分点（现为 89.0%，标准 ≥ 90.0%）")
    assert text.improvement_list(long, ZHANGWAN).splitlines()[-1].startswith("4. 指标2 脱贫劳动力就业帮扶情况：无对象")


def test_grid_ranks_towns_by_indicators_met_and_counts_each_indicator():
    other = "420114001"  # another 蔡甸 candidate
    long = scorecard.results(_frame(passing_row(), passing_row(town_code=other, has_joint_group=False),
                                    passing_row(year=2025, town_code=other)), 2026, [CAIDIAN])
    grid = scorecard.grid(long).set_index("town_code")
    assert list(grid.index[:2]) == [ZHANGWAN, other] and list(grid["rank"].iloc[:2]) == [1, 2]
    assert grid["overall_verdict"].tolist()[:2] == [Verdict.MET, Verdict.NOT_MET]
    assert grid.loc[other, "passed_indicator_unit_count"] == 9
    assert grid.loc[other, "last_year_passed_indicator_unit_count"] == 10  # judged by 2025's rules
    assert pd.isna(grid.loc[ZHANGWAN, "last_year_passed_indicator_unit_count"])
    assert scorecard.passing_towns(long) == [ZHANGWAN] and scorecard.passing_towns(long, last_year=True) == [other]
    counts = scorecard.pass_counts(long).set_index("indicator_no")
    assert counts.loc[9, "passed_town_unit_count"] == 1 and counts.loc[1, "passed_town_unit_count"] == 2
    assert counts.loc[9, "last_year_passed_town_unit_count"] == 1
    assert scorecard.weakest_indicator(scorecard.pass_counts(long))["indicator_no"] == 9
    assert text.worded_grid(scorecard.grid(long))["overall_verdict"].tolist()[:2] == ["全部达标", "未全部达标"]


def test_every_grid_column_and_indicator_has_its_words():
    assert [LABELS[c] for c in scorecard.GRID_COLUMNS][:2] == ["1 转移就业", "2 脱贫劳动力就业"]
    assert [text.indicator_short(i.number) for i in scorecard.INDICATORS][-1] == "10 人员进驻"
    assert {i.number for i in scorecard.INDICATORS} == set(text.INDICATOR_NAMES)
    assert {i.source for i in scorecard.INDICATORS} == set(text.SOURCE_WORDS)


def test_the_period_reads_the_year_or_january_up_to_the_last_month():
    assert text.period(2025, "2025-12", True) == "2025年"
    assert text.period(2026, "2026-10", False) == "2026年1—10月（年度未完）"
    assert text.period(2026, "2026-01", False) == "2026年1月（年度未完）"


# ---- the policy file decides, at call time ----


def test_a_threshold_changed_in_the_policy_file_changes_the_verdict(policy_file):
    row = passing_row(rural_transfer_rate_pct=91.0, staff_stationed_count=2)
    assert verdict(row, 1).verdict == Verdict.MET and verdict(row, 10).verdict == Verdict.MET
    with open(policy_file, "a", encoding="utf-8") as f:
        f.write('\n[[setting]]\nkey = "town_transfer_rate_min_pct"\nvalue = 92.0\nlabel = "x"\nunit = "%"\n'
                'effective_year = 2026\n'
                '\n[[setting]]\nkey = "town_staff_stationed_min"\nvalue = 3\nlabel = "x"\nunit = "人"\n'
                'effective_year = 2026\n')
    policy.settings.cache_clear()
    policy.setting.cache_clear()
    assert (verdict(row, 1).verdict, verdict(row, 1).parts[0].shortfall) == (Verdict.NOT_MET, 1.0)
    assert text.gap_text(verdict(row, 1)) == "还差 1.0 个百分点"
    assert verdict(row, 10).verdict == Verdict.NOT_MET
    assert verdict(row, 1, year=2025).verdict == Verdict.MET  # the old rule still judges 2025


# ---- the question on a tiny literal lake (golden rows) ----
def assessment(year, town_code, **changes):
    row = {"year": year, "town_code": town_code, "rural_transfer_rate_pct": 95.0, "entrepreneurs_supported": 12,
           "demo_applications": 1, "entrepreneur_models": 2, "featured_industries": 1, "carriers_count": 0,
           "publicity_months": 12, "platform_update_months": 12, "spot_check_accuracy_pct": 95.0,
           "has_joint_group": True, "staff_stationed": 2, "min_staff_days_per_month": 5,
           "village_platform_update_months": 12, "migrant_spot_check_accuracy_pct": 95.0}
    return row | changes


def transport(claim_id, month, person_id, district_code, work_location="省外", amount=500):
    """A 交通补助 claim; 区外省内 at the 跨省 amount breaks transport_amount."""
    return {"month": month, "claim_id": claim_id, "subsidy_type": "交通补助", "person_id": person_id,
            "district_code": district_code, "amount_yuan": amount, "organized_months": 6,
            "work_location": work_location}


def carrier(year, carrier_id, town_code, kind="零工驿站"):
    return {"year": year, "carrier_id": carrier_id, "name": "载体", "kind": kind, "level": "区级",
            "district_code": town_code[:6], "town_code": town_code, "laborers_absorbed": 3}


@pytest.fixture
def lake(make_lake, storage):
    h, x = dict(district_code=HUANGPI, town_code=LIJI_HUANGPI), dict(district_code=XINZHOU, town_code=LIJI_XINZHOU)
    return make_lake({
        "laborers": [
            # 2026 has two months in the lake (09, 10); indicator 2 uses 10. A works outside the township, B in
            # the district by an old template (区内: township unknown), C has no work, D cannot work.
            person("2026-09", "A", **h, employed=False), person("2026-10", "A", **h, work_location="乡镇外区内"),
            person("2026-10", "B", **h, work_location="区内"), person("2026-10", "C", **h, employed=False),
            person("2026-10", "D", **h, able_to_work=False, willing_to_work=False, employed=False),
            person("2026-10", "E", **x, work_location="省外"), person("2025-12", "E", **x, employed=False),
            person("2025-11", "A", **h),
        ],
        "carriers": [carrier(2026, "c1", LIJI_HUANGPI), carrier(2026, "c2", LIJI_HUANGPI, "返乡创业园区"),
                     carrier(2026, "c3", LIJI_XINZHOU, "就业工坊")],
        "subsidy_claims": [
            transport("t1", "2026-10", "A", HUANGPI), transport("t2", "2026-10", "B", HUANGPI),
            transport("t3", "2026-10", "E", XINZHOU, "区外省内"),  # 500 instead of 300: flagged
            transport("t4", "2025-12", "E", XINZHOU),
            transport("t5", "2026-10", "Z", HUANGPI),  # not on any roster: flagged, but in no town
        ],
        "town_assessments": [
            assessment(2026, LIJI_HUANGPI, publicity_months=2, platform_update_months=2),
            assessment(2026, LIJI_XINZHOU, publicity_months=1, platform_update_months=2, carriers_count=2),
            assessment(2025, LIJI_XINZHOU, staff_stationed=1),
        ],
    })


def test_model_town_indicators_golden_rows(lake):
    df = engine.run("model_town_indicators", {"year": 2026, "districts": [HUANGPI, XINZHOU]})
    rows = {(r["year"], r["town_code"]): r for r in df.to_dict("records")}
    assert set(rows) == {(2026, LIJI_HUANGPI), (2026, LIJI_XINZHOU), (2025, LIJI_XINZHOU)}
    huangpi = rows[(2026, LIJI_HUANGPI)]
    assert (huangpi["last_month"], huangpi["roster_months"]) == ("2026-10", 2)
    assert (huangpi["able_willing_count"], huangpi["able_willing_employed_count"]) == (3, 2)
    assert huangpi["able_willing_employment_rate_pct"] == 100 * 2 / 3
    places = {column: huangpi[column] for column in [*scorecard.LOCATION_COLUMNS.values(), scorecard.UNSPLIT_COLUMN,
                                                      "able_willing_location_missing_count"]}
    assert places == {"able_willing_in_township_count": 0, "able_willing_outside_township_in_district_count": 1,
                      "able_willing_outside_district_in_province_count": 0, "able_willing_outside_province_count": 0,
                      "able_willing_abroad_count": 0, "able_willing_in_district_unsplit_count": 1,
                      "able_willing_location_missing_count": 0}
    assert huangpi["village_platform_update_months"] == 12 and huangpi["migrant_spot_check_accuracy_pct"] == 95.0
    assert (huangpi["carrier_recorded_unit_count"], huangpi["carrier_reported_unit_count"]) == (1, 0)  # no park
    assert huangpi["district_code"] == HUANGPI and bool(huangpi["has_assessment"])
    xinzhou = rows[(2026, LIJI_XINZHOU)]
    assert (xinzhou["able_willing_count"], xinzhou["able_willing_employed_count"]) == (1, 1)
    assert (xinzhou["able_willing_outside_province_count"], xinzhou["able_willing_in_district_unsplit_count"]) == (1, 0)
    assert (xinzhou["carrier_recorded_unit_count"], xinzhou["carrier_reported_unit_count"]) == (1, 2)
    last = rows[(2025, LIJI_XINZHOU)]
    assert (last["last_month"], last["roster_months"], last["able_willing_count"]) == ("2025-12", 2, 1)
    assert last["staff_stationed_count"] == 1 and last["min_staff_days"] == 5


def test_only_the_selected_districts_and_towns_keyed_by_code(lake):
    df = engine.run("model_town_indicators", {"year": 2026, "districts": [XINZHOU]})
    assert set(df["town_code"]) == {LIJI_XINZHOU}
    long = scorecard.results(df, 2026, [XINZHOU])
    assert set(long["town_code"]) == {t["town_code"] for t in scorecard.candidate_towns([XINZHOU])}
    liji = long[long["town_code"] == LIJI_XINZHOU].set_index("indicator_no")
    assert liji.loc[2, "verdict"] == Verdict.MET and liji.loc[6, "verdict"] == Verdict.NOT_MET
    assert liji.loc[6, "result"].parts[0].shortfall == 1  # 2 roster months in 2026, publicity in 1
    assert liji.loc[10, "last_year_verdict"] == Verdict.NOT_MET  # 2025: one staff member
    assert liji.loc[5, "source"] == scorecard.BOTH and liji.loc[2, "source"] == scorecard.DERIVED
    worded = text.worded_results(long).set_index(["town_code", "indicator_no"]).loc[LIJI_XINZHOU]
    assert worded.loc[6, "gap_text"] == "政策宣传还差 1 个月"
    assert (worded.loc[2, "verdict"], worded.loc[6, "verdict"], worded.loc[10, "last_year_verdict"]) == (
        "达到", "未达到", "未达到")
    assert (worded.loc[5, "source"], worded.loc[2, "source"]) == ("派生+填报", "派生")
    assert text.town_label(LIJI_XINZHOU) == "李集街道（新洲区）"
    assert text.town_label(LIJI_HUANGPI) == "李集街道（黄陂区）"


def test_town_claims_count_each_towns_claims_and_the_flagged_ones(lake):
    claims = town_claims(2026, "2026-10", [HUANGPI, XINZHOU]).sort_values(["year", "town_code"])
    assert claims.to_dict("records") == [
        {"year": 2025, "town_code": LIJI_XINZHOU, "paid_claim_count": 1, "flagged_claim_count": 0},
        {"year": 2026, "town_code": LIJI_HUANGPI, "paid_claim_count": 2, "flagged_claim_count": 0},
        {"year": 2026, "town_code": LIJI_XINZHOU, "paid_claim_count": 1, "flagged_claim_count": 1},
    ]
    assert town_claims(2026, "2026-09", [HUANGPI])["paid_claim_count"].tolist() == []  # October not yet paid
    both = [HUANGPI, XINZHOU]
    indicators = scorecard.with_claims(engine.run("model_town_indicators", {"year": 2026, "districts": both}),
                                       claims)
    long = scorecard.results(indicators, 2026, both).set_index(["town_code", "indicator_no"])
    xinzhou = long.loc[(LIJI_XINZHOU, 6), "result"]
    assert xinzhou.verdict == Verdict.NOT_MET and xinzhou.parts[1].value == 0.0
    assert text.gap_text(xinzhou) == "政策宣传还差 1 个月；补贴通过规则核查还差 100.0 个百分点"
    huangpi = long.loc[(LIJI_HUANGPI, 6), "result"]
    assert text.value_text(huangpi) == "政策宣传 2 个月；补贴通过规则核查 100.0%（2/2 笔）"


def test_a_town_assessments_file_written_before_the_new_columns_still_reads(lake, monkeypatch):
    """A 2025 file without the village-level months and the second spot check, beside a 2026 file with them."""
    manifest = mf.read_manifest(lake)
    new = TABLES["town_assessments"]
    old_schema = pa.schema([f for f in new.schema
                            if f.name not in ("village_platform_update_months", "migrant_spot_check_accuracy_pct")])
    old_row = {k: v for k, v in assessment(2025, LIJI_XINZHOU, staff_stationed=1).items() if k in old_schema.names}
    with monkeypatch.context() as m:  # written as the importer wrote it before the columns were added
        m.setitem(TABLES, "town_assessments", dataclasses.replace(new, schema=old_schema))
        mf.write_partition(lake, manifest, "town_assessments", "2025",
                           pa.Table.from_pylist([old_row], schema=old_schema), source_file="old.xlsx",
                           imported_by="pytest")
        mf.write_manifest(lake, manifest)
    assert "village_platform_update_months" not in pq.read_schema(lake / manifest["partitions"][
        "town_assessments/year=2025"]["file"]).names
    df = engine.run("model_town_indicators", {"year": 2026, "districts": [XINZHOU]}).set_index("year")
    assert df.loc[2026, "village_platform_update_months"] == 12
    assert pd.isna(df.loc[2025, "village_platform_update_months"])
    assert pd.isna(df.loc[2025, "migrant_spot_check_accuracy_pct"]) and df.loc[2025, "staff_stationed_count"] == 1
    last = scorecard.evaluate(df.loc[2025].to_dict(), 2025)
    assert [last[6].verdict, last[7].verdict, last[8].verdict] == [Verdict.NOT_REPORTED, Verdict.NOT_REPORTED,
                                                                    Verdict.MET]


def test_the_two_liji_towns_are_judged_apart(lake):
    both = [HUANGPI, XINZHOU]
    indicators = engine.run("model_town_indicators", {"year": 2026, "districts": both})
    long = scorecard.results(scorecard.with_claims(indicators, town_claims(2026, "2026-10", both)), 2026, both)
    grid = scorecard.grid(long).set_index("town_code")
    assert grid.loc[LIJI_HUANGPI, ["indicator_02", "indicator_06"]].tolist() == [Verdict.NOT_MET, Verdict.MET]
    assert grid.loc[LIJI_XINZHOU, ["indicator_02", "indicator_06"]].tolist() == [Verdict.MET, Verdict.NOT_MET]
    shown = text.worded_grid(scorecard.grid(long)).set_index("town_code")
    assert shown.loc[LIJI_HUANGPI, ["indicator_02", "indicator_06"]].tolist() == ["✗ 未达到", "✓ 达到"]
    assert shown.loc[LIJI_XINZHOU, ["indicator_02", "indicator_06"]].tolist() == ["✓ 达到", "✗ 未达到"]
    huangpi_2 = long[(long["town_code"] == LIJI_HUANGPI) & (long["indicator_no"] == 2)]["result"].item()
    # of A, B, C (D cannot work) only A works outside for sure; B's 区内 cannot lift it to 3 of 3 as C has no work
    assert (huangpi_2.parts[0].shortfall, huangpi_2.parts[0].gap_unit) == (1, scorecard.PERSONS)
    assert huangpi_2.verdict == Verdict.NOT_MET and text.gap_text(huangpi_2) == "至少还差 1 人"
    assert pd.isna(grid.loc[LIJI_HUANGPI, "last_year_passed_indicator_unit_count"])  # nothing in 2025 for it
    # 2025 (its own roster months and rules): E not employed, one staff member, no carrier -> 7 of 10.
    assert grid.loc[LIJI_XINZHOU, "last_year_passed_indicator_unit_count"] == 7
    assert scorecard.passing_towns(long) == []


# ---- the demo lake: the planted model towns are exactly the ones that pass ----
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_demo_model_towns_are_exactly_the_towns_passing_all_ten(use_demo_lake, year):
    planted = mf.read_manifest(use_demo_lake)["demo"]["model_towns"][str(year)]
    districts = ["420114", "420115", "420116", "420117"]
    as_of = year_as_of(year)[0]
    indicators = engine.run("model_town_indicators", {"year": year, "districts": districts})
    long = scorecard.results(scorecard.with_claims(indicators, town_claims(year, as_of, districts)), year, districts)
    assert scorecard.passing_towns(long) == sorted(planted)
    assert len(long["town_code"].unique()) > len(planted)  # and others fail


def test_the_derived_judgements_are_the_step_by_step_ones(use_demo_lake):
    """What the page derives through engine.derive (`judged`, `town_results`, with the claim counts as a tuple) is
    exactly `results`/`grid`/`pass_counts`/`passing_towns` of `with_claims`: with the audit, with a town-year
    without claims (0 paid) and without the audit."""
    districts, year = ("420114", "420115", "420116", "420117"), 2026
    indicators = engine.run("model_town_indicators", {"year": year, "districts": list(districts)})
    audited = town_claims(year, year_as_of(year)[0], districts)
    for claims in (audited, audited[audited["town_code"] != audited["town_code"].iloc[0]], None):
        long = scorecard.results(scorecard.with_claims(indicators, claims), year, districts)
        grid, counts, passing, last_passing = scorecard.judged(indicators, year, districts, None,
                                                               scorecard.claim_counts(claims))
        pd.testing.assert_frame_equal(grid, scorecard.grid(long))
        pd.testing.assert_frame_equal(counts, scorecard.pass_counts(long))
        assert (passing, last_passing) == (scorecard.passing_towns(long), scorecard.passing_towns(long, True))
        for town in grid["town_code"]:
            mine = scorecard.town_results(indicators, year, districts, None, scorecard.claim_counts(claims, town), town)
            expected = long[long["town_code"] == town].reset_index(drop=True)
            assert mine.drop(columns=["result", "last_year_result"]).equals(
                expected.drop(columns=["result", "last_year_result"]))
            assert list(mine["result"]) == list(expected["result"])
            assert list(mine["last_year_result"]) == list(expected["last_year_result"])
        assert scorecard.town_results(indicators, year, districts, (grid["town_code"][0],), None, "420114999").empty


def test_page_shows_the_demo_model_towns_and_moves_every_widget(use_demo_lake):
    planted = mf.read_manifest(use_demo_lake)["demo"]["model_towns"]
    at = open_app("pages/model_towns.py")
    assert_clean(at)
    assert at.selectbox(key="year").value == 2026  # the selected month's year
    assert f"{len(planted['2026'])} 个十项指标全部达标" in at.subheader[0].value
    grid = at.dataframe[0].value
    shown = sorted(grid.loc[grid["overall_verdict"] == "全部达标", "town_code"])
    assert shown == sorted(planted["2026"])
    assert set(grid["passed_indicator_unit_count"].iloc[: len(shown)]) == {10}  # ranked first
    assert [m.label for m in at.metric][:2] == ["候选乡镇（街道）", "十项全部达标"]
    assert any("指标 2“外出就业”的口径（2026年政策设置）：务工地点为乡镇外区内、区外省内、省外、境外算外出" in c.value
               for c in at.caption)

    failing = grid["town_code"].iloc[-1]
    at.selectbox(key="town").set_value(failing).run()
    assert_clean(at)
    assert "优先改进" in texts(at)
    card = at.dataframe[1].value
    assert len(card) == 10 and {"value_text", "last_year_value_text", "source"} <= set(card.columns)

    at.selectbox(key="month").set_value("2025-06").run()
    assert_clean(at)
    assert at.selectbox(key="year").value == 2025
    assert f"{len(planted['2025'])} 个十项指标全部达标" in at.subheader[0].value
    at.selectbox(key="year").set_value(2024).run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("2024年全市")
    at.multiselect(key="district").set_value([HUANGPI]).run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("2024年黄陂区")
    assert at.selectbox(key="year").value == 2024  # kept while the month stays
    at.multiselect(key="district").set_value(["420102"]).run()
    assert_clean(at)
    assert "没有示范乡镇候选乡镇" in texts(at)


# ---- export: one sheet per district plus a summary ----
def test_export_has_a_summary_and_a_sheet_per_district(use_demo_lake):
    districts = ["420114", "420115", "420116", "420117"]
    long = scorecard.results(engine.run("model_town_indicators", {"year": 2026, "districts": districts}),
                             2026, districts)
    grid = scorecard.grid(long)
    book = openpyxl.load_workbook(io.BytesIO(exports.workbook(
        scorecard_export.sheets(long, grid, 2026, "2026年10月", "全市"))))
    assert book.sheetnames == ["汇总", "蔡甸区", "江夏区", "黄陂区", "新洲区"]
    summary = book["汇总"]
    assert summary["A1"].value.startswith("2026年示范乡镇评选指标达标情况")
    headers = [c.value for c in summary[4]]
    assert headers[:4] == ["排名", "区", "乡镇（街道）", "乡镇（街道）代码"] and "1 转移就业" in headers
    codes = [summary.cell(row=r, column=4).value for r in range(6, 6 + len(grid))]
    assert codes == list(grid["town_code"])
    huangpi = book["黄陂区"]
    rows = list(huangpi.iter_rows(min_row=6, max_row=5 + 10 * 16, values_only=True))
    assert {r[1] for r in rows} == {t["town_code"] for t in scorecard.candidate_towns([HUANGPI])}
    assert {r[7] for r in rows} <= {"达到", "未达到", "无对象", "无法判定", "未填报"}

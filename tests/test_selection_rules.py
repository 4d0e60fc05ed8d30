"""示范乡镇推选's rules (assess.selection): the state model (stages, moves, publication, corrections), roles,
deadlines, reasons, differences, quotas; and docs/architecture.md shows the same model."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from assess import selection as rules
from assess.selection import Refused

DEADLINES = {"apply": date(2026, 11, 10), "district": date(2026, 11, 20), "city": date(2026, 11, 30)}
IN_TIME = date(2026, 11, 1)


def check(state, action, role, today=IN_TIME, comment=""):
    return rules.check(state, action, role, deadlines=DEADLINES, today=today, comment=comment)


@pytest.mark.parametrize("state, action, role, to_state", [
    (rules.NEW, "create", "town", rules.DRAFT),
    (rules.DRAFT, "submit", "town", rules.SUBMITTED),
    (rules.SUBMITTED, "withdraw", "town", rules.WITHDRAWN),
    (rules.WITHDRAWN, "submit", "town", rules.SUBMITTED),
    (rules.SUBMITTED, "pass", "district", rules.PASSED),
    (rules.RETURNED, "submit", "town", rules.SUBMITTED),
    (rules.PASSED, "recommend", "district", rules.RECOMMENDED),
    (rules.RECOMMENDED, "confirm", "city", rules.CONFIRMED),
])
def test_each_role_takes_its_own_moves(state, action, role, to_state):
    assert check(state, action, role).to_state == to_state


@pytest.mark.parametrize("state, action, role, code", [
    (rules.DRAFT, "pass", "district", "not_allowed"),  # nothing to review before it is submitted
    (rules.PASSED, "withdraw", "town", "not_allowed"),  # withdrawing only before review
    (rules.SUBMITTED, "pass", "town", "wrong_role"),  # a town does not pass itself
    (rules.SUBMITTED, "pass", "city", "wrong_role"),  # the city does not skip the district in time
    (rules.RECOMMENDED, "confirm", "district", "wrong_role"),
    (rules.DRAFT, "submit", "admin", "wrong_role"),
    (rules.AWARDED, "return", "district", "not_allowed"),
    (rules.CONFIRMED, "award", "city", "not_allowed"),  # 授牌 only through publication (issue 28's dead-end)
])
def test_other_moves_are_refused(state, action, role, code):
    with pytest.raises(Refused) as refused:
        check(state, action, role)
    assert refused.value.code == code


@pytest.mark.parametrize("state, action, role", [
    (rules.SUBMITTED, "return", "district"), (rules.RECOMMENDED, "reject", "city"),
    (rules.RECOMMENDED, "send_back", "city")])
def test_returning_rejecting_and_sending_back_need_a_reason(state, action, role):
    with pytest.raises(Refused, match="needs_comment"):
        check(state, action, role, comment="  ")
    assert check(state, action, role, comment="返乡创业人数与名册不符").to_state


def test_after_the_deadline_only_the_city_acts_and_says_why():
    late = date(2026, 11, 11)
    assert check(rules.DRAFT, "submit", "town", today=DEADLINES["apply"]).to_state == rules.SUBMITTED  # the day counts
    with pytest.raises(Refused) as refused:
        check(rules.DRAFT, "submit", "town", today=late)
    assert (refused.value.code, refused.value.details["deadline"]) == ("late", DEADLINES["apply"])
    with pytest.raises(Refused, match="needs_comment"):
        check(rules.DRAFT, "submit", "city", today=late)
    assert check(rules.DRAFT, "submit", "city", today=late, comment="系统故障，代为提交").to_state == rules.SUBMITTED
    # A returned application is corrected within the district's review: the district's deadline applies.
    assert check(rules.RETURNED, "submit", "town", today=late).to_state == rules.SUBMITTED


def test_saving_follows_the_state_and_the_deadline():
    assert rules.check_edit(rules.DRAFT, "town", deadlines=DEADLINES, today=IN_TIME) == rules.APPLY
    assert rules.check_edit(rules.SUBMITTED, "district", deadlines=DEADLINES, today=IN_TIME) == rules.DISTRICT
    with pytest.raises(Refused, match="not_editable"):
        rules.check_edit(rules.SUBMITTED, "town", deadlines=DEADLINES, today=IN_TIME)
    with pytest.raises(Refused, match="late"):
        rules.check_edit(rules.DRAFT, "town", deadlines=DEADLINES, today=date(2026, 12, 1))


def test_the_table_is_the_one_place_and_every_state_is_reachable():
    every = (*rules.TRANSITIONS, rules.PUBLICATION, *rules.CORRECTIONS)
    reached = {rules.NEW}
    for _ in rules.STATES:
        reached |= {t.to_state for t in every if t.from_state in reached}
    assert reached == {rules.NEW, *rules.STATES}
    assert rules.AWARDED not in {t.to_state for t in rules.TRANSITIONS}  # only publication (or a correction) awards
    assert len({(t.from_state, t.action) for t in rules.TRANSITIONS}) == len(rules.TRANSITIONS)
    assert [t.action for t in rules.actions_from(rules.SUBMITTED, "district")] == ["pass", "return"]
    assert rules.current_state([]) == rules.NEW
    assert rules.current_state([rules.DRAFT, rules.SUBMITTED, rules.RETURNED]) == rules.RETURNED


def test_every_difference_between_reported_and_recorded_is_found():
    reported = {"entrepreneurs_supported_count": 14, "carrier_unit_count": 3,
                "able_willing_employment_rate_pct": 97.504, "rural_transfer_rate_pct": 70.0}
    recorded = {"entrepreneurs_supported_count": 11, "carrier_unit_count": 3,
                "able_willing_employment_rate_pct": 97.5, "rural_transfer_rate_pct": None}
    assert rules.differences(reported, recorded) == [rules.Difference("entrepreneurs_supported_count", 14, 11)]
    assert rules.differences(reported | {"carrier_unit_count": 2}, recorded)[1].measure == "carrier_unit_count"


def test_submitting_needs_every_figure_and_evidence_for_what_the_lake_does_not_record():
    reported = {m.name: 1 for m in rules.MEASURES}
    evidence = {str(n): "见附件" for n in rules.INDICATOR_NUMBERS}
    assert rules.missing_for_submit(reported, evidence) == []
    # Indicators 2 and 5 are wholly recorded in the lake: no evidence text asked for them.
    assert rules.missing_for_submit(reported, {k: v for k, v in evidence.items() if k not in ("2", "5")}) == []
    missing = rules.missing_for_submit(reported | {"publicity_months": None}, evidence | {"3": " "})
    assert missing == ["publicity_months", "evidence_3"]


def test_quota_deadlines_standard_and_rank():
    rules.check_quota(2, 2)
    rules.check_quota(5, None)
    with pytest.raises(Refused, match="over_quota"):
        rules.check_quota(3, 2)
    rules.check_deadlines(DEADLINES)
    with pytest.raises(Refused, match="deadline_order"):
        rules.check_deadlines(DEADLINES | {"city": date(2026, 11, 1)})
    with pytest.raises(Refused, match="deadline_past"):  # the user-side check opened 2027 with 2026-12-01 as due
        rules.check_deadlines(DEADLINES, today=DEADLINES["apply"] + timedelta(days=1))
    rules.check_deadlines(DEADLINES, today=DEADLINES["apply"])
    assert rules.standard({"town_carriers_min": 2, "startup_subsidy_yuan": 5000}) == {"town_carriers_min": 2}
    assert rules.ranked([("b", 2), ("c", None), ("a", 1)]) == ["a", "b", "c"]


def test_publication_awards_every_confirmed_town_once_and_closes_every_stage():
    states = [rules.CONFIRMED, rules.PASSED, rules.REJECTED, rules.CONFIRMED]
    assert rules.check_publish(states, "city", published=False) == [0, 3]
    assert rules.check_publish([], "city", published=False) == []  # nobody confirmed: the year closes unnamed
    with pytest.raises(Refused, match="undecided"):
        rules.check_publish([*states, rules.RECOMMENDED], "city", published=False)
    with pytest.raises(Refused, match="wrong_role"):
        rules.check_publish(states, "district", published=False)
    with pytest.raises(Refused, match="published"):
        rules.check_publish(states, "city", published=True)
    # Once published no move and no save is taken, by anyone, even the city with a reason.
    for t in rules.TRANSITIONS:
        with pytest.raises(Refused, match="published"):
            rules.check(t.from_state, t.action, "city", deadlines=DEADLINES, today=IN_TIME, comment="迟到",
                        published=True)
    with pytest.raises(Refused, match="published"):
        rules.check_edit(rules.DRAFT, "town", deadlines=DEADLINES, today=IN_TIME, published=True)
    assert rules.campaign_stage(DEADLINES, IN_TIME, False) == rules.APPLY
    assert rules.campaign_stage(DEADLINES, date(2026, 11, 15), False) == rules.DISTRICT
    assert rules.campaign_stage(DEADLINES, date(2027, 1, 1), False) == rules.CITY  # overdue: the city still acts
    assert rules.campaign_stage(DEADLINES, IN_TIME, True) == rules.PUBLISHED  # before the deadlines too


def test_a_correction_is_the_citys_with_a_reason_and_only_after_publication():
    move = rules.check_correction(rules.AWARDED, "revoke", "city", comment="材料不实", published=True)
    assert move.to_state == rules.REVOKED
    with pytest.raises(Refused, match="not_published"):
        rules.check_correction(rules.AWARDED, "revoke", "city", comment="材料不实", published=False)
    with pytest.raises(Refused, match="needs_comment"):
        rules.check_correction(rules.REJECTED, "amend_award", "city", comment=" ", published=True)
    with pytest.raises(Refused, match="wrong_role"):
        rules.check_correction(rules.AWARDED, "revoke", "district", comment="x", published=True)
    with pytest.raises(Refused, match="not_allowed"):
        rules.check_correction(rules.PASSED, "amend_award", "city", comment="x", published=True)


def test_the_history_explains_the_state_and_ranks_are_never_given_twice():
    assert rules.replay([("", "draft"), ("draft", "draft"), ("draft", "submitted")]) == rules.SUBMITTED
    with pytest.raises(ValueError, match="history breaks"):
        rules.replay([("", "draft"), ("submitted", "passed")])
    assert rules.next_rank([1, None, 3]) == 4  # the gap left by a town sent back stays
    assert rules.next_rank([]) == 1


def test_the_architecture_document_shows_the_state_model_as_the_data_says():
    """docs/architecture.md's 推选 section holds ui.selection_text's table and diagram of assess.selection's data,
    word for word: change the data and this fails until the document is regenerated
    (`python -m ui.selection_text` prints both)."""
    from ui import selection_text as text

    doc = (Path(__file__).resolve().parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = re.search(r"<!-- selection-state-model -->\n(.*?)<!-- /selection-state-model -->", doc, re.S)
    assert section is not None, "docs/architecture.md lacks the generated state model"
    assert section.group(1).strip() == text.state_model_document().strip()

"""示范乡镇推选 (issues 16, 28): the yearly selection's rules, as data and pure functions.

The work plan: "按照乡镇申请、区级初审、市级复核的程序 … 推选活动每年开展一次，市人社局将对示范乡镇进行通报表扬，
并颁授牌匾"; the annex: "各相关区按照推选标准择优推荐". This module is the one state model of it, as data:

- `CAMPAIGN_STAGES`: the campaign's stages in order (申请 → 区级初审 → 市级复核 → 已发布), each but the last ending
  on its deadline. Publication (`PUBLICATION`, the city's, a campaign-level move) ends the last and closes them all.
- `TRANSITIONS`: the moves of one application — who may take it, from which state, under whose deadline. No move
  here leads to AWARDED: 授牌 happens only through publication, which moves every confirmed application at once.
- `CORRECTIONS`: after publication nothing of that year changes except through a recorded correction by the city,
  with a reason, which issues a new numbered version of the 通报表扬 (the first stays as issued).

store.selection persists every change as one history row and derives the current state from those rows;
ui.selection words all of it. No Streamlit, no database, no display text beyond the codes.
"""

import math
from dataclasses import dataclass
from datetime import date

NEW = ""  # the state before an application exists
DRAFT, SUBMITTED, WITHDRAWN, RETURNED = "draft", "submitted", "withdrawn", "returned"
PASSED, RECOMMENDED, CONFIRMED, REJECTED, AWARDED = "passed", "recommended", "confirmed", "rejected", "awarded"
REVOKED = "revoked"  # an award withdrawn by a recorded correction after publication
STATES = (DRAFT, SUBMITTED, WITHDRAWN, RETURNED, PASSED, RECOMMENDED, CONFIRMED, REJECTED, AWARDED, REVOKED)

# Stages name the deadline that applies to an action (the campaign's apply/district/city deadlines).
APPLY, DISTRICT, CITY, PUBLISHED = "apply", "district", "city", "published"
STAGES = (APPLY, DISTRICT, CITY)  # the stages with a deadline
CAMPAIGN_STAGES = (*STAGES, PUBLISHED)  # in order; PUBLISHED has no deadline and no way back


@dataclass(frozen=True)
class Transition:
    from_state: str
    action: str
    to_state: str
    roles: tuple  # the roles that may take it before the stage's deadline
    stage: str  # whose deadline applies (PUBLISHED: only after publication, no deadline)
    needs_comment: bool = False  # a reason is required (returning, rejecting, sending back, correcting)


TRANSITIONS = (
    Transition(NEW, "create", DRAFT, ("town",), APPLY),
    Transition(DRAFT, "submit", SUBMITTED, ("town",), APPLY),
    Transition(WITHDRAWN, "submit", SUBMITTED, ("town",), APPLY),
    Transition(SUBMITTED, "withdraw", WITHDRAWN, ("town",), APPLY),
    # A returned application is corrected during the district's review, so the district's deadline applies.
    Transition(RETURNED, "submit", SUBMITTED, ("town",), DISTRICT),
    Transition(SUBMITTED, "pass", PASSED, ("district",), DISTRICT),
    Transition(SUBMITTED, "return", RETURNED, ("district",), DISTRICT, needs_comment=True),
    Transition(PASSED, "return", RETURNED, ("district",), DISTRICT, needs_comment=True),
    Transition(PASSED, "recommend", RECOMMENDED, ("district",), DISTRICT),
    Transition(RECOMMENDED, "confirm", CONFIRMED, ("city",), CITY),
    Transition(RECOMMENDED, "reject", REJECTED, ("city",), CITY, needs_comment=True),
    Transition(RECOMMENDED, "send_back", PASSED, ("city",), CITY, needs_comment=True),
)
# The campaign-level move: the city publishes the final list; every confirmed application is awarded by it, in
# the same write that closes the campaign. Refused while a recommended town is undecided (UNDECIDED).
PUBLICATION = Transition(CONFIRMED, "publish", AWARDED, ("city",), CITY)
UNDECIDED = (RECOMMENDED,)
# After publication: the only changes, each with a reason, each issuing the next numbered 通报表扬.
CORRECTIONS = (
    Transition(AWARDED, "revoke", REVOKED, ("city",), PUBLISHED, needs_comment=True),
    Transition(CONFIRMED, "amend_award", AWARDED, ("city",), PUBLISHED, needs_comment=True),
    Transition(REJECTED, "amend_award", AWARDED, ("city",), PUBLISHED, needs_comment=True),
    Transition(REVOKED, "amend_award", AWARDED, ("city",), PUBLISHED, needs_comment=True),
)
# Changes of content that are not moves; each is one history row too (the state stays).
SAVE, NOTE, ATTACH, DETACH = "save", "note", "attach", "detach"

# Who may save the application's content (the town's figures and evidence, or a reviewer's notes) in which state,
# and whose deadline applies to the save.
EDITABLE = {
    "town": {DRAFT: APPLY, WITHDRAWN: APPLY, RETURNED: DISTRICT},
    "district": {SUBMITTED: DISTRICT, PASSED: DISTRICT},
    "city": {RECOMMENDED: CITY},
}
# Each reviewer's opinion is its own field: the district's 区级初审意见, the city's 市级复核意见.
NOTE_KIND = {"district": DISTRICT, "city": CITY}
LATE_ROLE = "city"  # after a stage's deadline only the city may act, and must give a reason


class Refused(ValueError):
    """An action the rules do not allow; `code` says why (ui.selection words it)."""

    def __init__(self, code: str, **details):
        self.code, self.details = code, details
        super().__init__(code, details)


def actions_from(state: str, role: str) -> list[Transition]:
    """The transitions `role` may take from `state` before the deadline (what the page offers)."""
    return [t for t in TRANSITIONS if t.from_state == state and role in t.roles]


def is_late(stage: str, deadlines: dict, today: date) -> bool:
    """Whether `today` is after the stage's deadline (the deadline day itself is in time; PUBLISHED has none)."""
    return stage in STAGES and today > deadlines[stage]


def campaign_stage(deadlines: dict, today: date, published: bool) -> str:
    """The stage the campaign is in: PUBLISHED once published; else the first stage whose deadline has not passed;
    after the last deadline still CITY (overdue: only the city acts, with a reason, until it publishes)."""
    if published:
        return PUBLISHED
    return next((s for s in STAGES if not is_late(s, deadlines, today)), CITY)


def check(state: str, action: str, role: str, *, deadlines: dict, today: date, comment: str = "",
          published: bool = False) -> Transition:
    """The transition `role` takes by `action` from `state`, or Refused: the campaign is published (`published`),
    no such move from this state (`not_allowed`), not this role's move (`wrong_role`), a reason missing
    (`needs_comment`), or too late (`late`, with the deadline) unless the city acts with a reason."""
    if published:
        raise Refused("published", action=action)
    moves = [t for t in TRANSITIONS if t.from_state == state and t.action == action]
    if not moves:
        raise Refused("not_allowed", state=state, action=action)
    move = moves[0]
    late = is_late(move.stage, deadlines, today)
    if late and role != LATE_ROLE:
        raise Refused("late", stage=move.stage, deadline=deadlines[move.stage])
    if role not in move.roles and not (late and role == LATE_ROLE):
        raise Refused("wrong_role", action=action, roles=move.roles)
    if (move.needs_comment or (late and role not in move.roles)) and not comment.strip():
        raise Refused("needs_comment", action=action)
    return move


def check_edit(state: str, role: str, *, deadlines: dict, today: date, published: bool = False) -> str:
    """The stage whose deadline a save by `role` in `state` falls under, or Refused (`published`, `not_editable`,
    `late`)."""
    if published:
        raise Refused("published", action=SAVE)
    stages = EDITABLE.get(role, {})
    if state not in stages:
        raise Refused("not_editable", state=state, role=role)
    if is_late(stages[state], deadlines, today):
        raise Refused("late", stage=stages[state], deadline=deadlines[stages[state]])
    return stages[state]


def check_publish(states: list[str], role: str, *, published: bool) -> list[int]:
    """Publication of a campaign whose applications are in `states`: the positions of the applications it awards
    (every confirmed one, possibly none: the year then closes with no town named), or Refused (`wrong_role`,
    `published`, `undecided` while a recommended town awaits the city's decision)."""
    if role not in PUBLICATION.roles:
        raise Refused("wrong_role", action=PUBLICATION.action, roles=PUBLICATION.roles)
    if published:
        raise Refused("published", action=PUBLICATION.action)
    waiting = sum(s in UNDECIDED for s in states)
    if waiting:
        raise Refused("undecided", count=waiting)
    return [i for i, s in enumerate(states) if s == PUBLICATION.from_state]


def check_correction(state: str, action: str, role: str, *, comment: str, published: bool) -> Transition:
    """A correction after publication (`CORRECTIONS`), or Refused (`not_published`, `wrong_role`, `not_allowed`,
    `needs_comment`)."""
    if not published:
        raise Refused("not_published", action=action)
    moves = [t for t in CORRECTIONS if t.from_state == state and t.action == action]
    if not moves:
        raise Refused("not_allowed", state=state, action=action)
    if role not in moves[0].roles:
        raise Refused("wrong_role", action=action, roles=moves[0].roles)
    if not comment.strip():
        raise Refused("needs_comment", action=action)
    return moves[0]


def current_state(to_states: list[str]) -> str:
    """The state after the recorded transitions, oldest first (NEW when there are none)."""
    return to_states[-1] if to_states else NEW


def replay(rows: list[tuple[str, str]]) -> str:
    """The state a history of (from_state, to_state) rows, oldest first, leads to; ValueError when a row does not
    start where the one before ended (the history would not explain the state)."""
    state = NEW
    for from_state, to_state in rows:
        if from_state != state:
            raise ValueError(f"history breaks: {state!r} then a row from {from_state!r}")
        state = to_state
    return state


def check_deadlines(deadlines: dict, today: date | None = None) -> None:
    """The three deadlines exist and follow each other (apply ≤ district ≤ city), else Refused(`deadline_order`);
    given `today`, a campaign is not opened with its application deadline already past (`deadline_past`)."""
    if any(deadlines.get(s) is None for s in STAGES):
        raise Refused("deadline_missing")
    if not deadlines[APPLY] <= deadlines[DISTRICT] <= deadlines[CITY]:
        raise Refused("deadline_order")
    if today is not None and deadlines[APPLY] < today:
        raise Refused("deadline_past", today=today)


def next_rank(ranks: list[int | None]) -> int:
    """The rank a district's next recommended town takes: after every rank given so far (gaps left by a town sent
    back stay, so no rank is ever given twice)."""
    return max((r for r in ranks if r is not None), default=0) + 1


def check_quota(recommended_count: int, quota: int | None) -> None:
    """Refused(`over_quota`) when a district recommends more towns than its quota (None: no quota)."""
    if quota is not None and recommended_count > quota:
        raise Refused("over_quota", quota=quota, count=recommended_count)


# ---- The application's figures ----
PCT, PERSONS, UNITS, MONTHS, DAYS, YES_NO = "pct", "persons", "units", "months", "days", "yes_no"
ROSTER, ENTREPRENEURS, CARRIERS = "roster", "entrepreneurs", "carriers"  # where a lake figure comes from


@dataclass(frozen=True)
class Measure:
    indicator: int
    name: str  # as the column of model_town_indicators (ui.labels words it)
    unit: str
    lake: str | None = None  # the lake table that records it: filled in and locked on the form


MEASURES = (
    Measure(1, "rural_transfer_rate_pct", PCT),
    Measure(2, "able_willing_employment_rate_pct", PCT, ROSTER),
    Measure(3, "entrepreneurs_supported_count", PERSONS, ENTREPRENEURS),
    Measure(3, "demo_application_unit_count", UNITS),
    Measure(3, "entrepreneur_model_unit_count", UNITS),
    Measure(4, "featured_industry_unit_count", UNITS),
    Measure(5, "carrier_unit_count", UNITS, CARRIERS),
    Measure(6, "publicity_months", MONTHS),
    Measure(7, "platform_update_months", MONTHS),
    Measure(8, "spot_check_accuracy_pct", PCT),
    Measure(9, "has_joint_group", YES_NO),
    Measure(10, "staff_stationed_count", PERSONS),
    Measure(10, "min_staff_days", DAYS),
)
MEASURE_BY_NAME = {m.name: m for m in MEASURES}
INDICATOR_NUMBERS = tuple(range(1, 11))
PCT_TOLERANCE = 0.005  # a share reported to two decimals is the same figure within half a hundredth


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


@dataclass(frozen=True)
class Difference:
    measure: str
    reported: float | int | bool
    recorded: float | int | bool


def differences(reported: dict, recorded: dict) -> list[Difference]:
    """Every measure where the town's reported figure and the lake's recorded figure (both present) differ, in form
    order. `reported`: {measure: value}; `recorded`: {measure: value} (the lake's figures)."""
    out = []
    for m in MEASURES:
        mine, lake = reported.get(m.name), recorded.get(m.name)
        if _is_blank(mine) or _is_blank(lake):
            continue
        same = abs(float(mine) - float(lake)) <= PCT_TOLERANCE if m.unit == PCT else mine == lake
        if not same:
            out.append(Difference(m.name, mine, lake))
    return out


def missing_for_submit(reported: dict, evidence: dict) -> list[str]:
    """What an application still lacks before it can be submitted: a reported figure for every measure
    (measure names), and evidence text for every indicator with a figure the lake does not record
    (`evidence_<n>`)."""
    missing = [m.name for m in MEASURES if _is_blank(reported.get(m.name))]
    lake_only = {m.indicator for m in MEASURES if m.lake} - {m.indicator for m in MEASURES if not m.lake}
    for number in INDICATOR_NUMBERS:
        if number not in lake_only and not str(evidence.get(str(number)) or "").strip():
            missing.append(f"evidence_{number}")
    return missing


def standard(policy_values: dict) -> dict:
    """The standard in force for a campaign: the policy file's town thresholds of its year (key → value)."""
    return {k: v for k, v in sorted(policy_values.items()) if k.startswith("town_")}


def ranked(recommended: list[tuple[str, int | None]]) -> list[str]:
    """Town codes of a district's 择优推荐 list in rank order: [(town_code, rank)], unranked last by code."""
    return [code for code, _ in sorted(recommended, key=lambda r: (r[1] is None, r[1] or 0, r[0]))]

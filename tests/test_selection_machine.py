"""示范乡镇推选 as a state machine (Hypothesis): random sequences of every role's actions — what each person's page
offers them and what it does not, on random dates, each from the copy of the application that person last loaded
(so two people's saves and moves interleave as they do in two browsers) — against the real store (SQLite, and
PostgreSQL where its binaries are installed: tests/test_store.py's `store_url`). After every step:

- publication stays reachable until it happens (a search over assess.selection's own rules from the stored states);
- after publication nothing of that year changes — applications, history, files, documents — except through a
  correction, which adds exactly one new numbered 通报表扬 and leaves the earlier ones as issued;
- every change is one history row naming who, in which role and when; an application's version is its row count;
- a refused action changes nothing (only the access log may grow);
- the current state is the one the history leads to (assess.selection.replay).

The machine is also run against the rules as they were before issue 28 (a per-town `award` move beside the
campaign-level publication, and a publication that did not close the year): it must fail there, which shows it
would have found both dead-ends the issue reports.
"""

import collections
import itertools
from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from assess import selection as rules
from store import accounts, db
from store import selection as records
from store.schema import selection_applications as apps
from store.schema import selection_attachments as files
from store.schema import selection_campaigns as campaigns
from store.schema import selection_documents as issued_documents
from store.schema import selection_transitions as moves
from store.selection import SelectionError
from tests.test_store import postgres_server, store_url  # noqa: F401 (fixtures)
from ui import selection_flow as flow

START = date(2026, 11, 2)
TOWNS = ("suohe", "zhurushan")
PEOPLE = ("leader", "caidian", "caidian2", "huangpi", *TOWNS)
EVIDENCE = {str(n): f"指标{n}佐证" for n in rules.INDICATOR_NUMBERS}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACTIONS = sorted({t.action for t in rules.TRANSITIONS} | {"award"} - {"create", "recommend"})
STEPS = settings(max_examples=6, stateful_step_count=50, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))
# Looking for a failure the old rules allow: no shrinking (the first one found is enough, and quick).
FINDING = settings(STEPS, max_examples=60, phases=(Phase.generate,))
_years = itertools.count(3001)  # one campaign per example; years the demo lake has no roster for (fast, no lake)


def _reported(app) -> dict:
    return {m.name: 1 for m in rules.MEASURES} | {k: v["value"] for k, v in app.recorded.items()
                                                  if v["value"] is not None}


def _offered(user, app, deadlines, today) -> list[rules.Transition]:
    """What the person's page offers on the application (ui.selection's rule): their own moves, and for the city
    every move past its deadline except creating one and recommending (a district's list); nothing once the year is
    published."""
    if records.campaign(app.year).is_published:
        return []
    offered = rules.actions_from(app.state, user.role)
    if user.role == rules.LATE_ROLE:
        offered += [t for t in rules.TRANSITIONS if t.from_state == app.state and t not in offered
                    and t.action not in ("create", "recommend") and rules.is_late(t.stage, deadlines, today)]
    return offered


def publication_reachable(states: list[str], unstarted: int, deadlines: dict, today: date) -> bool:
    """Whether some sequence of moves the rules allow — by the towns, the districts or the city, on this day or any
    later one — leads to a state in which the city may publish. `unstarted`: towns that have not applied yet."""
    days = sorted({today, *(d for d in deadlines.values() if d >= today),
                   *(d + timedelta(days=1) for d in deadlines.values() if d >= today)})
    start = (tuple(sorted(states)), unstarted, 0)
    seen, todo = {start}, [start]
    while todo:
        current, waiting, day_index = todo.pop()
        try:
            rules.check_publish(list(current), "city", published=False)
            return True
        except rules.Refused:
            pass
        following = []
        for later in range(day_index, len(days)):
            day = days[later]
            if waiting:
                try:
                    rules.check(rules.NEW, "create", "town", deadlines=deadlines, today=day)
                    following.append((tuple(sorted((*current, rules.DRAFT))), waiting - 1, later))
                except rules.Refused:
                    pass
            for i, state in enumerate(current):
                for move in {t for t in rules.TRANSITIONS if t.from_state == state and t.action != "create"}:
                    for role in ("town", "district", "city"):
                        if move.action == "recommend" and role != "district":
                            continue  # only a district's list recommends (store.selection.recommend)
                        try:
                            to = rules.check(state, move.action, role, deadlines=deadlines, today=day,
                                             comment="理由").to_state
                        except rules.Refused:
                            continue
                        following.append((tuple(sorted((*current[:i], to, *current[i + 1:]))), waiting, later))
        for step in following:
            if step not in seen:
                seen.add(step)
                todo.append(step)
    return False


class Campaign(RuleBasedStateMachine):
    """One year's campaign played by two towns, two officers of their district, an officer of another district and
    the city."""

    people: dict = {}
    eager_publication = False  # the city publishes whenever it takes its turn (the old rules' early publication)
    reached: collections.Counter = collections.Counter()  # what the runs got to, so a run that never does is seen

    @initialize(apply_days=st.integers(2, 10), review_days=st.integers(2, 10), city_days=st.integers(2, 10),
                started=st.sampled_from([TOWNS, TOWNS, TOWNS[:1], TOWNS[1:], ()]))
    def open(self, apply_days, review_days, city_days, started):
        """The city opens the year; some towns have started and filled in their application (the steps every run
        would otherwise spend getting there)."""
        self.year = next(_years)
        self.today = START
        apply_until = START + timedelta(days=apply_days)
        self.deadlines = {"apply": apply_until, "district": apply_until + timedelta(days=review_days),
                          "city": apply_until + timedelta(days=review_days + city_days)}
        records.open_campaign(self.people["leader"], self.year, self.deadlines, {"town_carriers_min": 1},
                              {"420114": 1})
        self.campaign_id = records.campaign(self.year).campaign_id
        self.copies = {}  # (username, town username) → the application as that person last loaded it
        self.frozen = None  # the year as published (or as last corrected)
        for town in started:
            app = flow.start(self.people[town], self.year, today=self.today)
            flow.save(self.people[town], app, app.version, self.today, reported=_reported(app), evidence=EVIDENCE)
        self.reached["examples"] += 1

    # ---- what a step is ----

    def _snapshot(self) -> dict:
        with db.engine().connect() as conn:
            ids = [r[0] for r in conn.execute(sa.select(apps.c.application_id)
                                              .where(apps.c.campaign_id == self.campaign_id))]
            return {
                "applications": [tuple(r) for r in conn.execute(
                    sa.select(apps).where(apps.c.campaign_id == self.campaign_id).order_by(apps.c.application_id))],
                "history": list(conn.execute(
                    sa.select(moves).where(moves.c.application_id.in_(ids)).order_by(moves.c.transition_id))),
                "files": [tuple(r) for r in conn.execute(
                    sa.select(files).where(files.c.application_id.in_(ids)).order_by(files.c.attachment_id))],
                "documents": [tuple(r) for r in conn.execute(
                    sa.select(issued_documents).where(issued_documents.c.campaign_id == self.campaign_id)
                    .order_by(issued_documents.c.version_no))],
                "versions": sum(conn.execute(sa.select(apps.c.version)
                                             .where(apps.c.campaign_id == self.campaign_id)).scalars()),
                "published": conn.execute(sa.select(campaigns.c.published_at)
                                          .where(campaigns.c.campaign_id == self.campaign_id)).scalar(),
            }

    def _step(self, username: str, change, correction: bool = False):
        """Run one person's action: refused → nothing but the access log changed; done → one history row per
        version step, each naming that person; once published, only a correction changes anything."""
        before = self._snapshot()
        try:
            result = change()
        except SelectionError as refused:
            assert self._snapshot() == before, "a refused action changed the records"
            self.reached["stale" if isinstance(refused, records.Stale) else "refused"] += 1
            return None
        after = self._snapshot()
        grown = after["history"][len(before["history"]):]
        assert after["history"][:len(before["history"])] == before["history"], "history was rewritten"
        versions = after["versions"] - before["versions"]
        assert len(grown) == versions, f"{len(grown)} history rows for {versions} changes"
        user = self.people[username]
        assert all((row.username, row.role) == (user.username, user.role) and row.acted_at for row in grown)
        if before["published"] is not None and after != before:
            assert correction, f"{username} changed the year after publication"
            assert after["documents"][:len(before["documents"])] == before["documents"], "an issued version changed"
            assert len(after["documents"]) == len(before["documents"]) + 1
        return result

    def _copy(self, username: str, town: str):
        """The application of `town` as `username` last loaded it (loading it now the first time)."""
        key = (username, town)
        if key not in self.copies:
            found = [a for a in records.applications(self.people[username], self.year)
                     if a.town_code == self.people[town].town_code]
            if not found:
                return None
            self.copies[key] = found[0]
        return self.copies[key]

    def _fresh(self, username: str, town: str, keep: bool = False):
        """The application of `town` as `username` would load it now (kept as their copy when `keep`)."""
        found = [a for a in records.applications(self.people[username], self.year)
                 if a.town_code == self.people[town].town_code]
        if keep and found:
            self.copies[(username, town)] = found[0]
        return found[0] if found else None

    def _keep(self, username: str, app) -> None:
        if app is not None:
            self.copies[(username, next(t for t in TOWNS if self.people[t].town_code == app.town_code))] = app

    # ---- the rules: what people do ----

    @rule(days=st.sampled_from([0, 1, 1, 2, 4]))
    def a_day_passes(self, days):
        self.today += timedelta(days=days)

    def _apps(self) -> list:
        return records.applications(self.people["leader"], self.year)

    def _published(self) -> bool:
        return records.campaign(self.year).is_published

    @precondition(lambda self: len(self._apps()) < len(TOWNS) or not self._published())
    @rule(town=st.sampled_from(TOWNS))
    def start(self, town):
        self._keep(town, self._step(town, lambda: flow.start(self.people[town], self.year, today=self.today)))

    @rule(town=st.sampled_from(TOWNS), complete=st.sampled_from([True, True, False]))
    def clerk_saves(self, town, complete):
        app = self._copy(town, town)
        if app is None:
            return
        reported = _reported(app) if complete else {}
        self._keep(town, self._step(town, lambda: flow.save(self.people[town], app, app.version, self.today,
                                                            reported=reported, evidence=EVIDENCE)))

    def _press(self, data):
        """Someone presses one of the buttons their page offers them — mostly on the application as it is now, now
        and then on the copy they loaded earlier (another browser's write came in between)."""
        offered = [(username, town, move) for username in PEOPLE for town in TOWNS
                   if (app := self._fresh(username, town)) is not None
                   for move in _offered(self.people[username], app, self.deadlines, self.today)]
        if not offered:
            return
        username, town, move = data.draw(st.sampled_from(offered))
        user = self.people[username]
        app = self._copy(username, town) if data.draw(st.sampled_from([False, False, True])) else \
            self._fresh(username, town, keep=True)
        reason = data.draw(st.sampled_from(["理由", "理由", ""]))
        note = data.draw(st.sampled_from(["", "核实无误", "请补充佐证"])) if user.role in rules.NOTE_KIND else None
        if user.role == "town" and move.action == "submit":
            # The clerk's 提交申请 saves the form first (its own change, kept even when the submission is refused).
            reported = _reported(app) if data.draw(st.sampled_from([True, True, False])) else {}
            app = self._step(username, lambda: flow.town_leaves_form(user, app, app.version, reported, EVIDENCE))
            if app is None:
                return
            self._keep(username, app)
        if move.action == "recommend":  # the district's 择优推荐 list, of this one town
            for done in self._step(username, lambda: flow.recommend(user, self.year, [app], self.today)) or []:
                self._keep(username, done)
            return
        self._keep(username, self._step(username, lambda: flow.act(user, app, move.action, app.version, reason,
                                                                   self.today, note=note)))

    @rule(data=st.data())
    def someone_presses_an_offered_button(self, data):
        self._press(data)

    @rule(data=st.data())
    def someone_else_presses_an_offered_button(self, data):
        self._press(data)

    @rule(data=st.data())
    def a_third_person_presses_an_offered_button(self, data):
        self._press(data)

    @rule(data=st.data())
    def someone_takes_the_next_step_forward(self, data):
        """The one whose turn it is moves an application along the main path (submit, pass, recommend, confirm) —
        the town or district in time, else the city with a reason — as a campaign that gets somewhere does."""
        forward = {rules.DRAFT: "submit", rules.WITHDRAWN: "submit", rules.RETURNED: "submit",
                   rules.SUBMITTED: "pass", rules.PASSED: "recommend", rules.RECOMMENDED: "confirm"}
        waiting = [a for a in self._apps() if a.state in forward]
        if not waiting or self._published():
            return
        app = data.draw(st.sampled_from(waiting))
        move = next(t for t in rules.TRANSITIONS if t.from_state == app.state and t.action == forward[app.state])
        late = rules.is_late(move.stage, self.deadlines, self.today)
        role = "city" if late and move.action != "recommend" else move.roles[0]
        town = next(t for t in TOWNS if self.people[t].town_code == app.town_code)
        username = {"town": town, "district": data.draw(st.sampled_from(["caidian", "caidian2"])),
                    "city": "leader"}[role]
        user = self.people[username]
        if move.action == "recommend":
            for done in self._step(username, lambda: flow.recommend(user, self.year, [app], self.today)) or []:
                self._keep(username, done)
            return
        if role == "town":
            app = self._step(username, lambda: flow.town_leaves_form(user, app, app.version, _reported(app),
                                                                     EVIDENCE)) or app
        self._keep(username, self._step(username, lambda: flow.act(user, app, move.action, app.version,
                                                                   "逾期代办" if late else "", self.today)))

    @rule(username=st.sampled_from(PEOPLE), town=st.sampled_from(TOWNS), action=st.sampled_from(ACTIONS))
    def tries_any_action(self, username, town, action):
        user, app = self.people[username], self._copy(username, town)
        if app is not None:
            self._keep(username, self._step(username, lambda: flow.act(user, app, action, app.version, "理由",
                                                                       self.today)))

    @rule(username=st.sampled_from(("caidian", "caidian2", "leader")), town=st.sampled_from(TOWNS),
          words=st.sampled_from(["甲意见", "乙意见"]))
    def reviewer_saves_an_opinion(self, username, town, words):
        app = self._copy(username, town)
        if app is not None:
            self._keep(username, self._step(username, lambda: flow.save(self.people[username], app, app.version,
                                                                        self.today, note=words)))

    @precondition(lambda self: any(a.state == rules.PASSED for a in self._apps()))
    @rule(username=st.sampled_from(("caidian", "caidian2")), data=st.data())
    def district_recommends(self, username, data):
        passed = [a for a in (self._copy(username, t) for t in TOWNS) if a is not None and a.state == rules.PASSED]
        chosen = data.draw(st.lists(st.sampled_from(passed), max_size=2, unique_by=lambda a: a.application_id)) \
            if passed else []
        done = self._step(username, lambda: flow.recommend(self.people[username], self.year, chosen, self.today))
        for app in done or []:
            self._keep(username, app)

    @rule(turn=st.integers(0, 29))
    def city_publishes(self, turn):
        """The city presses 发布 now and then: rarely while towns may still apply (the issue's early publication),
        more often after."""
        if not (self.eager_publication or turn == 0 or (turn < 20 and self.today > self.deadlines["district"])):
            return
        self._step("leader", lambda: flow.publish(self.people["leader"], self.year))
        if self.frozen is None and self._snapshot()["published"] is not None:
            self.frozen = self._snapshot()
            self.reached["published"] += 1
            self.reached["awarded"] += bool(records.awarded(self.year))

    @precondition(lambda self: self.frozen is not None)
    @rule(town=st.sampled_from(TOWNS), action=st.sampled_from(sorted({t.action for t in rules.CORRECTIONS})),
          reason=st.sampled_from(["", "复查更正"]))
    def city_corrects(self, town, action, reason):
        app = self._copy("leader", town)
        if app is not None and self._step("leader", lambda: flow.correct(self.people["leader"], self.year,
                                                                         [(app, action)], reason), correction=True):
            self.frozen = self._snapshot()
            self.copies.clear()
            self.reached["corrected"] += 1

    @precondition(lambda self: any(a.state in rules.EDITABLE["town"] for a in self._apps()))
    @rule(town=st.sampled_from(TOWNS), indicator=st.integers(1, 10))
    def clerk_attaches(self, town, indicator):
        app = self._copy(town, town)
        if app is not None:
            # always the same file: kept once, then refused as kept already (store.selection.AlreadyAttached) until
            # it is removed — both paths are steps the invariants check
            self._step(town, lambda: records.attach(self.people[town], app.application_id, app.version, indicator,
                                                    f"指标{indicator}.pdf", PDF))
            self.copies.pop((town, town), None)

    @rule(town=st.sampled_from(TOWNS))
    def clerk_removes_a_file(self, town):
        app = self._copy(town, town)
        kept = records.attachments(self.people[town], app.application_id) if app else []
        if kept:
            self._step(town, lambda: records.detach(self.people[town], kept[0], app.version))
            self.copies.pop((town, town), None)

    # ---- what must always hold ----

    @invariant()
    def the_history_explains_every_application(self):
        self.reached["steps"] += 1
        for app in records.applications(self.people["leader"], self.year):
            assert rules.replay([(t.from_state, t.to_state) for t in app.history]) == app.state
            assert len(app.history) == app.version

    @invariant()
    def after_publication_nothing_changes_but_through_a_correction(self):
        if self.frozen is not None:
            assert self._snapshot() == self.frozen, "the published year changed"

    @invariant()
    def publication_stays_reachable_until_it_happens(self):
        if self._snapshot()["published"] is not None:
            return
        found = records.applications(self.people["leader"], self.year)
        assert publication_reachable([a.state for a in found], len(TOWNS) - len(found), self.deadlines,
                                     self.today), f"dead end: {[a.state for a in found]} on {self.today}"


@pytest.fixture
def machine(store_url, use_demo_lake, tmp_path, monkeypatch):  # noqa: F811 (the fixture imported above)
    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    for user in accounts.DEMO_ACCOUNTS:
        accounts.add(user, accounts.DEMO_PASSWORD, by="test")
    accounts.add(replace(next(u for u in accounts.DEMO_ACCOUNTS if u.username == "caidian"), username="caidian2"),
                 "pw-12345")
    Campaign.people = {u.username: u for u in accounts.all_users()}
    return Campaign


def test_no_sequence_of_actions_breaks_the_campaign(machine):
    machine.reached.clear()
    run_state_machine_as_test(machine, settings=STEPS)
    # The runs got where the invariants matter: refusals, stale copies refused, years published.
    assert {"stale", "refused", "published"} <= set(+machine.reached), machine.reached
    assert machine.reached["steps"] >= 200, machine.reached


# ---- The rules before issue 28, kept here to show the machine finds what they allowed ----

OLD_TRANSITIONS = (*rules.TRANSITIONS, rules.Transition(rules.CONFIRMED, "award", rules.AWARDED, ("city",),
                                                        rules.CITY))


def old_check_publish(states, role, *, published):
    """The old publication: refused while a town was undecided or when nobody was still 'confirmed' — so a town
    awarded one by one left nothing to publish."""
    if published:
        raise rules.Refused("published", action="publish")
    if any(s == rules.RECOMMENDED for s in states):
        raise rules.Refused("undecided", count=1)
    chosen = [i for i, s in enumerate(states) if s == rules.CONFIRMED]
    if not chosen:
        raise rules.Refused("nothing_confirmed")
    return chosen


def test_the_machine_finds_the_per_town_award_dead_end(machine, monkeypatch):
    monkeypatch.setattr(rules, "TRANSITIONS", OLD_TRANSITIONS)
    monkeypatch.setattr(rules, "check_publish", old_check_publish)
    with pytest.raises(AssertionError, match="dead end"):
        run_state_machine_as_test(machine, settings=FINDING)


def test_the_machine_finds_a_publication_that_does_not_close_the_year(machine, monkeypatch):
    check = rules.check
    monkeypatch.setattr(rules, "check", lambda *a, published=False, **k: check(*a, **k))
    monkeypatch.setattr(rules, "check_edit", lambda *a, published=False, _edit=rules.check_edit, **k: _edit(*a, **k))
    monkeypatch.setattr(records, "_hold", lambda conn, campaign_id, published=False: None)
    monkeypatch.setattr(machine, "eager_publication", True)
    with pytest.raises(AssertionError, match="after publication|published year changed"):
        run_state_machine_as_test(machine, settings=FINDING)


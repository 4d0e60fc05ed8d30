"""示范乡镇推选's records: campaigns, applications, their history (append-only), evidence files and the issued
通报表扬 versions.

Who sees which application is decided here, once (`_visible`): a town clerk their own town's, a district officer
their district's, the city and the administrator every one. Every read and every write of an application goes
through it, so a district officer asking for another district's application gets `OutOfScope`, as the query gate
refuses a lake question (queries.engine.scope).

Every change of an application is one history row (`selection_transitions`: a move, a save, a reviewer's opinion,
a file attached or removed) and raises its `version` by one, so the state and the content are always explained by
the history. Every write takes the campaign's turn first (`_hold`, inside the same transaction) and checks its
precondition — the version it was made from, the state, the rank, the quota, that the year is not published —
after taking it, so two writes can never both act on what they read before the other landed: the second is
refused with `Stale` ("已被他人修改") and its content stays with the caller. The rules (which move, by whom, before
which deadline) are assess.selection's; ui.selection_flow applies them and calls the writes here.
"""

import hashlib
import json
import os
import shlex
import subprocess
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from assess import selection as rules
from store import access_log
from store.accounts import User
from store.db import PROJECT, VAR_DIR, engine
from store.schema import selection_applications as apps
from store.schema import selection_attachments as files
from store.schema import selection_campaigns as campaigns
from store.schema import selection_documents as documents_table
from store.schema import selection_transitions as moves

ATTACHMENT_DIR = Path(os.environ.get("DASHBOARD_ATTACHMENT_DIR", VAR_DIR / "attachments"))
# The limits are data (data/reference/selection.toml): one file's size, and per application the count and total.
LIMITS = tomllib.loads((PROJECT / "data" / "reference" / "selection.toml").read_text(encoding="utf-8"))["attachments"]
MB = 1024 * 1024
MAX_ATTACHMENT_BYTES = LIMITS["max_file_mb"] * MB
MAX_ATTACHMENTS = LIMITS["max_files"]
MAX_TOTAL_BYTES = LIMITS["max_total_mb"] * MB
# Accepted evidence files: extension → (media type, how the file must begin). Office files are ZIP (OOXML) or
# the older compound-file format.
ATTACHMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
}
# The virus-scan hook (docs/security.md): a command given the stored file's path as its last argument, e.g.
# `clamdscan --no-summary`; a non-zero exit refuses the file. Unset: no scan.
SCAN_COMMAND = "DASHBOARD_SCAN_COMMAND"
STALE_WORDS = "已被他人修改"


class SelectionError(ValueError):
    """A request the records refuse; the message is Chinese and says why."""


class OutOfScope(SelectionError):
    pass


class Stale(SelectionError):
    """Someone saved or moved the application (or the campaign) after the caller read it."""

    def __init__(self, message: str, current_version: int, *, expected_version: int | None = None,
                 updated_by: str = "", updated_at: datetime | None = None):
        super().__init__(message)
        self.current_version, self.expected_version = current_version, expected_version
        self.updated_by, self.updated_at = updated_by, updated_at  # who saved last and when (UTC), for the page


class AlreadyAttached(SelectionError):
    """The same file (by its SHA-256) is already among the application's evidence: kept once, nothing written."""


class Closed(SelectionError):
    """The year's list is published: nothing of it changes except through a correction (or the reverse)."""


@dataclass(frozen=True)
class Campaign:
    campaign_id: int
    year: int
    deadlines: dict  # stage → date (assess.selection.STAGES)
    standard: dict
    quotas: dict  # district_code → towns it may recommend; empty: no quota
    opened_by: str
    published_at: datetime | None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


@dataclass(frozen=True)
class Transition:
    """One history row: a move, or a save, note, attach or detach (from_state = to_state)."""

    username: str
    role: str
    acted_at: datetime
    action: str
    from_state: str
    to_state: str
    comment: str
    note_kind: str | None = None  # assess.selection.NOTE_KIND's value when the row carries a reviewer's opinion
    note: str | None = None


@dataclass(frozen=True)
class Application:
    application_id: int
    campaign_id: int
    year: int
    district_code: str
    town_code: str
    reported: dict
    evidence: dict
    recorded: dict
    recommend_rank: int | None
    version: int
    updated_by: str
    updated_at: datetime
    history: tuple = field(default_factory=tuple)  # Transition rows, oldest first

    @property
    def state(self) -> str:
        """The state the history leads to (assess.selection's codes); "" before the first row."""
        return self.history[-1].to_state if self.history else ""

    def notes(self, kind: str) -> list[Transition]:
        """Every version of one reviewer's opinion (assess.selection.NOTE_KIND), oldest first."""
        return [t for t in self.history if t.note_kind == kind]

    def note(self, kind: str) -> str:
        """The newest version of one reviewer's opinion ("" when none was written)."""
        found = self.notes(kind)
        return found[-1].note or "" if found else ""


@dataclass(frozen=True)
class Document:
    """One issued version of a year's 通报表扬: the list as issued, by whom, when, and a correction's reason."""

    version_no: int
    towns: tuple  # ((district_code, town_code), …) in published order
    issued_by: str
    issued_at: datetime
    reason: str


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when  # SQLite hands back naive datetimes


def _scope_text(user: User) -> str:
    return user.town_code or user.district_code or "全市"


def _visible(user: User):
    """The one scope rule: which applications `user` may read or write, as a WHERE clause."""
    if user.role in ("city", "admin"):
        return sa.true()
    if user.role == "district":
        return apps.c.district_code == user.district_code
    if user.role == "town":
        return apps.c.town_code == user.town_code
    return sa.false()


def quotas_for(user: User, found: Campaign) -> dict:
    """The recommendation quotas of a campaign `user` may see, by the same scope as the applications: the city and
    the administrator every district's; a district officer and a town clerk only their own district's."""
    if user.role in ("city", "admin"):
        return dict(found.quotas)
    if user.role in ("district", "town") and user.district_code in found.quotas:
        return {user.district_code: found.quotas[user.district_code]}
    return {}


def _campaign(row) -> Campaign:
    deadlines = {"apply": row.apply_deadline, "district": row.district_deadline, "city": row.city_deadline}
    published = _aware(row.published_at) if row.published_at else None
    return Campaign(row.campaign_id, row.year, deadlines, json.loads(row.standard), json.loads(row.quotas or "{}"),
                    row.opened_by, published)


def open_campaign(user: User, year: int, deadlines: dict, standard: dict, quotas: dict | None = None) -> Campaign:
    """Open `year`'s campaign (city only; once a year)."""
    if user.role != "city":
        raise SelectionError("只有市局账号可以开启推选活动。")
    try:
        with engine().begin() as conn:
            conn.execute(campaigns.insert().values(
                year=year, apply_deadline=deadlines["apply"], district_deadline=deadlines["district"],
                city_deadline=deadlines["city"], standard=json.dumps(standard, ensure_ascii=False, sort_keys=True),
                quotas=json.dumps(quotas, sort_keys=True) if quotas else None, opened_by=user.username,
                opened_at=_now()))
    except sa.exc.IntegrityError as exc:
        raise SelectionError(f"{year}年度推选活动已经开启，每年只开展一次。") from exc
    access_log.record(user.username, "selection_open", parameters={"year": year}, scope="全市")
    return campaign(year)


def campaign(year: int) -> Campaign | None:
    with engine().connect() as conn:
        row = conn.execute(sa.select(campaigns).where(campaigns.c.year == year)).first()
    return _campaign(row) if row else None


def all_campaigns() -> list[Campaign]:
    """Every campaign, newest year first (campaigns are public to every signed-in role)."""
    with engine().connect() as conn:
        return [_campaign(r) for r in conn.execute(sa.select(campaigns).order_by(campaigns.c.year.desc()))]


def _history(conn, ids: list[int]) -> dict[int, list[Transition]]:
    out: dict[int, list[Transition]] = {i: [] for i in ids}
    if not ids:
        return out
    rows = conn.execute(sa.select(moves).where(moves.c.application_id.in_(ids)).order_by(moves.c.transition_id))
    for r in rows:
        out[r.application_id].append(Transition(r.username, r.role, _aware(r.acted_at), r.action, r.from_state,
                                                r.to_state, r.comment, r.note_kind, r.note))
    return out


def _select(user: User):
    return (sa.select(apps, campaigns.c.year).join(campaigns, campaigns.c.campaign_id == apps.c.campaign_id)
            .where(_visible(user)))


def _applications(conn, query) -> list[Application]:
    rows = conn.execute(query.order_by(apps.c.district_code, apps.c.town_code)).fetchall()
    history = _history(conn, [r.application_id for r in rows])
    return [Application(r.application_id, r.campaign_id, r.year, r.district_code, r.town_code,
                        json.loads(r.reported), json.loads(r.evidence), json.loads(r.recorded), r.recommend_rank,
                        r.version, r.updated_by, _aware(r.updated_at), tuple(history[r.application_id]))
            for r in rows]


def applications(user: User, year: int) -> list[Application]:
    """The applications of `year` that `user` may see, by district and town."""
    with engine().connect() as conn:
        return _applications(conn, _select(user).where(campaigns.c.year == year))


def town_history(user: User, town_code: str) -> list[Application]:
    """A town's applications over the years (as far as `user` may see them), newest year first."""
    with engine().connect() as conn:
        found = _applications(conn, _select(user).where(apps.c.town_code == town_code))
    return sorted(found, key=lambda a: -a.year)


def _refuse_scope(user: User, what: dict) -> OutOfScope:
    access_log.record(user.username, "refused_scope", page="selection", parameters=what, scope=_scope_text(user),
                      outcome="推选申请不在权限范围内")
    return OutOfScope("该申请不在您的权限范围内，未予显示。")


def application(user: User, application_id: int) -> Application:
    """One application, if `user` may see it; else OutOfScope (logged)."""
    with engine().connect() as conn:
        found = _applications(conn, _select(user).where(apps.c.application_id == application_id))
    if not found:
        raise _refuse_scope(user, {"application_id": application_id})
    return found[0]


def _documents(conn, campaign_id: int) -> list[Document]:
    rows = conn.execute(sa.select(documents_table).where(documents_table.c.campaign_id == campaign_id)
                        .order_by(documents_table.c.version_no))
    return [Document(r.version_no, tuple(tuple(t) for t in json.loads(r.towns)), r.issued_by, _aware(r.issued_at),
                     r.reason) for r in rows]


def documents(year: int) -> list[Document]:
    """Every issued version of `year`'s 通报表扬, first first (public to every role, as the 通报 is)."""
    found = campaign(year)
    if found is None:
        return []
    with engine().connect() as conn:
        return _documents(conn, found.campaign_id)


def awarded(year: int | None = None) -> list[tuple[int, str, str]]:
    """The published lists as last issued: (year, district_code, town_code) of every town holding its 牌匾, by year
    (newest first) and in published order (public to every role, as the 通报 is)."""
    out = []
    for found in all_campaigns():
        if found.is_published and (year is None or found.year == year):
            issued = documents(found.year)
            out += [(found.year, d, t) for d, t in (issued[-1].towns if issued else ())]
    return out


def _stale(conn, application_id: int, expected: int) -> Stale:
    """Stale, naming who saved the application last; the message leaves out when (ui.selection_text.stale_text
    says it in Beijing time, as every time on screen is said)."""
    row = conn.execute(sa.select(apps.c.version, apps.c.updated_by, apps.c.updated_at)
                       .where(apps.c.application_id == application_id)).first()
    return Stale(f"未保存：该申请{STALE_WORDS}（“{row.updated_by}”保存，现为第 {row.version} 版，"
                 f"您打开的是第 {expected} 版）。您填写的内容仍在表单中，请先查看对方的修改，再重新保存或操作。",
                 row.version, expected_version=expected, updated_by=row.updated_by,
                 updated_at=_aware(row.updated_at))


def _hold(conn, campaign_id: int, *, published: bool = False) -> None:
    """Take the campaign's turn for this transaction: bump its revision, only while it is (un)published as asked.
    On PostgreSQL the row stays locked until commit, on SQLite the database's write lock is taken, so every other
    write to the campaign waits and then finds what this one wrote; Closed when the campaign is not as asked."""
    is_published = campaigns.c.published_at.is_not(None) if published else campaigns.c.published_at.is_(None)
    done = conn.execute(campaigns.update().where(campaigns.c.campaign_id == campaign_id, is_published)
                        .values(revision=campaigns.c.revision + 1))
    if not done.rowcount:
        if published:
            raise Closed("本年度名单尚未发布，无需更正；请在推选流程中办理。")
        raise Closed("本年度名单已发布，推选已结束：申请、名单和通报表扬不再变动；"
                     "如需更正，由市局办理“更正”并说明理由。")


def _current(conn, application_id: int) -> tuple[int, str]:
    """(version, state) of an application as stored now, read inside the writer's transaction."""
    version = conn.execute(sa.select(apps.c.version).where(apps.c.application_id == application_id)).scalar_one()
    state = conn.execute(sa.select(moves.c.to_state).where(moves.c.application_id == application_id)
                         .order_by(moves.c.transition_id.desc()).limit(1)).scalar()
    return version, state or rules.NEW


def _write(conn, user: User, application_id: int, expected_version: int, action: str, from_state: str | None,
           to_state: str | None = None, comment: str = "", note_kind: str | None = None, note: str | None = None,
           **values) -> None:
    """One change of an application, inside the caller's transaction (which holds the campaign): refused with Stale
    unless it is still at `expected_version` (and in `from_state`, when given); the content `values` written, the
    version raised by one, one history row appended (to_state None: the state stays)."""
    version, state = _current(conn, application_id)
    if version != expected_version or (from_state is not None and state != from_state):
        raise _stale(conn, application_id, expected_version)
    conn.execute(apps.update().where(apps.c.application_id == application_id, apps.c.version == expected_version,
                                     _visible(user))
                 .values(version=expected_version + 1, updated_by=user.username, updated_at=_now(), **values))
    conn.execute(moves.insert().values(application_id=application_id, username=user.username, role=user.role,
                                       acted_at=_now(), action=action, from_state=state,
                                       to_state=state if to_state is None else to_state, comment=comment.strip(),
                                       note_kind=note_kind, note=note))


@contextmanager
def _held(campaign_id: int, *, published: bool = False):
    """A transaction holding the campaign (`_hold`) from its first statement. A unique index refusing the write
    (a rank or a town's application given twice by writes that raced) is Stale too."""
    try:
        with engine().begin() as conn:
            _hold(conn, campaign_id, published=published)
            yield conn
    except sa.exc.IntegrityError as error:
        raise Stale(f"未保存：该申请或推荐位次{STALE_WORDS}，请刷新后查看再操作。", 0) from error


def create(user: User, year: int, recorded: dict, reported: dict, evidence: dict, move_state: str) -> Application:
    """A town clerk's new application for `year` (one per town and year), with its first transition to
    `move_state` (assess.selection's create move, checked by the caller)."""
    if user.role != "town":
        raise SelectionError("只有乡镇（街道）账号可以提交申请。")
    found = campaign(year)
    if found is None:
        raise SelectionError(f"{year}年度推选活动尚未开启。")
    now = _now()
    try:
        with _held(found.campaign_id) as conn:
            new_id = conn.execute(apps.insert().values(
                campaign_id=found.campaign_id, district_code=user.district_code, town_code=user.town_code,
                reported=_json(reported), evidence=_json(evidence), recorded=_json(recorded), version=1,
                updated_by=user.username, updated_at=now)).inserted_primary_key[0]
            conn.execute(moves.insert().values(application_id=new_id, username=user.username, role=user.role,
                                               acted_at=now, action="create", from_state="", to_state=move_state,
                                               comment=""))
    except Stale as exc:
        raise SelectionError(f"本乡镇（街道）{year}年度的申请已经存在，请打开它继续填写。") from exc
    access_log.record(user.username, "selection_save", page="selection",
                      parameters={"year": year, "application_id": new_id}, scope=_scope_text(user))
    return application(user, new_id)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def save(user: User, application_id: int, expected_version: int, *, note: str | None = None, **values) -> Application:
    """Save the application's content (`reported`, `evidence`, `recorded` by a town clerk) or a reviewer's opinion
    (`note`, kept as the role's own field: 区级初审意见 or 市级复核意见) if it is still at `expected_version`; else
    Stale, and nothing is written. One history row."""
    allowed = {"reported", "evidence", "recorded"}
    if set(values) - allowed:
        raise ValueError(f"not a field of an application: {set(values) - allowed}")
    stored = {k: _json(v) for k, v in values.items()}
    found = application(user, application_id)  # scope, refused and logged
    kind = rules.NOTE_KIND.get(user.role) if note is not None else None
    with _held(found.campaign_id) as conn:
        _write(conn, user, application_id, expected_version, rules.NOTE if kind else rules.SAVE, None,
               note_kind=kind, note=note, **stored)
    access_log.record(user.username, "selection_save", page="selection",
                      parameters={"application_id": application_id, "fields": sorted(values) or ["note"]},
                      scope=_scope_text(user))
    return application(user, application_id)


def move(user: User, application_id: int, expected_version: int, from_state: str, action: str, to_state: str,
         comment: str = "", note: str | None = None, **values) -> Application:
    """Record one transition (with the reviewer's opinion `note` when it changed, and any content `values`, e.g. a
    cleared `recommend_rank`) if the application is still at `expected_version` and in `from_state`; else Stale.
    The caller has checked the move against the rules."""
    found = application(user, application_id)  # scope, refused and logged
    kind = rules.NOTE_KIND.get(user.role)
    if note is None or kind is None or note == found.note(kind):
        kind, note = None, None
    with _held(found.campaign_id) as conn:
        _write(conn, user, application_id, expected_version, action, from_state, to_state, comment, kind, note,
               **values)
    access_log.record(user.username, "selection_action", page="selection",
                      parameters={"application_id": application_id, "action": action, "to_state": to_state},
                      scope=_scope_text(user))
    return application(user, application_id)


def recommend(user: User, year: int, chosen: list[tuple[int, int]], move: rules.Transition,
              quota: int | None) -> list[Application]:
    """A district's 择优推荐 list, best first: `chosen` is [(application_id, version it was read at)], each moved by
    `move` (checked by the caller) with the next rank. The quota, the ranks given so far and every application's
    state are read inside the same transaction that writes them (and ranks are unique per district by an index)."""
    found = campaign(year)
    if found is None or user.role != "district":
        raise SelectionError("只有区人社局账号可以提交本区的择优推荐名单。")
    for application_id, _ in chosen:
        application(user, application_id)  # scope, refused and logged
    with _held(found.campaign_id) as conn:
        mine = conn.execute(sa.select(apps.c.application_id, apps.c.recommend_rank)
                            .where(apps.c.campaign_id == found.campaign_id,
                                   apps.c.district_code == user.district_code)).fetchall()
        states = {r.application_id: _current(conn, r.application_id)[1] for r in mine}
        already = sum(state == rules.RECOMMENDED for state in states.values())
        try:
            rules.check_quota(already + len(chosen), quota)
        except rules.Refused as exc:
            raise SelectionError(f"本区推荐名额为 {quota} 个，本次推荐后将达 {already + len(chosen)} 个，超出名额"
                                 f"（{STALE_WORDS}的情况下，请刷新后查看已推荐的乡镇）。") from exc
        ranks = [r.recommend_rank for r in mine]
        for application_id, version in chosen:
            rank = rules.next_rank(ranks)
            ranks.append(rank)
            _write(conn, user, application_id, version, move.action, move.from_state, move.to_state,
                   recommend_rank=rank)
    access_log.record(user.username, "selection_action", page="selection",
                      parameters={"year": year, "action": move.action, "applications": [i for i, _ in chosen]},
                      scope=_scope_text(user))
    return [application(user, i) for i, _ in chosen]


def _issue(conn, user: User, campaign_id: int, reason: str) -> None:
    """Append the next numbered 通报表扬: the towns awarded now, by district and rank."""
    rows = conn.execute(sa.select(apps.c.application_id, apps.c.district_code, apps.c.town_code,
                                  apps.c.recommend_rank).where(apps.c.campaign_id == campaign_id)).fetchall()
    held = [r for r in rows if _current(conn, r.application_id)[1] == rules.AWARDED]
    held.sort(key=lambda r: (r.district_code, r.recommend_rank is None, r.recommend_rank or 0, r.town_code))
    number = len(_documents(conn, campaign_id)) + 1
    conn.execute(documents_table.insert().values(
        campaign_id=campaign_id, version_no=number, towns=json.dumps([[r.district_code, r.town_code] for r in held]),
        issued_by=user.username, issued_at=_now(), reason=reason.strip()))


def publish(user: User, year: int) -> list[Application]:
    """Publish `year`'s final list (assess.selection.check_publish, checked inside the transaction that writes it):
    every confirmed application awarded, the campaign closed, the first 通报表扬 issued — all in one write."""
    found = campaign(year)
    if found is None:
        raise SelectionError(f"{year}年度推选活动尚未开启。")
    with _held(found.campaign_id) as conn:
        rows = conn.execute(sa.select(apps.c.application_id, apps.c.version)
                            .where(apps.c.campaign_id == found.campaign_id)
                            .order_by(apps.c.application_id)).fetchall()
        states = [_current(conn, r.application_id)[1] for r in rows]
        try:
            chosen = rules.check_publish(states, user.role, published=False)
        except rules.Refused as exc:
            raise SelectionError("只有市局账号可以发布最终名单。" if exc.code == "wrong_role" else
                                 f"还有 {exc.details.get('count', 0)} 个区级推荐的乡镇未复核，请逐一确认或不予通过后"
                                 f"再发布。") from exc
        for i in chosen:
            move_ = rules.PUBLICATION
            _write(conn, user, rows[i].application_id, rows[i].version, move_.action, move_.from_state,
                   move_.to_state)
        conn.execute(campaigns.update().where(campaigns.c.campaign_id == found.campaign_id)
                     .values(published_by=user.username, published_at=_now()))
        _issue(conn, user, found.campaign_id, "")
    access_log.record(user.username, "selection_publish", page="selection", parameters={"year": year}, scope="全市")
    return [a for a in applications(user, year) if a.state == rules.AWARDED]


def correct(user: User, year: int, changes: list[tuple[int, int, str]], reason: str) -> Document:
    """A correction after publication: `changes` [(application_id, version read, action of
    assess.selection.CORRECTIONS)], each checked inside the transaction that writes it, then the next numbered
    通报表扬 issued with `reason` (the earlier versions stay as issued)."""
    found = campaign(year)
    if found is None:
        raise SelectionError(f"{year}年度推选活动尚未开启。")
    if not changes:
        raise SelectionError("请选择要更正的乡镇（街道）。")
    for application_id, _, _ in changes:
        application(user, application_id)
    with _held(found.campaign_id, published=True) as conn:
        for application_id, version, action in changes:
            _, state = _current(conn, application_id)
            try:
                move_ = rules.check_correction(state, action, user.role, comment=reason, published=True)
            except rules.Refused as exc:
                raise SelectionError("更正须由市局账号办理，并说明理由；所选乡镇（街道）的状态不能这样更正。") from exc
            _write(conn, user, application_id, version, move_.action, move_.from_state, move_.to_state, reason)
        _issue(conn, user, found.campaign_id, reason)
        issued = _documents(conn, found.campaign_id)[-1]
    access_log.record(user.username, "selection_correct", page="selection",
                      parameters={"year": year, "version_no": issued.version_no}, scope="全市")
    return issued


# ---- Evidence files ----

@dataclass(frozen=True)
class Attachment:
    attachment_id: int
    application_id: int
    indicator: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_by: str


def _attachment_path(sha256: str) -> Path:
    return ATTACHMENT_DIR / sha256[:2] / sha256


def _check_file(file_name: str, data: bytes) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in ATTACHMENT_TYPES:
        raise SelectionError(f"不支持的附件类型“{extension or '无扩展名'}”：只接受 PDF、图片（PNG、JPG）和 Office 文件"
                             f"（Word、Excel）。")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise SelectionError(f"附件超过 {LIMITS['max_file_mb']} MB 的上限。")
    if not data:
        raise SelectionError("附件是空文件。")
    media_type, starts = ATTACHMENT_TYPES[extension]
    if not data.startswith(starts):
        raise SelectionError(f"附件内容与扩展名“{extension}”不符，未予接收。")
    return media_type


def _scan(path: Path) -> None:
    command = os.environ.get(SCAN_COMMAND)
    if not command:
        return
    done = subprocess.run([*shlex.split(command), str(path)], capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        path.unlink(missing_ok=True)
        raise SelectionError("附件未通过病毒扫描，未予接收。")


def _kept(conn, application_id: int):
    return conn.execute(sa.select(files).where(files.c.application_id == application_id,
                                               files.c.removed_at.is_(None))
                        .order_by(files.c.indicator, files.c.attachment_id)).fetchall()


def _town_editing(user: User, state: str) -> None:
    if user.role != "town" or state not in rules.EDITABLE["town"]:
        raise SelectionError("只有本乡镇（街道）在申请草稿、撤回或退回修改时可以上传或删除附件。")


def attach(user: User, application_id: int, expected_version: int, indicator: int, file_name: str,
           data: bytes) -> Attachment:
    """Keep an evidence file for one indicator of an application the town clerk may edit: type by extension and
    by its first bytes, size capped, the application's count and total capped (data/reference/selection.toml),
    scanned by the hook, stored once by its SHA-256; one history row. The same content kept by the application
    already (by SHA-256, under any indicator) is AlreadyAttached, and nothing is written."""
    found = application(user, application_id)
    _town_editing(user, found.state)
    name = Path(file_name.replace("\\", "/")).name[:255]
    media_type = _check_file(name, data)
    digest = hashlib.sha256(data).hexdigest()
    target = _attachment_path(digest)
    if not target.exists():
        # Written and scanned beside the store first, so a refused or half-written file is never found by its hash.
        incoming = ATTACHMENT_DIR / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        partial = incoming / digest
        partial.write_bytes(data)
        _scan(partial)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.replace(target)
    with _held(found.campaign_id) as conn:
        kept = _kept(conn, application_id)
        same = next((r for r in kept if r.sha256 == digest), None)
        if same is not None:  # e.g. 保存附件 pressed twice, or the same file picked again under another indicator
            raise AlreadyAttached(f"该文件已保存过（指标{same.indicator}：{same.file_name}），未重复保存。"
                                  f"如需用于其他指标，请在该指标的佐证说明中注明。")
        if len(kept) + 1 > MAX_ATTACHMENTS:
            raise SelectionError(f"每份申请最多 {MAX_ATTACHMENTS} 个附件，已达上限；可先删除不需要的附件。")
        if sum(r.size_bytes for r in kept) + len(data) > MAX_TOTAL_BYTES:
            raise SelectionError(f"每份申请的附件合计不超过 {LIMITS['max_total_mb']} MB，加上本文件将超出；"
                                 f"可先删除不需要的附件或压缩后再上传。")
        _write(conn, user, application_id, expected_version, rules.ATTACH, found.state,
               comment=f"指标{indicator}：{name}")
        new_id = conn.execute(files.insert().values(
            application_id=application_id, indicator=indicator, file_name=name, media_type=media_type,
            size_bytes=len(data), sha256=digest, uploaded_by=user.username, uploaded_at=_now())).inserted_primary_key[0]
    access_log.record(user.username, "selection_attach", page="selection",
                      parameters={"application_id": application_id, "indicator": indicator, "sha256": digest},
                      scope=_scope_text(user))
    return Attachment(new_id, application_id, indicator, name, media_type, len(data), digest, user.username)


def detach(user: User, attachment: Attachment, expected_version: int) -> None:
    """Remove an evidence file before submission (the town clerk, while they may edit): the row stays, marked
    removed, and the bytes stay stored; one history row."""
    found = application(user, attachment.application_id)
    _town_editing(user, found.state)
    with _held(found.campaign_id) as conn:
        _write(conn, user, attachment.application_id, expected_version, rules.DETACH, found.state,
               comment=f"指标{attachment.indicator}：{attachment.file_name}")
        conn.execute(files.update().where(files.c.attachment_id == attachment.attachment_id,
                                          files.c.application_id == attachment.application_id,
                                          files.c.removed_at.is_(None))
                     .values(removed_by=user.username, removed_at=_now()))
    access_log.record(user.username, "selection_detach", page="selection",
                      parameters={"application_id": attachment.application_id,
                                  "attachment_id": attachment.attachment_id}, scope=_scope_text(user))


def attachments(user: User, application_id: int) -> list[Attachment]:
    """The evidence files an application holds now (removed ones left out)."""
    application(user, application_id)
    with engine().connect() as conn:
        return [Attachment(r.attachment_id, r.application_id, r.indicator, r.file_name, r.media_type, r.size_bytes,
                           r.sha256, r.uploaded_by) for r in _kept(conn, application_id)]


def attachment_bytes(user: User, attachment: Attachment) -> bytes:
    """The stored file, if `user` may see its application (read when asked for, e.g. by a download)."""
    application(user, attachment.application_id)
    return _attachment_path(attachment.sha256).read_bytes()


def today() -> date:
    """Today in Wuhan, the day deadlines are counted in."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()

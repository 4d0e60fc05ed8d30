"""示范乡镇推选's records: campaigns, applications, their transitions and evidence files.

Who sees which application is decided here, once (`_visible`): a town clerk their own town's, a district officer
their district's, the city and the administrator every one. Every read and every write of an application goes
through it, so a district officer asking for another district's application gets `OutOfScope`, as the query gate
refuses a lake question (queries.engine.scope). Writes are optimistic: each carries the version it was made from
and is refused with `Stale` when someone else saved or moved the application first; nothing already saved is lost
and the refused content stays with the caller. The rules (which move, by whom, before which deadline) are
assess.selection's; ui.selection_flow applies them and calls `move` here, which checks that the state and the
version are still the ones the rule was checked against.
"""

import hashlib
import json
import os
import shlex
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from store import access_log
from store.accounts import User
from store.db import VAR_DIR, engine
from store.schema import selection_applications as apps
from store.schema import selection_attachments as files
from store.schema import selection_campaigns as campaigns
from store.schema import selection_transitions as moves

ATTACHMENT_DIR = Path(os.environ.get("DASHBOARD_ATTACHMENT_DIR", VAR_DIR / "attachments"))
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
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


class SelectionError(ValueError):
    """A request the records refuse; the message is Chinese and says why."""


class OutOfScope(SelectionError):
    pass


class Stale(SelectionError):
    """Someone saved or moved the application after the caller read it."""

    def __init__(self, message: str, current_version: int):
        super().__init__(message)
        self.current_version = current_version


@dataclass(frozen=True)
class Campaign:
    campaign_id: int
    year: int
    deadlines: dict  # stage → date (assess.selection.STAGES)
    standard: dict
    quotas: dict  # district_code → towns it may recommend; empty: no quota
    opened_by: str
    published_at: datetime | None


@dataclass(frozen=True)
class Transition:
    username: str
    role: str
    acted_at: datetime
    action: str
    from_state: str
    to_state: str
    comment: str


@dataclass(frozen=True)
class Application:
    application_id: int
    year: int
    district_code: str
    town_code: str
    reported: dict
    evidence: dict
    recorded: dict
    review_note: str
    recommend_rank: int | None
    version: int
    updated_by: str
    updated_at: datetime
    history: tuple = field(default_factory=tuple)  # Transition rows, oldest first

    @property
    def state(self) -> str:
        """The state the transitions lead to (assess.selection's codes); "" before the first."""
        return self.history[-1].to_state if self.history else ""


def _now() -> datetime:
    return datetime.now(UTC)


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


def _campaign(row) -> Campaign:
    deadlines = {"apply": row.apply_deadline, "district": row.district_deadline, "city": row.city_deadline}
    return Campaign(row.campaign_id, row.year, deadlines, json.loads(row.standard), json.loads(row.quotas or "{}"),
                    row.opened_by, row.published_at)


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
        out[r.application_id].append(Transition(r.username, r.role, r.acted_at, r.action, r.from_state, r.to_state,
                                                r.comment))
    return out


def _select(user: User):
    return (sa.select(apps, campaigns.c.year).join(campaigns, campaigns.c.campaign_id == apps.c.campaign_id)
            .where(_visible(user)))


def _applications(conn, query) -> list[Application]:
    rows = conn.execute(query.order_by(apps.c.district_code, apps.c.town_code)).fetchall()
    history = _history(conn, [r.application_id for r in rows])
    return [Application(r.application_id, r.year, r.district_code, r.town_code, json.loads(r.reported),
                        json.loads(r.evidence), json.loads(r.recorded), r.review_note or "", r.recommend_rank,
                        r.version, r.updated_by, r.updated_at, tuple(history[r.application_id])) for r in rows]


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


def awarded(year: int | None = None) -> list[tuple[int, str, str]]:
    """The published lists: (year, district_code, town_code) of every town awarded its 牌匾 (public to every role,
    as the 通报 is), by year, district and rank."""
    last = (sa.select(moves.c.application_id, sa.func.max(moves.c.transition_id).label("last_id"))
            .group_by(moves.c.application_id).subquery())
    query = (sa.select(campaigns.c.year, apps.c.district_code, apps.c.town_code)
             .join(apps, apps.c.campaign_id == campaigns.c.campaign_id)
             .join(last, last.c.application_id == apps.c.application_id)
             .join(moves, moves.c.transition_id == last.c.last_id)
             .where(moves.c.to_state == "awarded", campaigns.c.published_at.is_not(None))
             .order_by(campaigns.c.year.desc(), apps.c.district_code, apps.c.recommend_rank, apps.c.town_code))
    if year is not None:
        query = query.where(campaigns.c.year == year)
    with engine().connect() as conn:
        return [tuple(r) for r in conn.execute(query)]


def _stale(conn, application_id: int, expected: int) -> Stale:
    row = conn.execute(sa.select(apps.c.version, apps.c.updated_by, apps.c.updated_at)
                       .where(apps.c.application_id == application_id)).first()
    when = row.updated_at
    if when.tzinfo is None:  # SQLite hands back naive datetimes
        when = when.replace(tzinfo=UTC)
    return Stale(f"未保存：该申请已由“{row.updated_by}”于 {when.astimezone().strftime('%m-%d %H:%M')} 修改"
                 f"（现为第 {row.version} 版，您打开的是第 {expected} 版）。您填写的内容仍在表单中，"
                 f"请先查看对方的修改，再重新保存或操作。", row.version)


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
        with engine().begin() as conn:
            new_id = conn.execute(apps.insert().values(
                campaign_id=found.campaign_id, district_code=user.district_code, town_code=user.town_code,
                reported=_json(reported), evidence=_json(evidence), recorded=_json(recorded), version=1,
                updated_by=user.username, updated_at=now)).inserted_primary_key[0]
            conn.execute(moves.insert().values(application_id=new_id, username=user.username, role=user.role,
                                               acted_at=now, action="create", from_state="", to_state=move_state,
                                               comment=""))
    except sa.exc.IntegrityError as exc:
        raise SelectionError(f"本乡镇（街道）{year}年度的申请已经存在，请打开它继续填写。") from exc
    access_log.record(user.username, "selection_save", page="selection",
                      parameters={"year": year, "application_id": new_id}, scope=_scope_text(user))
    return application(user, new_id)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def save(user: User, application_id: int, expected_version: int, **values) -> Application:
    """Save the application's content (`reported`, `evidence`, `recorded` by a town clerk; `review_note` by a
    reviewer) if it is still at `expected_version`; else Stale, and nothing is written."""
    allowed = {"reported", "evidence", "recorded", "review_note", "recommend_rank"}
    if set(values) - allowed:
        raise ValueError(f"not a field of an application: {set(values) - allowed}")
    stored = {k: (_json(v) if k in ("reported", "evidence", "recorded") else v) for k, v in values.items()}
    application(user, application_id)  # scope, refused and logged
    with engine().begin() as conn:
        done = conn.execute(apps.update().where(apps.c.application_id == application_id,
                                                apps.c.version == expected_version, _visible(user))
                            .values(version=expected_version + 1, updated_by=user.username, updated_at=_now(),
                                    **stored))
        if not done.rowcount:
            raise _stale(conn, application_id, expected_version)
    access_log.record(user.username, "selection_save", page="selection",
                      parameters={"application_id": application_id, "fields": sorted(values)},
                      scope=_scope_text(user))
    return application(user, application_id)


def move(user: User, application_id: int, expected_version: int, from_state: str, action: str, to_state: str,
         comment: str = "", **values) -> Application:
    """Record one transition (and any content `values`, e.g. `recommend_rank`) if the application is still at
    `expected_version` and in `from_state`; else Stale. The caller has checked the move against the rules."""
    current = application(user, application_id)
    now = _now()
    with engine().begin() as conn:
        if current.state != from_state:
            raise _stale(conn, application_id, expected_version)
        done = conn.execute(apps.update().where(apps.c.application_id == application_id,
                                                apps.c.version == expected_version, _visible(user))
                            .values(version=expected_version + 1, updated_by=user.username, updated_at=now,
                                    **values))
        if not done.rowcount:
            raise _stale(conn, application_id, expected_version)
        conn.execute(moves.insert().values(application_id=application_id, username=user.username, role=user.role,
                                           acted_at=now, action=action, from_state=from_state, to_state=to_state,
                                           comment=comment.strip()))
    access_log.record(user.username, "selection_action", page="selection",
                      parameters={"application_id": application_id, "action": action, "to_state": to_state},
                      scope=_scope_text(user))
    return application(user, application_id)


def mark_published(user: User, year: int) -> None:
    """Record that `year`'s final list is published (city only, once)."""
    if user.role != "city":
        raise SelectionError("只有市局账号可以发布最终名单。")
    with engine().begin() as conn:
        done = conn.execute(campaigns.update().where(campaigns.c.year == year, campaigns.c.published_at.is_(None))
                            .values(published_by=user.username, published_at=_now()))
    if not done.rowcount:
        raise SelectionError(f"{year}年度名单已经发布。")
    access_log.record(user.username, "selection_publish", page="selection", parameters={"year": year}, scope="全市")


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
        raise SelectionError(f"附件超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB 的上限。")
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


def attach(user: User, application_id: int, indicator: int, file_name: str, data: bytes) -> Attachment:
    """Keep an evidence file for one indicator of an application the town clerk may edit: type by extension and
    by its first bytes, size capped, scanned by the hook, stored once by its SHA-256."""
    found = application(user, application_id)
    if user.role != "town" or found.state not in ("draft", "withdrawn", "returned"):
        raise SelectionError("只有本乡镇（街道）在申请草稿、撤回或退回修改时可以上传附件。")
    media_type = _check_file(file_name, data)
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
    with engine().begin() as conn:
        new_id = conn.execute(files.insert().values(
            application_id=application_id, indicator=indicator, file_name=Path(file_name).name[:255],
            media_type=media_type, size_bytes=len(data), sha256=digest, uploaded_by=user.username,
            uploaded_at=_now())).inserted_primary_key[0]
    access_log.record(user.username, "selection_attach", page="selection",
                      parameters={"application_id": application_id, "indicator": indicator, "sha256": digest},
                      scope=_scope_text(user))
    return Attachment(new_id, application_id, indicator, Path(file_name).name[:255], media_type, len(data), digest,
                      user.username)


def attachments(user: User, application_id: int) -> list[Attachment]:
    application(user, application_id)
    with engine().connect() as conn:
        rows = conn.execute(sa.select(files).where(files.c.application_id == application_id)
                            .order_by(files.c.indicator, files.c.attachment_id))
        return [Attachment(r.attachment_id, r.application_id, r.indicator, r.file_name, r.media_type, r.size_bytes,
                           r.sha256, r.uploaded_by) for r in rows]


def attachment_bytes(user: User, attachment: Attachment) -> bytes:
    """The stored file, if `user` may see its application."""
    application(user, attachment.application_id)
    return _attachment_path(attachment.sha256).read_bytes()


def today() -> date:
    """Today in Wuhan, the day deadlines are counted in."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()

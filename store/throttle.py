"""Failed sign-ins slow down the client that makes them, and the account they aim at — for clients that fail
themselves. Nothing is locked: a person signing in from a client with no recent failure always has their password
checked, whatever others do to their account name; a client that keeps failing waits longer each time (doubling,
capped). The rows live in the application's database, so the administrators' page sees and clears them.

Only checked passwords count: an attempt answered "wait" costs no password check and moves nothing, so a flood
cannot push a real person's wait further out."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from store.db import as_utc, engine
from store.schema import sign_in_throttle as throttle

FREE = {"client": 3, "account": 5}  # failures in a row before the next attempt has to wait
CAP_SECONDS = 300  # the longest wait: 1, 2, 4 … seconds, then 5 minutes at most
RECENT = timedelta(minutes=15)  # failures older than this are forgotten


def _now() -> datetime:
    return datetime.now(UTC)


def wait_seconds(failures: int, kind: str) -> float:
    """How long after its latest failure a client or account waits: nothing for the first few, then doubling."""
    free = FREE[kind]
    return 0.0 if failures < free else float(min(2 ** (failures - free), CAP_SECONDS))


def refusal(client: str, username: str, now: datetime | None = None) -> float | None:
    """Seconds this attempt must wait without a password check, or None to check it. The account's wait applies
    only to a client that has failed recently itself."""
    now = now or _now()
    with engine().connect() as conn:
        rows = {r.kind: r for r in conn.execute(sa.select(throttle).where(sa.or_(
            sa.and_(throttle.c.kind == "client", throttle.c.subject == client),
            sa.and_(throttle.c.kind == "account", throttle.c.subject == username))))}
    mine, account = rows.get("client"), rows.get("account")
    if mine is None or now - as_utc(mine.last_failure_at) > RECENT:
        return None
    waits = [as_utc(r.blocked_until) - now for r in (mine, account) if r is not None]
    longest = max(waits).total_seconds()
    return longest if longest > 0 else None


def _bump(conn, kind: str, subject: str, now: datetime) -> None:
    # Write first, so SQLite takes its write lock at once (no read-then-write upgrade that can fail under load).
    where = sa.and_(throttle.c.kind == kind, throttle.c.subject == subject)
    counted = sa.case((throttle.c.last_failure_at < now - RECENT, 1), else_=throttle.c.failures + 1)
    if not conn.execute(throttle.update().where(where).values(failures=counted, last_failure_at=now)).rowcount:
        conn.execute(throttle.insert().values(kind=kind, subject=subject, failures=1, last_failure_at=now,
                                              blocked_until=now))
    failures = conn.execute(sa.select(throttle.c.failures).where(where)).scalar_one()
    conn.execute(throttle.update().where(where).values(
        blocked_until=now + timedelta(seconds=wait_seconds(failures, kind))))


def failed(client: str, username: str | None) -> None:
    """Count a wrong password from `client` against it, and against `username` when that account exists."""
    now = _now()
    for attempt in range(3):
        try:
            with engine().begin() as conn:
                _bump(conn, "client", client, now)
                if username:
                    _bump(conn, "account", username, now)
            return
        except sa.exc.IntegrityError:  # another failure inserted the same row first: count on it
            if attempt == 2:
                raise


def succeeded(client: str) -> None:
    """A right password from `client`: its own failures are forgotten (the account's stay, for the administrator)."""
    clear("client", client)


def clear(kind: str, subject: str) -> bool:
    """Forget the failures of one client or account (the administrator's 解除); False if there were none."""
    with engine().begin() as conn:
        done = conn.execute(throttle.delete().where(throttle.c.kind == kind, throttle.c.subject == subject))
    return bool(done.rowcount)


@dataclass(frozen=True)
class Throttled:
    kind: str  # client, account
    subject: str
    failures: int
    last_failure_at: datetime
    blocked_until: datetime


def throttled(now: datetime | None = None) -> list[Throttled]:
    """Clients and accounts with recent failures past their free ones, the longest failing first."""
    now = now or _now()
    with engine().connect() as conn:
        rows = conn.execute(sa.select(throttle).where(throttle.c.last_failure_at >= now - RECENT)
                            .order_by(throttle.c.failures.desc(), throttle.c.subject)).all()
    return [Throttled(r.kind, r.subject, r.failures, as_utc(r.last_failure_at), as_utc(r.blocked_until))
            for r in rows if r.failures >= FREE[r.kind]]

"""Server-side sessions: Streamlit's identity cookie is signed but lives 30 days and cannot be taken back, so every
run checks the cookie's session here. A session ends on 退出登录, after an absolute lifetime, after an idle time,
and when its account is disabled or its password reset; a cookie whose session has ended is refused wherever it is
replayed (another browser, after a restart)."""

import hashlib
import json
import os
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from store.db import as_utc, engine
from store.schema import sessions

# A sign-in is good for this many hours from the provider's auth_time (or iat), however busy.
SESSION_HOURS = float(os.environ.get("DASHBOARD_SESSION_HOURS", "8"))
# ... and ends after this many minutes without a page run.
IDLE_MINUTES = float(os.environ.get("DASHBOARD_IDLE_MINUTES", "60"))
# A cookie this process has never seen is a new sign-in only if its ID token was issued this recently (the token's
# own lifetime); an older unknown cookie is a replay of a session whose row is gone, and refused.
FRESH_SECONDS = 600
# last_seen_at is written at most once a minute per session (a page run reads; it need not write).
TOUCH_SECONDS = 60
# Why a session ended, in words the sign-in screen and the access log show.
ENDED_WHY = {"sign_out": "您已退出登录", "expired": "登录已超过时限", "idle": "长时间未操作，登录已失效",
             "account_disabled": "账号已停用", "password_reset": "密码已重置", "unknown": "登录已失效"}


def _now() -> datetime:
    return datetime.now(UTC)


def key_of(claims: dict) -> str | None:
    """The session's key from the identity cookie's claims: the provider's `sid` if it sets one, with the issuer,
    subject, issue time and nonce (a new nonce for every sign-in). None without an issue time."""
    if claims.get("iat") is None:
        return None
    parts = [str(claims.get(k, "")) for k in ("iss", "sub", "sid", "iat", "nonce")]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def check(claims: dict, username: str, now: datetime | None = None) -> str | None:
    """None while the cookie's session is live (recording it on its first run, noting the time of this run);
    otherwise why it is not (an ENDED_WHY code), ending it when a time-out has just passed."""
    key, now = key_of(claims), now or _now()
    if key is None:
        return "unknown"
    with engine().connect() as conn:
        row = conn.execute(sa.select(sessions).where(sessions.c.session_key == key)).first()
    if row is None:
        return _start(key, claims, username, now)
    if row.ended_at is not None:
        return row.ended_why
    if row.username != username:
        return "unknown"
    if now >= as_utc(row.ends_at):
        end(key, "expired")
        return "expired"
    if now - as_utc(row.last_seen_at) > timedelta(minutes=IDLE_MINUTES):
        end(key, "idle")
        return "idle"
    if now - as_utc(row.last_seen_at) > timedelta(seconds=TOUCH_SECONDS):
        with engine().begin() as conn:
            conn.execute(sessions.update().where(sessions.c.session_key == key).values(last_seen_at=now))
    return None


def _start(key: str, claims: dict, username: str, now: datetime) -> str | None:
    issued = datetime.fromtimestamp(float(claims["iat"]), UTC)
    if abs((now - issued).total_seconds()) > FRESH_SECONDS:
        return "unknown"
    signed_in = datetime.fromtimestamp(float(claims.get("auth_time") or claims["iat"]), UTC)
    ends = signed_in + timedelta(hours=SESSION_HOURS)
    over = now >= ends  # a provider that kept its own session for longer than ours: ended from the start
    try:
        with engine().begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.ends_at < now - timedelta(days=2)))
            conn.execute(sessions.insert().values(
                session_key=key, username=username, signed_in_at=signed_in, last_seen_at=now, ends_at=ends,
                ended_at=now if over else None, ended_why="expired" if over else None))
    except sa.exc.IntegrityError:  # the same cookie's first two runs at once: the other one recorded it
        return check(claims, username, now)
    return "expired" if over else None


def end(key: str | None, why: str) -> bool:
    """End one session (sign-out, a time-out); False if it had ended already or is unknown."""
    if key is None:
        return False
    with engine().begin() as conn:
        done = conn.execute(sessions.update().where(sessions.c.session_key == key, sessions.c.ended_at.is_(None))
                            .values(ended_at=_now(), ended_why=why))
    return bool(done.rowcount)


def end_all(username: str, why: str) -> int:
    """End every live session of an account (disabled, password reset); returns how many."""
    with engine().begin() as conn:
        done = conn.execute(sessions.update().where(sessions.c.username == username, sessions.c.ended_at.is_(None))
                            .values(ended_at=_now(), ended_why=why))
    return done.rowcount


def is_live(claims: dict) -> bool:
    """Whether the cookie's session is recorded and live, without recording or touching anything (for the
    server's HTTP routes: files, uploads, sign-out)."""
    key, now = key_of(claims), _now()
    if key is None:
        return False
    with engine().connect() as conn:
        row = conn.execute(sa.select(sessions).where(sessions.c.session_key == key)).first()
    return bool(row and row.ended_at is None and now < as_utc(row.ends_at)
                and now - as_utc(row.last_seen_at) <= timedelta(minutes=IDLE_MINUTES))

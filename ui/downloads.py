"""Files handed out through Streamlit's `/media/<id>` links (exports, evidence files, documents) belong to the
sign-in that made them: every download button's data goes through `owned()`, which notes the SHA-256 of the bytes
against the session of the identity cookie (store/sessions.py key); serve.py serves a `/media` file only to a
request whose live session is noted for exactly those bytes. A link copied to another signed-in person (another
district), or fetched without a cookie, is refused. Two sign-ins that made identical bytes may each fetch them.

Kept in this process's memory, as Streamlit keeps the files themselves; a note lasts as long as a sign-in may
(DASHBOARD_SESSION_HOURS) and the oldest notes go first beyond MAX_NOTES."""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from store import sessions

MAX_NOTES = 20_000
LIFETIME_SECONDS = sessions.SESSION_HOURS * 3600

_owners: OrderedDict[str, dict[str, float]] = OrderedDict()  # SHA-256 of the bytes -> session key -> noted at
_lock = threading.Lock()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _note(session_key: str, data) -> None:
    if isinstance(data, str):  # Streamlit serves text as UTF-8
        data = data.encode("utf-8")
    if not isinstance(data, bytes | bytearray | memoryview):
        return  # a file object or the like: never served to anyone (serve.py refuses what is not noted)
    digest, now = _digest(bytes(data)), time.monotonic()
    with _lock:
        _owners.setdefault(digest, {})[session_key] = now
        _owners.move_to_end(digest)
        while len(_owners) > MAX_NOTES:
            _owners.popitem(last=False)


def owned(data: bytes | str | Callable[[], bytes | str]):
    """`data` for `st.download_button`, noted as this sign-in's file: bytes at once, a function's result when the
    button is clicked (Streamlit then runs it outside the page run, so the session is read now)."""
    key = sessions.key_of(st.user.to_dict()) if st.user.get("is_logged_in") else None
    if key is None:
        return data
    if callable(data):
        def made():
            result = data()
            _note(key, result)
            return result
        return made
    _note(key, data)
    return data


def may_fetch(session_key: str | None, content: bytes) -> bool:
    """Whether the sign-in `session_key` made a file with exactly these bytes (within a sign-in's lifetime)."""
    if session_key is None:
        return False
    digest = _digest(content)
    with _lock:
        noted = _owners.get(digest, {}).get(session_key)
    return noted is not None and time.monotonic() - noted <= LIFETIME_SECONDS

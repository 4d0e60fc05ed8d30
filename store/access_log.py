"""The append-only access log: record what a person did (or was refused), and read it back for the admin page."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from store.db import engine
from store.schema import access_log

# Every action the app records, with the Chinese word the log page shows.
# The actions the log records, by code; their Chinese words are display text, in ui.labels.LOG_ACTION_NAMES.
ACTIONS = ("sign_in", "sign_out", "refused_sign_in", "page_view", "export", "import", "refused_scope", "refused_page",
           "account_add", "account_disable", "account_enable", "account_reset", "briefing", "provider_sign_in",
           "provider_refused", "selection_open", "selection_save", "selection_action", "selection_publish",
           "selection_attach", "selection_correct", "selection_detach", "refused_request",
           "throttle_clear")


def record(username: str | None, action: str, *, page: str | None = None, parameters: dict | None = None,
           scope: str | None = None, outcome: str = "ok") -> None:
    """Append one entry, committed before this returns."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    with engine().begin() as conn:
        conn.execute(access_log.insert().values(
            logged_at=datetime.now(UTC), username=username, action=action, page=page,
            parameters=json.dumps(parameters, ensure_ascii=False, sort_keys=True) if parameters else None,
            scope=scope, outcome=outcome[:256]))


@dataclass(frozen=True)
class LogFilter:
    username: str | None = None
    actions: tuple = ()
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 5000


def read(where: LogFilter = LogFilter()) -> pd.DataFrame:
    """Entries matching `where`, newest first, as a DataFrame with the table's columns."""
    query = sa.select(access_log).order_by(access_log.c.entry_id.desc()).limit(where.limit)
    if where.username:
        query = query.where(access_log.c.username == where.username)
    if where.actions:
        query = query.where(access_log.c.action.in_(where.actions))
    if where.since:
        query = query.where(access_log.c.logged_at >= where.since)
    if where.until:
        query = query.where(access_log.c.logged_at < where.until)
    with engine().connect() as conn:
        result = conn.execute(query)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

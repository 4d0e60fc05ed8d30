"""The append-only access log: record what a person did (or was refused), and read it back for the admin page."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa

from store.db import engine
from store.schema import access_log

# Every action the app records, with the Chinese word the log page shows.
ACTIONS = {
    "sign_in": "登录", "sign_out": "退出", "refused_sign_in": "拒绝登录", "page_view": "浏览页面",
    "export": "导出", "import": "导入", "refused_scope": "拒绝越权请求", "refused_page": "拒绝访问页面",
    "account_add": "新建账号", "account_disable": "停用账号", "account_enable": "启用账号",
    "account_reset": "重置密码", "briefing": "生成通报",
    "provider_sign_in": "统一认证登录", "provider_refused": "统一认证拒绝",
    "selection_open": "开启推选", "selection_save": "保存推选申请", "selection_action": "推选审核操作",
    "selection_publish": "发布推选名单", "selection_attach": "上传推选附件",
    "selection_correct": "更正推选名单", "selection_detach": "删除推选附件",
}


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

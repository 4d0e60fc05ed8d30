"""访问日志 (administrators only): read the append-only access log, filter it by person, action and date, and
export what is shown (the export is itself logged and watermarked)."""

from datetime import UTC, datetime, time, timedelta

import pandas as pd
import streamlit as st

from store import access_log
from ui import exports, navigation, shell
from ui.labels import BEIJING, LOG_ACTION_NAMES, LOG_OUTCOME_WORDS, beijing_times, in_beijing, logged_parameters_text
from ui.selection_text import ACTION_NAMES, STATE_NAMES

shell.as_of_only()
admin = navigation.require_admin()
st.title("访问日志")
st.caption("登录、退出、浏览页面（含参数）、导出、导入、账号变更、越权请求被拒，逐条记录，只增不改。时间为北京时间。")

today = in_beijing().date()  # the bureau's today, whatever the server's time zone
left, middle, right = st.columns(3)
who = left.text_input("账号", key="log_user", placeholder="全部")
actions = middle.multiselect("动作", list(access_log.ACTIONS), format_func=LOG_ACTION_NAMES.get, key="log_actions",
                             placeholder="全部")
days = right.date_input("日期", (today - timedelta(days=6), today), key="log_days")
start, end = (days[0], days[-1]) if isinstance(days, tuple) and days else (today, today)

where = access_log.LogFilter(
    username=who.strip() or None, actions=tuple(actions),
    since=datetime.combine(start, time.min, BEIJING).astimezone(UTC).replace(tzinfo=None),
    until=datetime.combine(end + timedelta(days=1), time.min, BEIJING).astimezone(UTC).replace(tzinfo=None))
entries = access_log.read(where)
# Chinese column names: the table and its export show them as they are.
shown = pd.DataFrame({
    "时间": beijing_times(entries["logged_at"]) if len(entries) else [],
    "账号": entries["username"], "动作": entries["action"].map(LOG_ACTION_NAMES),
    "页面": entries["page"].map(navigation.page_title).fillna(""),
    "参数": entries["parameters"].map(lambda logged: logged_parameters_text(
        logged, {"action": ACTION_NAMES, "to_state": STATE_NAMES})),
    "范围": entries["scope"].fillna(""), "结果": entries["outcome"].replace(LOG_OUTCOME_WORDS)})
st.markdown(f"共 {len(shown):,} 条（最多显示 {where.limit:,} 条，最新在前）")
st.dataframe(shown, hide_index=True, key="log_table", width="stretch")

period = f"{start:%Y-%m-%d}至{end:%Y-%m-%d}"
chosen = "、".join(LOG_ACTION_NAMES[a] for a in actions) or "全部"
exports.buttons([exports.Sheet("访问日志", f"访问日志（{period}）", shown, period,
                               f"账号 {who or '全部'}；动作 {chosen}", source="看板访问日志")],
                "访问日志", key="log_export")

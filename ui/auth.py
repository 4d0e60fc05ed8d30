"""Who is signed in: Streamlit's own OpenID Connect sign-in (`st.login`, `st.user`) for the identity, the store's
account table for the role and scope (never the token's claims, which live in a 30-day cookie and go stale).

`signed_in_user()` is called by the router before any page: without a sign-in it draws the sign-in screen, for an
unknown or disabled account a refusal, and stops the run either way.
"""

import os
import time

import streamlit as st

from lake import reference, roles
from queries.engine import EVERYTHING, Scope
from store import access_log, accounts
from store.accounts import User
from ui.labels import ALL_SELECTED, ROLE_NAMES

# The claim of the ID token that holds the sign-in name of the account table (docs/security.md).
USERNAME_CLAIM = os.environ.get("DASHBOARD_USERNAME_CLAIM", "preferred_username")
# A sign-in is good for this many hours from the provider's auth_time (or iat), then asked for again.
SESSION_HOURS = float(os.environ.get("DASHBOARD_SESSION_HOURS", "8"))


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _sign_in_screen() -> None:
    st.title("武汉市就业帮扶看板")
    st.markdown("本看板涉及脱贫人口信息，仅限授权人员使用。请先登录。")
    if not _auth_configured():
        st.error("登录尚未配置：请用 `make run` 启动（会同时启动本机登录服务），或在 `.streamlit/secrets.toml` 中配置"
                 "单位统一身份认证（见 docs/security.md）。", icon=":material/lock:")
        return
    if st.button("登录", key="sign_in", type="primary", icon=":material/login:"):
        st.login()


def _refuse(username: str | None, why: str) -> None:
    if st.session_state.get("_refused_as") != username:
        access_log.record(username, "refused_sign_in", outcome=why)
        st.session_state["_refused_as"] = username
    st.title("武汉市就业帮扶看板")
    st.error(f"{why}请联系系统管理员。", icon=":material/block:")
    if st.button("退出登录", key="sign_out_refused", icon=":material/logout:"):
        st.logout()


def _expired() -> bool:
    signed_in_at = st.user.get("auth_time") or st.user.get("iat")
    return bool(signed_in_at) and time.time() - float(signed_in_at) > SESSION_HOURS * 3600


def signed_in_user() -> User:
    """The active account of the person signed in; otherwise draw the sign-in screen or a refusal and stop."""
    if not st.user.get("is_logged_in"):
        _sign_in_screen()
        st.stop()
    username = st.user.get(USERNAME_CLAIM)
    if _expired():
        access_log.record(username, "sign_out", outcome="登录已超时")
        st.logout()
        st.stop()
    user = accounts.get(username) if username else None
    if user is None:
        _refuse(username, "您的账号未在本看板开通。")
        st.stop()
    if not user.is_active:
        _refuse(username, "您的账号已停用。")
        st.stop()
    if st.session_state.get("_signed_in_as") != user.username:
        access_log.record(user.username, "sign_in", scope=scope_label(user), outcome="ok")
        st.session_state["_signed_in_as"] = user.username
    return user


def scope_of(user: User) -> Scope:
    """The districts and town this account may see, for the query gate."""
    if roles.sees_whole_city(user.role):
        return EVERYTHING
    return Scope((user.district_code,), user.town_code if roles.ROLES[user.role].needs_town else None)


def scope_label(user: User) -> str:
    """The scope in words: 全市, a district, or a district and town."""
    if roles.sees_whole_city(user.role):
        return ALL_SELECTED
    district = reference.district_names()[user.district_code]
    return district if not roles.ROLES[user.role].needs_town else f"{district}{reference.town_names()[user.town_code]}"


def sign_out_button(user: User) -> None:
    """The account, its role and scope, and the sign-out button (in the sidebar)."""
    st.caption(f"{user.display_name}（{user.unit}）· {ROLE_NAMES[user.role]} · 范围：{scope_label(user)}")
    if st.button("退出登录", key="sign_out", icon=":material/logout:"):
        access_log.record(user.username, "sign_out", outcome="ok")
        st.session_state.pop("_signed_in_as", None)
        st.logout()

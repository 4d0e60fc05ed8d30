"""Who is signed in: Streamlit's own OpenID Connect sign-in (`st.login`, `st.user`) for the identity, the store's
session table for whether that sign-in still holds (the cookie lives 30 days and cannot be taken back), the store's
account table for the role and scope (never the token's claims, which go stale).

`signed_in_user()` is called by the router before any page: without a live sign-in it draws the sign-in screen,
for an unknown or disabled account a refusal, and stops the run either way.
"""

import hmac
import html
import json
import os

import streamlit as st
from itsdangerous import BadData, URLSafeTimedSerializer

from lake import reference, roles
from queries.engine import EVERYTHING, Scope
from store import access_log, accounts, sessions
from store.accounts import User
from ui.labels import ALL_SELECTED, ROLE_NAMES

# The claim of the ID token that holds the sign-in name of the account table (docs/security.md).
USERNAME_CLAIM = os.environ.get("DASHBOARD_USERNAME_CLAIM", "preferred_username")
# Streamlit's identity cookie: its name, and how it is signed (itsdangerous, the cookie's name as salt, the
# `[auth] cookie_secret`; Streamlit 1.67's starlette server). The server's own HTTP routes read it to tell a signed-in
# visitor (serve.py); tests/test_browser_sessions.py fails if a Streamlit upgrade changes it.
IDENTITY_COOKIE = "_streamlit_user"
IDENTITY_COOKIE_DAYS = 30
# 退出登录 is a form POST to this path with the session's sign-out token (serve.py); the token is the session's key
# signed by itsdangerous with the cookie secret under its own salt, so only a page the app drew for this sign-in
# holds it (another site cannot read it), and it is good for no other session.
SIGN_OUT = "/auth/sign-out"
SIGN_OUT_SALT = "dashboard-sign-out"
SIGN_OUT_BUTTON = """<form method="post" action="{action}" style="margin:0">
<input type="hidden" name="token" value="{token}">
<button type="submit" style="font:inherit;font-size:0.875rem;padding:0.25rem 0.75rem;min-height:2.5rem;
border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;background:#fff;color:inherit;cursor:pointer">{label}</button>
</form>"""


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def _sign_in_screen(notice: str | None = None) -> None:
    st.title("武汉市就业帮扶看板")
    st.markdown("本看板涉及脱贫人口信息，仅限授权人员使用。请先登录。")
    if notice:
        st.info(f"{notice}，请重新登录。", icon=":material/logout:")
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
    _sign_out_form()


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(st.secrets["auth"]["cookie_secret"], salt=SIGN_OUT_SALT)


def sign_out_token(claims: dict) -> str | None:
    """The token the sign-out form of this sign-in carries; None for a cookie without a session key."""
    key = sessions.key_of(claims)
    return None if key is None else _signer().dumps(key)


def sign_out_token_holds(token: str, claims: dict) -> bool:
    """Whether `token` is the sign-out token of the sign-in in `claims` (signed by this server, for this session,
    within a sign-in's lifetime)."""
    key = sessions.key_of(claims)
    try:
        signed = _signer().loads(token, max_age=int(sessions.SESSION_HOURS * 3600))
    except BadData:
        return False
    return key is not None and isinstance(signed, str) and hmac.compare_digest(signed, key)


def end_session(claims: dict) -> None:
    """退出登录: end the sign-in's session on the server and log it (serve.py, for the form's POST; Streamlit's own
    route then drops the cookie)."""
    sessions.end(sessions.key_of(claims), "sign_out")
    access_log.record(claims.get(USERNAME_CLAIM), "sign_out", outcome="ok")


def _sign_out_form() -> None:
    token = sign_out_token(st.user.to_dict()) if _auth_configured() else None
    if token is not None:
        st.html(SIGN_OUT_BUTTON.format(action=SIGN_OUT, token=html.escape(token), label="退出登录"))


def _session_over(username: str | None, why: str) -> None:
    """The sign-in screen for a cookie whose session has ended; the access log hears of it once per browser tab."""
    key = sessions.key_of(st.user.to_dict())
    if st.session_state.get("_ended") != key:
        timed_out = why in ("expired", "idle")
        access_log.record(username, "sign_out" if timed_out else "refused_sign_in",
                          outcome=sessions.ENDED_WHY[why] if timed_out else f"会话已结束：{sessions.ENDED_WHY[why]}")
        st.session_state["_ended"] = key
        st.session_state.pop("_signed_in_as", None)
    _sign_in_screen(sessions.ENDED_WHY[why])


def identity_from_cookie(cookies: dict[str, str]) -> dict | None:
    """The claims in a request's identity cookie if it is Streamlit's, signed with this server's cookie secret and
    not older than the cookie's lifetime; None otherwise (no cookie, forged, or an auth section missing)."""
    value = cookies.get(IDENTITY_COOKIE)
    if not value or not _auth_configured():
        return None
    signer = URLSafeTimedSerializer(st.secrets["auth"]["cookie_secret"], salt=IDENTITY_COOKIE)
    try:
        claims = json.loads(signer.loads(value, max_age=IDENTITY_COOKIE_DAYS * 86400))
    except (BadData, ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) and claims.get("is_logged_in") else None


def signed_in_user() -> User:
    """The active account of the person signed in; otherwise draw the sign-in screen or a refusal and stop."""
    if not st.user.get("is_logged_in"):
        _sign_in_screen()
        st.stop()
    username = st.user.get(USERNAME_CLAIM)
    ended = sessions.check(st.user.to_dict(), str(username or ""))
    if ended:
        _session_over(username, ended)
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
    _sign_out_form()

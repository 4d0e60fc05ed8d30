"""Sessions that end (issue 36): the app's session table is checked on every run, so an identity cookie stops
working after 退出登录, after the absolute lifetime, after an idle time, and when its account is disabled or its
password reset — wherever the cookie is replayed. (The browser replay: tests/test_browser_sessions.py.)"""

import time
from datetime import UTC, datetime, timedelta

import pytest

from store import accounts, sessions
from testkit.apptest import open_app, signed_in, texts
from tests.test_store import postgres_server, store_url  # noqa: F401  (fixtures: a fresh database of each kind)
from ui import auth


def _replayed(claims: dict, page: str | None = None):
    """A new browser tab presenting the same identity cookie."""
    at = open_app(page)
    at.user = claims
    return at.run()


def test_sign_out_ends_the_session_on_the_server_and_the_cookie_no_longer_works():
    claims = signed_in("huangpi")
    at = _replayed(claims)
    assert "黄陂区" in texts(at)
    auth.end_session(claims)  # what serve.py runs for the 退出登录 form (tests/test_server_routes.py)
    again = _replayed(claims)
    assert not again.sidebar.button and "请先登录" in texts(again)
    assert "您已退出登录，请重新登录。" in texts(again) and "务工就业" not in texts(again)


def test_disabling_an_account_ends_its_sessions_and_enabling_it_does_not_revive_them():
    claims = signed_in("xinzhou")
    assert "新洲区" in texts(_replayed(claims))
    accounts.set_active("xinzhou", False, by="test")
    try:
        assert "账号已停用，请重新登录。" in texts(_replayed(claims))
    finally:
        accounts.set_active("xinzhou", True, by="test")
    assert "账号已停用，请重新登录。" in texts(_replayed(claims))  # that sign-in stays ended
    assert "新洲区" in texts(_replayed(signed_in("xinzhou")))  # a new sign-in works


def test_a_password_reset_ends_the_accounts_sessions():
    claims = signed_in("caidian")
    assert sessions.check(claims, "caidian") is None
    accounts.reset_password("caidian", accounts.DEMO_PASSWORD, by="test")
    assert sessions.check(claims, "caidian") == "password_reset"


def test_idle_and_absolute_time_outs():
    claims = signed_in("leader")
    now = datetime.now(UTC)
    assert sessions.check(claims, "leader", now) is None
    assert sessions.check(claims, "leader", now + timedelta(minutes=sessions.IDLE_MINUTES - 1)) is None
    assert sessions.check(claims, "leader", now + timedelta(minutes=2 * sessions.IDLE_MINUTES)) == "idle"
    assert sessions.check(claims, "leader", now) == "idle"  # ended stays ended
    old = {**signed_in("leader"), "auth_time": int(time.time() - 3600 * (sessions.SESSION_HOURS + 1))}
    assert sessions.check(old, "leader") == "expired"  # signed in too long ago, whatever the token's age


def test_an_unknown_cookie_is_a_new_sign_in_only_while_its_token_is_fresh():
    stale = {**signed_in("leader"), "iat": int(time.time() - sessions.FRESH_SECONDS - 60)}
    assert sessions.check(stale, "leader") == "unknown"
    assert sessions.check({"is_logged_in": True, "preferred_username": "leader"}, "leader") == "unknown"
    assert "登录已失效，请重新登录。" in texts(_replayed(stale))


def test_a_cookie_cannot_be_moved_to_another_name():
    claims = signed_in("huangpi")
    assert sessions.check(claims, "huangpi") is None
    assert sessions.check(claims, "leader") == "unknown"


@pytest.mark.parametrize("why", ["expired", "idle"])
def test_time_outs_are_logged_as_sign_outs(why):
    from store import access_log

    claims = signed_in("zhurushan")
    sessions.check(claims, "zhurushan")
    sessions.end(sessions.key_of(claims), why)
    _replayed(claims)
    row = access_log.read(access_log.LogFilter(username="zhurushan", actions=("sign_out",), limit=1))
    assert row["outcome"].iloc[0] == sessions.ENDED_WHY[why]


def test_sessions_and_throttle_on_sqlite_and_postgresql(store_url):  # noqa: F811
    """The same rules on both databases (times come back naive from SQLite, aware from PostgreSQL)."""
    from store import throttle

    claims = signed_in("leader")
    assert sessions.check(claims, "leader") is None
    assert sessions.is_live(claims)
    assert sessions.end_all("leader", "account_disabled") == 1
    assert sessions.check(claims, "leader") == "account_disabled" and not sessions.is_live(claims)
    for _ in range(4):
        throttle.failed("192.0.2.1", "leader")
    assert throttle.refusal("192.0.2.1", "leader") > 0  # the fourth failure: wait 2 s
    assert throttle.refusal("192.0.2.2", "leader") is None  # another client is checked
    assert [(t.kind, t.subject, t.failures) for t in throttle.throttled()] == [("client", "192.0.2.1", 4)]
    assert throttle.clear("client", "192.0.2.1") and throttle.refusal("192.0.2.1", "leader") is None

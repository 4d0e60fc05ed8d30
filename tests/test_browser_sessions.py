"""Sessions in a real browser (issue 36; Debian's Chromium via Playwright, a fresh `streamlit run serve.py` and the
bundled sign-in service on loopback): a cookie saved before 退出登录 signs nobody in from a second browser; disabling
an account ends its open sessions; a foreign page cannot sign a visitor out (退出登录 is the app's form POST with its
token); a file is served only to the sign-in that made it; uploads and Streamlit's metrics are closed to visitors who
have not signed in. (docs/security.md lists each protection.)"""

import io
import json
import time
import tomllib
import urllib.error
import urllib.request

import httpx
import pytest

from store import access_log, accounts
from store.accounts import DEMO_PASSWORD
from testkit.servers import CHROMIUM, CHROMIUM_ARGS, dashboard, sign_in
from ui import auth

METRICS_TOKEN = "monitoring-token-for-the-test"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="module")
def browser(browser):
    """A Chromium of this module's own (from the session's Playwright): these tests sign in, out and replay cookies
    many times, and after the session's shared Chromium had served the earlier browser tests, closing a context
    that had just signed out hung there. The contexts are left to this browser's close."""
    own = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield own
    own.close()


@pytest.fixture(scope="module")
def site_var(tmp_path_factory):
    return tmp_path_factory.mktemp("var")


@pytest.fixture(scope="module")
def site(demo_lake, site_var):
    with dashboard(demo_lake, site_var,
                   extra_env={"DASHBOARD_METRICS_TOKEN": METRICS_TOKEN, "DASHBOARD_UPLOADS": "1"}) as base:
        yield base


def _signed_in(browser, site, username, tmp_path):
    """A browser signed in as `username`, and the file its cookies were saved to."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    sign_in(page, site, username, DEMO_PASSWORD)
    saved = tmp_path / f"{username}-{time.monotonic_ns()}.json"
    context.storage_state(path=str(saved))
    return context, page, saved


def _open_with(browser, site, saved, path=""):
    """A second browser presenting the saved cookies: what the page draws."""
    context = browser.new_context(locale="zh-CN", storage_state=str(saved))
    page = context.new_page()
    page.goto(f"{site}/{path}", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=90_000)
    page.locator("h1").first.wait_for(timeout=60_000)
    text = page.locator('[data-testid="stMain"]').inner_text()
    return text


def _cookie(saved, name=auth.IDENTITY_COOKIE) -> str:
    return next(c["value"] for c in json.loads(saved.read_text())["cookies"] if c["name"] == name)


def _identity_cookies(context) -> list:
    return [c for c in context.cookies() if c["name"] == auth.IDENTITY_COOKIE]


def _get(url: str, cookie: str | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, headers={**({"Cookie": f"{auth.IDENTITY_COOKIE}={cookie}"} if cookie
                                                      else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_cookie_saved_before_signing_out_signs_nobody_in_from_another_browser(site, browser, tmp_path):
    context, page, saved = _signed_in(browser, site, "xinzhou", tmp_path)
    assert "新洲区" in _open_with(browser, site, saved)  # the saved cookie works while the session lives
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    deadline = time.monotonic() + 30  # the app's own page asks Streamlit to drop the cookie: that is obeyed
    while _identity_cookies(context) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _identity_cookies(context)
    replayed = _open_with(browser, site, saved)
    assert "您已退出登录，请重新登录。" in replayed and "新洲区务工就业" not in replayed
    refused = access_log.read(access_log.LogFilter(username="xinzhou", actions=("refused_sign_in",)))
    assert "会话已结束" in refused["outcome"].iloc[0]


def test_disabling_an_account_ends_its_open_sessions(site, browser, tmp_path):
    context, page, saved = _signed_in(browser, site, "huangpi", tmp_path)
    accounts.set_active("huangpi", False, by="admin")
    try:
        page.reload(wait_until="domcontentloaded")
        page.get_by_text("账号已停用，请重新登录。").wait_for(timeout=60_000)
        assert "账号已停用" in _open_with(browser, site, saved)
    finally:
        accounts.set_active("huangpi", True, by="admin")
    assert "黄陂区务工就业" not in _open_with(browser, site, saved)  # enabling again revives no old session


def test_a_foreign_page_cannot_sign_a_visitor_out(site, browser, tmp_path):
    context, page, saved = _signed_in(browser, site, "leader", tmp_path)
    foreign, ours, streamlits = "http://127.0.0.77/", f"{site}{auth.SIGN_OUT}", f"{site}/auth/logout"
    pages = {  # links, images, frames and scripts (GET); forms and a script posting, with a made-up token or none
        "get": f'<img src="{streamlits}"><img src="{ours}"><iframe src="{streamlits}"></iframe>'
               f'<script>setTimeout(() => location.href = "{streamlits}", 300)</script>',
        "post": f'<iframe name="quiet"></iframe><form id="a" method="post" action="{ours}" target="quiet">'
                f'<input name="token" value="made-up"></form><form id="b" method="post" action="{ours}"></form>'
                f'<script>document.getElementById("a").submit();'
                f'fetch("{ours}", {{method: "POST", mode: "no-cors", credentials: "include"}});'
                f'setTimeout(() => document.getElementById("b").submit(), 300)</script>'}
    context.route(f"{foreign}*", lambda route: route.fulfill(content_type="text/html",
                                                             body=pages[route.request.url.rsplit("/", 1)[1]]))
    for name in pages:
        page.goto(f"{foreign}{name}")
        page.wait_for_url(f"{site}/**", timeout=30_000)  # the link or form is followed, refused, and sent home
        page.wait_for_selector(READY, timeout=90_000)
        page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)
        page.get_by_role("button", name="退出登录").wait_for(timeout=60_000)  # still signed in
    assert _identity_cookies(context)
    # the same POST with the cookie (what a page on the same site could send): no token, no sign-out
    answer = httpx.post(f"{site}{auth.SIGN_OUT}", headers={"Cookie": f"{auth.IDENTITY_COOKIE}={_cookie(saved)}"},
                        data={"token": "made-up"}, follow_redirects=False, timeout=30)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert "数据截至" in _open_with(browser, site, saved)
    refused = access_log.read(access_log.LogFilter(actions=("refused_request",)))
    refused = refused[refused["outcome"].str.contains("不是本看板退出登录按钮提交的")]
    assert "leader" in set(refused["username"])  # the top-level GET carried the cookie
    assert refused["username"].isna().any()  # the foreign posts arrived without it (SameSite=Lax): logged too


def test_files_need_a_live_sign_in(site, browser, tmp_path):
    _, _, neighbour = _signed_in(browser, site, "xinzhou", tmp_path)  # another district's officer, signed in
    context, page, saved = _signed_in(browser, site, "huangpi", tmp_path)
    page.goto(f"{site}/districts", wait_until="domcontentloaded")
    page.wait_for_selector(READY, timeout=90_000)
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="下载 Excel（.xlsx）").click()
    url = download.value.url
    assert "/media/" in url and download.value.failure() is None  # the signed-in owner gets the file
    # (Streamlit drops a file built on click once later runs have finished: each refusal below is framed by the
    # owner's 200, so the file was there when it was refused)
    assert _get(url, _cookie(saved))[0] == 200
    status, body = _get(url, _cookie(neighbour))
    assert status == 403 and "重新下载" in body.decode()  # holding the link is not enough
    status, body = _get(url)
    assert status == 403 and "请先登录" in body.decode()  # the same link without the cookie: refused
    assert _get(url, _cookie(saved) + "x")[0] == 403  # a forged cookie likewise
    assert _get(url, _cookie(saved))[0] == 200
    refused = access_log.read(access_log.LogFilter(username="xinzhou", actions=("refused_request",)))
    assert refused["outcome"].str.contains("他人生成的文件").any()
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    assert _get(url, _cookie(saved))[0] == 403  # and the saved cookie after signing out


def test_uploads_are_refused_before_sign_in(site):
    for method in ("PUT", "DELETE"):
        request = urllib.request.Request(f"{site}/_stcore/upload_file/some-session/some-file", method=method,
                                         data=io.BytesIO(b"x" * 100_000).read() if method == "PUT" else None)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 403


def test_metrics_only_with_the_monitoring_token(site):
    assert _get(f"{site}/_stcore/metrics")[0] == 403
    assert _get(f"{site}/_stcore/metrics", headers={"Authorization": "Bearer wrong"})[0] == 403
    status, body = _get(f"{site}/_stcore/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert status == 200 and body


def test_the_server_reads_streamlits_identity_cookie(site, site_var, browser, tmp_path, monkeypatch):
    """serve.py reads Streamlit's own cookie; if an upgrade changes its name or signing, this fails first."""
    context, _, saved = _signed_in(browser, site, "caidian", tmp_path)
    secret = tomllib.loads((site_var / "secrets.toml").read_text())["auth"]["cookie_secret"]
    monkeypatch.setattr(auth, "_auth_configured", lambda: True)
    monkeypatch.setattr(auth.st, "secrets", {"auth": {"cookie_secret": secret}})
    claims = auth.identity_from_cookie({auth.IDENTITY_COOKIE: _cookie(saved)})
    assert claims["preferred_username"] == "caidian" and claims["iat"] and claims["nonce"]
    assert auth.identity_from_cookie({auth.IDENTITY_COOKIE: _cookie(saved)[:-2] + "xx"}) is None

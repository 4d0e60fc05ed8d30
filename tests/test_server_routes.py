"""serve.py's guards on Streamlit's HTTP routes, in process (Starlette's test client in front of a stand-in for
Streamlit that records what reaches it): 退出登录 only by the app's form POST carrying its session's token, and
`/media` files only for the sign-in that made them (issue 36; the same in Chromium: tests/test_browser_sessions.py).
"""

import ast
import asyncio
import concurrent.futures
import json
from pathlib import Path

import httpx
import pytest
from itsdangerous import URLSafeTimedSerializer
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from streamlit.testing.v1 import AppTest

import serve
from store import access_log, sessions
from testkit.apptest import APP, signed_in
from testkit.streamlit_1_67 import share_server_setup
from ui import auth, downloads

PROJECT = Path(__file__).resolve().parent.parent
SECRET = "a-cookie-secret-for-the-test"
FILE = "/media/0123abcd.xlsx"
EXPORT = b"huangpi's export"


@pytest.fixture
def reached(monkeypatch):
    """A client for serve.py's guards in front of a stand-in Streamlit, and the requests that got through to it."""
    monkeypatch.setattr(auth, "_auth_configured", lambda: True)
    monkeypatch.setattr(auth.st, "secrets", {"auth": {"cookie_secret": SECRET}})
    monkeypatch.setattr(serve, "REFUSALS", serve._Refusals())
    through = []

    async def streamlit(request):
        through.append((request.method, request.url.path))
        if request.url.path == FILE:  # Streamlit's file, whole whatever Range was asked (serve.py drops it)
            return Response(EXPORT if "range" not in request.headers else EXPORT[:4], media_type="application/xlsx")
        if request.url.path.startswith("/media/"):  # a file Streamlit no longer keeps
            return PlainTextResponse("File not found", status_code=404)
        return PlainTextResponse("streamlit")

    app = Starlette(routes=[Route("/{path:path}", streamlit, methods=["GET", "POST", "HEAD"])])
    return _Client(serve.SignedInRoutes(app)), through


class _Client:
    """Requests to an ASGI app in this process (httpx's ASGI transport), one event loop (and thread) per request."""

    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def send():
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                         base_url="http://localhost:8501") as client:
                return await client.request(method, url, **kwargs)
        # a thread of its own: in the full suite Playwright's sync API keeps an event loop running in this one
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, send()).result()

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs) -> httpx.Response:
        return self.request("HEAD", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def _cookie(claims: dict) -> dict:
    """The header carrying Streamlit's identity cookie for `claims`, signed as Streamlit signs it
    (tests/test_browser_sessions.py checks the real one)."""
    signer = URLSafeTimedSerializer(SECRET, salt=auth.IDENTITY_COOKIE)
    return {"Cookie": f"{auth.IDENTITY_COOKIE}={signer.dumps(json.dumps(claims))}"}


def _live(username: str) -> dict:
    claims = signed_in(username)
    assert sessions.check(claims, username) is None
    return claims


def _refused(username: str | None) -> list[str]:
    rows = access_log.read(access_log.LogFilter(actions=("refused_request",), limit=50))
    return [r.outcome for r in rows.itertuples() if r.username == username]


def test_the_sign_out_form_ends_the_session_and_then_streamlit_drops_the_cookie(reached):
    client, through = reached
    claims = _live("huangpi")
    token = auth.sign_out_token(claims)
    answer = client.post(auth.SIGN_OUT, data={"token": token}, headers=_cookie(claims))
    assert through == [("GET", "/auth/logout")]  # Streamlit's own route clears its cookies, reached only so
    assert answer.text == "streamlit"
    assert not sessions.is_live(claims) and sessions.check(claims, "huangpi") == "sign_out"
    row = access_log.read(access_log.LogFilter(username="huangpi", actions=("sign_out",), limit=1))
    assert row["outcome"].iloc[0] == "ok"


@pytest.mark.parametrize("how", ["get_streamlits_route", "get_ours", "post_without_token", "post_made_up_token",
                                 "post_another_sessions_token", "post_token_in_the_query", "post_oversized"])
def test_no_other_request_signs_anyone_out_and_each_is_logged(reached, how):
    client, through = reached
    claims, other = _live("xinzhou"), _live("caidian")
    cookies = _cookie(claims)
    token = auth.sign_out_token(claims)
    answer = {
        "get_streamlits_route": lambda: client.get("/auth/logout", headers=cookies),
        "get_ours": lambda: client.get(auth.SIGN_OUT, params={"token": token}, headers=cookies),
        "post_without_token": lambda: client.post(auth.SIGN_OUT, headers=cookies),
        "post_made_up_token": lambda: client.post(auth.SIGN_OUT, data={"token": "made-up"}, headers=cookies),
        "post_another_sessions_token": lambda: client.post(auth.SIGN_OUT, data={"token": auth.sign_out_token(other)},
                                                           headers=cookies),
        "post_token_in_the_query": lambda: client.post(f"{auth.SIGN_OUT}?token={token}", headers=cookies),
        "post_oversized": lambda: client.post(auth.SIGN_OUT, data={"token": token, "padding": "x" * 5000},
                                              headers=cookies),
    }[how]()
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert through == []  # Streamlit's sign-out route was not reached: its cookie stays
    assert sessions.is_live(claims) and sessions.is_live(other)
    assert any("不是本看板退出登录按钮提交的" in outcome for outcome in _refused("xinzhou"))


def test_a_flood_of_refused_sign_outs_is_one_log_row_per_minute(reached):
    client, _ = reached
    claims = _live("zhurushan")
    before = len(_refused("zhurushan"))
    for _ in range(30):
        client.post(auth.SIGN_OUT, headers=_cookie(claims))
    assert len(_refused("zhurushan")) - before == 1


def test_every_page_draws_the_sign_out_form_with_its_sessions_token(monkeypatch):
    claims = signed_in("huangpi")
    at = share_server_setup(AppTest.from_file(APP, default_timeout=120))
    at.user, at.secrets["auth"] = claims, {"cookie_secret": SECRET}
    at.run()
    forms = [e.value for e in at.sidebar.html if "退出登录" in e.value]
    assert len(forms) == 1 and f'action="{auth.SIGN_OUT}"' in forms[0] and 'method="post"' in forms[0]
    token = forms[0].split('name="token" value="')[1].split('"')[0]
    monkeypatch.setattr(auth.st, "secrets", {"auth": {"cookie_secret": SECRET}})
    assert auth.sign_out_token_holds(token, claims)
    assert not auth.sign_out_token_holds(token, signed_in("huangpi"))  # another sign-in of the same person


def test_a_file_is_served_to_the_sign_in_that_made_it_only(reached):
    client, through = reached
    owner, neighbour = _live("huangpi"), _live("xinzhou")
    downloads._note(sessions.key_of(owner), EXPORT)
    assert client.get(FILE, headers=_cookie(owner)).content == EXPORT
    assert client.get(FILE, headers={**_cookie(owner), "Range": "bytes=0-3"}).content == EXPORT  # whole, checked
    head = client.head(FILE, headers=_cookie(owner))
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(len(EXPORT))
    refused = client.get(FILE, headers=_cookie(neighbour))  # another district's officer holding the link
    assert refused.status_code == 403 and "重新下载" in refused.text and EXPORT not in refused.content
    assert client.head(FILE, headers=_cookie(neighbour)).status_code == 403
    assert client.get(FILE).status_code == 403  # no cookie
    assert client.get(FILE, headers=_cookie(signed_in("huangpi"))).status_code == 403  # a cookie never live
    assert len(through) == 5  # the owner's three and the neighbour's two; the others never reach Streamlit
    assert any("他人生成的文件" in outcome for outcome in _refused("xinzhou"))


def test_identical_bytes_made_by_two_sign_ins_serve_both_and_a_note_expires(monkeypatch):
    first, second = signed_in("leader"), signed_in("admin")
    downloads._note(sessions.key_of(first), b"the city's document")
    assert not downloads.may_fetch(sessions.key_of(second), b"the city's document")
    downloads._note(sessions.key_of(second), b"the city's document")
    assert downloads.may_fetch(sessions.key_of(first), b"the city's document")
    assert downloads.may_fetch(sessions.key_of(second), b"the city's document")
    assert not downloads.may_fetch(sessions.key_of(first), b"the city's document, changed")
    assert not downloads.may_fetch(None, b"the city's document")
    monkeypatch.setattr(downloads, "LIFETIME_SECONDS", -1)
    assert not downloads.may_fetch(sessions.key_of(first), b"the city's document")


def test_every_download_button_hands_its_data_through_owned():
    """A download button whose data is not noted would be refused to everyone (serve.py serves only noted files)."""
    calls = []
    for path in [*PROJECT.glob("ui/**/*.py"), *PROJECT.glob("pages/*.py"), PROJECT / "dashboard.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "download_button":
                data = node.args[1] if len(node.args) > 1 else next(k.value for k in node.keywords if k.arg == "data")
                calls.append((path.name, node.lineno, isinstance(data, ast.Call) and getattr(data.func, "id", "")))
    assert len(calls) >= 8
    assert [c for c in calls if c[2] != "owned"] == []


def test_a_file_streamlit_no_longer_keeps_is_told_in_chinese(reached):
    """The user-side check opened a copied link after its file was dropped and read Streamlit's "File not found"."""
    client, _through = reached
    gone = client.get("/media/ffffffff.xlsx", headers=_cookie(_live("huangpi")))
    assert gone.status_code == 404 and "文件已过期或不存在" in gone.text and "not found" not in gone.text.lower()

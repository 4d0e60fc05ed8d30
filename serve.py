"""The server: `streamlit run serve.py` (what `make run` does) serves the dashboard (dashboard.py) through guards
on Streamlit's HTTP routes (`st.App` middleware, public API): page paths that would load a blank page, uploads on a
server that offers no import page, uploads for signed-in visitors only, files only for the sign-in that made
them, sign-out only by the app's own form (POST with a token), and Streamlit's metrics for the monitoring host
only."""

import hmac
import os
import threading
import time
from urllib.parse import quote

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse, RedirectResponse

from store import access_log, sessions
from ui import downloads
from ui.auth import SIGN_OUT, USERNAME_CLAIM, end_session, identity_from_cookie, sign_out_token_holds
from ui.navigation import uploads_enabled

# Streamlit's own routes and static files: never redirected
RESERVED = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/auth/", "/oauth2callback",
            "/favicon.png", "/manifest.json", "/index.html")
UPLOADS = "/_stcore/upload_file/"


def _is_page_request(scope) -> bool:
    """A browser opening a page (a navigation asks for HTML). Streamlit's frontend also probes
    `<page path>/_stcore/health` to find the server's base path; those requests ask for anything and must get
    Streamlit's own answer (404), or the frontend would take the page's path for the base path."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return b"text/html" in accept


class PagePaths:
    """A page request for a nested path (`/districts/extra`, `/pages/data_import`) or one starting with `//` is
    redirected to the page named by its first segment, where the router serves that page, or its page-not-found
    and the default page; the query string is kept.

    Streamlit answers an unknown path with its index.html, whose scripts are addressed relative to the path: under
    a nested path they resolve to more index.html and the page stays blank. A path starting with `//` it refuses
    with a bare "Bad Request".
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if _is_page_request(scope) and not path.startswith(RESERVED):
            segments = [s for s in path.split("/") if s]
            if len(segments) > 1 or path.startswith("//"):
                query = scope.get("query_string", b"").decode("latin-1")
                target = "/" + quote(segments[0], safe="") if segments else "/"
                await RedirectResponse(target + (f"?{query}" if query else ""), status_code=302)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class AdminUploads:
    """Streamlit's upload endpoint takes a file from any open session, whichever page it shows and whoever signed
    in; a server that does not take imports (DASHBOARD_UPLOADS unset: the public dashboard) refuses every upload, so
    no visitor can park files in its memory. On a server that takes them (`make run`, or an internal
    administrators' instance) the size is capped by server.maxUploadSize (.streamlit/config.toml) and the import
    page itself is for signed-in administrators only."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if (scope["type"] == "http" and scope["method"] == "PUT" and scope.get("path", "").startswith(UPLOADS)
                and not uploads_enabled()):
            await PlainTextResponse("uploads are not accepted on this server", status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


# Routes that hand out or take in files: only for a visitor whose sign-in is live in the session table.
SIGNED_IN_ONLY = ("/media/", UPLOADS)
MEDIA = "/media/"
# Streamlit's own sign-out route drops the identity cookie for any request; here only sign_out reaches it.
STREAMLIT_SIGN_OUT = "/auth/logout"
METRICS = "/_stcore/metrics"
# A sign-out form carries a token and a few bytes; anything longer is not one.
SIGN_OUT_MAX_BYTES = 4096


def _metrics_allowed(connection: HTTPConnection) -> bool:
    # The monitoring host presents DASHBOARD_METRICS_TOKEN as a bearer token (the proxy adds it, docs/deploy.md);
    # without the setting nobody reads the metrics.
    expected = os.environ.get("DASHBOARD_METRICS_TOKEN", "")
    given = connection.headers.get("authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


class _Refusals:
    """Refused requests worth an access-log row (a sign-out not sent by the app's own form, a file fetched by
    someone who did not make it), written at most once per person, kind and minute: a page that fires them in a
    loop cannot flood the log."""

    def __init__(self) -> None:
        self._written: set[tuple] = set()
        self._lock = threading.Lock()

    def record(self, username: str | None, kind: str, connection: HTTPConnection, outcome: str) -> None:
        minute = int(time.time() // 60)
        with self._lock:
            if (username, kind, minute) in self._written:
                return
            self._written = {k for k in self._written if k[2] >= minute - 1} | {(username, kind, minute)}
        access_log.record(username, "refused_request", page=connection.url.path[:200], outcome=outcome,
                          parameters={"method": connection.scope.get("method", ""),
                                      "origin": connection.headers.get("origin", "")[:200],
                                      "from": connection.headers.get("referer", "")[:200]})


REFUSALS = _Refusals()


async def _empty_body():
    return {"type": "http.request", "body": b"", "more_body": False}


class SignedInRoutes:
    """Streamlit serves `/media/<id>` (evidence files, exports, documents) to anyone holding the link, takes uploads
    from any open websocket session — signed in or not — answers `/_stcore/metrics` to anyone, and its sign-out
    route clears the identity cookie for any page that links to it. Here:

    - uploads need an identity cookie whose session is live (store/sessions.py); files need that too, and the
      session must be the one that made the file (ui/downloads.py): a link copied to another signed-in person, or
      fetched without a cookie, gets 403;
    - signing out is a form POST to /auth/sign-out carrying the session's sign-out token (ui/auth.py, itsdangerous
      signed with the cookie secret): the session ends on the server, then Streamlit's own route drops the cookie.
      A GET, or a POST without the token (a foreign page, a link, an image), signs nobody out, is logged, and is
      sent to the home page; Streamlit's /auth/logout is never reached from outside;
    - metrics only with the monitoring token."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection, path = HTTPConnection(scope), scope.get("path", "")
        refusal = None
        if path.startswith(METRICS) and not _metrics_allowed(connection):
            refusal = PlainTextResponse("forbidden", status_code=403)
        elif path.startswith(SIGNED_IN_ONLY):
            claims = identity_from_cookie(connection.cookies)
            if not claims or not await run_in_threadpool(sessions.is_live, claims):
                refusal = PlainTextResponse("请先登录", status_code=403)
            elif path.startswith(MEDIA):
                await self._made_by(claims, connection, scope, receive, send)
                return
        elif path in (SIGN_OUT, STREAMLIT_SIGN_OUT):
            await self._sign_out(connection, scope, receive, send)
            return
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _made_by(self, claims: dict, connection: HTTPConnection, scope, receive, send) -> None:
        """Streamlit's answer for a `/media` file, passed on only if this sign-in made exactly those bytes. It is
        asked for the whole file, uncompressed (no Range, no Accept-Encoding: the bytes are what was noted); a HEAD
        gets the headers of that answer."""
        asked = {**scope, "method": "GET", "headers": [(k, v) for k, v in scope["headers"]
                                                      if k.lower() not in (b"range", b"accept-encoding")]}
        start, body = {}, []

        async def keep(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))

        await self.app(asked, receive, keep)
        content = b"".join(body)
        if start.get("status") == 200 and not await run_in_threadpool(downloads.may_fetch, sessions.key_of(claims),
                                                                      content):
            await run_in_threadpool(REFUSALS.record, claims.get(USERNAME_CLAIM), "media", connection,
                                    "拒绝下载他人生成的文件（链接来自其他登录会话）")
            await PlainTextResponse("此文件不是您本次登录生成的，请在看板页面上重新下载。", status_code=403)(
                scope, receive, send)
            return
        if start.get("status") == 404:  # Streamlit keeps a file only while its page needs it; its answer is English
            gone = PlainTextResponse("文件已过期或不存在，请在看板页面上重新下载。", status_code=404)
            await gone(scope, receive, send)
            return
        await send(start)
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else content})

    async def _sign_out(self, connection: HTTPConnection, scope, receive, send) -> None:
        claims = identity_from_cookie(connection.cookies)
        token, length = None, connection.headers.get("content-length", "")
        if (scope["method"] == "POST" and scope.get("path") == SIGN_OUT and length.isdigit()
                and int(length) <= SIGN_OUT_MAX_BYTES):
            try:
                token = (await Request(scope, receive).form(max_files=0, max_fields=4)).get("token")
            except (MultiPartException, ValueError):
                token = None
        if claims and isinstance(token, str) and sign_out_token_holds(token, claims):
            await run_in_threadpool(end_session, claims)
            # Streamlit's own route drops its identity and token cookies (and their chunks) and sends the browser
            # home; reached only from here.
            await self.app({**scope, "method": "GET", "path": STREAMLIT_SIGN_OUT,
                            "raw_path": STREAMLIT_SIGN_OUT.encode(), "query_string": b""}, _empty_body, send)
            return
        await run_in_threadpool(REFUSALS.record, claims.get(USERNAME_CLAIM) if claims else None, "sign_out",
                                connection, "拒绝退出登录请求：不是本看板退出登录按钮提交的（来自其他网站或缺少令牌），"
                                "未退出任何人")
        await RedirectResponse("/", status_code=303)(scope, receive, send)


app = st.App("dashboard.py", middleware=[Middleware(SignedInRoutes), Middleware(AdminUploads), Middleware(PagePaths)])

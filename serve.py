"""The server: `streamlit run serve.py` (what `make run` does) serves the dashboard (dashboard.py) through guards
on Streamlit's HTTP routes (`st.App` middleware, public API): page paths that would load a blank page, uploads on a
server that offers no import page, files and uploads for signed-in visitors only, sign-out only from the app's own
page, and Streamlit's metrics for the monitoring host only."""

import hmac
import os
from urllib.parse import quote

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, RedirectResponse

from store import access_log, sessions
from ui.auth import USERNAME_CLAIM, identity_from_cookie
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
SIGN_OUT = "/auth/logout"
METRICS = "/_stcore/metrics"


def _metrics_allowed(connection: HTTPConnection) -> bool:
    # The monitoring host presents DASHBOARD_METRICS_TOKEN as a bearer token (the proxy adds it, docs/deploy.md);
    # without the setting nobody reads the metrics.
    expected = os.environ.get("DASHBOARD_METRICS_TOKEN", "")
    given = connection.headers.get("authorization", "")
    return bool(expected) and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


class SignedInRoutes:
    """Streamlit serves `/media/<id>` (evidence files, exports, images) to anyone holding the link, takes uploads
    from any open websocket session — signed in or not — and answers `/_stcore/metrics` to anyone; its sign-out
    route clears the identity cookie for any page that links to it. Here:

    - files and uploads need an identity cookie whose session is live (store/sessions.py): a link copied out of a
      session, or a visitor who has not signed in, gets 403;
    - `/auth/logout` is obeyed only when the app's own page navigates there (the browser's Sec-Fetch-Site header
      says same-origin; a page cannot forge it). Signing out happens in the app (the 退出登录 button, a message on
      Streamlit's websocket with its XSRF token), which ends the session on the server before Streamlit navigates
      here to drop the cookie; a foreign page's link is refused, logged, and sent to the home page;
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
        elif path == SIGN_OUT and connection.headers.get("sec-fetch-site") != "same-origin":
            claims = identity_from_cookie(connection.cookies)
            if claims:
                await run_in_threadpool(access_log.record, claims.get(USERNAME_CLAIM), "refused_request", page=path,
                                        parameters={"from": connection.headers.get("referer", "")[:200]},
                                        outcome="拒绝来自其他网站的退出登录请求")
            refusal = RedirectResponse("/", status_code=303)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


app = st.App("dashboard.py", middleware=[Middleware(SignedInRoutes), Middleware(AdminUploads), Middleware(PagePaths)])

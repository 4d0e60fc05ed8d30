"""The server: `streamlit run serve.py` (what `make run` does) serves the dashboard (dashboard.py) through two
guards on Streamlit's HTTP routes (`st.App` middleware, public API): page paths that would load a blank page, and
uploads on a server that offers no import page."""

from urllib.parse import quote

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, RedirectResponse

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


app = st.App("dashboard.py", middleware=[Middleware(AdminUploads), Middleware(PagePaths)])

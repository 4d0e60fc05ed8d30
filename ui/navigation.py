"""The router: the app's pages with their titles and icons, who may open them, and the menu a visitor sees.

`route()` serves every request; `ensure_routed()`, called first by every page (through `ui.shell`), sends a page
that Streamlit started on its own through `route()` instead. Public Streamlit API only.
"""

import os
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st

from queries.engine import QueryError
from ui.safe import plain


@dataclass(frozen=True)
class PageEntry:
    file: str  # relative to dashboard.py, e.g. "pages/overview.py"; its stem is the URL path
    title: str
    icon: str
    admin_only: bool = False


# The first entry is the default page (the root URL). The import page is for administrators only; until login
# arrives (DESIGN §9) it is switched on by the server's environment (DASHBOARD_ADMIN=1), off by default.
PAGES = (
    PageEntry("pages/overview.py", "首页", ":material/home:"),
    PageEntry("pages/employment.py", "就业规模稳定", ":material/trending_up:"),
    PageEntry("pages/districts.py", "区域对比", ":material/map:"),
    PageEntry("pages/brands.py", "劳务品牌", ":material/sell:"),
    PageEntry("pages/model_towns.py", "示范乡镇", ":material/workspace_premium:"),
    PageEntry("pages/welfare_posts.py", "公益性岗位", ":material/volunteer_activism:"),
    PageEntry("pages/subsidies.py", "政策落实", ":material/payments:"),
    PageEntry("pages/data_quality.py", "数据质量", ":material/fact_check:"),
    PageEntry("pages/data_import.py", "数据导入", ":material/upload_file:", admin_only=True),
)

_routed: ContextVar[bool] = ContextVar("routed", default=False)


def is_admin() -> bool:
    return os.environ.get("DASHBOARD_ADMIN") == "1"


def offered_pages() -> list[PageEntry]:
    """The pages this server offers: every page for an administrator, the others without the admin-only ones."""
    return [p for p in PAGES if is_admin() or not p.admin_only]


def route() -> None:
    """Serve the request: page settings, the requested page if it is offered (else the default page), the menu in
    the sidebar, then the page itself; a question that fails shows its Chinese message in place of the page."""
    st.set_page_config(page_title="武汉市就业帮扶看板", page_icon="🤝", layout="wide")
    pages = [st.Page(p.file, title=p.title, icon=p.icon, default=i == 0) for i, p in enumerate(offered_pages())]
    # Hidden: the menu is drawn below instead. Streamlit's own sidebar menu is switched off in
    # .streamlit/config.toml (client.showSidebarNavigation) because, on a fresh process, its pages-folder mode would
    # first show it with the files of pages/ as entries, the admin page's among them.
    page = st.navigation(pages, position="hidden")
    with st.sidebar:
        for entry in pages:
            st.page_link(entry)
    token = _routed.set(True)
    try:
        page.run()
    except QueryError as exc:
        st.error(plain(exc), icon=":material/error:")
    finally:
        _routed.reset(token)


def ensure_routed() -> None:
    """Make sure the router is serving this page; if Streamlit ran the page itself, serve the request through
    `route()` now and end this run.

    With `pages/` beside `dashboard.py`, a fresh Streamlit process runs in its pages-folder mode until
    `st.navigation` has been called once: a first request to `/employment` or `/data_import` runs that file
    directly, without the router's page settings or its admin check. Serving it here, in the same run, keeps
    whatever the request carried (query parameters, a button click); the router then offers 数据导入 only to an
    administrator and answers anyone else with the default page.
    """
    if not _routed.get():
        route()
        st.stop()

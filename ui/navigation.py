"""The router: the app's pages with their titles and icons, which roles may open them, and the menu a visitor sees.

`route()` serves every request: it signs the visitor in (`ui.auth`), offers only the pages of their role, and runs
the page with their scope set for the query gate. `ensure_routed()`, called first by every page (through
`ui.shell`), sends a page that Streamlit started on its own through `route()` instead. Public Streamlit API only.
"""

import os
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from lake import roles
from queries.engine import QueryError, acting_for
from store import access_log
from store.accounts import User
from ui import auth, watermark
from ui.safe import plain

EVERYONE = roles.DISTRICT_GRAIN
ADMINS = tuple(r for r in roles.CODES if roles.administers(r))


@dataclass(frozen=True)
class PageEntry:
    file: str  # relative to dashboard.py, e.g. "pages/overview.py"; its stem is the URL path
    title: str
    icon: str
    roles: tuple = EVERYONE  # who is offered the page (docs/security.md); an admin is offered every page

    @property
    def admin_only(self) -> bool:
        return self.roles == ADMINS


# The first page a role may open is its default page (the root URL). A town clerk sees only their town's scorecard:
# every other page answers at district grain, which the gate refuses to a town account.
PAGES = (
    PageEntry("pages/overview.py", "首页", ":material/home:"),
    PageEntry("pages/employment.py", "就业规模稳定", ":material/trending_up:"),
    PageEntry("pages/districts.py", "区域对比", ":material/map:"),
    PageEntry("pages/brands.py", "劳务品牌", ":material/sell:"),
    PageEntry("pages/measures.py", "帮扶举措", ":material/checklist:"),
    PageEntry("pages/model_towns.py", "示范乡镇", ":material/workspace_premium:", roles=(*EVERYONE, roles.TOWN)),
    PageEntry("pages/selection.py", "示范乡镇推选", ":material/how_to_vote:", roles=(*EVERYONE, roles.TOWN)),
    PageEntry("pages/welfare_posts.py", "公益性岗位", ":material/volunteer_activism:"),
    PageEntry("pages/subsidies.py", "政策落实", ":material/payments:"),
    PageEntry("pages/data_quality.py", "数据质量", ":material/fact_check:"),
    PageEntry("pages/data_import.py", "数据导入", ":material/upload_file:", roles=ADMINS),
    PageEntry("pages/accounts.py", "账号管理", ":material/manage_accounts:", roles=ADMINS),
    PageEntry("pages/access_log.py", "访问日志", ":material/history:", roles=ADMINS),
)

_routed: ContextVar[bool] = ContextVar("routed", default=False)
_user: ContextVar[User | None] = ContextVar("user", default=None)


def page_title(stem):
    """A page's menu title from its URL path ('welfare_posts' -> 公益性岗位; '' the default page); else as logged."""
    if not isinstance(stem, str):
        return stem
    return next((p.title for p in PAGES if Path(p.file).stem == stem or (not stem and p is PAGES[0])), stem)


def offered_pages(user: User) -> list[PageEntry]:
    """The pages this account is offered: every page for an administrator, else those listing its role."""
    return [p for p in PAGES if roles.administers(user.role) or user.role in p.roles]


def uploads_enabled() -> bool:
    """Whether this server takes file uploads (DASHBOARD_UPLOADS=1): the import page's uploader and serve.py's
    upload endpoint follow it, so a public dashboard can run without them (docs/security.md)."""
    return os.environ.get("DASHBOARD_UPLOADS") == "1"


def current_user() -> User:
    """The account the router is serving this run for (pages and exports stamp it)."""
    user = _user.get()
    if user is None:
        raise RuntimeError("no page is being served")  # only the router runs pages, after signing in
    return user


def require_admin() -> User:
    """For an administrators' page: the account if it is an administrator; anyone else is refused, logged, and
    the run stops (the router does not offer the page to them; this checks again)."""
    user = current_user()
    if not roles.administers(user.role):
        access_log.record(user.username, "refused_page", page=st.session_state.get("_page"), outcome="非管理员")
        st.error("此页面仅限系统管理员。", icon=":material/block:")
        st.stop()
    return user


def _log_page_view(user: User, url_path: str) -> None:
    parameters = {k: st.query_params.get_all(k) for k in st.query_params}
    seen = (url_path, repr(sorted(parameters.items())))
    if st.session_state.get("_page_view") != seen:  # reruns for widget moves on the same view are not views
        st.session_state["_page_view"] = seen
        access_log.record(user.username, "page_view", page=url_path or "overview", parameters=parameters,
                          scope=auth.scope_label(user))


def route() -> None:
    """Serve the request: page settings, sign-in, the requested page if the account's role is offered it (else its
    default page), the menu and the account in the sidebar, the watermark, then the page within the account's
    scope; a question that fails shows its Chinese message in place of the page."""
    st.set_page_config(page_title="武汉市就业帮扶看板", page_icon="🤝", layout="wide")
    user = auth.signed_in_user()
    pages = [st.Page(p.file, title=p.title, icon=p.icon, default=i == 0)
             for i, p in enumerate(offered_pages(user))]
    # Hidden: the menu is drawn below instead. Streamlit's own sidebar menu is switched off in
    # .streamlit/config.toml (client.showSidebarNavigation) because, on a fresh process, its pages-folder mode would
    # first show it with the files of pages/ as entries, the admin pages among them.
    page = st.navigation(pages, position="hidden")
    with st.sidebar:
        for entry in pages:
            st.page_link(entry)
        st.divider()
        auth.sign_out_button(user)
    watermark.on_screen(user)
    st.session_state["_page"] = page.url_path or "overview"
    _log_page_view(user, page.url_path)
    routed, signed_in = _routed.set(True), _user.set(user)
    try:
        with acting_for(auth.scope_of(user)):
            page.run()
    except QueryError as exc:
        st.error(plain(exc), icon=":material/error:")
    finally:
        _routed.reset(routed)
        _user.reset(signed_in)


def ensure_routed() -> None:
    """Make sure the router is serving this page; if Streamlit ran the page itself, serve the request through
    `route()` now and end this run.

    With `pages/` beside `dashboard.py`, a fresh Streamlit process runs in its pages-folder mode until
    `st.navigation` has been called once: a first request to `/employment` or `/data_import` runs that file
    directly, without the router's sign-in, role check or scope. Serving it here, in the same run, keeps whatever
    the request carried (query parameters, a button click); the router then offers 数据导入 only to an
    administrator and answers anyone else with their default page.
    """
    if not _routed.get():
        route()
        st.stop()

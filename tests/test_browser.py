"""A real browser (Debian's Chromium, headless, driven by Playwright) signs in through the bundled sign-in service
and opens every page at desk and phone width.

Fails on any exception box, a missing 数据截至 badge, or any request that leaves this machine (maps and fonts
must work offline). Set SCREENSHOT_DIR to keep a screenshot of each page.
"""

import json
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from store import accounts
from testkit.apptest import page_files
from testkit.servers import dashboard, sign_in
from ui.navigation import PAGES

VIEWPORTS = {"desk": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}

sync_api = pytest.importorskip("playwright.sync_api")


def _pages() -> list[str]:
    """URL paths of every page the router lists (the default page, listed first, is the root)."""
    return [""] + [Path(f).stem for f in page_files()[1:]]


@contextmanager
def _serve(lake: Path, var_dir: Path):
    """A fresh sign-in service and Streamlit server on the lake; yields the dashboard's base URL."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with dashboard(lake, var_dir) as base:
        yield base


# Drawn: every chart has its SVG and every map its canvas (plotly draws after the script has finished).
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c =>
  c.querySelector('.main-svg') && (!c.querySelector('.maplibregl-map') || c.querySelector('.maplibregl-canvas')))"""


def _open(browser, url: str, viewport: dict, init_script: str | None = None, state: str | None = None,
          badge: bool = True):
    """Open `url` (after installing `init_script`, if any; signed in with the browser `state`, if any), record
    every request to another host, wait until the script has finished (and the 数据截至 badge is drawn)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN", storage_state=state)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    outside = []

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    if badge:
        page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)  # the map's style, tiles and fonts asked for
    return context, page, outside


@pytest.mark.parametrize("path", _pages())
def test_every_page_renders_offline_without_errors(server, browser, states, path):
    """Each page opened once at desk width and then narrowed to a phone's: at each width, no exception box, the
    badge, nothing fetched from another host, no sideways scrolling (the layout and charts follow the window, as a
    phone turned or a window narrowed; no new run of the script)."""
    admin_paths = {Path(p.file).stem for p in PAGES if p.admin_only}
    state = states["admin" if path in admin_paths else "leader"]
    context, page, outside = _open(browser, f"{server}/{path}", VIEWPORTS["desk"], state=state)
    try:
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.wait_for_function(f"() => document.documentElement.clientWidth === {size['width']}")
            page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
            page.wait_for_load_state("networkidle", timeout=60_000)
            try:  # charts follow the new width a moment after the window changed
                page.wait_for_function(f"() => document.documentElement.scrollWidth <= {size['width'] + 1}",
                                       timeout=10_000)
            except sync_api.TimeoutError:
                pass  # measured and reported below
            assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
                '[data-testid="stException"]').first.inner_text()
            assert page.get_by_text("数据截至").count() >= 1
            assert not outside, f"requests left the machine: {outside}"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"] + 1, f"page scrolls sideways at {viewport} width ({width}px)"
            shots = os.environ.get("SCREENSHOT_DIR")
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=f"{shots}/{path or 'overview'}-{viewport}.png", full_page=True)
    finally:
        context.close()


def test_a_copied_link_reproduces_the_view(server, browser, states):
    url = f"{server}/?month={quote('2025年06月')}&district={quote('黄陂区')}"
    context, page, outside = _open(browser, url, VIEWPORTS["desk"], state=states["leader"])
    try:
        page.get_by_text("6月黄陂区务工就业", exact=False).first.wait_for(timeout=30_000)
        assert not outside
    finally:
        context.close()


def test_a_copied_link_opens_the_same_tab(server, browser, states):
    context, page, outside = _open(browser, f"{server}/subsidies?tab={quote('规则核查')}", VIEWPORTS["desk"],
                                   state=states["leader"])
    try:
        page.get_by_text("各规则核查结果").first.wait_for(timeout=30_000)
        assert page.get_by_text("各补贴类型、各区发放情况").count() == 0  # only the open tab is drawn
        page.get_by_role("tab", name="补贴发放").click()
        page.get_by_text("各补贴类型、各区发放情况").first.wait_for(timeout=30_000)
        assert "tab=" not in page.url  # the first tab is the default: the link needs no parameter
        assert not outside
    finally:
        context.close()


# Installed before the app's first byte: on every change to the page it records the sidebar's text, every link (its
# target and text, so Streamlit's own menus count wherever they are drawn), the headings, and whether 数据导入 is
# written anywhere; a menu shown only between two runs of the script is caught too.
RECORD_WHAT_A_VISITOR_SEES = """
window.__seen = [];
new MutationObserver(() => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const state = JSON.stringify({
    sidebar: sidebar ? sidebar.textContent : "",
    links: [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href") + " " + a.textContent),
    headings: [...document.querySelectorAll("h1")].map(h => h.textContent),
    import_page_named: document.body ? document.body.textContent.includes("数据导入") : false,
  });
  if (window.__seen[window.__seen.length - 1] !== state) window.__seen.push(state);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
FILE_NAMES = ("dashboard", "data import", "data_import", "data quality", "model towns", "welfare posts",
              "access log", "access_log")
MENU_TITLES = [p.title for p in PAGES if not p.admin_only]
ADMIN_TITLES = [p.title for p in PAGES if p.admin_only]
# What a fresh server's first requests show before anyone has signed in: the sign-in screen, nothing else.
FIRST_REQUESTS = {
    "root": "",
    "deep_link": f"employment?month={quote('2026年01月')}&district={quote('黄陂区')}",
    "import_page": "data_import",
}


def _assert_no_page_list_was_ever_shown(page) -> list[dict]:
    seen = [json.loads(state) for state in page.evaluate("window.__seen")]
    assert seen, "nothing was recorded from the first paint on"
    for state in seen:
        menus = (state["sidebar"] + " ".join(state["links"])).lower()
        assert not [name for name in FILE_NAMES if name in menus], state
        assert not state["import_page_named"] and "数据导入" not in state["headings"], state
    return seen


@pytest.mark.parametrize("case", list(FIRST_REQUESTS))
def test_the_first_request_to_a_fresh_server_shows_only_the_sign_in_screen(demo_lake, browser, tmp_path, case):
    with _serve(demo_lake, tmp_path / "var") as base:
        context, page, outside = _open(browser, f"{base}/{FIRST_REQUESTS[case]}", VIEWPORTS["desk"],
                                       init_script=RECORD_WHAT_A_VISITOR_SEES, badge=False)
        try:
            assert page.locator("h1").first.inner_text() == "武汉市就业帮扶看板"
            page.get_by_role("button", name="登录").wait_for(timeout=30_000)  # on a loaded machine it follows the title
            assert page.get_by_role("button", name="登录").count() == 1
            assert page.locator('[data-testid="stPageLink-NavLink"]').count() == 0
            assert page.get_by_text("数据截至").count() == 0
            _assert_no_page_list_was_ever_shown(page)
            assert not outside
        finally:
            context.close()


def test_the_first_sign_in_on_a_fresh_server_shows_the_routers_menu(demo_lake, browser, tmp_path):
    with _serve(demo_lake, tmp_path / "var") as base:
        context = browser.new_context(viewport=VIEWPORTS["desk"], locale="zh-CN")
        context.add_init_script(RECORD_WHAT_A_VISITOR_SEES)
        page = context.new_page()
        try:
            sign_in(page, base, "leader", accounts.DEMO_PASSWORD)
            page.get_by_text("数据截至", exact=False).first.wait_for(timeout=30_000)
            assert page.locator("h1").first.inner_text() == "就业帮扶总览"
            menu = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
            assert [menu.nth(i).inner_text().split("\n")[-1] for i in range(menu.count())] == MENU_TITLES
            seen = _assert_no_page_list_was_ever_shown(page)
            assert all(t in seen[-1]["sidebar"] for t in MENU_TITLES)
            page.goto(f"{base}/{FIRST_REQUESTS['deep_link']}")
            page.get_by_text("1月黄陂区务工就业", exact=False).first.wait_for(timeout=30_000)
            page.goto(f"{base}/data_import")
            page.get_by_text("数据截至", exact=False).first.wait_for(timeout=30_000)
            assert page.locator("h1").first.inner_text() == "就业帮扶总览"
            assert page.get_by_text("数据导入", exact=True).count() == 0
        finally:
            context.close()

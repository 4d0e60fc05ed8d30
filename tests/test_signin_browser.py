"""Chromium signs in through the bundled sign-in service as each demo account, on one warm server, and sees its own
menu, figures and scope; the access log records it (docs/security.md)."""

import time

import pytest

from store import access_log
from store.accounts import DEMO_PASSWORD
from testkit.servers import sign_in
from ui.navigation import PAGES

MENU = [p.title for p in PAGES if not p.admin_only]
EXPECTED = {  # sign-in name: (menu, first heading, words in the subheader)
    "leader": (MENU, "就业帮扶总览", "10月全市务工就业"),
    "huangpi": (MENU, "就业帮扶总览", "10月黄陂区务工就业"),
    "xinzhou": (MENU, "就业帮扶总览", "10月新洲区务工就业"),
    "zhurushan": (["示范乡镇", "示范乡镇推选"], "示范乡镇", "侏儒山街道"),
    "admin": ([p.title for p in PAGES], "就业帮扶总览", "10月全市务工就业"),
}

@pytest.fixture(scope="module")
def site(server):
    """The session's warm demo-lake server (conftest.server)."""
    return server


@pytest.fixture(scope="module")
def people(site, browser):
    """A signed-in browser page per demo account (signed in once, in this order, on the same warm server)."""
    pages = {}
    for username in EXPECTED:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        sign_in(page, site, username, DEMO_PASSWORD)
        pages[username] = page
    # left open: the session's Chromium closes them at the end (closing them one by one here hung once on a loaded
    # machine, after 退出登录)
    return pages


def _goto(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)


def _menu(page) -> list[str]:
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    links.first.wait_for(timeout=30_000)  # on a busy machine the sidebar may follow the main area
    return [links.nth(i).inner_text().split("\n")[-1] for i in range(links.count())]


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _log(username: str, action: str):
    return access_log.read(access_log.LogFilter(username=username, actions=(action,)))


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_role_signs_in_and_sees_its_menu_and_figures(site, people, username):
    menu, heading, words = EXPECTED[username]
    page = people[username]
    _goto(page, f"{site}/")
    assert _menu(page) == menu
    assert page.locator("h1").first.inner_text() == heading
    page.get_by_text(words, exact=False).first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("button", name="退出登录").count() == 1
    assert username in page.locator('[data-testid="stApp"]').evaluate(
        "e => getComputedStyle(e, '::after').backgroundImage")  # the on-screen watermark names the person
    assert len(_log(username, "provider_sign_in")) >= 1 and len(_log(username, "sign_in")) >= 1


def test_city_then_district_on_a_warm_server_each_get_their_own_answer(site, people):
    _goto(people["leader"], f"{site}/employment")
    city = _main(people["leader"])
    _goto(people["huangpi"], f"{site}/employment")
    huangpi = _main(people["huangpi"])
    assert "月全市务工就业" in city and "月黄陂区务工就业" in huangpi
    assert "月全市" not in huangpi


def test_the_access_log_holds_what_happened_and_sign_out_is_logged(site, people):
    # the test walks its own pages: under pytest-xdist the tests before it may run in another worker
    for path in ("/", "/employment", "/districts"):
        _goto(people["huangpi"], f"{site}{path}")
    views = _log("huangpi", "page_view")
    assert {"overview", "employment", "districts"} <= set(views["page"])
    page = people["xinzhou"]
    _goto(page, f"{site}/")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=30_000)
    # the server writes the row in the run the click starts; on a loaded machine the page can redraw first
    deadline = time.monotonic() + 15
    while _log("xinzhou", "sign_out").empty and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_log("xinzhou", "sign_out")) >= 1

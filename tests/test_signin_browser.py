"""Chromium signs in through the bundled sign-in service as each demo account, on one warm server, and sees its own
menu, figures and scope; the access log records it (docs/security.md)."""

import io
import json
import time
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from store import access_log
from store.accounts import DEMO_PASSWORD
from testkit.servers import dashboard, sign_in
from tests.test_browser import browser  # noqa: F401  (fixture: Debian's Chromium)
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
def site(demo_lake, tmp_path_factory):
    with dashboard(demo_lake, tmp_path_factory.mktemp("var")) as base:
        yield base


@pytest.fixture(scope="module")
def people(site, browser):  # noqa: F811
    """A signed-in browser page per demo account (signed in once, in this order, on the same warm server)."""
    pages = {}
    for username in EXPECTED:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
        page = context.new_page()
        sign_in(page, site, username, DEMO_PASSWORD)
        pages[username] = page
    yield pages
    for page in pages.values():
        page.context.close()


def _goto(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)


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


def test_a_district_officers_link_to_another_district_gets_a_notice_and_their_own(site, people):
    page = people["huangpi"]
    _goto(page, f"{site}/?district={quote('新洲区')}")
    text = _main(page)
    assert "“新洲区”不在您的查看范围内" in text and "10月黄陂区务工就业" in text and "新洲区务工就业" not in text
    refused = _log("huangpi", "refused_scope")
    assert json.loads(refused["parameters"].iloc[0]) == {"district": ["新洲区"]}


def test_a_town_clerk_cannot_reach_another_towns_scorecard(site, people):
    page = people["zhurushan"]
    for path in ("model_towns", f"model_towns?district={quote('黄陂区')}", "districts", "employment"):
        _goto(page, f"{site}/{path}")
        assert page.locator("h1").first.inner_text() == "示范乡镇"
        text = _main(page)
        assert "侏儒山街道" in text and "奓山街道" not in text and "前川街道" not in text
        assert ("不在您的查看范围内" in text) == ("district=" in path)


def test_only_admins_see_the_import_accounts_and_log_pages(site, people):
    for username in ("leader", "huangpi"):
        for path in ("data_import", "accounts", "access_log"):
            _goto(people[username], f"{site}/{path}")
            assert people[username].locator("h1").first.inner_text() == "就业帮扶总览"
            assert "数据导入" not in _menu(people[username]) and "访问日志" not in _menu(people[username])
    admin = people["admin"]
    for path, title in (("data_import", "数据导入"), ("accounts", "账号管理"), ("access_log", "访问日志")):
        _goto(admin, f"{site}/{path}")
        assert admin.locator("h1").first.inner_text() == title


def test_a_district_officers_export_holds_their_district_and_the_watermark(site, people):
    page = people["huangpi"]
    _goto(page, f"{site}/districts")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="下载 Excel（.xlsx）").click()
    assert "_huangpi_" in download.value.suggested_filename
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = {row[0].value for row in book.worksheets[0].iter_rows(min_row=6) if row[0].value}
    assert "黄陂区" in names and not {"新洲区", "江岸区", "蔡甸区"} & names
    assert "黄陂区专员（演示）" in book.worksheets[0].oddHeader.right.text
    assert _log("huangpi", "export")["scope"].iloc[0] == "黄陂区"


def test_the_access_log_holds_what_happened_and_sign_out_is_logged(site, people):
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

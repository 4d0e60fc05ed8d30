"""Issue 21 in a real browser (Debian's Chromium via Playwright, fresh `streamlit run serve.py` servers on loopback):
Markdown, HTML and Streamlit directives fed through every URL parameter and through the importer's messages show as
plain text; nested and double-slash paths get a page; the import page never reaches a non-administrator, also when
another session's first request races it; a server without the import page refuses uploads.

127.0.0.77 stands for the outside site: every request not to the server itself is recorded and blocked.
"""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest

from store import accounts
from testkit.servers import dashboard, sign_in
from tests import import_files as f
from tests.test_browser import RECORD_WHAT_A_VISITOR_SEES, VIEWPORTS, _open
from tests.test_import_browser import import_page

LINK = "[x](http://127.0.0.77/x)"
IMAGE = "![x](http://127.0.0.77/p.png)"
BANNER = ":red-background[本系统已停用]"
HTML = "<img src=http://127.0.0.77/p.png>"
PAYLOAD = f"{LINK} {IMAGE} {BANNER} {HTML}"
# What the visitor's browser drew from the text: a link or image anywhere pointing at the outside site; a link
# (other than a heading's own "#" anchor) or image in any element that renders Markdown (alerts, captions,
# headings, widget labels); a styled span (Streamlit's :color[…], badges) holding the banner's words.
MARKUP_FROM_TEXT = """
[...document.querySelectorAll('[href*="127.0.0.77"], [src*="127.0.0.77"]')].concat(
  [...document.querySelectorAll('[data-testid="stMarkdownContainer"] :is(a:not([href^="#"]), img)')],
  [...document.querySelectorAll('span[style], [class*="Colored"]')].filter(e => e.textContent.includes("本系统已停用"))
).map(e => e.outerHTML.slice(0, 200))
"""
# Every URL parameter the app reads: the shared filters, 政策落实's tab, 区域对比's drill-down, 劳务品牌's brand.
URLS = {
    "month": f"?month={quote(PAYLOAD)}",
    "district": f"?district={quote(PAYLOAD)}&district={quote(LINK)}",
    "tab": f"subsidies?tab={quote(PAYLOAD)}",
    "drill_district": f"districts?drill_district={quote(PAYLOAD)}",
    "brand": f"brands?brand={quote(PAYLOAD)}",
}


@pytest.fixture(scope="module")
def closed_server(demo_lake, tmp_path_factory):
    """A dashboard that takes no uploads (the public default: DASHBOARD_UPLOADS unset)."""
    with dashboard(demo_lake, tmp_path_factory.mktemp("var"), extra_env={"DASHBOARD_UPLOADS": "0"}) as base:
        yield base


def _assert_inert(page, outside) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.evaluate(MARKUP_FROM_TEXT) == []
    assert not outside, f"requests left the machine: {outside}"


@pytest.mark.parametrize("parameter", list(URLS))
def test_markup_in_a_link_is_shown_as_text(server, browser, states, parameter):
    context, page, outside = _open(browser, f"{server}/{URLS[parameter]}", VIEWPORTS["desk"], state=states["leader"])
    try:
        _assert_inert(page, outside)
        if parameter in ("month", "district"):  # the two the page echoes in its notice
            notice = page.locator('[data-testid="stAlert"]').first.inner_text().replace("\u2060", "")
            assert LINK in notice and HTML in notice and BANNER in notice, notice
    finally:
        context.close()


def test_markup_in_an_imported_file_is_shown_as_text(tmp_path, browser):
    name = f"{LINK} {BANNER}.csv"
    headers = [*f.LABORER_HEADER, "[点此下载新模板](http://127.0.0.77/t.xlsx)", HTML, BANNER]
    rows = [[*row, "", "", ""] for row in f.laborer_rows(3)]
    with import_page(browser, tmp_path) as (_lake, page, outside):
        page.locator('input[type="file"]').set_input_files(
            {"name": name, "mimeType": "text/csv", "buffer": f.csv_bytes([headers, *rows])})
        page.get_by_role("button", name="校验并导入").click()
        page.get_by_text("已导入", exact=False).first.wait_for(timeout=60_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        shown = page.locator('[data-testid="stAlert"]').all_inner_texts()
        text = " ".join(shown).replace("\u2060", "")
        assert name in text and "[点此下载新模板](http://127.0.0.77/t.xlsx)" in text and HTML in text, shown
        _assert_inert(page, outside)


NESTED = {"/districts/extra": "区域对比", "/pages/data_import": "就业帮扶总览", "/nope/deeper/still": "就业帮扶总览",
          "//data_import": "就业帮扶总览", "//127.0.0.77/x": "就业帮扶总览"}


@pytest.mark.parametrize("path", list(NESTED))
def test_nested_and_double_slash_paths_get_a_page(server, browser, states, path):
    context, page, outside = _open(browser, server + path, VIEWPORTS["desk"], state=states["leader"])
    try:
        assert page.locator("h1").first.inner_text() == NESTED[path]
        assert page.get_by_text("数据导入", exact=True).count() == 0
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.url.startswith(server + "/")
        assert not outside
    finally:
        context.close()


@pytest.mark.parametrize("offset_s", [0.2, 0.5, 1.0])
def test_the_import_page_never_reaches_a_visitor_while_another_session_starts(demo_lake, browser, states, tmp_path,
                                                                             offset_s):
    """The race of issue 21: on a fresh server, a first session opens `/`; `offset_s` later a second tab, signed in
    as the city leader (not an administrator), opens /data_import. Routing is marked per run (ui.navigation's
    ContextVar) and the import page is for administrators only, so the second tab gets the home page."""
    with dashboard(demo_lake, tmp_path / "var") as base:
        leader = browser.new_context(locale="zh-CN")
        sign_in(leader.new_page(), base, "leader", accounts.DEMO_PASSWORD)
        leader.storage_state(path=str(tmp_path / "leader.json"))
        leader.close()
        first = browser.new_context(viewport=VIEWPORTS["desk"])
        second = browser.new_context(viewport=VIEWPORTS["desk"], storage_state=str(tmp_path / "leader.json"))
        second.add_init_script(RECORD_WHAT_A_VISITOR_SEES)
        try:
            first.new_page().goto(base + "/", wait_until="commit")
            time.sleep(offset_s)
            page = second.new_page()
            page.goto(base + "/data_import", wait_until="domcontentloaded")
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
            page.get_by_text("数据截至", exact=False).first.wait_for(timeout=30_000)
            assert page.locator("h1").first.inner_text() == "就业帮扶总览"
            assert page.locator('[data-testid="stFileUploader"]').count() == 0
            seen = [json.loads(s) for s in page.evaluate("window.__seen")]
            assert seen and not [s for s in seen if s["import_page_named"] or "数据导入" in s["headings"]]
        finally:
            first.close()
            second.close()


def test_a_server_without_uploads_refuses_them(closed_server):
    request = urllib.request.Request(f"{closed_server}/_stcore/upload_file/session/file", data=b"x" * 1000,
                                     method="PUT")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403

"""数据导入 in a real browser (issue 27): the admin uploads the broken roster of the issue and the page shows the
summary per column first — the headline, then 问题汇总 naming the three columns, then the full list folded away."""

import os
import subprocess
import sys
from contextlib import contextmanager

import pytest

from testkit.servers import PROJECT, dashboard, sign_in
from tests import import_files as f
from tests.test_browser import VIEWPORTS, _open

pytest.importorskip("playwright.sync_api")


@contextmanager
def import_page(browser, tmp_path):
    """An admin signed in on 数据导入 of a fresh dashboard with uploads on, the month set to 2026-10 and no lake yet
    (the first import makes it): yields (the lake folder, the page, the requests that tried to leave the machine)."""
    lake, var = tmp_path / "lake", tmp_path / "var"
    var.mkdir()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var / 'app.db'}", "DASHBOARD_VAR_DIR": str(var)}
    subprocess.run([sys.executable, "-m", "store.accounts", "add", "clerk", "--display-name", "导入员", "--unit",
                    "信息中心", "--role", "admin", "--password-stdin"], input="clerk-2026\n", text=True, check=True,
                   cwd=PROJECT, env=env, capture_output=True)
    with dashboard(lake, var, extra_env={"PERSON_ID_KEY": "k" * 32, "DASHBOARD_UPLOADS": "1",
                                         "DATABASE_URL": env["DATABASE_URL"]}) as base:
        signed_in = browser.new_context(locale="zh-CN")
        sign_in(signed_in.new_page(), base, "clerk", "clerk-2026")
        signed_in.storage_state(path=str(tmp_path / "clerk.json"))
        signed_in.close()
        context, page, outside = _open(browser, f"{base}/data_import", VIEWPORTS["desk"],
                                       state=str(tmp_path / "clerk.json"), badge=False)
        try:
            page.get_by_label("统计月份（YYYY-MM）").fill("2026-10")
            page.get_by_label("统计月份（YYYY-MM）").press("Enter")
            yield lake, page, outside
        finally:
            context.close()


def test_the_broken_roster_shows_the_summary_first(demo_lake, browser, tmp_path):
    data, rows = f.broken_roster(demo_lake)
    with import_page(browser, tmp_path) as (lake, page, _outside):
        page.locator('input[type="file"]').set_input_files(
            {"name": "10月花名册.xlsx", "buffer": data,
             "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
        page.get_by_role("button", name="校验并导入").click()
        page.get_by_text("问题汇总（按列）").wait_for(timeout=120_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
        main = page.locator('[data-testid="stMain"]')
        text = main.inner_text()
        assert "发现 3 个问题，涉及 2 行，整个文件未导入" in text, text
        assert text.index("发现 3 个问题") < text.index("问题汇总（按列）") < text.index("全部 3 个问题（逐行）")
        summary_table = main.locator('[data-testid="stTable"]')
        summary_table.first.wait_for(state="attached", timeout=60_000)
        assert summary_table.count() == 1  # the summary: a static table, its long instructions wrapped, not cut
        summary = summary_table.first.text_content()
        for words in ("劳动技能", "务工月收入", "整数，单位：元，例如 3500", "务工时间（月）",
                      "整数，单位：月，例如 10", f"第 {rows['income']} 行：约三千"):
            assert words in summary, (words, summary)
        assert "帮扶载体编号" not in text and "编码" not in summary
        full_list = main.locator('[data-testid="stDataFrame"]')  # the full list, folded below
        full_list.first.wait_for(state="attached", timeout=60_000)  # a folded grid may be attached after the text
        assert full_list.count() == 1
        download = page.get_by_role("button", name="下载问题报告", exact=False)
        assert download.count() == 1
        with page.expect_download(timeout=60_000):
            download.click()
        # downloading does not run the page again: the report is still there to work from
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
        assert "问题汇总（按列）" in main.inner_text() and main.locator('[data-testid="stTable"]').count() == 1
        assert not (lake / "laborers").exists()  # refused: nothing written

"""What each person reads (issue 32): every page a role is offered, opened as that role on the demo lake, and every
file the page offers for download, hold no code word ("None", "nan", ISO timestamps, file paths, snake_case
identifiers, Streamlit's English defaults). The allowed exceptions live in testkit.text_contract.ALLOWED."""

import pandas as pd
import pytest

from store.accounts import DEMO_ACCOUNTS
from testkit.apptest import open_app, use_demo_store
from testkit.text_contract import app_text, export_text, findings
from ui.labels import logged_parameters_text
from ui.navigation import offered_pages
from ui.selection_text import ACTION_NAMES, STATE_NAMES
from ui.tables import drawn

# The administrator is offered every page at city scope; a district officer and a town clerk read their own scope.
ROLES = ("admin", "huangpi", "zhurushan")
CASES = [(user.username, page.file) for user in DEMO_ACCOUNTS if user.username in ROLES
         for page in offered_pages(user)]


@pytest.mark.parametrize(("username", "page"), CASES, ids=[f"{u}-{p[6:-3]}" for u, p in CASES])
def test_no_code_word_on_a_page_or_in_its_exports(use_demo_lake, downloads, tmp_path, monkeypatch, username, page):
    if page == "pages/access_log.py":  # the log of this test alone: what other tests logged depends on their order
        monkeypatch.setenv("DATABASE_URL", "")  # the session's database again after the test (engines are per URL)
        use_demo_store(tmp_path)
    at = open_app(page, user=username)
    assert not at.exception, [e.value for e in at.exception]
    found = findings(f"{username} {page}", app_text(at))
    for mimetype, data in downloads.items():
        found += findings(f"{username} {page} 下载 {mimetype}", export_text(mimetype, data))
    assert not found, "\n".join(map(str, found))


def test_the_contract_finds_each_kind_of_code_word():
    """The scan is not blind: each kind of code word planted in text is found."""
    planted = ["合计 None 人", "nan", "2026-12-07T19:46:21", "data/reference/policy.toml", "policy.toml 中",
               "welfare_posts_measure", 'source = "local"',
               "Choose options", "Jan 2024"]
    for text in planted:
        assert findings("planted", text), text
    assert not findings("clean", "2026年12月7日 19:46 黄陂区 1,109 人 占比 12.3% 区域对比_2026-10.xlsx")


def test_the_access_log_words_what_it_recorded():
    logged = ('{"action": "submit", "districts": ["420116"], "file": "花名册.xlsx", "month": "2026-10", '
              '"role": "district", "table": "laborers", "to_state": "submitted", "zzz_unknown": 1}')
    text = logged_parameters_text(logged, {"action": ACTION_NAMES, "to_state": STATE_NAMES})
    assert not findings("log", text), text
    for words in ("操作 提交申请", "区 黄陂区", "文件 花名册.xlsx", "月份 2026年10月", "角色 区人社局",
                  "数据表 脱贫劳动力花名册", "其他 1"):
        assert words in text
    assert logged_parameters_text("not json") == "（无法读取）" and logged_parameters_text(None) == ""


def test_a_missing_figure_is_drawn_blank_and_a_figure_as_the_formatter_writes_it():
    """The browser's grid draws a missing value as "None": tables.show hands it the formatter's text instead."""
    frame = pd.DataFrame({"district_name": ["黄陂区", "江岸区"], "employed_count": [1109.0, None],
                          "employed_yoy_pct": [12.345, None]})
    html = drawn(frame).to_html()
    assert "None" not in html and "nan" not in html and "1,109" in html and "12.3%" in html

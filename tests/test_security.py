"""Protections of issue 21 that need no browser: exports carry no live formula from data, and a visitor's
"clear cache" request cannot drop the shared DuckDB connection. (docs/security.md lists every protection.)"""

import io

import openpyxl
import pandas as pd
import pytest
import streamlit as st

from queries import engine
from queries.engine import gate, serving
from ui import exports
from ui.labels import label

# a carriage return does not survive a round trip through the files (xlsx escapes it, CSV readers split on it):
# test_inert covers it
FORMULAS = ["=HYPERLINK(\"http://127.0.0.77/x\",\"点此\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "=1+1"]


@pytest.fixture
def table() -> pd.DataFrame:
    return pd.DataFrame({"town_name": [*FORMULAS, "黄陂区"], "employed_count": [-5, 0, 1, 2, 3, 4, 5],
                         "avg_income_yuan": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})


def test_workbook_writes_formula_like_text_as_text_and_numbers_as_numbers(table):
    sheet = exports.Sheet("s", "=标题", table, "2026年10月", "@全市", notes=("-备注",))
    book = openpyxl.load_workbook(io.BytesIO(exports.workbook([sheet])))
    ws = book.active
    names = [ws.cell(row=exports.HEADER_ROWS + 1 + i, column=1) for i in range(len(table))]
    assert [c.value for c in names] == [*FORMULAS, "黄陂区"]  # the text exactly as written ...
    assert all(c.data_type == "s" for c in names)  # ... in string cells: never a formula ("f")
    counts = [ws.cell(row=exports.HEADER_ROWS + 1 + i, column=2) for i in range(len(table))]
    assert counts[0].value == -5 and all(c.data_type == "n" for c in counts)  # a negative number is not text
    assert ws["A1"].value == "=标题" and ws["A1"].data_type == "s"
    every_cell = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in every_cell if c.data_type == "f"]


def test_csv_quotes_formula_like_text_and_leaves_numbers(table):
    back = pd.read_csv(io.BytesIO(exports.csv_bytes(table)), encoding="utf-8-sig", keep_default_na=False)
    names = back[label("town_name", with_unit=True)].tolist()
    assert names == ["'" + f for f in FORMULAS] + ["黄陂区"]
    assert back[label("employed_count", with_unit=True)].tolist() == [-5, 0, 1, 2, 3, 4, 5]
    assert back[label("avg_income_yuan", with_unit=True)].iloc[0] == -2  # -1.5 元 as shown: whole 元, 四舍五入


@pytest.mark.parametrize("value, expected", [("=1", "'=1"), ("-", "'-"), ("\rCR", "'\rCR"), ("a=1", "a=1"),
                                             (-3, -3), (None, None), ("\u3000=1", "\u3000=1")])
def test_inert(value, expected):
    assert exports.inert(value) == expected


def test_the_shared_connection_survives_a_visitors_clear_cache(use_demo_lake):
    """Streamlit's "Clear cache" (menu or websocket `clear_cache`) runs st.cache_data.clear() and
    st.cache_resource.clear() for the whole process; neither the serving connection nor the kept answers are in
    either."""
    before = serving.connection()
    engine.run("employment_kpis", {"month": engine.lake_state().months[-1], "districts": ["420116"]})
    kept = len(gate._answers)
    st.cache_data.clear()
    st.cache_resource.clear()
    assert serving.connection() is before
    assert kept == len(gate._answers) == 1


# ---- issue 36: the administrators' view of sign-in throttling, and the access log's dates ----


def test_the_admin_sees_throttled_accounts_and_clients_and_clears_one(use_demo_lake):
    from store import access_log, throttle
    from testkit.apptest import open_app, texts

    for n in range(6):
        throttle.failed("127.0.5.1" if n < 4 else f"127.0.5.{n}", "suohe")
    at = open_app("pages/accounts.py", user="admin")
    shown = at.dataframe[1].value  # after the accounts table
    assert {("账号", "suohe", 6), ("电脑地址", "127.0.5.1", 4)} <= set(
        zip(shown["kind"], shown["subject"], shown["failures"], strict=True))
    at.selectbox(key="throttle_chosen").select_index(list(shown["subject"]).index("suohe")).run()
    at.button(key="throttle_clear").click().run()
    assert "已解除账号 suohe 的登录限制" in texts(at).replace("\\", "")
    assert "suohe" not in {t.subject for t in throttle.throttled()}
    cleared = access_log.read(access_log.LogFilter(username="admin", actions=("throttle_clear",), limit=1))
    assert "suohe" in cleared["parameters"].iloc[0]
    throttle.clear("client", "127.0.5.1")


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Etc/GMT-14"])  # 20 hours behind Beijing, 6 hours ahead
def test_the_access_log_shows_todays_entries_in_beijing_time_whatever_the_servers_zone(use_demo_lake, monkeypatch,
                                                                                       zone):
    import time
    from datetime import datetime

    from store import access_log
    from testkit.apptest import open_app
    from ui.labels import BEIJING

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        access_log.record("leader", "page_view", page=f"zone-{zone}")
        at = open_app("pages/access_log.py", user="admin")
        today = datetime.now(BEIJING).date()
        assert at.date_input(key="log_days").value == (today - pd.Timedelta(days=6), today)
        shown = at.dataframe[0].value
        assert f"zone-{zone}" in set(shown["页面"])
        newest = shown[shown["页面"] == f"zone-{zone}"]["时间"].iloc[0]
        assert abs(datetime.strptime(newest, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
                   - datetime.now(BEIJING)).total_seconds() < 600
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()

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
    assert back[label("avg_income_yuan", with_unit=True)].iloc[0] == -1.5


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

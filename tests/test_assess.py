"""The domain layer's shared rules and the words ui gives them, on plain values (no AppTest, no lake)."""

import math

import pandas as pd
import pytest

from assess.verdicts import Verdict, at_least, change_pct, is_missing
from testkit.text_contract import findings
from ui import definitions
from ui.labels import period_label, same_period_last_year, verdict_cell, verdict_word, worded


@pytest.mark.parametrize(("value", "missing"), [
    (None, True), (float("nan"), True), (pd.NA, True), (pd.NaT, True), (math.nan, True),
    (0, False), (0.0, False), ("", False), ("达到", False), (False, False), (pd.Timestamp("2026-10-01"), False),
])
def test_one_missing_value_rule(value, missing):
    assert is_missing(value) is missing


def test_equal_to_the_baseline_meets_it_and_no_baseline_never_passes():
    assert at_least(100, 100) == Verdict.MET and at_least(99, 100) == Verdict.NOT_MET
    assert at_least(5, None) == at_least(5, float("nan")) == Verdict.NO_BASELINE
    assert change_pct(110, 100) == 10.0 and change_pct(5, 0) is None and change_pct(5, pd.NA) is None


def test_verdicts_are_codes_worded_once():
    assert [verdict_word(v) for v in Verdict] == ["达到", "未达到", "无基期", "无对象", "未填报", "无法判定"]
    assert verdict_cell(Verdict.NOT_MET) == "✗ 未达到" and verdict_cell(None) == "—"
    table = pd.DataFrame({"district_name": ["黄陂区"], "welfare_verdict": [Verdict.NO_BASELINE],
                          "x_count": [3]})
    expected = [{"district_name": "黄陂区", "welfare_verdict": "— 无基期", "x_count": 3}]
    assert worded(table).to_dict("records") == expected


@pytest.mark.parametrize(("month", "ytd", "last_year"), [
    ("2026-01", "2026年1月", "2025年1月"),
    ("2026-10", "2026年1—10月", "2025年1—10月"),
    ("2025-12", "2025年全年", "2024年全年"),
])
def test_one_period_wording(month, ytd, last_year):
    assert period_label(month) == f"{month[:4]}年{month[5:]}月"
    assert period_label(month, year_to_date=True) == ytd
    assert same_period_last_year(month, year_to_date=True) == last_year


def test_definitions_on_screen_are_read_from_the_metrics_doc():
    rows = definitions.definitions()
    assert len(rows) > 100 and all(d.text for d in rows)
    # each code span reads as its Chinese name, a pointer in brackets to a file or module is left out
    assert [f for d in rows for f in findings(d.name, d.text)] == []
    shown = definitions.on_screen("`trained_skill` 为真的人数（见 `assess/measures.py`）")
    assert shown == "“是否参加技能培训” 为真的人数"
    assert definitions.of("stock_count", "就业规模稳定").startswith("本月与基期都务工就业的人")
    with pytest.raises(KeyError):
        definitions.of("no_such_figure_count")

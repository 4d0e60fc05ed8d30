"""No "None", "nan" or setting name in a cell; rules show their requirement and standard in words; the as-of badge
shows the selected month (issue 29 item 7)."""

import io
import re

import openpyxl
import pandas as pd

from assess import audit
from queries import subsidy_audit
from testkit.apptest import assert_clean, open_app, texts
from ui import exports, sentences
from ui.tables import with_total

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SETTING_NAME = re.compile(r"[a-z]+(?:_[a-z]+)+")


def test_every_rule_reads_in_words_without_setting_names():
    rules = subsidy_audit.rules()
    table = sentences.rules_table(audit.counts_by_rule(pd.DataFrame(columns=list(subsidy_audit.FLAGGED_COLUMNS)),
                                                       rules), rules, lambda r: subsidy_audit.standards(r, 2026))
    for column in ("rule_name", "rule_description", "policy_standard"):
        named = [text for text in table[column] if SETTING_NAME.search(text)]
        assert not named, named
    by_name = dict(zip(table["rule_name"], zip(table["rule_description"], table["policy_standard"], strict=True),
                       strict=True))
    requirement, standard = by_name["场地租金补贴超出初创期"]
    assert "创业开始当月起 36 个月以内的房租" in requirement
    assert standard == "补贴期限：创业开始当月起 36 个月；场地租金补贴标准 500 元/月"  # not the cumulative cap's words
    assert by_name["场地租金补贴超期限"][1] == "场地租金补贴累计月数上限 36 个月；场地租金补贴标准 500 元/月"
    requirement, standard = by_name["灵活就业补贴超标准"]
    assert "意外伤害保险补贴不超过 150 元" in requirement and "accident_insurance" not in requirement
    assert "（本地参数，工作方案未规定金额）" in standard
    assert "乡镇外区内、区外省内、省外、境外" in by_name["交通补助花名册不支持"][0]


def test_a_total_row_has_no_none_in_its_text_cells():
    rows = pd.DataFrame({"district_name": ["蔡甸区"], "district_code": ["420114"], "brand_names": ["蔡甸莲藕工"],
                         "laborer_count": [3]})
    shown = with_total(rows, {"laborer_count": 3, "district_code": None})
    assert shown.iloc[-1].tolist() == ["合计", "", "", 3]
    csv = exports.csv_bytes(rows, {"laborer_count": 3, "district_code": None}).decode("utf-8-sig")
    assert "None" not in csv and "nan" not in csv


def test_the_badge_shows_the_selected_month(use_demo_lake):
    at = open_app("pages/overview.py")
    assert_clean(at)
    latest = next(line for line in texts(at).splitlines() if "数据截至" in line)
    at.selectbox(key="month").set_value("2025-10").run()
    assert_clean(at)
    shown = texts(at)
    assert "数据截至 2025年10月（最新数据 2026年10月）" in shown, latest


def test_sources_name_their_tables_in_words_on_screen_and_in_the_workbook(use_demo_lake, downloads):
    for page, query in (("pages/subsidies.py", {"tab": "规则核查"}), ("pages/model_towns.py", {})):
        downloads.clear()
        at = open_app(page, **query)
        assert_clean(at)
        sources = [c.value for c in at.caption if "来源" in c.value]
        assert sources and not [s for s in sources if SETTING_NAME.search(s)], sources  # not （subsidy_claims）
        book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX]))
        cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
                 if isinstance(c, str)]
        assert any("来源" in c for c in cells) and not [c for c in cells if SETTING_NAME.search(c)], page

"""The data-quality page and its questions: golden rows on tiny literal lakes, the gap grid, the manifest helpers,
and AppTest of the 数据质量 and (administrator-only) 数据导入 pages."""

import pytest

from assess import data_quality as dq
from lake import importer
from queries import engine, lake_info
from testkit.apptest import assert_clean, open_app, texts
from tests.lakes import person
from tests.test_importer import CORPUS, GOOD, KEY, lake_hashes

ALL = ["420114", "420115", "420116", "420117"]


@pytest.fixture
def gap_lake(make_lake):
    """黄陂 in three months; 新洲 misses August; 新洲 doubles in September (a jump)."""
    rows = [person(m, f"A{m}{i}", "420116", "420116010") for m in ("2026-07", "2026-08", "2026-09") for i in range(2)]
    rows += [person("2026-07", "B1", "420117", "420117005"), person("2026-09", "B1", "420117", "420117005"),
             person("2026-09", "B2", "420117", "420117005", employed=False),
             person("2026-09", "B3", "420117", "420117005", monthly_income_yuan=None, channel=None)]
    return make_lake({"laborers": rows})


def test_counts_by_month_and_district(gap_lake, storage):
    df = engine.run("laborer_counts_by_month_district", {"districts": ALL})
    assert df.to_dict("records") == [
        {"month": "2026-07", "district_code": "420116", "laborer_count": 2},
        {"month": "2026-07", "district_code": "420117", "laborer_count": 1},
        {"month": "2026-08", "district_code": "420116", "laborer_count": 2},
        {"month": "2026-09", "district_code": "420116", "laborer_count": 2},
        {"month": "2026-09", "district_code": "420117", "laborer_count": 3},
    ]


def test_grid_flags_missing_months_and_jumps(gap_lake):
    counts = engine.run("laborer_counts_by_month_district", {"districts": ALL})
    grid, flags = dq.month_district_grid(counts, ["2026-07", "2026-08", "2026-09"])
    assert list(grid.columns) == ["420116", "420117"]
    assert flags.loc["2026-08", "420117"] == dq.GAP_MISSING
    assert flags.loc["2026-07", "420116"] == "" and flags.loc["2026-09", "420116"] == ""
    assert dq.gap_list(flags).to_dict("records") == [
        {"month": "2026-08", "district_code": "420117", "flag": dq.GAP_MISSING}]


def test_grid_flags_a_jump_against_last_month():
    import pandas as pd

    counts = pd.DataFrame({"month": ["2026-08", "2026-09"], "district_code": ["420116", "420116"],
                           "laborer_count": [100, 140]})
    _, flags = dq.month_district_grid(counts, ["2026-08", "2026-09"])
    assert flags.loc["2026-09", "420116"] == dq.GAP_JUMP
    counts["laborer_count"] = [100, 130]
    _, flags = dq.month_district_grid(counts, ["2026-08", "2026-09"])
    assert flags.loc["2026-09", "420116"] == ""  # exactly at the 30% threshold is not flagged


def test_field_completeness(gap_lake, storage):
    df = engine.run("field_completeness", {"month": "2026-09", "districts": ["420117"]}).set_index("field_name")
    assert df.loc["household_type"].to_dict() == {
        "field_order": 2, "employed_only": False, "base_count": 3, "filled_count": 3, "missing_count": 0,
        "completeness_pct": 100.0}
    assert (df.loc["monthly_income_yuan", "base_count"], df.loc["monthly_income_yuan", "filled_count"]) == (2, 1)
    assert df.loc["monthly_income_yuan", "completeness_pct"] == 50.0
    assert df.loc["channel", "completeness_pct"] == 50.0
    empty = engine.run("field_completeness", {"month": "2026-09", "districts": ["420102"]})
    assert empty["completeness_pct"].isna().all()


def test_snapshots_and_imports_from_the_manifest(gap_lake, monkeypatch):
    snaps = lake_info.snapshots()
    assert len(snaps) == 3 and set(snaps["is_demo"]) == {False} and set(snaps["table_name"]) == {"laborers"}
    assert lake_info.recent_imports().empty
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    importer.import_source(importer.Source.from_path(GOOD), "laborers", "2026-10", imported_by="测试员")
    engine.forget_state()
    imports = lake_info.recent_imports()
    assert set(imports["imported_by"]) == {"测试员"} and any("已删除个人信息列" in w for w in imports["warning"])
    assert lake_info.snapshots().iloc[0]["partition"] == "2026-10"


def test_data_quality_page_on_a_lake_with_gaps(gap_lake):
    at = open_app("pages/data_quality.py")
    assert_clean(at)
    assert at.title[0].value == "数据质量"
    assert "有 1 个“区 × 月”缺报" in at.subheader[0].value
    assert [m.label for m in at.metric] == ["快照数", "缺报的区 × 月", "人数变化大的区 × 月", "关键字段最低完整率"]
    at.selectbox(key="dq_table").set_value("脱贫劳动力花名册").run()
    assert_clean(at)
    at.selectbox(key="month").set_value("2026-08").run()
    assert_clean(at)
    at.multiselect(key="district").set_value(["420116"]).run()
    assert_clean(at)
    assert "黄陂区各区各月花名册齐全" in at.subheader[0].value


def test_data_quality_page_on_the_demo_lake(use_demo_lake):
    at = open_app("pages/data_quality.py")
    assert_clean(at)
    assert "模拟数据" in texts(at)
    assert "还没有从文件导入的记录" in texts(at)


def test_import_page_rejects_a_bad_file_and_imports_a_good_one(gap_lake, monkeypatch):
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    at = open_app("pages/data_import.py", user="admin")
    assert not at.exception
    at.text_input(key="import_month").set_value("2026-10")
    at.selectbox(key="import_table").set_value("laborers")
    before = lake_hashes(gap_lake)
    bad = (CORPUS / "town_of_another_district.csv").read_bytes()
    at.file_uploader(key="import_file").set_value(("bad.csv", bad, "text/csv")).run()
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "整个文件未导入" in at.error[0].value
    assert at.table[0].value.iloc[0]["列"] == "所在乡镇（街道）"  # the summary first (static), then every problem
    assert at.dataframe[0].value.iloc[0]["行号"] == "4"
    assert lake_hashes(gap_lake) == before
    at.file_uploader(key="import_file").set_value(("good.csv", GOOD.read_bytes(), "text/csv")).run()
    at.button(key="import_check").click().run()
    assert "校验通过" in texts(at) and lake_hashes(gap_lake) == before
    at.button(key="import_run").click().run()
    assert not at.exception
    assert "已导入 2026年10月 脱贫劳动力花名册：4 行" in texts(at)
    engine.forget_state()
    assert engine.lake_state().months[-1] == "2026-10"

"""AppTest of the router and the overview page: the menu and who sees which page, shared filters, URL fallbacks,
missing and corrupt data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import streamlit

from testkit import streamlit_1_67
from testkit.apptest import APP, assert_clean, open_app, page_files, texts
from tests.conftest import PROJECT

MENU = ["首页", "就业规模稳定", "区域对比", "劳务品牌", "帮扶举措", "示范乡镇", "示范乡镇推选", "公益性岗位",
        "政策落实", "数据质量"]


def test_every_page_file_is_in_the_router():
    files = {f"pages/{p.name}" for p in (Path(APP).parent / "pages").glob("*.py")}
    assert set(page_files()) == files


def menu(at) -> list[str]:
    """The router's menu as a visitor sees it: the labels of the page links in the sidebar."""
    return [link.label for link in at.sidebar.get("page_link")]


def test_streamlit_is_the_version_tests_streamlit_1_67_is_pinned_to():
    assert streamlit.__version__ == streamlit_1_67.STREAMLIT_VERSION


def test_the_menu_lists_pages_by_title_and_the_admin_pages_only_to_an_admin(use_demo_lake):
    assert menu(open_app()) == MENU
    assert menu(open_app("pages/employment.py")) == MENU
    assert menu(open_app(user="huangpi")) == MENU
    assert menu(open_app(user="zhurushan")) == ["示范乡镇", "示范乡镇推选"]
    assert menu(open_app(user="admin")) == MENU + ["数据导入", "账号管理", "访问日志"]


@pytest.mark.parametrize("page", ["pages/data_import.py", "pages/accounts.py", "pages/access_log.py"])
def test_admin_pages_are_hidden_unless_admin(use_demo_lake, page):
    at = open_app(page)  # a first request to /data_import
    assert_clean(at)
    assert "数据导入" not in menu(at)
    assert [t.value for t in at.title] == ["就业帮扶总览"]  # the default page answers
    assert not at.file_uploader and "数据导入" not in texts(at)


def test_overview_opens_with_answer_cards_and_demo_notice(use_demo_lake):
    at = open_app()
    assert_clean(at)
    assert "模拟数据" in texts(at)
    assert at.subheader[0].value.startswith("10月全市务工就业")
    assert [m.label for m in at.metric] == ["脱贫劳动力（有劳动能力）", "务工就业人数", "有劳动能力和就业意愿的就业率",
                                            "公益性岗位年内累计安置人数", "本年已发放补贴"]
    notes = [c.value for c in at.caption if c.value.startswith("花名册 ")]
    assert len(notes) == 1 and "其中丧失劳动力、无劳动力" in notes[0]  # 脱贫劳动力 apart from the roster total
    assert all("截至" in c for c in [c.value for c in at.caption if c.value not in notes][:5])


def test_moving_the_shared_filters_changes_the_figures(use_demo_lake):
    at = open_app()
    city = at.metric[1].value
    at.selectbox(key="month").set_value("2025-06").run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("6月全市")
    at.multiselect(key="district").set_value(["420116"]).run()
    assert_clean(at)
    assert at.subheader[0].value.startswith("6月黄陂区")
    assert at.metric[1].value != city


def test_url_reproduces_the_view(use_demo_lake):
    at = open_app(month="2025年12月", district=["新洲区", "蔡甸区"])
    assert_clean(at)
    assert at.selectbox(key="month").value == "2025-12"
    assert at.subheader[0].value.startswith("12月蔡甸区、新洲区")


def test_unknown_district_and_month_in_the_url_fall_back_and_say_so(use_demo_lake):
    at = open_app(month="2031年13月", district="火星区")
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "火星区" in warnings and "2031年13月" in warnings
    assert at.subheader[0].value.startswith("10月全市")


def test_missing_lake_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("LAKE_DIR", str(tmp_path / "nothing"))
    at = open_app()
    assert not at.exception
    assert "make demo" in at.error[0].value


def test_corrupt_parquet_is_named_and_other_figures_keep_working(corrupt_claims, each_storage):
    lake, relative = corrupt_claims
    at = open_app()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "subsidy\\_claims 2026\\-10" in errors[0] and "重新导入" in errors[0], errors
    # the table and month are named; the file, the server's path and the library's words only in the server log
    assert str(lake) not in errors[0] and "part" not in errors[0] and "magic" not in errors[0].lower()
    assert at.title[0].value == "就业帮扶总览" and at.subheader[0].value.startswith("10月全市务工就业 1 人")
    shown = {m.label: m.value for m in at.metric}
    assert shown["脱贫劳动力（有劳动能力）"] == "1 人" and shown["务工就业人数"] == "1 人"
    assert "公益性岗位年内累计安置人数" in shown and "本年已发放补贴" not in shown  # only the subsidy card fails
    assert len(at.get("plotly_chart")) == 1  # the trend still draws


def test_models_build_and_name_a_corrupt_file_before_the_server_starts(corrupt_claims):
    lake, relative = corrupt_claims
    built = subprocess.run([sys.executable, "-m", "queries.engine"], cwd=PROJECT, capture_output=True, text=True,
                           env={**os.environ, "LAKE_DIR": str(lake)})
    assert built.returncode == 0, built.stdout + built.stderr  # make run goes on to start the server
    assert "subsidy_claims 2026-10" in built.stdout and "Traceback" not in built.stderr
    assert relative in built.stderr  # the operator's log names the file
    serving = next((lake / "_serving").iterdir())
    assert (serving / "laborer_month_summary.parquet").exists()  # models not built on the broken file are served
    assert not (serving / "subsidy_month_summary.parquet").exists()  # as views, and their figures say why


def test_each_overview_card_links_to_its_page(use_demo_lake):
    at = open_app()
    links = [link.proto.page for link in at.main.get("page_link")]  # the sidebar holds the router's menu
    assert len(links) == 5 and all(links)
    for page in ("pages/employment.py", "pages/welfare_posts.py", "pages/subsidies.py"):
        at.switch_page(page).run()
        assert_clean(at)


def test_a_link_may_name_the_month_as_the_data_does(use_demo_lake):
    """?month=2025-10 opens 2025年10月 (the menu's own links say ?month=2025年10月); it was refused as out of range."""
    at = open_app("pages/welfare_posts.py", month="2025-10")
    assert "数据截至 2025年10月" in texts(at) and "不在数据范围" not in texts(at)

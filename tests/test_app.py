"""AppTest of the router and the overview page: shared filters, URL fallbacks, missing and corrupt data."""

from pathlib import Path

from lake import manifest as mf
from tests.apptest import APP, assert_clean, open_app, page_files, texts


def test_every_page_file_is_in_the_router():
    files = {f"pages/{p.name}" for p in (Path(APP).parent / "pages").glob("*.py")}
    assert set(page_files()) == files


def test_overview_opens_with_answer_cards_and_demo_notice(use_demo_lake):
    at = open_app()
    assert_clean(at)
    assert "模拟数据" in texts(at)
    assert at.subheader[0].value.startswith("10月全市务工就业")
    assert [m.label for m in at.metric] == ["脱贫劳动力总数", "务工就业人数", "有劳动能力和就业意愿的就业率",
                                            "公益性岗位年内累计安置人数", "本年已发放补贴"]
    assert all("截至" in c.value or "数据截至" in c.value for c in at.caption[:5])


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


def test_corrupt_parquet_is_named_and_other_figures_keep_working(make_lake, tmp_path, storage):
    from tests.lakes import person

    lake = make_lake({
        "laborers": [person("2026-10", "A")],
        "subsidy_claims": [{"month": "2026-10", "claim_id": "c1", "subsidy_type": "创业补贴", "person_id": "A",
                            "district_code": "420114", "amount_yuan": 5000}],
    })
    broken = lake / mf.read_manifest(lake)["partitions"]["subsidy_claims/month=2026-10"]["file"]
    broken.write_bytes(b"PAR1 this is not parquet")
    at = open_app()
    assert not at.exception
    assert "subsidy_claims" in at.error[0].value and "重新导入" in at.error[0].value


def test_each_overview_card_links_to_its_page(use_demo_lake):
    at = open_app()
    links = [link.proto.page for link in at.get("page_link")]
    assert len(links) == 5 and all(links)
    for page in ("pages/employment.py", "pages/welfare_posts.py", "pages/subsidies.py"):
        at.switch_page(page).run()
        assert_clean(at)

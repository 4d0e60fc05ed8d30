"""Chromium plays one whole 示范乡镇推选 campaign with the demo accounts through the bundled sign-in service: the city
opens it; the 蔡甸区 索河街道 clerk applies with one figure differing from the returning-entrepreneur roll; the 蔡甸区
officer sees it flagged and returns it; the clerk corrects and resubmits; the officer passes and recommends; a 黄陂区
officer sees none of it and no city control; the city confirms and publishes (授牌 happens only there) and the
通报表扬 names the town; after publication nothing is offered to change the year; late, the clerk's submission and
the district's review are refused and the city does both with a reason. No widget shows Streamlit's English.
(Two concurrent edits: tests/test_selection_store.py.)"""

import io
import os
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assess import selection as rules
from store import accounts, db
from store import selection as records
from testkit.apptest import use_demo_store
from testkit.servers import dashboard, sign_in
from ui import selection_flow as flow
from ui import selection_text as text

YEAR, LATE_YEAR = 2026, 2025


@pytest.fixture
def site(demo_lake, use_demo_lake, demo_accounts, tmp_path):
    url = use_demo_store(tmp_path)  # a database of its own, shared by this process and the server
    with dashboard(demo_lake, tmp_path / "var", {"DATABASE_URL": url, "DASHBOARD_UPLOADS": "1",
                                                 "DASHBOARD_ATTACHMENT_DIR": str(tmp_path / "files")}) as base:
        yield base
    os.environ["DATABASE_URL"] = demo_accounts
    db.forget()


def _settle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)


def _open(browser, site, username):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    sign_in(page, site, username, accounts.DEMO_PASSWORD, path="selection")
    _goto(page, site)
    return page


def _goto(page, site) -> None:
    page.goto(f"{site}/selection", wait_until="domcontentloaded")
    _settle(page)
    page.get_by_role("heading", name="示范乡镇推选").first.wait_for(timeout=60_000)


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name).first.click()
    _settle(page)


def _wait_text(page, words: str) -> None:
    page.get_by_text(words, exact=False).first.wait_for(timeout=60_000)


def _open_year(page, site, year: int) -> None:
    """The 推选 page on `year`'s campaign."""
    _goto(page, site)
    _choose(page, lambda: page.get_by_label("推选年度").first, f"{year}年度")
    _settle(page)


def _choose(page, opener, option: str) -> None:
    """Open a dropdown (a selectbox or multiselect, found by `opener`) and pick `option`. A rerun that lands while
    it is open redraws the widget and closes the list, so the list is opened again until the option shows."""
    _settle(page)
    wanted = page.get_by_role("option", name=option)
    for _ in range(5):
        opener().click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            _settle(page)
    wanted.click()


def _enter(page, label: str, value) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    _settle(page)


def _explain(page, label: str, words: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(words)
    field.press("Control+Enter")
    _settle(page)


def _figure(name: str) -> str:
    return f"本镇填报：{text.measure_label(name)}"


def test_a_whole_campaign_in_the_browser(site, browser):
    people = {u.username: u for u in accounts.all_users()}
    # The city opens the year's campaign on the page (default deadlines: two, four and six weeks from today).
    leader = _open(browser, site, "leader")
    assert "尚未开启任何年度" in _main(leader)
    _choose(leader, lambda: leader.get_by_label("开启推选的年度"), f"{YEAR}年度")
    _settle(leader)
    _click(leader, "开启推选")
    _wait_text(leader, f"{YEAR}年度推选活动已开启")

    # The clerk applies: the lake's figures are locked in; one reported figure differs from the roll.
    clerk = _open(browser, site, "suohe")
    _click(clerk, "开始填写本乡镇（街道）申请")
    _wait_text(clerk, "数据湖记录（锁定）")
    # The uploader speaks Chinese, with the 10 MB rule in its label and none of its own English.
    _wait_text(clerk, "单个不超过 10 MB")
    assert "per file" not in _main(clerk) and "Drag and drop" not in _main(clerk)
    app = records.applications(people["suohe"], YEAR)[0]
    lake = {k: v["value"] for k, v in app.recorded.items()}
    rolled = lake["entrepreneurs_supported_count"]
    _enter(clerk, _figure("entrepreneurs_supported_count"), rolled + 3)
    _enter(clerk, _figure("carrier_unit_count"), lake["carrier_unit_count"])
    _enter(clerk, _figure("able_willing_employment_rate_pct"), f"{lake['able_willing_employment_rate_pct']:.2f}")
    # While a field holds unapplied text Streamlit hints how to apply it — in Chinese here, not "Press … to apply".
    clerk.get_by_label("指标1佐证说明", exact=True).fill("指标1佐证：见台账与会议纪要")
    clerk.wait_for_timeout(300)
    assert "to apply" not in _main(clerk) and "Press" not in _main(clerk)
    for number in rules.INDICATOR_NUMBERS:
        if number not in (2, 5):
            _explain(clerk, f"指标{number}佐证说明", f"指标{number}佐证：见台账与会议纪要")
    # Nothing is saved yet, and the page says so; the typed text stays while the clerk looks at another page and
    # comes back (Streamlit forgot a field that a run does not draw).
    assert "有尚未保存的修改" in _main(clerk)
    for page in ("示范乡镇", "示范乡镇推选"):
        clerk.locator('[data-testid="stSidebar"]').get_by_text(page, exact=True).first.click()
        clerk.wait_for_timeout(1000)
        _settle(clerk)
    kept = clerk.get_by_label("指标10佐证说明", exact=True)
    kept.wait_for(timeout=60_000)
    assert kept.input_value() == "指标10佐证：见台账与会议纪要"
    assert clerk.get_by_label(_figure("entrepreneurs_supported_count"), exact=True).input_value() == str(rolled + 3)
    _click(clerk, "提交申请")
    _wait_text(clerk, "申请已提交，等待区级初审")

    # The 蔡甸区 officer sees the difference flagged and returns the application with a reason.
    officer = _open(browser, site, "caidian")
    _wait_text(officer, f"扶持返乡创业人数：填报 {rolled + 3:,} 人，数据湖记录 {rolled:,} 人")
    assert _main(officer).count("，数据湖记录 ") == 1  # the one difference, and no other
    _explain(officer, "理由（退回、不予通过、逾期代办时必填）", "返乡创业人数与名册不符，请核实")
    _click(officer, "退回修改")
    _wait_text(officer, "已退回修改：索河街道")

    # A 黄陂区 officer sees nothing of 蔡甸区.
    huangpi = _open(browser, site, "huangpi")
    assert "本区暂无已提交的申请" in _main(huangpi) and "索河街道" not in _main(huangpi)

    # The clerk reads the reason, corrects the figure and resubmits.
    _goto(clerk, site)
    _wait_text(clerk, "已被区级退回修改：返乡创业人数与名册不符，请核实")
    _enter(clerk, _figure("entrepreneurs_supported_count"), rolled)
    _click(clerk, "提交申请")
    _wait_text(clerk, "申请已提交，等待区级初审")

    # The officer finds it consistent, passes it and recommends it.
    _goto(officer, site)
    _wait_text(officer, "填报数与数据湖记录一致")
    _click(officer, "初审通过")
    _wait_text(officer, "已初审通过：索河街道")
    assert "Choose" not in _main(officer) and "Select all" not in _main(officer)
    _choose(officer, lambda: officer.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').filter(
        has_text="按推荐顺序选择").locator("input"), "索河街道")
    officer.keyboard.press("Escape")
    _settle(officer)
    _click(officer, "提交择优推荐名单")
    _wait_text(officer, "已向市局推荐 1 个乡镇（街道）")
    assert officer.get_by_role("button", name="发布最终名单").count() == 0  # the city's, never the district's

    # The city confirms, publishes, and the 通报表扬 names the town.
    _goto(leader, site)
    _wait_text(leader, "区级择优推荐")
    _explain(leader, "理由（退回、不予通过、逾期代办时必填）", "十项指标均达到推选标准")
    _click(leader, "复核确认")
    _wait_text(leader, "已复核确认：索河街道")
    # 授牌 is no button of its own (the old per-town 通报表扬、授牌 dead-ended the year): only publication awards.
    assert leader.get_by_role("button", name="通报表扬、授牌").count() == 0
    leader.get_by_text("我已核对名单", exact=False).first.click()
    _settle(leader)
    _click(leader, "发布最终名单")
    _wait_text(leader, f"{YEAR}年度示范乡镇名单已发布")
    _click(leader, "生成通报表扬文件（Word、PDF）")
    with leader.expect_download(timeout=120_000) as download:
        leader.get_by_role("button", name="下载通报表扬（.docx）").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    words = "".join(p.text for p in document.paragraphs)
    assert "蔡甸区索河街道" in words and "通报表扬" in words
    assert records.application(people["leader"], app.application_id).state == rules.AWARDED
    assert "推选已结束" in _main(leader) and leader.get_by_role("button", name="复核确认").count() == 0
    # After publication another town finds the year closed: no application can be started.
    late_town = _open(browser, site, "zhurushan")
    assert late_town.get_by_role("button", name="开始填写本乡镇（街道）申请").count() == 0
    assert "本年度名单已发布，推选已结束" in _main(late_town)

    # Late, per role: last year's applications closed two days ago and its district review yesterday; the clerk's
    # draft was made in time. The clerk's submission is refused, then the district's review; the city does both.
    today = records.today()
    closed = {"apply": today - timedelta(days=2), "district": today - timedelta(days=1),
              "city": today + timedelta(days=1)}
    flow.open_campaign(people["leader"], LATE_YEAR, closed)
    draft = flow.start(people["suohe"], LATE_YEAR, today=closed["apply"])
    flow.save(people["suohe"], draft, draft.version, closed["apply"], reported={m.name: 1 for m in rules.MEASURES},
              evidence={str(n): "佐证" for n in rules.INDICATOR_NUMBERS})
    _open_year(clerk, site, LATE_YEAR)
    _click(clerk, "提交申请")
    _wait_text(clerk, f"已过乡镇申请截止日期（{closed['apply']:%Y年%m月%d日}），未予办理")
    assert records.applications(people["suohe"], LATE_YEAR)[0].state == rules.DRAFT
    # Only the city acts late, with a reason.
    _open_year(leader, site, LATE_YEAR)
    _explain(leader, "理由（退回、不予通过、逾期代办时必填）", "乡镇系统故障，市局代为提交")
    _click(leader, "提交申请")
    _wait_text(leader, "已提交申请：索河街道")
    assert records.applications(people["suohe"], LATE_YEAR)[0].history[-1].role == "city"
    _open_year(officer, site, LATE_YEAR)
    _click(officer, "初审通过")
    _wait_text(officer, f"已过区级初审截止日期（{closed['district']:%Y年%m月%d日}），未予办理")
    assert records.applications(people["suohe"], LATE_YEAR)[0].state == rules.SUBMITTED
    _open_year(leader, site, LATE_YEAR)
    _explain(leader, "理由（退回、不予通过、逾期代办时必填）", "区级系统故障，市局代为初审")
    _click(leader, "初审通过")
    _wait_text(leader, "已初审通过：索河街道")
    late = records.applications(people["suohe"], LATE_YEAR)[0]
    assert (late.state, late.history[-1].role, late.history[-1].comment) == (rules.PASSED, "city",
                                                                             "区级系统故障，市局代为初审")

"""The 示范乡镇推选 page in AppTest on the demo lake, per role: the city opens a campaign; a town clerk starts,
fills in and submits; the district officer sees the difference flagged and returns; the city confirms and publishes;
another district sees nothing; the 示范乡镇 page lists the published towns."""

import io
import os
import re
import unicodedata
from datetime import UTC, datetime, timedelta

import docx
import pypdf
import pytest

from assess import selection as rules
from store import accounts, db
from store import selection as records
from testkit.apptest import assert_clean, open_app, texts, use_demo_store
from ui import selection_document as document
from ui import selection_flow as flow
from ui import selection_text as text
from ui.labels import verdict_cell

PAGE = "pages/selection.py"
YEAR = 2026
EVIDENCE = {str(n): f"指标{n}佐证：见附件" for n in rules.INDICATOR_NUMBERS}


@pytest.fixture
def fresh_store(tmp_path, demo_accounts, use_demo_lake):
    use_demo_store(tmp_path)
    yield {u.username: u for u in accounts.all_users()}
    os.environ["DATABASE_URL"] = demo_accounts
    db.forget()


def _deadlines(days: int = 10) -> dict:
    today = records.today()
    return {"apply": today + timedelta(days=days), "district": today + timedelta(days=days + 1),
            "city": today + timedelta(days=days + 2)}


def frame(at, column: str):
    """The first table on screen with this column (AppTest does not keep a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def test_the_city_opens_a_campaign_with_the_years_standard(fresh_store):
    at = open_app(PAGE, user="leader")
    assert_clean(at)
    assert "尚未开启任何年度" in texts(at)
    at.selectbox(key="selection_new_year").set_value(YEAR)
    at.number_input(key="selection_new_quota_420114").set_value(2)
    _button(at, "selection_open").click().run()
    assert_clean(at)
    assert f"{YEAR}年度推选活动已开启" in texts(at)
    assert "蔡甸区 2 个" in texts(at)
    standard = frame(at, "标准")
    assert "指标5 就业帮扶载体下限" in set(standard["标准"])
    assert records.campaign(YEAR).quotas == {"420114": 2}


def test_a_clerk_applies_and_the_district_sees_the_difference(fresh_store):
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    at = open_app(PAGE, user="suohe")
    assert_clean(at)
    _button(at, "selection_start").click().run()
    assert "申请已建立（草稿）" in texts(at)
    app = records.applications(fresh_store["suohe"], YEAR)[0]
    rolled = app.recorded["entrepreneurs_supported_count"]["value"]
    assert "数据湖记录（锁定）" in texts(at) and "返乡创业人员名册" in texts(at)
    prefix = f"selection_form_{app.application_id}_{app.version}"
    for m in rules.MEASURES:
        widget = (at.selectbox if m.unit == rules.YES_NO else at.number_input)(key=f"{prefix}_{m.name}")
        if widget.value is None:
            widget.set_value(True if m.unit == rules.YES_NO else 1)
    at.number_input(key=f"{prefix}_entrepreneurs_supported_count").set_value(rolled + 3)
    for number, words in EVIDENCE.items():
        if number not in ("2", "5"):
            at.text_area(key=f"{prefix}_evidence_{number}").input(words)
    _button(at, "selection_submit").click().run()
    assert_clean(at)
    assert "申请已提交，等待区级初审" in texts(at)
    assert "已提交待初审" in texts(at)

    officer = open_app(PAGE, user="caidian")
    assert_clean(officer)
    assert f"扶持返乡创业人数：填报 {rolled + 3:,} 人，数据湖记录 {rolled:,} 人" in texts(officer)
    officer.text_input(key=f"selection_district_reason_{app.application_id}").input("返乡创业人数与名册不符")
    _button(officer, "selection_district_return").click().run()
    assert_clean(officer)
    assert "已退回修改：索河街道" in texts(officer)
    assert records.application(fresh_store["caidian"], app.application_id).state == rules.RETURNED

    other = open_app(PAGE, user="huangpi")
    assert_clean(other)
    assert "本区暂无已提交的申请" in texts(other) and "索河街道" not in texts(other)

    clerk = open_app(PAGE, user="suohe")
    assert "已被区级退回修改：返乡创业人数与名册不符" in texts(clerk)
    assert "已被区级退回修改：返乡创业人数与名册不符" in texts(open_app("pages/model_towns.py", user="suohe"))


def test_returning_without_a_reason_is_refused_on_screen(fresh_store):
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = flow.start(clerk, YEAR)
    app = flow.save(clerk, app, app.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    flow.act(clerk, app, "submit", app.version)
    officer = open_app(PAGE, user="caidian")
    _button(officer, "selection_district_return").click().run()
    assert_clean(officer)
    assert "“退回修改”须填写理由" in texts(officer)


def test_a_late_submission_is_refused_on_screen(fresh_store):
    clerk = fresh_store["suohe"]
    opened = _deadlines(days=-5)
    flow.open_campaign(fresh_store["leader"], YEAR, opened)
    early = opened["apply"] - timedelta(days=1)
    app = flow.start(clerk, YEAR, today=early)
    flow.save(clerk, app, app.version, early, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    at = open_app(PAGE, user="suohe")
    _button(at, "selection_submit").click().run()
    assert_clean(at)
    assert f"已过乡镇申请截止日期（{opened['apply']:%Y年%m月%d日}）" in texts(at)
    assert records.applications(clerk, YEAR)[0].state == rules.DRAFT


def test_the_city_confirms_publishes_and_the_towns_page_shows_the_list(fresh_store, downloads):
    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines())
    clerk, officer = people["suohe"], people["caidian"]
    app = flow.start(clerk, YEAR)
    app = flow.save(clerk, app, app.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    app = flow.act(clerk, app, "submit", app.version)
    app = flow.act(officer, app, "pass", app.version)
    flow.recommend(officer, YEAR, [app])

    at = open_app(PAGE, user="leader")
    assert_clean(at)
    assert "区级择优推荐" in texts(at)
    _button(at, "selection_city_confirm").click().run()
    assert "已复核确认：索河街道" in texts(at)
    assert _button(at, "selection_publish").disabled  # one click must not end the year: confirmed first
    at.checkbox(key="selection_publish_sure").check().run()
    _button(at, "selection_publish").click().run()
    assert_clean(at)
    assert f"{YEAR}年度示范乡镇名单已发布" in texts(at)
    assert list(frame(at, "牌匾")["乡镇（街道）"]) == ["索河街道"]
    assert records.application(clerk, app.application_id).state == rules.AWARDED

    towns = open_app("pages/model_towns.py", user="leader")
    assert_clean(towns)
    assert "索河街道" in set(frame(towns, "牌匾")["乡镇（街道）"])
    states = frame(towns, "推荐位次")  # every application of the year the leader may see, with its state
    assert states[["乡镇（街道）", "状态"]].values.tolist() == [["索河街道", text.STATE_NAMES[rules.AWARDED]]]
    mine = open_app(PAGE, user="suohe")
    assert "已通报表扬、授牌" in texts(mine)
    assert not [b for b in mine.button if b.key in ("selection_document", "selection_publish")]  # the city's
    district = open_app(PAGE, user="caidian")
    assert not [b for b in district.button if b.key in ("selection_document", "selection_publish")]
    assert "本区推荐名额" in texts(district) or "各区推荐名额" not in texts(district)
    _button(at, "selection_document").click().run()
    assert_clean(at)
    assert {b.label for b in at.get("download_button")} >= {"下载通报表扬（.docx）", "下载通报表扬（PDF）"}
    assert "第 1 版" in texts(at) or not frame(at, "版本").empty


def test_the_document_names_the_towns_in_word_and_pdf(use_demo_lake):
    issued = records.Document(1, (("420114", "420114007"), ("420116", "420116001")), "leader",
                              datetime(2026, 12, 3, 2, 0, tzinfo=UTC), "")
    made = document.make(YEAR, issued)
    words = "".join(p.text for p in docx.Document(io.BytesIO(made.docx)).paragraphs)
    cells = [c.text for t in docx.Document(io.BytesIO(made.docx)).tables for r in t.rows for c in r.cells]
    assert made.docx_name == f"关于对{YEAR}年度“就业帮扶助力乡村振兴示范乡镇”予以通报表扬的通报.docx"
    assert "蔡甸区索河街道" in words and "共2个乡镇（街道）" in words
    assert "颁授“就业帮扶助力乡村振兴示范乡镇”牌匾" in words
    assert ["1", "蔡甸区", "索河街道"] == cells[3:6]
    reader = pypdf.PdfReader(io.BytesIO(made.pdf))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages)))
    assert "蔡甸区索河街道" in text and "武汉市人力资源和社会保障局" in text and "2026年12月3日" in text


def test_two_officers_saving_at_once_keep_both_notes(fresh_store):
    second_officer = accounts.User("caidian2", "蔡甸区专员二", "蔡甸区人社局", "district", "420114", None, True)
    accounts.add(second_officer, "pw-123456")
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = flow.start(clerk, YEAR)
    app = flow.save(clerk, app, app.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    app = flow.act(clerk, app, "submit", app.version)
    key = f"selection_district_note_district_{app.application_id}_{app.version}"
    first, second = open_app(PAGE, user="caidian"), open_app(PAGE, user="caidian2")
    first.text_area(key=key).input("甲：返乡创业人数需核实")
    _button(first, "selection_district_save_note").click().run()
    assert "区级初审意见已保存" in texts(first)
    second.text_area(key=key).input("乙：载体台账已核")
    _button(second, "selection_district_save_note").click().run()
    assert_clean(second)
    assert "未保存：该申请已被他人修改（“caidian”" in texts(second)
    assert second.text_area(key=key).value == "乙：载体台账已核"  # still in the form
    assert any("您未能保存的内容" in e.label for e in second.expander)
    assert records.application(clerk, app.application_id).note(rules.DISTRICT) == "甲：返乡创业人数需核实"
    # The second officer loads the first's note and saves both.
    _button(second, "selection_reload").click().run()
    newest = f"selection_district_note_district_{app.application_id}_{app.version + 1}"
    assert second.text_area(key=newest).value == "甲：返乡创业人数需核实"
    second.text_area(key=newest).input("甲：返乡创业人数需核实\n乙：载体台账已核")
    _button(second, "selection_district_save_note").click().run()
    assert "区级初审意见已保存" in texts(second)
    both = "甲：返乡创业人数需核实\n乙：载体台账已核"
    assert records.application(clerk, app.application_id).note(rules.DISTRICT) == both


def test_a_town_clerk_gets_the_same_indicator_6_audit_as_the_city(use_demo_lake):
    """Issue 28: the clerk's 示范乡镇 page judged indicator 6 无法判定 (the audit was closed to them) while the leader's
    judged it met. The gate now answers the town's own rows of the district's audit."""
    from queries.engine import Scope, acting_for
    from queries.roster_years import year_as_of
    from queries.town_audit import town_claims

    as_of = year_as_of(YEAR)[0]
    city = town_claims(YEAR, as_of, ["420114"])
    with acting_for(Scope(("420114",), "420114007")):
        clerk = town_claims(YEAR, as_of, ["420114"])
    assert set(clerk["town_code"]) == {"420114007"}  # nothing of another town
    mine = city[city["town_code"] == "420114007"].reset_index(drop=True)
    assert clerk.reset_index(drop=True).equals(mine)
    assert not clerk.empty


def test_the_reviewer_sees_each_indicators_verdict_against_the_years_standard(fresh_store):
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = flow.start(clerk, YEAR)
    app = flow.save(clerk, app, app.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    flow.act(clerk, app, "submit", app.version)
    at = open_app(PAGE, user="caidian")
    assert_clean(at)
    table = frame(at, "本年度标准")
    assert list(table.columns) == ["指标", "乡镇填报", "数据湖记录", "判定所用数", "本年度标准", "判定", "差距"]
    # One verdict everywhere: the 示范乡镇 page's judgement (assess.scorecard), worded by its words.
    results = flow.indicator_results(records.applications(fresh_store["caidian"], YEAR)[0])
    assert list(table["判定"]) == [verdict_cell(r.verdict) for r in results]
    assert len(table) == 10 and table["本年度标准"].iloc[0] == "≥ 90.0%"


def test_the_review_judges_the_lakes_record_where_it_has_one(fresh_store):
    """The review says it judges by the lake's record where the lake has one: the returning entrepreneurs in the
    register (数据湖记录), never an earlier self-report the town has since corrected (found in the browser: 14
    reported, 1 recorded, corrected to 1, judged on 14)."""
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = flow.start(clerk, YEAR)
    recorded = app.recorded["entrepreneurs_supported_count"]["value"]
    assert recorded is not None
    app = flow.save(clerk, app, app.version, evidence=EVIDENCE,
                    reported={m.name: 1 for m in rules.MEASURES} | {"entrepreneurs_supported_count": recorded + 13})
    third = next(r for r in flow.indicator_results(app) if r.number == 3)
    used = next(p for p in third.parts if p.measure == "entrepreneurs_supported_count")
    assert used.value == recorded

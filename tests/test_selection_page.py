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


def _submitted(clerk):
    """The clerk's application, started, filled in and submitted."""
    app = flow.start(clerk, YEAR)
    app = flow.save(clerk, app, app.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    return flow.act(clerk, app, "submit", app.version)


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
    version = records.application(fresh_store["caidian"], app.application_id).version
    officer.text_input(key=f"selection_district_reason_{app.application_id}_{version}").input("返乡创业人数与名册不符")
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
    app = _submitted(clerk)
    app = flow.act(officer, app, "pass", app.version)
    flow.recommend(officer, YEAR, [app])

    at = open_app(PAGE, user="leader")
    assert_clean(at)
    assert "区级择优推荐" in texts(at)
    _button(at, "selection_city_confirm").click().run()
    assert "已复核确认：索河街道" in texts(at)
    # the towns' deadline is still ahead: the leader is told what publishing now ends (the user-side check published
    # before it without a word)
    assert "乡镇申请截止日期" in texts(at) and "尚未到：现在发布" in texts(at)
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
    app = _submitted(clerk)
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


# ---- What the user-side check in Chromium found (issue 28's finish) ----

def _recommended(people, clerk_name="suohe"):
    clerk, officer = people[clerk_name], people["caidian"]
    app = _submitted(clerk)
    app = flow.act(officer, app, "pass", app.version)
    return flow.recommend(officer, YEAR, [app])[0]


def test_a_correction_that_leaves_no_town_issues_a_numbered_document_saying_so(fresh_store):
    """1. Revoking the only awarded town left the new version without a file. A bureau that has praised a town in
    a 通报 must withdraw it in writing: the correction is the next numbered document, saying which version it
    corrects, why, whose honour is revoked, and that the year now has no 示范乡镇 (the first stays as issued)."""
    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines())
    app = _recommended(people)
    app = flow.act(people["leader"], app, "confirm", app.version)
    flow.publish(people["leader"], YEAR)
    awarded = records.application(people["leader"], app.application_id)
    flow.correct(people["leader"], YEAR, [(awarded, "revoke")], "复查发现返乡创业人数不实")
    at = open_app(PAGE, user="leader")
    assert_clean(at)
    assert at.selectbox(key="selection_document_version").value == 2
    assert [b for b in at.button if b.key == "selection_document"], "no document for the correction"
    _button(at, "selection_document").click().run()
    assert_clean(at)
    assert {b.label for b in at.get("download_button")} >= {"下载通报表扬（.docx）"}
    assert "经更正（第 2 版通报），本年度已无乡镇（街道）获通报表扬" in texts(at)
    issued = records.documents(YEAR)
    made = document.make(YEAR, issued[1], issued[0])
    words = "".join(p.text for p in docx.Document(io.BytesIO(made.docx)).paragraphs)
    assert made.briefing.title == f"关于更正{YEAR}年度“就业帮扶助力乡村振兴示范乡镇”名单的通报（第2版）"
    assert "印发的第 1 版通报予以更正。更正理由：复查发现返乡创业人数不实" in words
    assert "撤销蔡甸区索河街道的" in words and f"更正后，{YEAR}年度无乡镇（街道）获评" in words
    assert "予以通报表扬，并颁授" not in words  # nobody is praised in it
    first = document.make(YEAR, issued[0])  # the first version stays as issued
    assert "蔡甸区索河街道共1个乡镇（街道）达到推选标准" in "".join(
        p.text for p in docx.Document(io.BytesIO(first.docx)).paragraphs)


def test_saving_the_same_file_twice_keeps_it_once_with_a_notice(fresh_store, tmp_path, monkeypatch):
    """2. 保存附件 pressed twice kept the file twice: the uploader is emptied once the file is kept, and the same
    file saved again is kept once, with a notice saying where it is."""
    monkeypatch.setenv("DASHBOARD_UPLOADS", "1")
    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = flow.start(clerk, YEAR)
    pdf = ("返乡创业名单.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    at = open_app(PAGE, user="suohe")
    at.file_uploader[0].set_value(pdf).run()
    _button(at, "selection_file_save").click().run()
    assert_clean(at)
    assert "附件“返乡创业名单\\.pdf”已保存到指标1" in texts(at)  # the file's name as text (ui.safe.plain)
    assert not [b for b in at.button if b.key == "selection_file_save"]  # the uploader holds nothing now
    at.file_uploader[0].set_value(pdf).run()
    _button(at, "selection_file_save").click().run()
    assert_clean(at)
    assert any("该文件已保存过（指标1：返乡创业名单\\.pdf），未重复保存" in i.value for i in at.info), texts(at)
    assert [a.file_name for a in records.attachments(clerk, app.application_id)] == ["返乡创业名单.pdf"]


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Etc/GMT-14"])
def test_every_time_on_the_page_is_beijing_time_whatever_the_servers_zone(fresh_store, monkeypatch, zone):
    """3. The status table said 00:38 where the history said 08:38 for the same move: every time is Beijing time,
    through ui.labels.beijing_time, whichever zone the server runs in."""
    import time
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
        app = _recommended(fresh_store)
        last = app.history[-1]
        beijing = f"{last.acted_at.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d %H:%M}"
        at = open_app(PAGE, user="leader")
        assert_clean(at)
        status = frame(at, "最近操作")
        assert status["最近操作"].iloc[0] == f"择优推荐（caidian，{beijing}）"
        history = frame(at, "原状态")
        assert history["时间"].iloc[-1] == beijing
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_no_english_placeholder_and_no_select_all_in_the_recommendation_list(fresh_store):
    """4. The 择优推荐 list showed Streamlit's "Choose options" (and offers "Select all"): a Chinese placeholder,
    no select-all (the order clicked is the rank). Every choice widget on the page, for every role, has Chinese
    placeholder text or none shown."""
    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines())
    clerk, officer = people["suohe"], people["caidian"]
    app = _submitted(clerk)
    flow.act(officer, app, "pass", app.version)
    at = open_app(PAGE, user="caidian")
    assert_clean(at)
    chosen = at.multiselect(key="selection_recommend_order")
    assert chosen.placeholder == "请按推荐顺序逐个选择（先选的排在前）"
    assert not chosen.proto.select_all
    chinese = re.compile(r"[\u4e00-\u9fff]")
    for user in ("leader", "caidian", "suohe"):
        page = open_app(PAGE, user=user)
        # an empty multiselect, and a selectbox with nothing chosen, show Streamlit's English unless given words
        shown = [w for w in page.multiselect] + [w for w in page.selectbox if not w.proto.HasField("default")]
        assert all(chinese.search(w.proto.placeholder) for w in shown), [(w.key, w.proto.placeholder) for w in shown]
        typed = [w for w in [*page.text_input, *page.text_area] if w.placeholder]
        assert all(chinese.search(w.placeholder) for w in typed), [(w.key, w.placeholder) for w in typed]


def test_the_recommendation_rank_is_never_none(fresh_store):
    """5. "None" stood in the 推荐位次 column: a town on no list shows "—" (the caption says what it means), a
    recommended one its place."""
    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines())
    _recommended(people)
    clerk = people["zhurushan"]
    other = flow.start(clerk, YEAR)
    other = flow.save(clerk, other, other.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
    flow.act(clerk, other, "submit", other.version)
    at = open_app(PAGE, user="leader")
    assert_clean(at)
    ranks = frame(at, "推荐位次").set_index("乡镇（街道）")["推荐位次"]
    assert ranks.to_dict() == {"侏儒山街道": "—", "索河街道": "第 1 位"}
    assert f"推荐位次：{text.RANK_HELP}" in texts(at)
    towns = open_app("pages/model_towns.py", user="leader")
    assert set(frame(towns, "推荐位次")["推荐位次"]) == {"—", "第 1 位"}


def test_opening_a_year_names_the_policy_settings_in_words_not_a_file_path(fresh_store):
    """6. The 开启推选 form showed "data/reference/policy.toml": it says 政策参数 instead."""
    at = open_app(PAGE, user="leader")
    assert_clean(at)
    shown = texts(at)
    assert "政策参数" in shown
    assert not re.search(r"[\w/]+\.(toml|py|sql|parquet|json)\b|data/", shown), shown


def test_a_town_sees_only_its_own_districts_quota(fresh_store):
    """7. A town clerk saw every district's quota: they see their own district's; so does a district officer; the
    city sees them all."""
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines(), {"420114": 2, "420116": 1})
    town = texts(open_app(PAGE, user="suohe"))
    assert "蔡甸区推荐名额：2 个" in town and "黄陂区" not in town
    district = texts(open_app(PAGE, user="huangpi"))
    assert "黄陂区推荐名额：1 个" in district and "蔡甸区" not in district
    assert "各区推荐名额：蔡甸区 2 个、黄陂区 1 个" in texts(open_app(PAGE, user="leader"))


def test_the_form_says_what_only_a_save_keeps_and_warns_while_text_is_unsaved(fresh_store):
    """8. Evidence typed but not saved was lost on a reload without a word: the form says that only 保存草稿 (or an
    upload, a removal, a submission) keeps it, and warns while something is unsaved — not before anything is typed,
    not after the save. (That typed text stays while the clerk looks at another page only a browser shows:
    tests/test_selection_browser.py.)"""
    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines())
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR)
    at = open_app(PAGE, user="suohe")
    assert_clean(at)
    assert "在按“保存草稿”" in texts(at) and "刷新、关闭页面或退出登录则会丢失" in texts(at)
    assert "有尚未保存的修改" not in texts(at)  # nothing typed yet: no warning
    field = f"selection_form_{app.application_id}_{app.version}_evidence_3"
    at.text_area(key=field).input("返乡创业人员名单见附件").run()
    assert "有尚未保存的修改" in texts(at)
    assert _button(at, "selection_save").label == "保存草稿"
    _button(at, "selection_save").click().run()
    assert_clean(at)
    assert "草稿已保存" in texts(at) and "有尚未保存的修改" not in texts(at)
    assert records.application(clerk, app.application_id).evidence["3"] == "返乡创业人员名单见附件"


def test_no_code_word_on_any_view_of_the_campaign(fresh_store):
    """The 推选 page seen by every role mid-campaign and after a published, corrected year, read through the text
    contract (testkit.text_contract: None, nan, ISO times, file paths, snake_case, Streamlit's English defaults —
    the empty 择优推荐 list's "Choose options" among them)."""
    from testkit.text_contract import app_text, findings

    people = fresh_store
    flow.open_campaign(people["leader"], YEAR, _deadlines(), {"420114": 2})
    app = _recommended(people)
    app = flow.act(people["leader"], app, "confirm", app.version)
    flow.publish(people["leader"], YEAR)
    flow.correct(people["leader"], YEAR, [(records.application(people["leader"], app.application_id), "revoke")],
                 "复查更正")
    flow.open_campaign(people["leader"], YEAR + 1, _deadlines(), {"420114": 1})
    for clerk_name in ("suohe", "zhurushan"):
        clerk = people[clerk_name]
        mine = flow.start(clerk, YEAR + 1)
        mine = flow.save(clerk, mine, mine.version, reported={m.name: 1 for m in rules.MEASURES}, evidence=EVIDENCE)
        mine = flow.act(clerk, mine, "submit", mine.version)
        flow.act(people["caidian"], mine, "pass", mine.version)
    found = []
    for user in ("leader", "caidian", "huangpi", "suohe", "admin"):
        for year in (YEAR + 1, YEAR):
            at = open_app(PAGE, user=user)
            at.selectbox(key="selection_year").set_value(year).run()
            assert_clean(at)
            found += findings(f"{user} {year}", app_text(at))
    assert not found, "\n".join(map(str, found))


def test_a_move_pressed_on_an_older_page_is_told_not_dropped_silently(fresh_store):
    """Two tabs of one officer: tab A returns the application; tab B, still on the older page, presses 初审通过. The
    button is not drawn again for the new state, so its click could pass without a word (the user-side check found
    the page just reloading as 区级退回修改): tab B is told the application moved on and that its move was not made."""
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = _submitted(clerk)
    tab_b = open_app(PAGE, user="caidian")
    assert "已有新的办理" not in texts(tab_b)
    flow.act(fresh_store["caidian"], app, "return", app.version, "佐证材料不足")  # tab A
    _button(tab_b, "selection_district_pass").click().run()
    assert_clean(tab_b)
    told = texts(tab_b)
    assert "该申请在您打开后已有新的办理" in told and "区级退回修改" in told and "该操作未执行" in told
    assert records.application(clerk, app.application_id).state == rules.RETURNED
    _button(tab_b, "selection_reload").click().run()
    assert "已有新的办理" not in texts(tab_b)


def test_a_campaign_is_not_opened_with_its_application_deadline_past(fresh_store):
    """The user-side check opened 2027 with 乡镇申请截止 2026-12-01, before today, and it went straight to 区级初审."""
    at = open_app(PAGE, user="leader")
    at.date_input(key="selection_new_apply").set_value(records.today() - timedelta(days=7))
    _button(at, "selection_open").click().run()
    assert_clean(at)
    assert "乡镇申请截止日期不能早于今天" in texts(at) and records.all_campaigns() == []


def test_the_return_reason_stays_in_the_towns_notice_after_it_saves_a_draft(fresh_store):
    """The user-side check saw "已被区级退回修改：。" after the town saved: the notice read the last row's comment."""
    flow.open_campaign(fresh_store["leader"], YEAR, _deadlines())
    clerk = fresh_store["suohe"]
    app = _submitted(clerk)
    app = flow.act(fresh_store["caidian"], app, "return", app.version, "佐证材料不足，请补充指标7台账")
    flow.save(clerk, app, app.version, reported={m.name: 2 for m in rules.MEASURES}, evidence=EVIDENCE)
    told = texts(open_app(PAGE, user="suohe"))
    assert "已被区级退回修改：佐证材料不足，请补充指标7台账。" in told and "修改：。" not in told

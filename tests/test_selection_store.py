"""示范乡镇推选 on SQLite and on a real PostgreSQL server: a whole campaign through ui.selection_flow on the demo
lake, one transition row per move, the scope rule, optimistic versioning, deadlines, evidence files."""

import sys
import types
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from assess import selection as rules
from store import access_log, accounts, db
from store import selection as records
from store.selection import OutOfScope, SelectionError, Stale
from tests.test_store import postgres_server, store_url  # noqa: F401 (fixtures)
from ui import selection_flow as flow
from ui import selection_text as text

YEAR = 2026
IN_TIME = date(2026, 11, 1)
DEADLINES = {"apply": date(2026, 11, 10), "district": date(2026, 11, 20), "city": date(2026, 11, 30)}
EVIDENCE = {str(n): f"指标{n}佐证：见附件" for n in rules.INDICATOR_NUMBERS}


@pytest.fixture
def people(store_url, use_demo_lake):  # noqa: F811 (the fixture imported above)
    for user in accounts.DEMO_ACCOUNTS:
        accounts.add(user, accounts.DEMO_PASSWORD, by="test")
    second = accounts.User("caidian2", "蔡甸区专员二", "蔡甸区人社局", "district", "420114", None, True)
    accounts.add(second, "pw-12345")
    return {u.username: u for u in accounts.all_users()}


def _submitted(people, today=IN_TIME):
    """The 索河街道 clerk's application, submitted with 14 returning entrepreneurs reported against the roll."""
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR, today=today)
    recorded = app.recorded["entrepreneurs_supported_count"]["value"]
    reported = {m.name: 1 for m in rules.MEASURES} | {
        k: v["value"] for k, v in app.recorded.items()} | {"entrepreneurs_supported_count": recorded + 3}
    app = flow.save(clerk, app, app.version, today, reported=reported, evidence=EVIDENCE)
    return flow.act(clerk, app, "submit", app.version, today=today), recorded


def test_a_whole_campaign_leaves_one_row_per_move(people):
    leader, clerk, officer = people["leader"], people["suohe"], people["caidian"]
    flow.open_campaign(leader, YEAR, DEADLINES, {"420114": 2})
    with pytest.raises(SelectionError, match="只开展一次"):
        flow.open_campaign(leader, YEAR, DEADLINES)
    app, recorded = _submitted(people)
    assert app.state == rules.SUBMITTED
    assert app.recorded["entrepreneurs_supported_count"]["as_of"].startswith(f"{YEAR}年度返乡创业人员名册")
    assert "花名册" in app.recorded["able_willing_employment_rate_pct"]["as_of"]

    seen = records.application(officer, app.application_id)
    flagged = text.comparison(seen.reported, seen.recorded)
    row = flagged[flagged["数项"].str.startswith("扶持返乡创业人数")].iloc[0]
    assert (row["乡镇填报"], row["数据湖记录"], row["核对"]) == (f"{recorded + 3} 人", f"{recorded} 人",
                                                               text.DIFFERENCE_FLAG)
    assert list(flagged["核对"]).count(text.DIFFERENCE_FLAG) == 1

    app = flow.act(officer, seen, "return", seen.version, "返乡创业人数与名册不符，请核实", today=IN_TIME,
                   note="区级：创业人数待核")
    assert app.note(rules.DISTRICT) == "区级：创业人数待核"  # the opinion typed before pressing 退回修改 is kept
    fixed = app.reported | {"entrepreneurs_supported_count": recorded}
    app = flow.save(clerk, app, app.version, IN_TIME, reported=fixed, evidence=EVIDENCE)
    app = flow.act(clerk, app, "submit", app.version, today=IN_TIME)
    assert rules.differences(app.reported, {k: v["value"] for k, v in app.recorded.items()}) == []
    app = flow.act(officer, app, "pass", app.version, today=IN_TIME)
    (app,) = flow.recommend(officer, YEAR, [app], today=IN_TIME)
    assert (app.state, app.recommend_rank) == (rules.RECOMMENDED, 1)
    with pytest.raises(SelectionError, match="个区级推荐的乡镇未复核"):
        flow.publish(leader, YEAR)
    app = flow.act(leader, app, "confirm", app.version, "十项指标均达标", today=IN_TIME)
    (app,) = flow.publish(leader, YEAR)
    assert app.state == rules.AWARDED
    assert records.awarded(YEAR) == [(YEAR, "420114", "420114007")]
    assert records.campaign(YEAR).published_at is not None

    steps = [(t.action, t.from_state, t.to_state, t.username, t.role) for t in app.history
             if t.action != rules.SAVE]  # the clerk's saves are rows too, with the state unchanged
    assert steps == [
        ("create", "", "draft", "suohe", "town"), ("submit", "draft", "submitted", "suohe", "town"),
        ("return", "submitted", "returned", "caidian", "district"),
        ("submit", "returned", "submitted", "suohe", "town"), ("pass", "submitted", "passed", "caidian", "district"),
        ("recommend", "passed", "recommended", "caidian", "district"),
        ("confirm", "recommended", "confirmed", "leader", "city"),
        ("publish", "confirmed", "awarded", "leader", "city")]
    assert len(app.history) == app.version  # every change is one row
    assert rules.replay([(t.from_state, t.to_state) for t in app.history]) == app.state
    assert next(t for t in app.history if t.action == "return").comment == "返乡创业人数与名册不符，请核实"
    log = access_log.read(access_log.LogFilter(actions=("selection_action", "selection_publish")))
    assert len(log) == 7 and log["action"].iloc[0] == "selection_publish"
    (first,) = records.documents(YEAR)
    assert (first.version_no, first.towns, first.reason) == (1, (("420114", "420114007"),), "")
    # Publication closed the year: no move, no save, no second publication — not even by the city.
    with pytest.raises(SelectionError, match="名单已发布"):
        flow.act(leader, app, "confirm", app.version, "再确认", today=IN_TIME)
    with pytest.raises(SelectionError, match="名单已发布"):
        flow.start(people["zhurushan"], YEAR, today=IN_TIME)
    with pytest.raises(records.Closed):  # the store refuses it too, whatever the caller checked
        records.move(leader, app.application_id, app.version, rules.AWARDED, "send_back", rules.PASSED, "x")
    with pytest.raises(SelectionError, match="已经发布"):
        flow.publish(leader, YEAR)
    # A correction is the one way on: a new numbered version, the first as issued.
    issued = flow.correct(leader, YEAR, [(app, "revoke")], "复查发现返乡创业人数不实")
    assert (issued.version_no, issued.towns, issued.reason) == (2, (), "复查发现返乡创业人数不实")
    assert records.documents(YEAR)[0] == first
    assert records.awarded(YEAR) == []
    assert records.application(leader, app.application_id).state == rules.REVOKED
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.engine().begin() as conn:
        conn.execute(sa.text("update selection_transitions set comment = 'x'"))


def test_a_district_never_sees_another_districts_applications(people):
    flow.open_campaign(people["leader"], YEAR, DEADLINES)
    app, _ = _submitted(people)
    huangpi = people["huangpi"]
    assert records.applications(huangpi, YEAR) == []
    assert [a.town_code for a in records.applications(people["caidian"], YEAR)] == ["420114007"]
    assert records.applications(people["zhurushan"], YEAR) == []  # another town of the same district
    assert len(records.applications(people["leader"], YEAR)) == 1
    with pytest.raises(OutOfScope, match="不在您的权限范围内"):
        records.application(huangpi, app.application_id)
    with pytest.raises(OutOfScope):
        records.save(huangpi, app.application_id, app.version, note="越权")
    with pytest.raises(OutOfScope):
        records.move(huangpi, app.application_id, app.version, rules.SUBMITTED, "pass", rules.PASSED)
    refused = access_log.read(access_log.LogFilter(username="huangpi", actions=("refused_scope",)))
    assert len(refused) == 3
    assert records.application(people["leader"], app.application_id).state == rules.SUBMITTED


def test_two_reviewers_at_once_lose_neither_save(people):
    flow.open_campaign(people["leader"], YEAR, DEADLINES)
    app, _ = _submitted(people)
    first, second = people["caidian"], people["caidian2"]
    opened_by_first = records.application(first, app.application_id)
    opened_by_second = records.application(second, app.application_id)
    saved = flow.save(first, opened_by_first, opened_by_first.version, IN_TIME, note="甲：返乡创业人数需核实")
    with pytest.raises(Stale) as refused:
        flow.save(second, opened_by_second, opened_by_second.version, IN_TIME, note="乙：载体台账已核")
    assert "已被他人修改" in str(refused.value) and "“caidian”" in str(refused.value)
    assert "仍在表单中" in str(refused.value)
    assert refused.value.current_version == saved.version
    assert records.application(second, app.application_id).note(rules.DISTRICT) == "甲：返乡创业人数需核实"
    # The second reviewer reads the first's note and saves both: neither is lost, and both versions stay.
    again = records.application(second, app.application_id)
    both = flow.save(second, again, again.version, IN_TIME, note=again.note(rules.DISTRICT) + "\n乙：载体台账已核")
    assert both.note(rules.DISTRICT) == "甲：返乡创业人数需核实\n乙：载体台账已核"
    assert [(t.username, t.note) for t in both.notes(rules.DISTRICT)] == [
        ("caidian", "甲：返乡创业人数需核实"), ("caidian2", "甲：返乡创业人数需核实\n乙：载体台账已核")]
    assert both.note(rules.CITY) == ""  # the city's opinion is its own field
    # A move made from an old version is refused too, and the first move stands.
    flow.act(first, both, "pass", both.version, today=IN_TIME)
    with pytest.raises(Stale):
        flow.act(second, both, "return", both.version, "重复操作", today=IN_TIME)
    assert records.application(first, app.application_id).state == rules.PASSED


def test_a_late_submission_is_refused_unless_the_city_acts_with_a_reason(people):
    today = date.today()
    flow.open_campaign(people["leader"], YEAR, {"apply": today - timedelta(days=30),
                                                "district": today - timedelta(days=20),
                                                "city": today - timedelta(days=10)})
    with pytest.raises(SelectionError, match="已过乡镇申请截止日期"):
        flow.start(people["suohe"], YEAR)
    app, _ = _submitted(people, today=today - timedelta(days=31))  # made in time, submitted in time
    app = flow.act(people["caidian"], app, "return", app.version, "请补正", today=today - timedelta(days=21))
    with pytest.raises(SelectionError, match="逾期办理须由市局账号"):
        flow.act(people["suohe"], app, "submit", app.version)
    with pytest.raises(SelectionError, match="须填写理由"):
        flow.act(people["leader"], app, "submit", app.version)
    app = flow.act(people["leader"], app, "submit", app.version, "区里系统故障，市局代为提交")
    assert (app.state, app.history[-1].role) == (rules.SUBMITTED, "city")


def test_evidence_files_are_checked_and_kept_by_their_hash(people, tmp_path, monkeypatch):
    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    flow.open_campaign(people["leader"], YEAR, DEADLINES)
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR, today=IN_TIME)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    kept = records.attach(clerk, app.application_id, app.version, 3, "返乡创业名单.pdf", pdf)
    app = records.application(clerk, app.application_id)
    assert (tmp_path / "files" / kept.sha256[:2] / kept.sha256).read_bytes() == pdf
    assert records.attachment_bytes(people["caidian"], kept) == pdf
    with pytest.raises(OutOfScope):
        records.attachment_bytes(people["huangpi"], kept)
    with pytest.raises(SelectionError, match="不支持的附件类型"):
        records.attach(clerk, app.application_id, app.version, 3, "run.exe", b"MZ\x90\x00")
    with pytest.raises(SelectionError, match="内容与扩展名"):
        records.attach(clerk, app.application_id, app.version, 3, "fake.pdf", b"<html>")
    with pytest.raises(SelectionError, match="上限"):
        records.attach(clerk, app.application_id, app.version, 3, "big.pdf",
                       b"%PDF-" + b"0" * records.MAX_ATTACHMENT_BYTES)
    monkeypatch.setenv(records.SCAN_COMMAND, "false")  # a scanner that finds something in every file
    with pytest.raises(SelectionError, match="病毒扫描"):
        records.attach(clerk, app.application_id, app.version, 4, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    assert [a.file_name for a in records.attachments(clerk, app.application_id)] == ["返乡创业名单.pdf"]
    kept_files = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert kept_files == [tmp_path / "files" / kept.sha256[:2] / kept.sha256]  # the refused one is not kept


def _recommend_in_another_process(url: str, lake: str, username: str, application_id: int, version: int,
                                  start_at: float, results) -> None:
    """One district officer's 提交择优推荐名单, from its own process and connection, at an agreed moment."""
    import os
    import time

    os.environ["DATABASE_URL"], os.environ["LAKE_DIR"] = url, lake
    from store import accounts as people
    from store import selection as store

    user = next(u for u in people.all_users() if u.username == username)
    app = store.application(user, application_id)
    time.sleep(max(0.0, start_at - time.time()))
    try:
        done = flow.recommend(user, YEAR, [app], today=IN_TIME)
        results.put(("ok", done[0].recommend_rank))
    except SelectionError as refused:
        results.put(("refused", str(refused)))


def test_two_submissions_from_two_processes_at_once_one_wins(people, store_url, use_demo_lake, monkeypatch):  # noqa: F811
    """Issue 36: two officers of one district submit their 择优推荐 at the same moment from two processes, for two
    towns, with a quota of one: one wins with rank 1, the other is refused with "已被他人修改" or the quota — never
    two towns at rank 1, never over the quota."""
    import multiprocessing
    import time

    leader = people["leader"]
    flow.open_campaign(leader, YEAR, DEADLINES, {"420114": 1})
    passed = []
    for clerk in (people["suohe"], people["zhurushan"]):
        app = flow.start(clerk, YEAR, today=IN_TIME)
        reported = {m.name: 1 for m in rules.MEASURES} | {k: v["value"] for k, v in app.recorded.items()
                                                          if v["value"] is not None}
        app = flow.save(clerk, app, app.version, IN_TIME, reported=reported, evidence=EVIDENCE)
        app = flow.act(clerk, app, "submit", app.version, today=IN_TIME)
        passed.append(flow.act(people["caidian"], app, "pass", app.version, today=IN_TIME))
    # a spawned process runs the parent's __main__ again; after an AppTest that is the dashboard's script, so the
    # workers start from a bare __main__ (their target is imported from this module by name)
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start_at = time.time() + 6
    workers = [context.Process(target=_recommend_in_another_process,
                               args=(store_url, str(use_demo_lake), name, app.application_id, app.version, start_at,
                                     results))
               for name, app in zip(("caidian", "caidian2"), passed, strict=True)]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert [o[0] for o in outcomes] == ["ok", "refused"], outcomes
    assert outcomes[0][1] == 1
    assert "已被他人修改" in outcomes[1][1], outcomes[1][1]
    ranks = [a.recommend_rank for a in records.applications(leader, YEAR) if a.state == rules.RECOMMENDED]
    assert ranks == [1]


def _submitted_with_files(people, names) -> None:
    """The 索河街道 clerk's application, submitted with one evidence file under each of `names`."""
    flow.open_campaign(people["leader"], YEAR, {k: date.today() + timedelta(days=5 + i)
                                               for i, k in enumerate(rules.STAGES)})
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for i, name in enumerate(names):
        records.attach(clerk, app.application_id, app.version, 3, name, pdf + str(i).encode())
        app = records.application(clerk, app.application_id)
    reported = {m.name: 1 for m in rules.MEASURES} | {k: v["value"] for k, v in app.recorded.items()
                                                      if v["value"] is not None}
    app = flow.save(clerk, app, app.version, reported=reported, evidence=EVIDENCE)
    flow.act(clerk, app, "submit", app.version)


def test_markdown_in_file_names_is_shown_as_text_to_the_reviewer(people, tmp_path, monkeypatch):
    """Issue 36: evidence files named like Markdown (an image that would fetch an address, a styled span) reach the
    reviewer's page as the text they are, through ui.safe.plain."""
    from testkit.apptest import open_app

    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    _submitted_with_files(people, ("![p](https:127.0.0.2:9999).pdf", ":red-background[x].pdf"))
    at = open_app("pages/selection.py", user="caidian")
    labels = [b.label for b in at.get("download_button")]
    shown = [label for label in labels if "https" in label or "background" in label]
    assert len(shown) == 2, labels
    for label in shown:
        assert "](" not in label and ":red-background[" not in label  # escaped: no link, no directive
        assert "\\!\\[p\\]" in label or "\\:\u2060red\\-background\\[x\\]" in label, label


def test_evidence_files_are_read_when_downloaded_not_on_every_page_run(people, tmp_path, monkeypatch):
    """Issue 36: the reviewer's page lists an application's files without reading them (one application had
    135 MB, all read on every run); a file's bytes are read when its button is clicked."""
    from testkit.apptest import open_app

    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    _submitted_with_files(people, [f"佐证{i}.pdf" for i in range(3)])
    reads = []
    monkeypatch.setattr(records, "attachment_bytes", lambda *args: reads.append(args) or b"")
    at = open_app("pages/selection.py", user="caidian")
    assert len([b for b in at.get("download_button") if "佐证" in b.label]) == 3
    assert reads == []


def test_an_application_holds_a_limited_count_and_total_of_files_and_removed_ones_stay_recorded(
        people, tmp_path, monkeypatch):
    """Issue 36: the count and total size per application are capped (data/reference/selection.toml); a file
    removed before submission frees its place, and its row stays, marked removed."""
    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    monkeypatch.setattr(records, "MAX_ATTACHMENTS", 2)
    flow.open_campaign(people["leader"], YEAR, DEADLINES)
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR, today=IN_TIME)
    pdf = b"%PDF-1.4\n%%EOF\n"
    first = records.attach(clerk, app.application_id, app.version, 1, "一.pdf", pdf)
    app = records.application(clerk, app.application_id)
    records.attach(clerk, app.application_id, app.version, 2, "二.pdf", pdf + b"2")
    app = records.application(clerk, app.application_id)
    with pytest.raises(SelectionError, match="最多 2 个附件"):
        records.attach(clerk, app.application_id, app.version, 3, "三.pdf", pdf + b"3")
    records.detach(clerk, first, app.version)
    app = records.application(clerk, app.application_id)
    assert [a.file_name for a in records.attachments(clerk, app.application_id)] == ["二.pdf"]
    assert [t.action for t in app.history][-3:] == [rules.ATTACH, rules.ATTACH, rules.DETACH]
    monkeypatch.setattr(records, "MAX_TOTAL_BYTES", len(pdf) + 5)
    with pytest.raises(SelectionError, match="合计不超过"):
        records.attach(clerk, app.application_id, app.version, 3, "三.pdf", pdf + b"3")
    with db.engine().connect() as conn:
        removed = conn.execute(sa.text("select removed_by from selection_attachments where file_name = '一.pdf'"))
        assert removed.scalar_one() == "suohe"


def test_the_same_file_is_kept_once_per_application(people, tmp_path, monkeypatch):
    """The user-side check: 保存附件 pressed twice kept the same file twice. The same content (by SHA-256) is kept
    once per application, under whichever indicator it came first; the second is refused with a notice and
    writes nothing. Removed, it may be attached again."""
    monkeypatch.setattr(records, "ATTACHMENT_DIR", tmp_path / "files")
    flow.open_campaign(people["leader"], YEAR, DEADLINES)
    clerk = people["suohe"]
    app = flow.start(clerk, YEAR, today=IN_TIME)
    pdf = b"%PDF-1.4\n%%EOF\n"
    first = records.attach(clerk, app.application_id, app.version, 3, "返乡创业名单.pdf", pdf)
    app = records.application(clerk, app.application_id)
    for indicator, name in ((3, "返乡创业名单.pdf"), (5, "名单副本.pdf")):
        with pytest.raises(records.AlreadyAttached, match="已保存过（指标3：返乡创业名单.pdf），未重复保存"):
            records.attach(clerk, app.application_id, app.version, indicator, name, pdf)
    assert records.application(clerk, app.application_id) == app  # nothing written, not even a history row
    assert [a.file_name for a in records.attachments(clerk, app.application_id)] == ["返乡创业名单.pdf"]
    records.detach(clerk, first, app.version)
    app = records.application(clerk, app.application_id)
    again = records.attach(clerk, app.application_id, app.version, 5, "名单副本.pdf", pdf)
    assert [(a.indicator, a.file_name) for a in records.attachments(clerk, app.application_id)] == [
        (5, "名单副本.pdf")] and again.sha256 == first.sha256


def test_a_campaigns_quotas_are_seen_by_scope(people):
    """A town clerk and a district officer see their own district's quota only; the city sees every one."""
    found = flow.open_campaign(people["leader"], YEAR, DEADLINES, {"420114": 2, "420116": 1})
    assert records.quotas_for(people["leader"], found) == {"420114": 2, "420116": 1}
    assert records.quotas_for(people["suohe"], found) == {"420114": 2}
    assert records.quotas_for(people["caidian"], found) == {"420114": 2}
    assert records.quotas_for(people["huangpi"], found) == {"420116": 1}
    assert records.quotas_for(people["zhurushan"], found) == {"420114": 2}

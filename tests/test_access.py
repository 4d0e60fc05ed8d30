"""Who sees what: the query gate narrows every question to the signed-in scope and caches by scope; the router
signs people in from the account table and offers pages by role; filters, exports and the access log follow the
scope (AppTest with `at.user`, real DuckDB on the demo lake, the session's application database)."""

import io
import json
import zipfile

import openpyxl
import pytest

from assess import welfare
from queries.engine import EVERYTHING, OutOfScope, Scope, acting_for, derive, gate, prefetch, run
from store import access_log, accounts
from store.accounts import User
from testkit.apptest import assert_clean, open_app, texts
from tests.test_welfare_one_verdict import set_measure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HUANGPI, XINZHOU, CAIDIAN = "420116", "420117", "420114"
CITY = ["420102", "420103", "420104", "420105", "420106", "420107", "420111", "420112", "420113", "420114",
        "420115", "420116", "420117"]


def _log(username: str, action: str):
    return access_log.read(access_log.LogFilter(username=username, actions=(action,)))


def test_the_gate_narrows_the_districts_asked_for_to_the_scope(use_demo_lake):
    params = {"month": "2026-10", "districts": CITY}
    city = run("employment_by_district", params)
    with acting_for(Scope((HUANGPI,))):
        mine = run("employment_by_district", params)
        with pytest.raises(OutOfScope, match="不在您的权限范围内"):
            run("employment_by_district", params | {"districts": [XINZHOU]})
    assert set(city["district_code"].dropna()) > {HUANGPI} and set(mine["district_code"].dropna()) == {HUANGPI}


def test_the_cache_is_keyed_by_scope(use_demo_lake):
    params = {"month": "2026-10", "districts": CITY}
    with acting_for(EVERYTHING):
        city = run("employment_kpis", params)
    with acting_for(Scope((HUANGPI,))):
        mine = run("employment_kpis", params)  # same question and parameters, warm cache
    with acting_for(Scope((HUANGPI,))):
        assert mine.equals(run("employment_kpis", {"month": "2026-10", "districts": [HUANGPI]}))
    assert not city.equals(mine)


def _judged_total(answer, year):
    return welfare.compare(answer, year)[1]


def test_a_derived_judgement_is_cached_by_scope_and_passes_the_gate(use_demo_lake):
    asked = [("welfare_posts_vs_last_year", {"month": "2026-10", "districts": CITY})]
    with acting_for(EVERYTHING):
        city = derive(_judged_total, asked, 2026)
    with acting_for(Scope((HUANGPI,))):
        mine = derive(_judged_total, asked, 2026)  # same function and arguments: a cached city answer must not leak
        assert mine.equals(_judged_total(run(*asked[0]), 2026))
        with pytest.raises(OutOfScope, match="不在您的权限范围内"):
            derive(_judged_total, [("welfare_posts_vs_last_year", {"month": "2026-10", "districts": [XINZHOU]})],
                   2026)
    assert city["welfare_placed_count"] > mine["welfare_placed_count"] > 0


def test_a_derived_judgement_follows_a_changed_policy_file(use_demo_lake, policy_file):
    asked = [("welfare_posts_vs_last_year", {"month": "2026-10", "districts": CITY})]
    before = derive(lambda answer, year: welfare.measure(year).key, asked, 2026)
    other = "post_count" if before != "post_count" else "placed_persons"
    set_measure(policy_file, other)
    assert derive(lambda answer, year: welfare.measure(year).key, asked, 2026) == other


def test_prefetched_answers_are_the_scopes_and_a_refused_question_is_refused_by_run(use_demo_lake):
    asked = [("employment_kpis", {"month": "2026-10", "districts": CITY}),
             ("employment_by_district", {"month": "2026-10", "districts": CITY}),
             ("employment_kpis", {"month": "2026-10", "districts": [XINZHOU]})]  # outside the scope below
    with acting_for(Scope((HUANGPI,))):
        expected = [run(*ask) for ask in asked[:2]]
        gate.forget_answers()
        prefetch(asked)  # answers two side by side; the third is left for run to refuse
        assert len(gate._answers) == 2
        for ask, answer in zip(asked[:2], expected, strict=True):
            assert run(*ask).equals(answer)
        assert len(gate._answers) == 2  # run found them kept: nothing asked again
        with pytest.raises(OutOfScope, match="不在您的权限范围内"):
            run(*asked[2])
    assert set(expected[1]["district_code"].dropna()) == {HUANGPI}


def test_a_kept_answer_is_not_changed_by_what_a_page_does_with_it(use_demo_lake):
    params = {"month": "2026-10", "districts": CITY}
    first = run("employment_by_district", params)
    shown = first.copy(deep=True)
    first.loc[first.index[0], "employed_count"] = -1
    first["added"] = 1
    first.iloc[:, 0] = first.iloc[::-1, 0].to_numpy()
    again = run("employment_by_district", params)
    assert again.equals(shown)
    judged = derive(lambda answer: {"frame": answer, "codes": list(answer["district_code"])},
                    [("employment_by_district", params)])
    judged["frame"].loc[judged["frame"].index[0], "employed_count"] = -1
    judged["codes"].append("changed")
    kept = derive(lambda answer: {"frame": answer, "codes": list(answer["district_code"])},
                  [("employment_by_district", params)])
    assert kept["frame"].equals(shown) and "changed" not in kept["codes"]


def _claims_seen(year, districts):
    return run("employment_by_district", {"month": f"{year}-10", "districts": list(districts)})


def test_a_remembered_judgement_is_kept_by_scope_and_asks_through_the_gate(use_demo_lake):
    with acting_for(EVERYTHING):
        city = gate.remember(_claims_seen, 2026, tuple(CITY))
    with acting_for(Scope((HUANGPI,))):
        mine = gate.remember(_claims_seen, 2026, tuple(CITY))  # same arguments: the city's must not leak
        with pytest.raises(OutOfScope, match="不在您的权限范围内"):
            gate.remember(_claims_seen, 2026, (XINZHOU,))
    assert set(mine["district_code"].dropna()) == {HUANGPI} < set(city["district_code"].dropna())


def test_questions_side_by_side_are_asked_in_the_callers_scope(use_demo_lake):
    def kpis():
        return run("employment_kpis", {"month": "2026-10", "districts": CITY})

    with acting_for(Scope((HUANGPI,))):
        alone = kpis()
        together = gate.side_by_side(kpis, kpis, lambda: run("employment_kpis", {"month": "2026-10",
                                                                                 "districts": [XINZHOU]}))
    assert together[0].equals(alone) and together[1].equals(alone)
    assert isinstance(together[2], OutOfScope)  # handed back, not raised in the worker


def test_a_town_clerk_gets_only_town_grain_answers_for_their_town(use_demo_lake):
    clerk = Scope((CAIDIAN,), "420114004")
    with acting_for(clerk):
        towns = run("model_town_indicators", {"year": 2026, "districts": CITY})
        with pytest.raises(OutOfScope, match="乡镇"):
            run("employment_kpis", {"month": "2026-10", "districts": [CAIDIAN]})
    assert set(towns["town_code"]) == {"420114004"}


def test_without_a_sign_in_the_app_shows_only_the_sign_in_screen(use_demo_lake):
    at = open_app("pages/employment.py", user=None)
    assert not at.exception
    assert "请先登录" in texts(at) and not at.metric and "数据截至" not in texts(at)
    assert not at.sidebar.get("page_link")


def test_unknown_and_disabled_accounts_are_refused_in_chinese(use_demo_lake):
    at = open_app(user="stranger")
    assert "未在本看板开通" in texts(at) and not at.metric
    if accounts.get("retired") is None:
        accounts.add(User("retired", "已离职", "黄陂区人社局", "district", HUANGPI, None, False), None, by="test")
    at = open_app(user="retired")
    assert "已停用" in texts(at) and not at.metric
    assert len(_log("retired", "refused_sign_in")) >= 1


def test_a_district_officer_sees_their_district_and_a_link_elsewhere_gets_a_notice(use_demo_lake):
    at = open_app(user="huangpi", district="新洲区")
    assert_clean(at)
    assert "不在您的查看范围内" in texts(at)
    assert at.subheader[0].value.startswith("10月黄陂区")
    assert at.multiselect(key="district").options == ["黄陂区"]
    refused = _log("huangpi", "refused_scope")
    assert json.loads(refused["parameters"].iloc[0]) == {"district": ["新洲区"]}
    assert len(_log("huangpi", "sign_in")) >= 1
    views = _log("huangpi", "page_view")
    assert "新洲区" in views["parameters"].iloc[0] and views["scope"].iloc[0] == "黄陂区"


def test_a_town_clerk_sees_only_their_towns_scorecard(use_demo_lake):
    at = open_app("pages/overview.py", user="zhurushan")  # not offered: their default page answers
    assert_clean(at)
    assert [t.value for t in at.title] == ["示范乡镇"]
    (only,) = at.selectbox(key="town").options
    assert only.startswith("侏儒山街道") and at.selectbox(key="town").value == "420114004"
    grid = at.dataframe[0].value
    assert len(grid) == 1 and "蔡甸街道" not in texts(at)
    # Indicator 6's audit reads the district's claims; the clerk gets their town's rows of the same audit, so their
    # verdict is the city's (issue 28: one answer for every role).
    card = at.dataframe[1].value.set_index("indicator_no")
    city = open_app("pages/model_towns.py", user="leader")
    city.selectbox(key="town").set_value("420114004").run()
    city_card = city.dataframe[1].value.set_index("indicator_no")
    assert card.loc[6, "verdict"] == city_card.loc[6, "verdict"]
    assert not card.loc[6, "gap_text"].startswith("补贴未核查")


@pytest.mark.parametrize("page, query", [("pages/model_towns.py", {}), ("pages/model_towns.py", {"district": "黄陂区"}),
                                         ("pages/districts.py", {}), ("pages/employment.py", {})])
def test_a_town_clerks_link_to_any_page_or_district_gets_only_their_towns_scorecard(use_demo_lake, page, query):
    """A link to another page, or to another district's scorecard, opens the clerk's own scorecard (with a notice
    for the district asked for)."""
    at = open_app(page, user="zhurushan", **query)
    assert_clean(at)
    assert [t.value for t in at.title] == ["示范乡镇"]
    shown = texts(at) + " ".join(at.selectbox(key="town").options)
    assert "侏儒山街道" in shown and "奓山街道" not in shown and "前川街道" not in shown
    assert ("不在您的查看范围内" in texts(at)) == bool(query)


@pytest.mark.parametrize("page", ["pages/data_import.py", "pages/accounts.py", "pages/access_log.py"])
def test_a_district_officer_asking_for_an_admin_page_gets_the_overview(use_demo_lake, page):
    at = open_app(page, user="huangpi")
    assert_clean(at)
    assert [t.value for t in at.title] == ["就业帮扶总览"]
    assert not at.file_uploader and "数据导入" not in texts(at) and "访问日志" not in texts(at)


def test_a_district_officers_export_holds_their_district_and_the_watermark(use_demo_lake, downloads):
    at = open_app("pages/districts.py", user="huangpi")
    assert_clean(at)
    book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX]))
    sheet = book.worksheets[0]
    names = [row[0].value for row in sheet.iter_rows(min_row=6) if row[0].value]
    assert "黄陂区" in names and not {"新洲区", "蔡甸区", "江岸区"} & set(names)
    assert "黄陂区专员（演示）" in sheet.oddHeader.right.text and "huangpi" in sheet.oddFooter.left.text
    assert book.properties.creator.startswith("黄陂区专员")
    assert any(n.startswith("xl/media/") for n in zipfile.ZipFile(io.BytesIO(downloads[XLSX])).namelist())
    assert at.get("download_button")[0].proto.label == "下载 Excel（.xlsx）"
    exported = _log("huangpi", "export")
    assert exported["scope"].iloc[0] == "黄陂区" and "_huangpi_" in json.loads(exported["parameters"].iloc[0])["file"]


@pytest.mark.parametrize("page, title", [("pages/data_import.py", "数据导入"), ("pages/accounts.py", "账号管理"),
                                         ("pages/access_log.py", "访问日志")])
def test_admin_pages_open_for_an_admin(use_demo_lake, page, title):
    at = open_app(page, user="admin")
    assert not at.exception
    assert [t.value for t in at.title] == [title]


def test_an_admin_adds_and_disables_an_account_and_the_log_shows_it(use_demo_lake):
    at = open_app("pages/accounts.py", user="admin")
    at.text_input(key="account_username").set_value("wang")
    at.text_input(key="account_name").set_value("王五")
    at.text_input(key="account_unit").set_value("新洲区人社局")
    at.selectbox(key="account_role").set_value("district")
    at.selectbox(key="account_district").set_value(XINZHOU)
    at.button(key="FormSubmitter:account_add-新建").click().run()
    assert not at.exception and "初始密码" in texts(at)
    assert accounts.get("wang").district_code == XINZHOU
    at.run()  # the list is read at the top of the run that added the account
    at.selectbox(key="account_chosen").set_value("wang").run()
    at.button(key="account_disable").click().run()
    assert accounts.get("wang").is_active is False
    assert {"account_add", "account_disable"} <= set(_log("admin", "account_add")["action"]) | set(
        _log("admin", "account_disable")["action"])
    log_page = open_app("pages/access_log.py", user="admin")
    assert not log_page.exception
    shown = log_page.dataframe[0].value
    assert {"新建账号", "停用账号"} <= set(shown["动作"])

"""公益性岗位: which districts reported each month. The importer records them in the manifest (districts with rows,
and those the clerk declares as reported with an empty roster), serving and Spark expose them as the reference
view `reported_district_months`, and the 公益性岗位 question tells a true 0 from 无基期 with it (issue 18)."""

import pytest

from assess import welfare
from assess.verdicts import Verdict
from lake import importer
from lake import manifest as mf
from lake.validate import Source
from queries import engine
from queries.engine import serving
from tests.lakes import person
from tests.test_importer import CORPUS, KEY, _cli

JIANGXIA, HANYANG = "420115", "420105"


@pytest.fixture
def real_lake(make_lake, monkeypatch):
    monkeypatch.setenv("PERSON_ID_KEY", KEY)
    monkeypatch.delenv("PERSON_ID_KEY_FILE", raising=False)
    return make_lake({"laborers": [person("2026-09", "H0000000000000001", "420116", "420116010")]})


def test_the_import_records_the_reporting_districts_and_the_view_lists_them(real_lake):
    result = importer.import_source(Source.from_path(CORPUS / "good_welfare_posts.csv"), "welfare_posts", "2026-10",
                                    empty_districts=(HANYANG,))
    assert result.accepted
    entry = mf.read_manifest(real_lake)["partitions"]["welfare_posts/month=2026-10"]
    assert entry["reported_districts"] == [HANYANG, JIANGXIA]  # 江夏 has rows; 汉阳 reported an empty roster
    view = serving.connection().cursor().execute(
        "select table_name, month, district_code from reported_district_months order by all").fetchall()
    assert ("welfare_posts", "2026-10", HANYANG) in view and ("welfare_posts", "2026-10", JIANGXIA) in view
    assert ("laborers", "2026-09", "420116") in view
    rows = engine.run("welfare_posts_vs_last_year", {"month": "2026-10", "districts": [HANYANG, JIANGXIA]})
    assert rows["district_code"].tolist()[:2] == [HANYANG, JIANGXIA]  # 汉阳 listed with 0 though it has no row


def test_the_command_line_takes_the_empty_districts_and_refuses_an_unknown_code(real_lake):
    env = {"PERSON_ID_KEY": KEY}
    good = _cli("--file", str(CORPUS / "good_welfare_posts.csv"), "--table", "welfare_posts", "--month", "2026-10",
                "--empty-districts", f"{HANYANG}", env_extra=env, lake=real_lake)
    assert good.returncode == 0, good.stderr
    entry = mf.read_manifest(real_lake)["partitions"]["welfare_posts/month=2026-10"]
    assert entry["reported_districts"] == [HANYANG, JIANGXIA]
    bad = _cli("--file", str(CORPUS / "good_welfare_posts.csv"), "--table", "welfare_posts", "--month", "2026-09",
               "--empty-districts", "999999", env_extra=env, lake=real_lake)
    assert bad.returncode == 2 and "999999" in bad.stderr and "Traceback" not in bad.stderr


def test_the_demo_plants_a_true_zero_and_a_district_that_did_not_report(use_demo_lake):
    demo = mf.read_manifest(use_demo_lake)["demo"]
    zero, silent = demo["welfare_true_zero"], demo["welfare_no_baseline"]
    for planted, want in ((zero, Verdict.MET), (silent, Verdict.NO_BASELINE)):
        month = f"{planted['year']}-12"
        districts, _ = welfare.compare(engine.run("welfare_posts_vs_last_year",
                                                  {"month": month, "districts": [planted["district_code"]]}),
                                       planted["year"])
        row = districts.iloc[0]
        assert row["welfare_verdict"] == want, planted
        assert bool(row["has_last_year"]) == (want == Verdict.MET)
    assert row["welfare_placed_count"] > 0  # 洪山 places people in 2025 but reported nothing in 2024


def test_the_upload_page_takes_the_empty_districts(real_lake):
    from testkit.apptest import open_app

    at = open_app("pages/data_import.py", user="admin")
    at.selectbox(key="import_table").set_value("welfare_posts").run()
    at.text_input(key="import_month").set_value("2026-10")
    at.multiselect(key="import_empty_districts").set_value([HANYANG]).run()
    source = CORPUS / "good_welfare_posts.csv"
    at.file_uploader(key="import_file").set_value((source.name, source.read_bytes(), "text/csv")).run()
    at.button(key="import_run").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    entry = mf.read_manifest(real_lake)["partitions"]["welfare_posts/month=2026-10"]
    assert entry["reported_districts"] == [HANYANG, JIANGXIA]

"""A total over several districts compares like with like (issue 29): both years over the districts with a base,
naming those left out; a selection whose districts all lack a base is 无基期; last year's cells of a district (and
its towns) without a base are empty, 0 only for a true 0. Golden tests on literal data."""

import io

import openpyxl
import pandas as pd

from assess import districts as ranking
from assess import projection, welfare
from assess.verdicts import Verdict
from queries import engine
from testkit.apptest import assert_clean, open_app
from tests.lakes import person
from ui import sentences
from ui.labels import WELFARE_NO_BASELINE, total_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CAIDIAN, HUANGPI, HONGSHAN = "420114", "420116", "420111"
SELECTION = [HONGSHAN, CAIDIAN, HUANGPI]


def post(month, person_id, district_code):
    return {"month": month, "person_id": person_id, "district_code": district_code,
            "town_code": district_code + "001", "post_type": "保洁", "start_date": None, "monthly_pay_yuan": 1200}


# 2025 (last year): 蔡甸 places P1, P2; 黄陂 places P3, P4, P5. 洪山 sends no roster at all (无基期 in 2026).
# 2026 (this year): 蔡甸 P1; 黄陂 P3, P4; M moves from 蔡甸 to 黄陂 (one person, counted once in the total);
# 洪山 places H1…H4 — counted in 2026 only, so adding it to the total would compare 8 with 5 (✓ 达到 +3) when over
# the same districts it is 4 with 5 (✗ 未达到 −1).
POSTS = [post("2025-03", p, CAIDIAN) for p in ("P1", "P2")] + [post("2025-04", p, HUANGPI) for p in ("P3", "P4", "P5")]
POSTS += [post("2026-02", "P1", CAIDIAN), post("2026-03", "P3", HUANGPI), post("2026-03", "P4", HUANGPI),
          post("2026-02", "M", CAIDIAN), post("2026-05", "M", HUANGPI)]
POSTS += [post("2026-03", f"H{i}", HONGSHAN) for i in range(1, 5)]


def lake_rows():
    return [person(p["month"], p["person_id"], p["district_code"], p["town_code"]) for p in POSTS]


def judged(month="2026-10", districts=SELECTION):
    return welfare.compare(engine.run("welfare_posts_vs_last_year", {"month": month, "districts": districts}),
                           int(month[:4]))


def test_the_rule_itself():
    rule = welfare.like_with_like(["a", "b", "c"], [True, False, True])
    assert (rule.compared, rule.left_out, rule.has_base) == (("a", "c"), ("b",), True)
    nothing = welfare.like_with_like(["a", "b"], [False, False])
    assert (nothing.compared, nothing.left_out, nothing.has_base) == ((), (), False)  # 无基期, nothing to name
    assert welfare.like_with_like(["a"], [True]).left_out == ()


def test_the_city_total_with_one_district_lacking_a_base(make_lake):
    make_lake({"laborers": lake_rows(), "welfare_posts": POSTS})
    districts, total = judged()
    by_code = districts.set_index("district_code")
    assert by_code.loc[HONGSHAN, "welfare_placed_count"] == 4
    assert by_code.loc[HONGSHAN, "welfare_verdict"] == Verdict.NO_BASELINE
    # 无基期 cells are empty, not 0
    assert pd.isna(by_code.loc[HONGSHAN, "welfare_placed_last_year_same_period_count"])
    assert pd.isna(by_code.loc[HONGSHAN, "welfare_placed_last_year_count"])
    assert (by_code.loc[CAIDIAN, "welfare_placed_count"], by_code.loc[HUANGPI, "welfare_placed_count"]) == (2, 3)
    # the total: 蔡甸 and 黄陂 only, M once: 4 this year against 5, not 8 against 5
    assert (total["welfare_placed_count"], total["welfare_placed_last_year_same_period_count"]) == (4, 5)
    assert (total["welfare_verdict"], total["welfare_shortfall_count"]) == (Verdict.NOT_MET, 1)
    assert total[welfare.LEFT_OUT] == (HONGSHAN,)
    assert total_label("全市", total[welfare.LEFT_OUT]) == "合计（全市，不含无基期的洪山区）"
    said = sentences.welfare(total, welfare.measure(2026), "2026年1—10月")
    assert said.startswith("年内累计安置人数（不含无基期的洪山区） 4 人，较上年同期 -1 人，未达到上年同期水平")
    # 洪山's own sentence says why it is not judged, in the rule's words
    hongshan = districts[districts["district_code"] == HONGSHAN].iloc[0]
    assert f"{WELFARE_NO_BASELINE}（无基期）" in sentences.welfare(hongshan, welfare.measure(2026), "")
    assert "上年没有安置记录" not in said


def test_the_projection_follows_the_same_districts(make_lake):
    make_lake({"laborers": lake_rows(), "welfare_posts": POSTS})
    progress = engine.run("welfare_monthly_progress", {"month": "2026-10", "districts": SELECTION})
    total = progress[progress["district_code"].isna()].set_index("month")["welfare_placed_count"]
    assert total["2026-10"] == 4 and total["2025-12"] == 5  # 洪山's four in neither year
    projected = projection.by_key(progress, "welfare_placed_count", "2026-10")
    row = projected[projected["district_code"].isna()].iloc[0]
    assert row["last_year_end_level_count"] == 5 and row["projected_year_end_count"] == 4


def test_a_selection_whose_districts_all_lack_a_base_is_no_baseline(make_lake):
    make_lake({"laborers": lake_rows(), "welfare_posts": POSTS})
    districts, total = judged(districts=[HONGSHAN])
    assert total["welfare_verdict"] == Verdict.NO_BASELINE and not total["has_last_year"]
    assert total["welfare_placed_count"] == 4 and total[welfare.LEFT_OUT] == ()
    assert pd.isna(total["welfare_placed_last_year_count"]) and pd.isna(total["welfare_gap_to_last_year_count"])
    assert "已达到上年全年水平" not in sentences.welfare(total, welfare.measure(2026), "")


def test_the_town_drill_of_a_district_without_a_base_is_blank_and_of_one_with_a_base_is_zero(make_lake):
    make_lake({"laborers": lake_rows(), "welfare_posts": POSTS})
    hongshan = ranking.with_welfare_baseline(engine.run("district_towns", {"month": "2026-10",
                                                                           "districts": [HONGSHAN]}))
    town = hongshan[hongshan["town_code"] == HONGSHAN + "001"].iloc[0]
    assert town["welfare_placed_count"] == 4
    assert pd.isna(town["welfare_placed_last_year_same_period_count"]) and pd.isna(town["welfare_placed_change_count"])
    caidian = ranking.with_welfare_baseline(engine.run("district_towns", {"month": "2026-10",
                                                                          "districts": [CAIDIAN]}))
    quiet = caidian[(caidian["town_code"] == "420114002")].iloc[0]  # a town of 蔡甸 with nobody placed: a true 0
    assert (quiet["welfare_placed_last_year_same_period_count"], quiet["welfare_placed_change_count"]) == (0, 0)


def test_every_total_of_the_welfare_export_names_the_district_it_leaves_out(make_lake, downloads):
    make_lake({"laborers": lake_rows() + [person("2026-10", "P1", CAIDIAN)], "welfare_posts": POSTS})
    at = open_app("pages/welfare_posts.py")
    at.multiselect(key="district").set_value(SELECTION).run()
    assert_clean(at)
    book = openpyxl.load_workbook(io.BytesIO(downloads[XLSX]))
    totals = {ws.title: [row[0] for row in ws.iter_rows(values_only=True) if str(row[0]).startswith("合计")]
              for ws in book.worksheets}
    named = "合计（洪山区、蔡甸区、黄陂区，不含无基期的洪山区）"
    assert totals["各区安置情况"] == [named]
    assert totals["年末预计"] == [named]  # the projection compares the same districts (it read 合计)

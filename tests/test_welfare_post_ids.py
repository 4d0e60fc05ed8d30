"""岗位数 counts posts (issue 18): welfare_posts has a post_id (岗位编号); a post held by two persons in turn counts
once; files written before post ids (no post_id column) are read with it null and count each person × post type
as one post, as before."""

import pyarrow.parquet as pq

from lake import manifest as mf
from queries import engine
from queries.engine import serving
from tests.conftest import _reset_caches
from tests.lakes import person
from tests.test_welfare_posts import post

CAIDIAN = "420114"


def with_id(month, person_id, post_id, post_type="保洁"):
    return post(month, person_id, post_type=post_type) | {"post_id": post_id}


def drop_post_id(lake, table: str, month: str) -> None:
    """Rewrite one partition as a file from before post ids (no post_id column), recorded in the manifest."""
    manifest = mf.read_manifest(lake)
    entry = manifest["partitions"][mf.partition_key(table, month)]
    old = pq.read_table(lake / entry["file"]).drop(["post_id"])
    path = lake / entry["file"]
    path.unlink()
    pq.write_table(old, path)
    entry["sha256"] = mf.sha256_file(path)
    mf.write_manifest(lake, manifest)
    _reset_caches()


def test_posts_are_counted_by_post_id_and_old_files_by_person_and_type(make_lake):
    posts = [post("2025-03", "A"), post("2025-03", "A", post_type="护林"),  # old file: 2 posts (person × type)
             with_id("2026-01", "X", "P1"), with_id("2026-02", "X", "P1"), with_id("2026-02", "X", "P2", "护林"),
             with_id("2026-04", "Y", "P1")]  # Y takes over X's post P1
    roster = [person(p["month"], p["person_id"]) for p in posts]
    lake = make_lake({"laborers": roster, "welfare_posts": posts})
    drop_post_id(lake, "welfare_posts", "2025-03")
    assert "post_id" not in pq.read_schema(lake / mf.read_manifest(lake)["partitions"][
        "welfare_posts/month=2025-03"]["file"]).names
    row = engine.run("welfare_posts_vs_last_year", {"month": "2026-04", "districts": [CAIDIAN]}).iloc[0]
    assert (row["welfare_placed_count"], row["welfare_post_unit_count"]) == (2, 2)  # X, Y; P1, P2 (not 3)
    assert (row["welfare_placed_last_year_count"], row["welfare_post_last_year_unit_count"]) == (1, 2)
    progress = engine.run("welfare_monthly_progress", {"month": "2026-04", "districts": [CAIDIAN]})
    by_month = progress[progress["district_code"] == CAIDIAN].set_index("month")["welfare_post_unit_count"]
    assert (by_month["2025-03"], by_month["2026-02"], by_month["2026-04"]) == (2, 2, 2)
    read = serving.connection().cursor().execute(
        "select count(*), count(post_id) from welfare_posts where month = '2025-03'").fetchone()
    assert read == (2, 0)  # the old file's rows, post_id null


def test_demo_posts_pass_to_later_holders(use_demo_lake):
    row = engine.run("welfare_posts_vs_last_year", {"month": "2025-12", "districts": ["420116"]}).iloc[0]
    # 黄陂: some posts left during the year were taken over, so fewer posts than person × type holdings
    assert 0 < row["welfare_post_unit_count"] < row["welfare_placed_count"]  # one post a person, some shared
    holdings = serving.connection().cursor().execute(
        "select count(*), count(distinct post_key) from welfare_placement_year "
        "where year = '2025' and district_code = '420116' and first_in_roster_month is not null").fetchone()
    assert holdings[1] < holdings[0] and holdings[1] == row["welfare_post_unit_count"]

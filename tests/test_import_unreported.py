"""未报送 is not 0 (issue 27): after a real lake received only its first roster, the cards for ledgers that were
never sent read 未报送 on 首页 and 政策落实; a report declared empty (EMPTY_DISTRICTS) reads 0."""

from testkit.apptest import assert_clean, open_app
from tests.lakes import person

MONTH = "2026-10"
ROSTER = {"laborers": [person(MONTH, "H0000000000000001", "420116", "420116010"),
                       person(MONTH, "H0000000000000002", "420116", "420116010", employed=False)]}


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_lake_with_only_a_roster_shows_unreported_not_zero(make_lake):
    make_lake(ROSTER)
    home = open_app("pages/overview.py", month="2026年10月")
    assert_clean(home)
    shown = _metrics(home)
    assert shown["本年已发放补贴"] == "未报送"
    assert next(v for k, v in shown.items() if k.startswith("公益性岗位")) == "未报送"
    assert shown["务工就业人数"] == "1 人"  # the roster that was sent still counts
    policy = open_app("pages/subsidies.py", month="2026年10月")
    assert_clean(policy)
    shown = _metrics(policy)
    assert [shown[k] for k in ("本年已发放补贴", "本年补贴笔数", "疑点补贴", "疑点风险金额")] == ["未报送"] * 4
    assert not any(v in ("0.00 万元", "0 笔", "0 人") for v in shown.values()), shown
    posts = open_app("pages/welfare_posts.py", month="2026年10月")
    assert_clean(posts)
    assert "未报送公益性岗位花名册" in posts.subheader[0].value  # not "没有安置记录", which reads like 0


def test_a_report_declared_empty_reads_zero(make_lake):
    make_lake(ROSTER | {"welfare_posts": [], "subsidy_claims": []},
              empty_districts={("welfare_posts", MONTH): ["420116"], ("subsidy_claims", MONTH): ["420116"]})
    home = open_app("pages/overview.py", month="2026年10月")
    assert_clean(home)
    shown = _metrics(home)
    assert shown["本年已发放补贴"] == "0.00 万元"
    assert next(v for k, v in shown.items() if k.startswith("公益性岗位")) == "0 人"
    policy = open_app("pages/subsidies.py", month="2026年10月")
    assert _metrics(policy)["本年已发放补贴"] == "0.00 万元"
    posts = open_app("pages/welfare_posts.py", month="2026年10月")
    assert_clean(posts)
    assert not any("都未报送" in h.value for h in posts.subheader)  # a declared empty roster is a true 0

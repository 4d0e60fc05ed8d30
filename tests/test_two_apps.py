"""Two app processes serve the same lake and the same application database at once (issue 20: the app tier is
stateless, docs/deploy.md): a person signs in on each, both show the same figures, and the one access log holds
what happened on both."""

from datetime import UTC, datetime

import pytest

from store import access_log
from store.accounts import DEMO_PASSWORD
from testkit.servers import dashboard, sign_in

pytestmark = pytest.mark.servers


def _figures(page) -> list[str]:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)
    cards = page.locator('[data-testid="stMetric"]')
    cards.first.wait_for(timeout=60_000)
    return [page.locator('[data-testid="stMain"] h3').first.inner_text(), *cards.all_inner_texts()]


def test_two_app_processes_serve_the_same_lake_and_database(demo_lake, tmp_path, browser):
    started = datetime.now(UTC)
    var = tmp_path / "var"
    with dashboard(demo_lake, var, instance="-a") as first, dashboard(demo_lake, var, instance="-b") as second:
        assert first != second
        seen = {}
        for base, username in ((first, "huangpi"), (second, "huangpi"), (second, "leader")):
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page = context.new_page()
            sign_in(page, base, username, DEMO_PASSWORD)
            seen[base, username] = _figures(page)
            context.close()
    assert seen[first, "huangpi"] == seen[second, "huangpi"] != seen[second, "leader"]
    assert "黄陂区" in seen[first, "huangpi"][0] and "全市" in seen[second, "leader"][0]
    assert len(seen[first, "huangpi"]) > 3
    log = access_log.read(access_log.LogFilter(actions=("sign_in", "provider_sign_in", "page_view"), since=started))
    by = log.groupby(["username", "action"]).size().to_dict()
    # each process wrote its own sign-in and page view into the one database (and each sign-in service its own)
    assert by[("huangpi", "sign_in")] == 2 and by[("huangpi", "provider_sign_in")] == 2
    assert by[("huangpi", "page_view")] >= 2 and by[("leader", "sign_in")] == 1

"""Every time a person reads — on a page, in a watermark, in an export's stamp or file name — is Beijing time, worded
by one formatter (ui.labels.beijing_time), whatever zone the server runs in (issue 28: 08:38 and 00:38 on one
page for the same moment)."""

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store.accounts import DEMO_ACCOUNTS
from ui import exports, watermark
from ui.labels import BEIJING, TO_MINUTE, beijing_time

PROJECT = Path(__file__).resolve().parent.parent
# Formatting a time of day, asking the server's own clock, or naming a zone: ui.labels' job alone.
OWN_CLOCK = re.compile(r"%H|strftime\(|datetime\.now\(\)|ZoneInfo\(|\btimezone\(")


def _modules():
    for folder in ("ui", "pages"):
        yield from sorted((PROJECT / folder).rglob("*.py"))
    yield PROJECT / "store" / "selection.py"


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_module_but_the_labels_words_a_time(path):
    if path == PROJECT / "ui" / "labels.py":
        return
    source = path.read_text(encoding="utf-8")
    allowed = {'datetime.now(ZoneInfo("Asia/Shanghai")).date()'}  # store.selection.today: a day, not a time shown
    found = [m.group(0) for line in source.splitlines() if not any(a in line for a in allowed)
             for m in OWN_CLOCK.finditer(line)]
    assert not found, found


def test_the_check_sees_a_time_formatted_elsewhere():
    assert OWN_CLOCK.search('f"{last.acted_at:%m-%d %H:%M}"') and OWN_CLOCK.search("datetime.now().strftime(x)")


def test_a_stored_time_reads_in_beijing():
    assert beijing_time(datetime(2026, 12, 8, 0, 38, tzinfo=UTC), TO_MINUTE) == "2026-12-08 08:38"
    assert beijing_time(datetime(2026, 12, 8, 0, 38)) == "2026-12-08 08:38:00"  # naive: UTC, as SQLite hands it back


@pytest.mark.parametrize("zone", ["Etc/GMT+12", "Etc/GMT-14"])
def test_watermark_and_export_stamps_are_beijing_time_whatever_the_servers_zone(monkeypatch, zone):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        now = datetime.now(BEIJING)
        moments = (now, now + timedelta(minutes=1))  # the clock may turn a minute while the stamps are made
        assert exports.made_at() in {f"{m:%Y-%m-%d %H:%M}" for m in moments}
        assert watermark.stamp(DEMO_ACCOUNTS[0])[-16:] in {f"{m:%Y-%m-%d %H:%M}" for m in moments}
        assert exports.marked_stem("表", DEMO_ACCOUNTS[0])[-13:] in {f"{m:%Y%m%d-%H%M}" for m in moments}
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()

"""A killed import leaves the lake exactly as before or exactly as after (issue 19): the import runs in a
subprocess that dies, as `kill -9` would, at each step of the commit (lake.manifest.crash_point); each time the
engine serves the old or the new rows, lake.check finds no error, and --repair leaves nothing behind."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lake import check
from lake import manifest as mf
from queries import engine
from tests import import_files as f
from tests.test_importer import KEY, PROJECT, real_lake  # noqa: F401  (fixture)

STEPS = ("partition_written", "partition_renamed", "manifest_written", "manifest_committed", "archived")


def _import(lake: Path, path: Path, crash_at: str) -> subprocess.CompletedProcess:
    env = os.environ | {"LAKE_DIR": str(lake), "PERSON_ID_KEY": KEY, mf.CRASH_ENV: crash_at}
    return subprocess.run([sys.executable, "-m", "lake.importer", "--file", str(path), "--table", "laborers",
                           "--month", "2026-09"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)


def _served_count(lake: Path) -> int:
    engine.forget()
    return int(engine.run("employment_kpis", {"month": "2026-09", "districts": ["420116"]}).iloc[0]["laborer_count"])


@pytest.mark.parametrize("step", STEPS)
def test_a_reimport_killed_at_any_step_leaves_before_or_after(real_lake, tmp_path, step):  # noqa: F811
    # September holds 1 person; the re-import brings 3: a crash must leave 1 (before) or 3 (after), never a mix
    path = tmp_path / "september.csv"
    months = f.LABORER_HEADER.index("务工时间（月）")
    rows = [r[:months] + [9] + r[months + 1:] for r in f.laborer_rows(3)]
    path.write_bytes(f.csv_bytes([f.LABORER_HEADER] + rows))
    before = mf.read_manifest(real_lake)
    done = _import(real_lake, path, step)
    assert done.returncode == 97, done.stderr  # it died where it was told to
    after = mf.read_manifest(real_lake)
    committed = after != before
    assert committed == (step in ("manifest_committed", "archived"))
    assert _served_count(real_lake) == (3 if committed else 1)
    assert check.check_lake(real_lake).ok, check.report(check.check_lake(real_lake), False)
    check.repair(real_lake)
    assert check.check_lake(real_lake).clean, check.report(check.check_lake(real_lake), False)
    assert _served_count(real_lake) == (3 if committed else 1)
    if committed:  # the superseded version is kept, at the archive path the manifest recorded before the commit
        old = after["partitions"]["laborers/month=2026-09"]["superseded"][-1]
        assert mf.sha256_file(real_lake / old["archived_file"]) == old["sha256"]
    # the next import after a crash completes and leaves a clean lake
    assert _import(real_lake, path, "").returncode == 0
    assert check.check_lake(real_lake).clean and _served_count(real_lake) == 3


def test_check_lake_finds_missing_and_altered_files(real_lake):  # noqa: F811
    manifest = mf.read_manifest(real_lake)
    entry = manifest["partitions"]["laborers/month=2026-09"]
    (real_lake / entry["file"]).write_bytes(b"PAR1 changed")
    other = manifest["partitions"]["laborers/month=2025-10"]
    (real_lake / other["file"]).unlink()
    found = check.check_lake(real_lake)
    assert not found.ok and len(found.errors) == 2
    text = check.report(found, False)
    assert "校验和不符" in text and "不存在" in text
    assert check.main(["--lake", str(real_lake)]) == 1


def test_the_models_refuse_a_table_that_fails_the_lake_check(real_lake):  # noqa: F811
    # a listed file whose bytes are not those the manifest records: still valid Parquet, so only the check sees it
    manifest = mf.read_manifest(real_lake)
    entry = manifest["partitions"]["laborers/month=2026-09"]
    other = real_lake / manifest["partitions"]["laborers/month=2025-10"]["file"]
    (real_lake / entry["file"]).write_bytes(other.read_bytes())
    engine.forget()
    with pytest.raises(engine.QueryError, match="laborers 2026-09"):
        engine.run("employment_kpis", {"month": "2026-09", "districts": ["420116"]})
    _, refused = engine.prepare()
    assert refused["laborers"] == "数据文件 laborers 2026-09 与数据湖清单的记录不符（缺失、被改动或损坏）"
    assert not any((real_lake / "_serving").glob("*/laborer_month_summary.parquet"))  # no model on refused data

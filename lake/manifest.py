"""The lake on disk: where it is, its immutable partitions, and the manifest that records them.

The manifest is the one source of truth. Layout: <lake>/<table>/<key>=<value>/part-<content hash>.parquet (each
partition's current file, named by its own checksum so that a name is never reused for other bytes),
<lake>/_archive/ (superseded versions, never read, never deleted), <lake>/manifest.json. An import writes its new
file first, then commits by atomically replacing the manifest (write, fsync, rename, fsync the folder); only then
is the superseded file moved to the archive. Readers use only the files the manifest lists, so a crash at any
point leaves the lake exactly as before or exactly as after; what a crash can leave behind (an unlisted new file,
a superseded file not yet archived, a `.tmp`) is found and tidied by lake.check. The data version is a hash of
every current partition's checksum, so any change of data gives a new version and every cache keyed by it.
"""

import hashlib
import json
import logging
import os
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lake.schema import TABLES

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANIFEST_NAME = "manifest.json"
ARCHIVE_DIR = "_archive"
LOCK_NAME = ".import.lock"  # held by whoever writes the lake: an import, or lake.check --repair
PART_PREFIX = "part-"
ORPHAN_DIR = "_orphans"  # inside ARCHIVE_DIR: files a crashed import wrote but never committed
log = logging.getLogger(__name__)
CRASH_ENV = "LAKE_CRASH_AT"  # tests only: the commit step at which to die as `kill -9` would (see crash_point)


class LakeError(Exception):
    """A problem with the lake that the user can act on; the message is Chinese and says what to do."""


def lake_dir() -> Path:
    """The lake folder: $LAKE_DIR, or data/lake in the project."""
    return Path(os.environ.get("LAKE_DIR") or PROJECT_DIR / "data" / "lake").resolve()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def partition_key(table: str, value: str) -> str:
    """'laborers/month=2024-01': the manifest's key and the partition's folder relative to the lake."""
    return f"{table}/{TABLES[table].partition_key}={value}"


def read_manifest(lake: Path) -> dict | None:
    """The manifest, or None when the folder holds no lake."""
    path = lake / MANIFEST_NAME
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        # the path and the parser's words go to the server log; the message may be shown on the import page
        log.error("manifest %s unreadable: %s", path, exc)
        raise LakeError(f"数据湖清单 {MANIFEST_NAME} 无法读取。请从备份恢复，或重新生成演示数据：make demo") from exc


def data_version(manifest: dict) -> str:
    """A short hash of every current partition and its checksum: equal data, equal version."""
    pairs = sorted((key, p["sha256"]) for key, p in manifest["partitions"].items())
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def new_manifest(is_demo: bool, demo: dict | None = None) -> dict:
    return {"format_version": 1, "is_demo": is_demo, "demo": demo, "partitions": {}, "imports": []}


def crash_point(step: str) -> None:
    """Die at `step` without any clean-up when $LAKE_CRASH_AT names it: the crash test's injected kill."""
    if os.environ.get(CRASH_ENV) == step:
        os._exit(97)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _durable_write(path: Path, payload: bytes, step: str) -> None:
    """`path` holds `payload` completely or not at all, and survives a power cut once this returns."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(payload)
        f.flush()
        os.fsync(f.fileno())
    crash_point(step)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_manifest(lake: Path, manifest: dict) -> None:
    """Commit: the manifest is replaced atomically (write, fsync, rename), so a reader sees the old or the new."""
    _durable_write(lake / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                   "manifest_written")
    crash_point("manifest_committed")


def part_name(sha256: str) -> str:
    return f"{PART_PREFIX}{sha256[:16]}.parquet"


def archive_path(key: str, file: str) -> str:
    """Where a superseded file of partition `key` is kept, relative to the lake."""
    return f"{ARCHIVE_DIR}/{key}/{Path(file).name}"


def write_partition(lake: Path, manifest: dict, table: str, value: str, data: pa.Table, source_file: str,
                    imported_by: str) -> dict:
    """Write one partition as a new immutable file and record it in `manifest` (not yet saved: nothing reads the
    file until the manifest that lists it is committed by write_manifest).

    The file is named by its checksum and appears under that name only once complete and synced. A partition
    already present keeps its entry under `superseded`, with the archive path its file will move to after the
    commit (archive_superseded).
    """
    spec = TABLES[table]
    data = data.select(spec.schema.names).cast(spec.schema)
    key = partition_key(table, value)
    folder = lake / key
    folder.mkdir(parents=True, exist_ok=True)
    sink = pa.BufferOutputStream()
    pq.write_table(data, sink, compression="zstd")
    payload = sink.getvalue().to_pybytes()
    sha256 = hashlib.sha256(payload).hexdigest()
    final = folder / part_name(sha256)
    if not final.exists():
        _durable_write(final, payload, "partition_written")
    crash_point("partition_renamed")
    previous = manifest["partitions"].get(key)
    superseded = list(previous.get("superseded", [])) if previous else []
    if previous:
        same_file = previous["file"] == str(final.relative_to(lake))
        superseded.append({k: v for k, v in previous.items() if k != "superseded"} | {
            "archived_file": None if same_file else archive_path(key, previous["file"])})
    entry = {
        "table": table,
        "partition": value,
        "file": str(final.relative_to(lake)),
        "rows": data.num_rows,
        "sha256": sha256,
        "source_file": source_file,
        "imported_at": datetime.now().isoformat(timespec="seconds"),
        "imported_by": imported_by,
        "superseded": superseded,
    }
    manifest["partitions"][key] = entry
    return entry


def archive_superseded(lake: Path, manifest: dict) -> list[str]:
    """After a commit: move each superseded file still in a table folder to its recorded archive path.

    Safe at any time (the manifest no longer lists these files as current) and idempotent; returns what it moved.
    """
    moved = []
    current = {p["file"] for p in manifest["partitions"].values()}
    for entry in manifest["partitions"].values():
        for old in entry.get("superseded", []):
            target = old.get("archived_file")
            source = lake / old["file"]
            if target and old["file"] not in current and source.exists() and not (lake / target).exists():
                (lake / target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, lake / target)
                moved.append(old["file"])
    if moved:
        crash_point("archived")
    return moved


def current_files(lake: Path, manifest: dict, table: str) -> list[str]:
    """The files a reader of `table` uses: exactly those the manifest lists as current, in partition order."""
    entries = sorted((p for p in manifest["partitions"].values() if p["table"] == table), key=lambda p: p["partition"])
    return [str(lake / p["file"]) for p in entries]


def set_reported_districts(entry: dict, data: pa.Table, empty: list[str] | tuple = ()) -> None:
    """Record in a monthly partition's entry which districts reported that month: those with rows, and those the
    sender declared as reported with no rows (`empty`: a district whose roster that month is empty, e.g. no one in
    a 公益性岗位). A district in neither did not report; figures tell the two apart (a true 0 versus 无基期)."""
    with_rows = set(data.column("district_code").to_pylist()) if "district_code" in data.column_names else set()
    entry["reported_districts"] = sorted((with_rows | set(empty)) - {None})


def reported_district_months(manifest: dict) -> list[dict]:
    """One row per (table, month, district) a monthly partition records as reported (set_reported_districts);
    partitions written before the record was kept list nothing here (their districts with rows still reported)."""
    return [{"table_name": p["table"], "month": p["partition"], "district_code": code}
            for p in sorted(manifest["partitions"].values(), key=lambda p: (p["table"], p["partition"]))
            if TABLES[p["table"]].partition_key == "month" for code in p.get("reported_districts", [])]


def partitions(manifest: dict, table: str) -> list[str]:
    """The partition values (months or years) of a table, sorted."""
    return sorted(p["partition"] for p in manifest["partitions"].values() if p["table"] == table)

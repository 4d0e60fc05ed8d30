"""The lake on disk: where it is, its immutable partitions, and the manifest that records them.

Layout: <lake>/<table>/<key>=<value>/part-0.parquet (current files only), <lake>/_archive/ (superseded versions,
never read, never deleted), <lake>/manifest.json. The data version is a hash of every current partition's checksum,
so any change of data gives a new version and every cache keyed by it.
"""

import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lake.schema import TABLES

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANIFEST_NAME = "manifest.json"
ARCHIVE_DIR = "_archive"
PART_FILE = "part-0.parquet"


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
        raise LakeError(f"数据湖清单 {path} 无法读取（{exc}）。请从备份恢复，或重新生成演示数据：make demo") from exc


def data_version(manifest: dict) -> str:
    """A short hash of every current partition and its checksum: equal data, equal version."""
    pairs = sorted((key, p["sha256"]) for key, p in manifest["partitions"].items())
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def new_manifest(is_demo: bool, demo: dict | None = None) -> dict:
    return {"format_version": 1, "is_demo": is_demo, "demo": demo, "partitions": {}, "imports": []}


def write_manifest(lake: Path, manifest: dict) -> None:
    """Write-then-rename, so a reader never sees half a manifest."""
    _atomic_write_bytes(lake / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))


def _atomic_write_bytes(path: Path, payload: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


def write_partition(lake: Path, manifest: dict, table: str, value: str, data: pa.Table, source_file: str,
                    imported_by: str) -> dict:
    """Write one partition as a new immutable file and record it in `manifest` (not yet saved).

    A partition already present is moved to the archive first and its entry kept under `superseded`.
    The file appears under its final name only once complete (write-then-rename).
    """
    spec = TABLES[table]
    data = data.select(spec.schema.names).cast(spec.schema)
    key = partition_key(table, value)
    folder = lake / key
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / PART_FILE
    tmp = folder / (PART_FILE + ".tmp")
    pq.write_table(data, tmp, compression="zstd")
    previous = manifest["partitions"].get(key)
    superseded = list(previous.get("superseded", [])) if previous else []
    if previous and final.exists():
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        archived = lake / ARCHIVE_DIR / key / f"{stamp}-{PART_FILE}"
        archived.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final, archived)
        superseded.append({k: v for k, v in previous.items() if k != "superseded"} | {
            "archived_file": str(archived.relative_to(lake))})
    os.replace(tmp, final)
    entry = {
        "table": table,
        "partition": value,
        "file": str(final.relative_to(lake)),
        "rows": data.num_rows,
        "sha256": sha256_file(final),
        "source_file": source_file,
        "imported_at": datetime.now().isoformat(timespec="seconds"),
        "imported_by": imported_by,
        "superseded": superseded,
    }
    manifest["partitions"][key] = entry
    return entry


def table_glob(lake: Path, table: str) -> str:
    return str(lake / table / "*" / "*.parquet")


def partitions(manifest: dict, table: str) -> list[str]:
    """The partition values (months or years) of a table, sorted."""
    return sorted(p["partition"] for p in manifest["partitions"].values() if p["table"] == table)

"""What the lake holds, from its manifest: its snapshots, and the imports with their warnings. Pages read the
manifest only through these functions (they never open files themselves); ui words the table names and kinds."""

import pandas as pd

from lake import manifest as mf
from queries import engine


def _manifest() -> dict:
    return mf.read_manifest(engine.lake_state().path) or mf.new_manifest(is_demo=False)


def snapshots() -> pd.DataFrame:
    """One row per current partition: table, month or year, rows, source file, when and by whom, whether demo data."""
    manifest = _manifest()
    rows = [{
        "table_name": p["table"],
        "partition": p["partition"],
        "row_total": p["rows"],
        "source_file": p.get("source_file", ""),
        "imported_at": p.get("imported_at", ""),
        "imported_by": p.get("imported_by", ""),
        "is_demo": bool(manifest.get("is_demo")),
        "superseded_total": len(p.get("superseded", [])),
    } for p in manifest["partitions"].values()]
    columns = ["table_name", "partition", "row_total", "source_file", "imported_at", "imported_by", "is_demo",
               "superseded_total"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["table_name", "partition"], ascending=[True, False], ignore_index=True)


def recent_imports(limit: int = 10) -> pd.DataFrame:
    """The last `limit` imports, newest first, one row per warning (None for a clean import)."""
    imports = list(reversed(_manifest().get("imports", [])))[:limit]
    rows = [{
        "imported_at": i["imported_at"], "table_name": i["table"],
        "partition": i["partition"], "source_file": i["source_file"], "imported_by": i["imported_by"],
        "row_total": i["rows"], "warning": warning,
    } for i in imports for warning in (i.get("warnings") or [None])]
    return pd.DataFrame(rows, columns=["imported_at", "table_name", "partition", "source_file", "imported_by",
                                       "row_total", "warning"])


def has_partition(table: str, value: str) -> bool:
    """Whether the lake holds `table`'s partition for a month or year (a yearly register never sent is 未报送)."""
    return mf.partition_key(table, value) in _manifest()["partitions"]


def reported_by(table: str, month: str, district_codes) -> bool:
    """Whether any of `district_codes` reported `table` for `month` (with rows, or declared as an empty report)."""
    entry = _manifest()["partitions"].get(mf.partition_key(table, month))
    return entry is not None and bool(set(entry.get("reported_districts", [])) & set(district_codes))

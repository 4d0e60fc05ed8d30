"""What the lake holds, from its manifest (snapshots, imports and their warnings), and the data-quality verdicts
built on the named questions: which month × district cells of the roster are missing or jump.

Pages read the manifest only through these functions (they never open files themselves).
"""

import pandas as pd

from lake import manifest as mf
from lake import validate
from queries import engine

TABLE_LABELS = {
    "laborers": "脱贫劳动力花名册", "welfare_posts": "公益性岗位花名册", "subsidy_claims": "补贴发放台账",
    "entrepreneurs": "返乡创业人员", "carriers": "帮扶载体", "town_assessments": "示范乡镇报送指标",
}
GAP_MISSING, GAP_JUMP = "缺报", "变化大"


def _manifest() -> dict:
    return mf.read_manifest(engine.lake_state().path) or mf.new_manifest(is_demo=False)


def snapshots() -> pd.DataFrame:
    """One row per current partition: table, month or year, rows, source file, when and by whom, demo or real."""
    manifest = _manifest()
    rows = [{
        "table_name": TABLE_LABELS.get(p["table"], p["table"]),
        "partition": p["partition"],
        "row_total": p["rows"],
        "source_file": p.get("source_file", ""),
        "imported_at": p.get("imported_at", ""),
        "imported_by": p.get("imported_by", ""),
        "data_kind": "模拟数据" if manifest.get("is_demo") else "正式数据",
        "superseded_total": len(p.get("superseded", [])),
    } for p in manifest["partitions"].values()]
    columns = ["table_name", "partition", "row_total", "source_file", "imported_at", "imported_by", "data_kind",
               "superseded_total"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["table_name", "partition"], ascending=[True, False], ignore_index=True)


def recent_imports(limit: int = 10) -> pd.DataFrame:
    """The last `limit` imports, newest first, one row per warning (a clean import shows '无')."""
    imports = list(reversed(_manifest().get("imports", [])))[:limit]
    rows = [{
        "imported_at": i["imported_at"], "table_name": TABLE_LABELS.get(i["table"], i["table"]),
        "partition": i["partition"], "source_file": i["source_file"], "imported_by": i["imported_by"],
        "row_total": i["rows"], "warning": warning,
    } for i in imports for warning in (i.get("warnings") or ["无"])]
    return pd.DataFrame(rows, columns=["imported_at", "table_name", "partition", "source_file", "imported_by",
                                       "row_total", "warning"])


def month_district_grid(counts: pd.DataFrame, months: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Roster rows per month (rows) × district (columns) and, beside it, each cell's flag.

    A cell is 缺报 when the district has roster rows in some month of the lake but none in this one, and 变化大 when
    it changed by more than the import check's `district_change_warn_pct` against the month before.
    """
    grid = counts.pivot_table(index="month", columns="district_code", values="laborer_count", aggfunc="sum")
    grid = grid.reindex(index=list(months), columns=sorted(grid.columns))
    limit = validate.checks()["district_change_warn_pct"]
    previous = grid.shift(1)
    jump = (grid - previous).abs() * 100 > limit * previous
    flags = pd.DataFrame("", index=grid.index, columns=grid.columns)
    flags = flags.mask(jump.fillna(False).astype(bool), GAP_JUMP).mask(grid.isna(), GAP_MISSING)
    return grid, flags


def gap_list(flags: pd.DataFrame) -> pd.DataFrame:
    """The flagged cells as a list: month, district_code, flag."""
    stacked = flags.stack()
    stacked = stacked[stacked != ""]
    return pd.DataFrame({"month": stacked.index.get_level_values(0), "district_code": stacked.index.get_level_values(1),
                         "flag": stacked.values})


def field_label(column: str) -> str:
    """A laborers column under the Chinese header districts use in their files."""
    return validate.header_label("laborers", column)

"""DuckDB: connections over the lake — its tables as views over the current Parquet files, the reference views
(calendar, districts, towns, labor brands), and the pre-aggregated models of `queries/models/`, built once per data
version into `<lake>/_serving/<version>-<models hash>/<model>.parquet` and held in memory (`STORAGE=parquet`
computes them per query instead). One kept connection per data version; callers take a cursor per call. What the
steps are and their order is `queries.engine.base`, shared with Spark; this module is DuckDB's dialect and session.
"""

import json
import logging
import shutil
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lake import manifest as mf
from lake.check import check_lake
from lake.schema import TABLES
from queries.engine import base
from queries.engine.catalog import models
from queries.engine.lake_views import partition_name
from queries.engine.state import LakeState, QueryError, forget_state, lake_state, storage

SERVING_DIR = "_serving"
REFUSED = "refused.json"  # beside the models: the tables the lake check refused when they were built
# DuckDB splits a scan into row groups of 122,880 rows. When every roster month fits in one, the serving models are
# small (a model is one row group, or a few) and a second thread per question only waits; two questions side by side
# (gate.PARALLEL_QUESTIONS) use both cores instead. A larger lake, and every model build, keeps two.
ROW_GROUP_ROWS = 122_880
ONE_THREAD, TWO_THREADS = "SET threads = 1", "SET threads = 2"
# DuckDB 2.0.1 sums a window over every month on hive-partitioned Parquet with a partition filter (see tests).
CONNECTION_SETTINGS = ("SET disabled_optimizers = 'window_self_join'", TWO_THREADS, "SET memory_limit = '768MB'",
                       "SET enable_progress_bar = false")
_build_lock = threading.Lock()
log = logging.getLogger(__name__)
_DUCKDB_TYPES = {pa.string(): "varchar", pa.int64(): "bigint", pa.bool_(): "boolean", pa.float64(): "double",
                 pa.date32(): "date"}


def _table_view(con: duckdb.DuckDBPyConnection, table: str, files: list[str]) -> duckdb.DuckDBPyRelation:
    """The table over its files. A file written before a column was added to the schema (lake/schema.py: columns
    are added, never renamed) reads as null in that column, so old partitions stay readable beside new ones."""
    wanted = TABLES[table].schema
    if all(set(wanted.names) <= set(pq.read_schema(f).names) for f in files):
        return con.read_parquet(files, hive_partitioning=True)
    relation = con.read_parquet(files, hive_partitioning=True, union_by_name=True)
    added = [f"cast(null as {_DUCKDB_TYPES[f.type]}) as {f.name}" for f in wanted if f.name not in relation.columns]
    return relation.project(", ".join([*(f'"{c}"' for c in relation.columns), *added])) if added else relation


class DuckDBViews(base.Views):
    """The views of `queries.engine.base.load` on one DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def reference(self, name: str, table: pa.Table) -> None:
        self.con.from_arrow(table).create(name)

    def empty(self, table: str) -> None:
        spec = TABLES[table]
        partition_type = pa.string() if spec.partition_key == "month" else pa.int64()
        schema = spec.schema.append(pa.field(spec.partition_key, partition_type))
        self.con.from_arrow(schema.empty_table()).create(table)

    def files(self, lake: Path, table: str, files: list[str]) -> None:
        _table_view(self.con, table, files).create_view(table)

    def computed(self, name: str) -> None:
        self.con.sql(models()[name].sql).create_view(name)

    def model_path(self, folder: Path, name: str) -> Path:
        return folder / f"{name}.parquet"

    def stored(self, name: str, path: Path) -> None:
        self.con.read_parquet(str(path)).create(name)  # small: held in memory

    def write(self, name: str, path: Path) -> None:
        self.con.table(name).write_parquet(str(path), compression="zstd")

    def just_written(self, name: str, path: Path) -> None:
        self.con.read_parquet(str(path)).create_view(name)


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    for statement in CONNECTION_SETTINGS:
        con.execute(statement)


def serving_threads(manifest: dict) -> str:
    """The threads setting of a serving connection: one per question when every roster month of the lake fits in a
    row group (ROW_GROUP_ROWS), else two (measured in docs/benchmarks-history.md)."""
    months = [p["rows"] for p in manifest["partitions"].values() if p["table"] == "laborers"]
    return ONE_THREAD if max(months, default=0) <= ROW_GROUP_ROWS else TWO_THREADS


def serving_dir(state: LakeState) -> Path:
    return base.serving_dir(state, SERVING_DIR)


def _failed_check(lake: Path) -> dict:
    """The tables with a partition that fails the lake check (a listed file missing, or its bytes not those the
    manifest records): table -> a message naming the table and partition (the check's details go to the log)."""
    failed = {}
    for error in check_lake(lake).errors:
        table = error.split("/", 1)[0]
        if table in TABLES and table not in failed:
            log.warning("lake check: %s", error)
            partition = partition_name(error.split("：", 1)[0] + "/") or table
            failed[table] = f"数据文件 {partition} 与数据湖清单的记录不符（缺失、被改动或损坏）"
    return failed


def _refused(model_dir: Path, lake: Path) -> dict:
    """The refusal kept beside built models (checked now for models built before it was kept)."""
    path = model_dir / REFUSED
    if not path.exists():
        path.write_text(json.dumps(_failed_check(lake), ensure_ascii=False), encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


def prepare(state: LakeState | None = None) -> tuple[Path, dict]:
    """Build the models of the current data version if they are missing; return their folder and the tables
    (and models) that could not be read, each with a message naming the file.

    Before a build the lake is checked against its manifest (lake.check: every listed file present and byte-equal
    to its checksum); a table that fails is refused — no model is built on it, and its figures name the partition —
    and the refusal is kept beside the models, so that serving does not hash the lake again. Each model is computed
    from the lake and written as one Parquet file into a temporary folder renamed when done (`base.publish`). A
    model whose tables cannot be read is skipped: it is served as a view, and its figures report the file.
    """
    state = state or lake_state()
    target = serving_dir(state)
    with _build_lock:
        con = duckdb.connect()
        try:
            _configure(con)
            if target.exists():
                return target, base.load(DuckDBViews(con), state.path, model_dir=target,
                                         refused=_refused(target, state.path))
            refused = _failed_check(state.path)
            tmp = base.build_folder(target)
            # Building reads every month once: allow more memory than serving, and spill beside the lake.
            con.execute("SET memory_limit = '6GB'")
            con.execute("SET temp_directory = $dir", {"dir": str(tmp / "spill")})
            views = DuckDBViews(con)
            unreadable = base.load(views, state.path, model_dir=None, refused=refused)
            (tmp / REFUSED).write_text(json.dumps(refused, ensure_ascii=False), encoding="utf-8")
            base.write_models(views, tmp, unreadable)
        finally:
            con.close()
        shutil.rmtree(tmp / "spill", ignore_errors=True)
        base.publish(tmp, target)
    return target, unreadable


def _connect(lake: str, version: str, mode: str) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """A serving connection of one data version and storage mode, with the tables it could not read."""
    con = duckdb.connect()
    _configure(con)
    con.execute(serving_threads(mf.read_manifest(Path(lake)) or mf.new_manifest(is_demo=False)))
    if mode == "prebuilt":
        model_dir = prepare(lake_state())[0]
        refused = _refused(model_dir, Path(lake))
        return con, base.load(DuckDBViews(con), Path(lake), model_dir=model_dir, refused=refused)
    return con, base.load(DuckDBViews(con), Path(lake), model_dir=None)


_served = base.Served(_connect)


def connection() -> duckdb.DuckDBPyConnection:
    """The serving connection of the current data version; take a cursor per call."""
    state = lake_state()
    return _served.get(str(state.path), state.version, storage())[0]


def unreadable_tables() -> dict:
    """Tables (and models) whose files could not be read: name -> a message naming the file."""
    state = lake_state()
    return _served.get(str(state.path), state.version, storage())[1]


def execute(sql: str, params: dict) -> pd.DataFrame:
    """`sql` with bound `params` on a cursor of the serving connection, as a DataFrame; a file that fails while
    being read becomes a QueryError with a Chinese message."""
    cursor = connection().cursor()
    try:
        return cursor.execute(sql, params).df()
    except (duckdb.IOException, duckdb.InvalidInputException) as exc:
        log.warning("a lake file failed while being read: %s", exc)
        which = partition_name(str(exc))
        raise QueryError(f"数据文件{' ' + which + ' ' if which else ''}读取失败。"
                         "请重新导入这个文件；不依赖它的指标不受影响。") from exc
    finally:
        cursor.close()


def forget() -> None:
    """Drop what this process knows of the lake (its state, its connections), so the next question reads it anew."""
    forget_state()
    _served.forget()

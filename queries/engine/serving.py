"""Connections over the lake: its tables as views over the current Parquet files, the reference views (calendar,
districts, towns, labor brands), and the pre-aggregated models of `queries/models/`, built once per data version
into `<lake>/_serving/<version>-<models hash>/<model>.parquet` and held in memory (`STORAGE=parquet` computes them
per query instead). One cached connection per data version; callers take a cursor per call.
"""

import hashlib
import json
import logging
import os
import re
import shutil
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lake import manifest as mf
from lake import reference
from lake.check import check_lake
from lake.schema import TABLES
from queries.engine.catalog import models
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
# A lake file named in a library's message, e.g. '.../laborers/month=2026-09/part-0a1b.parquet'
_PARTITION_IN_MESSAGE = re.compile(r"([a-z_]+)/(?:month|year)=(\d{4}(?:-\d{2})?)/")


def _empty_relation(con: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation:
    spec = TABLES[table]
    partition_type = pa.string() if spec.partition_key == "month" else pa.int64()
    schema = spec.schema.append(pa.field(spec.partition_key, partition_type))
    return con.from_arrow(schema.empty_table())


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


def _partition_name(text: str) -> str | None:
    """'laborers 2026-09' for the first lake file named in `text`, None when it names none."""
    found = _PARTITION_IN_MESSAGE.search(text.replace("\\", "/"))
    return f"{found[1]} {found[2]}" if found else None


def unreadable_file(lake: Path, files: list[str]) -> str | None:
    """The first of `files` whose Parquet footer cannot be read, as a message naming its table and month (or
    year); the file and the library's words go to the server log, never to a visitor. None when every file opens."""
    for file in files:
        try:
            pq.read_metadata(file)
        except (OSError, pa.ArrowException) as exc:
            log.warning("unreadable lake file %s: %s", file, exc)
            relative = Path(file).resolve().relative_to(lake.resolve()).as_posix()
            return f"数据文件 {_partition_name(relative) or relative.split('/')[0]} 不是完整的 Parquet 文件"
    return None


def calendar(years: range) -> pa.Table:
    """One row per month of `years`: the month ('YYYY-MM'), its year and month of year, and the months the
    definitions compare it with (the same month last year, last December, the month before, this year's and last
    year's January)."""
    rows = []
    for year in years:
        for moy in range(1, 13):
            rows.append({
                "month": f"{year:04d}-{moy:02d}", "year": year, "month_of_year": moy,
                "same_month_last_year": f"{year - 1:04d}-{moy:02d}", "last_december": f"{year - 1:04d}-12",
                "previous_month": f"{year - 1:04d}-12" if moy == 1 else f"{year:04d}-{moy - 1:02d}",
                "year_start": f"{year:04d}-01", "last_year_start": f"{year - 1:04d}-01", "is_december": moy == 12,
            })
    return pa.Table.from_pylist(rows)


def reference_tables(manifest: dict) -> dict[str, pa.Table]:
    """The views every question may join, by name: the calendar over every year in the lake (and the year before
    the first, for baselines, and the one after the last), the committed reference tables, and the district-months
    each monthly table's partitions record as reported."""
    years = {int(p["partition"][:4]) for p in manifest["partitions"].values()} or {0}
    return {
        "months": calendar(range(min(years) - 1, max(years) + 2)),
        "districts": pa.Table.from_pylist([{
            "district_code": d["district_code"], "district_name": d["district_name"],
            "is_model_town_district": d["is_model_town_district"]} for d in reference.districts()]),
        "towns": pa.Table.from_pylist([{
            "town_code": t["town_code"], "town_name": t["town_name"], "district_code": t["district_code"],
            "is_rural": t["is_rural"], "is_model_town_candidate": t["is_model_town_candidate"]}
            for t in reference.towns()]),
        "labor_brands": pa.Table.from_pylist([{"brand_name": b["brand_name"], "district_code": b["district_code"],
                                               "trade": b["trade"]} for b in reference.labor_brands()]),
        # which districts reported each month of each monthly table (lake.manifest.set_reported_districts): a
        # district that reported an empty roster has a true 0; one that did not report has no figure (无基期)
        "reported_district_months": pa.Table.from_pylist(mf.reported_district_months(manifest), schema=pa.schema(
            [("table_name", pa.string()), ("month", pa.string()), ("district_code", pa.string())])),
    }


def model_order() -> list[str]:
    """Every model's name, each after the models it reads (a model may read another, e.g. town_month_summary)."""
    every = models()
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name not in ordered:
            for read in sorted(every[name].tables & every.keys() - {name}):
                visit(read)
            ordered.append(name)

    for name in sorted(every):
        visit(name)
    return ordered


_DUCKDB_TYPES = {pa.string(): "varchar", pa.int64(): "bigint", pa.bool_(): "boolean", pa.date32(): "date",
                 pa.float64(): "double"}


def _load(con: duckdb.DuckDBPyConnection, lake: Path, model_dir: Path | None, refused: dict | None = None) -> dict:
    """Every lake table (a view over its current Parquet files), reference view and model on `con`.

    Models are read from their prebuilt files in `model_dir`, or computed on the fly when it is None. A table with no
    partitions yet is empty with its schema. A table with a file that cannot be read, or that `refused` names (it
    failed the lake check), is empty too; it is returned with a message naming the file, as is every model built on
    it, so that only the figures needing it fail and the rest of the app keeps working.
    """
    unreadable = {}
    manifest = mf.read_manifest(lake) or mf.new_manifest(is_demo=False)
    for name, table in reference_tables(manifest).items():
        con.from_arrow(table).create(name)
    for table in TABLES:
        # only the files the manifest lists: a crashed import's unlisted file is never served
        files = mf.current_files(lake, manifest, table)
        broken = (refused or {}).get(table) or unreadable_file(lake, files)
        if broken:
            unreadable[table] = broken
        if broken or not files:
            _empty_relation(con, table).create(table)
        else:
            _table_view(con, table, files).create_view(table)
    for name in model_order():
        model = models()[name]
        broken = sorted(model.tables & unreadable.keys())
        if broken:
            unreadable[name] = unreadable[broken[0]]
        if model_dir is None or broken or not (model_dir / f"{name}.parquet").exists():
            con.sql(model.sql).create_view(name)
        else:
            con.read_parquet(str(model_dir / f"{name}.parquet")).create(name)  # small: held in memory
    return unreadable


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    for statement in CONNECTION_SETTINGS:
        con.execute(statement)


def serving_threads(manifest: dict) -> str:
    """The threads setting of a serving connection: one per question when every roster month of the lake fits in a
    row group (ROW_GROUP_ROWS), else two (measured in docs/benchmarks.md)."""
    months = [p["rows"] for p in manifest["partitions"].values() if p["table"] == "laborers"]
    return ONE_THREAD if max(months, default=0) <= ROW_GROUP_ROWS else TWO_THREADS


def models_version() -> str:
    """A hash of every model's SQL: a changed or added model is built anew, never served stale."""
    digest = hashlib.sha256()
    for name, model in sorted(models().items()):
        digest.update(name.encode() + model.sql.encode())
    return digest.hexdigest()[:8]


def serving_dir(state: LakeState) -> Path:
    return state.path / SERVING_DIR / f"{state.version}-{models_version()}"


def _failed_check(lake: Path) -> dict:
    """The tables with a partition that fails the lake check (a listed file missing, or its bytes not those the
    manifest records): table -> a message naming the table and partition (the check's details go to the log)."""
    failed = {}
    for error in check_lake(lake).errors:
        table = error.split("/", 1)[0]
        if table in TABLES and table not in failed:
            log.warning("lake check: %s", error)
            partition = _partition_name(error.split("：", 1)[0] + "/") or table
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
    from the lake and written as one Parquet file; the folder is written under a temporary name and renamed, so a
    reader never sees half of it. Older versions' folders are removed (derived, never data). A model whose tables
    cannot be read is skipped: it is served as a view, and its figures report the file.
    """
    state = state or lake_state()
    target = serving_dir(state)
    with _build_lock:
        con = duckdb.connect()
        try:
            _configure(con)
            if target.exists():
                return target, _load(con, state.path, model_dir=target, refused=_refused(target, state.path))
            refused = _failed_check(state.path)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            if tmp.exists():
                shutil.rmtree(tmp)
            tmp.mkdir(parents=True)
            # Building reads every month once: allow more memory than serving, and spill beside the lake.
            con.execute("SET memory_limit = '6GB'")
            con.execute("SET temp_directory = $dir", {"dir": str(tmp / "spill")})
            unreadable = _load(con, state.path, model_dir=None, refused=refused)
            (tmp / REFUSED).write_text(json.dumps(refused, ensure_ascii=False), encoding="utf-8")
            for name in model_order():
                if name not in unreadable:
                    con.table(name).write_parquet(str(tmp / f"{name}.parquet"), compression="zstd")
                    # a model that reads this one reads the file just written instead of computing it again
                    con.read_parquet(str(tmp / f"{name}.parquet")).create_view(name)
        finally:
            con.close()
        shutil.rmtree(tmp / "spill", ignore_errors=True)
        os.replace(tmp, target)
        for old in target.parent.iterdir():
            if old != target and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)
    return target, unreadable


# The serving connections live in this module, not in st.cache_resource: any visitor's browser can send Streamlit's
# "clear cache" request, which empties every st.cache_* of the process, and rebuilding the connection loads every
# model again for every session. The answers are kept outside them too (gate.Remembered).
_connections: dict[tuple, tuple[duckdb.DuckDBPyConnection, dict]] = {}
_connections_lock = threading.Lock()
MAX_CONNECTIONS = 2  # the current data version and the one before it, while sessions move over


def _connection(lake: str, version: str, mode: str) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """The connection of one data version and storage mode, with the tables it could not read; made once per
    process and kept until `forget()` or until newer versions push it out (the oldest of more than two goes)."""
    key = (lake, version, mode)
    found = _connections.get(key)
    if found is not None:  # sessions on a version already served never wait for another version's build
        return found
    with _connections_lock:
        if key not in _connections:
            con = duckdb.connect()
            _configure(con)
            con.execute(serving_threads(mf.read_manifest(Path(lake)) or mf.new_manifest(is_demo=False)))
            if mode == "prebuilt":
                model_dir = prepare(lake_state())[0]
                _connections[key] = (con, _load(con, Path(lake), model_dir=model_dir,
                                                 refused=_refused(model_dir, Path(lake))))
            else:
                _connections[key] = (con, _load(con, Path(lake), model_dir=None))
            while len(_connections) > MAX_CONNECTIONS:
                del _connections[next(iter(_connections))]  # cursors still open on it keep it alive until closed
        return _connections[key]


def connection() -> duckdb.DuckDBPyConnection:
    """The serving connection of the current data version; take a cursor per call."""
    state = lake_state()
    return _connection(str(state.path), state.version, storage())[0]


def unreadable_tables() -> dict:
    """Tables (and models) whose files could not be read: name -> a message naming the file."""
    state = lake_state()
    return _connection(str(state.path), state.version, storage())[1]


def execute(sql: str, params: dict) -> pd.DataFrame:
    """`sql` with bound `params` on a cursor of the serving connection, as a DataFrame; a file that fails while
    being read becomes a QueryError with a Chinese message."""
    cursor = connection().cursor()
    try:
        return cursor.execute(sql, params).df()
    except (duckdb.IOException, duckdb.InvalidInputException) as exc:
        log.warning("a lake file failed while being read: %s", exc)
        which = _partition_name(str(exc))
        raise QueryError(f"数据文件{' ' + which + ' ' if which else ''}读取失败。"
                         "请重新导入这个文件；不依赖它的指标不受影响。") from exc
    finally:
        cursor.close()


def forget() -> None:
    """Drop what this process knows of the lake (its state, its connections), so the next question reads it anew."""
    forget_state()
    with _connections_lock:
        _connections.clear()

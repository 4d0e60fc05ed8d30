"""The only module that talks to DuckDB.

`run(name, params)` answers a named question (`queries/<name>.sql`) as a pandas DataFrame. Everything behind it:
- the lake's tables are views over its current Parquet files; the pre-aggregated models of `queries/models/` are
  built once per data version into `<lake>/_serving/<version>/<model>.parquet` and served from there, the fastest
  honest path the benchmark showed (docs/benchmarks.md); `STORAGE=parquet` computes the models on the fly instead,
  for comparison;
- one cached connection per data version, a cursor per call, so concurrent sessions are safe;
- results cached by (question, parameters, data version) with a bounded number of entries; a failure raises a
  `QueryError` with a Chinese message and is never cached.

This is also the one place where a signed-in user's district scope will be intersected with the `districts` a page
asks for (DESIGN §9).
"""

import hashlib
import os
import re
import shutil
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st

from lake import manifest as mf
from lake.schema import TABLES

QUERY_DIR = Path(__file__).resolve().parent
MODEL_DIR = QUERY_DIR / "models"
SERVING_DIR = "_serving"
PARAM_TYPES = {"varchar": str, "varchar[]": list, "integer": int, "double": float, "boolean": bool}
# DuckDB 2.0.1 sums a window over every month on hive-partitioned Parquet with a partition filter (see tests).
CONNECTION_SETTINGS = ("SET disabled_optimizers = 'window_self_join'", "SET threads = 2",
                       "SET memory_limit = '768MB'", "SET enable_progress_bar = false")
_build_lock = threading.Lock()


class QueryError(Exception):
    """A question could not be answered; the message is Chinese, for the user, and says what to do."""


class LakeMissing(QueryError):
    """There is no lake (or no laborers roster) to answer from."""


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    grain: str
    params: dict  # name -> declared type
    sql: str
    tables: frozenset  # the logical tables and models it reads


def _parse(path: Path, name: str) -> Query:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    params = dict(re.findall(r"^@param\s+(\w+)\s+(\S+)", "\n".join(header), re.M))
    grain = next((h.split(":", 1)[1].strip() for h in header if h.lower().startswith("grain:")), "")
    question = header[0] if header else ""
    names = set(TABLES) | {p.stem for p in MODEL_DIR.glob("*.sql")}
    tables = frozenset(re.findall(r"\b(?:from|join)\s+(\w+)", text, re.I)) & names
    return Query(name, question, grain, params, text, tables)


@cache
def catalog() -> dict[str, Query]:
    """Every named question: one `.sql` file each under queries/ (not models/), named by its path without `.sql`,
    e.g. `employment_kpis` or `subsidy_rules/loan_cap` for a family of questions kept in a folder."""
    paths = (p for p in sorted(QUERY_DIR.rglob("*.sql")) if MODEL_DIR not in p.parents)
    return {name: _parse(p, name) for p in paths for name in [p.relative_to(QUERY_DIR).with_suffix("").as_posix()]}


def questions_in(folder: str) -> list[str]:
    """The names of the questions kept in one folder of queries/, sorted (e.g. every subsidy rule)."""
    return sorted(name for name in catalog() if name.startswith(folder.rstrip("/") + "/"))


@cache
def models() -> dict[str, Query]:
    """Pre-aggregated tables built with each data version: one `.sql` file in queries/models/ each."""
    return {p.stem: _parse(p, p.stem) for p in sorted(MODEL_DIR.glob("*.sql"))}


def storage() -> str:
    """`prebuilt` (models built once per data version, the default) or `parquet` (models computed per query)."""
    return os.environ.get("STORAGE", "prebuilt")


# ---- the lake and its data version ----
@dataclass(frozen=True)
class LakeState:
    path: Path
    version: str
    is_demo: bool
    months: tuple  # months of the laborers roster, sorted


_state_cache: dict = {}


def lake_state() -> LakeState:
    """The current lake: its data version, whether it is demo data, its months. Raises LakeMissing."""
    lake = mf.lake_dir()
    path = lake / mf.MANIFEST_NAME
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise LakeMissing(f"没有找到数据湖（{lake}）。"
                          "请先生成演示数据：make demo，或导入正式数据：make import。") from None
    key = (str(lake), mtime)
    if key not in _state_cache:
        manifest = mf.read_manifest(lake)
        months = tuple(mf.partitions(manifest, "laborers"))
        if not months:
            raise LakeMissing(f"数据湖（{lake}）中还没有脱贫劳动力月度花名册。"
                              "请导入花名册，或运行 make demo 生成演示数据。")
        _state_cache.clear()
        _state_cache[key] = LakeState(lake, mf.data_version(manifest), bool(manifest.get("is_demo")), months)
    return _state_cache[key]


def data_version() -> str:
    return lake_state().version


# ---- connections ----
def _empty_relation(con: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation:
    spec = TABLES[table]
    partition_type = pa.string() if spec.partition_key == "month" else pa.int64()
    schema = spec.schema.append(pa.field(spec.partition_key, partition_type))
    return con.from_arrow(schema.empty_table())


def _load(con: duckdb.DuckDBPyConnection, lake: Path, model_dir: Path | None) -> dict:
    """Every lake table (a view over its current Parquet files) and model on `con`.

    Models are read from their prebuilt files in `model_dir`, or computed on the fly when it is None. A table with no
    partitions yet is empty with its schema. A table whose files cannot be read is empty too; it is returned with
    DuckDB's message (which names the file), as is every model built on it, so that only the questions needing it
    fail and the rest of the app keeps working.
    """
    unreadable = {}
    manifest = mf.read_manifest(lake) or mf.new_manifest(is_demo=False)
    for table in TABLES:
        try:
            # only the files the manifest lists: a crashed import's unlisted file is never served (issue 19)
            files = mf.current_files(lake, manifest, table)
            if files:
                con.read_parquet(files, hive_partitioning=True).create_view(table)
            else:
                _empty_relation(con, table).create(table)
        except duckdb.Error as exc:
            unreadable[table] = str(exc)
            _empty_relation(con, table).create(table)
    for name, model in models().items():
        broken = sorted(model.tables & unreadable.keys())
        if broken:
            unreadable[name] = unreadable[broken[0]]
        if model_dir is None or broken:
            con.sql(model.sql).create_view(name)
        else:
            con.read_parquet(str(model_dir / f"{name}.parquet")).create(name)  # small: held in memory
    return unreadable


def _configure(con: duckdb.DuckDBPyConnection) -> None:
    for statement in CONNECTION_SETTINGS:
        con.execute(statement)


def models_version() -> str:
    """A hash of every model's SQL: a changed or added model is built anew, never served stale."""
    digest = hashlib.sha256()
    for name, model in sorted(models().items()):
        digest.update(name.encode() + model.sql.encode())
    return digest.hexdigest()[:8]


def serving_dir(state: LakeState) -> Path:
    return state.path / SERVING_DIR / f"{state.version}-{models_version()}"


def prepare(state: LakeState | None = None) -> Path:
    """Build the models of the current data version if they are missing; return their folder.

    Each model is computed from the lake and written as one Parquet file; the folder is written under a temporary
    name and renamed, so a reader never sees half of it. Older versions' folders are removed (derived, never data).
    A model whose tables cannot be read is skipped: it is served as a view, and its questions report the file.
    """
    state = state or lake_state()
    target = serving_dir(state)
    with _build_lock:
        if target.exists():
            return target
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        con = duckdb.connect()
        try:
            _configure(con)
            # Building reads every month once: allow more memory than serving, and spill beside the lake.
            con.execute("SET memory_limit = '6GB'")
            con.execute("SET temp_directory = $dir", {"dir": str(tmp / "spill")})
            unreadable = _load(con, state.path, model_dir=None)
            for name in models():
                if name not in unreadable:
                    con.table(name).write_parquet(str(tmp / f"{name}.parquet"), compression="zstd")
        finally:
            con.close()
        shutil.rmtree(tmp / "spill", ignore_errors=True)
        os.replace(tmp, target)
        for old in target.parent.iterdir():
            if old != target and not old.name.endswith(".tmp"):
                shutil.rmtree(old, ignore_errors=True)
    return target


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(lake: str, version: str, mode: str) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """The connection of one data version and storage mode, with the tables it could not read."""
    con = duckdb.connect()
    _configure(con)
    return con, _load(con, Path(lake), model_dir=prepare(lake_state()) if mode == "prebuilt" else None)


def connection() -> duckdb.DuckDBPyConnection:
    state = lake_state()
    return _connection(str(state.path), state.version, storage())[0]


def unreadable_tables() -> dict:
    """Tables (and models) whose files could not be read: name -> DuckDB's message naming the file."""
    state = lake_state()
    return _connection(str(state.path), state.version, storage())[1]


# ---- answering questions ----
def check_params(query: Query, params: dict) -> None:
    missing = set(query.params) - set(params)
    extra = set(params) - set(query.params)
    if missing or extra:
        raise ValueError(f"{query.name}: parameters missing {sorted(missing)}, unexpected {sorted(extra)}")
    for name, value in params.items():
        expected = PARAM_TYPES[query.params[name]]
        if value is not None and not isinstance(value, expected):
            raise TypeError(f"{query.name}: ${name} should be {query.params[name]}, got {type(value).__name__}")


def _freeze(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def _execute(sql: str, params: dict) -> pd.DataFrame:
    cursor = connection().cursor()
    try:
        return cursor.execute(sql, params).df()
    except duckdb.IOException as exc:
        raise QueryError(f"数据文件读取失败：{exc}。请检查或重新导入这个文件；其他页面不受影响。") from exc
    except duckdb.InvalidInputException as exc:
        raise QueryError(f"数据文件已损坏或格式不对：{exc}。请重新导入这个文件；其他页面不受影响。") from exc
    finally:
        cursor.close()


def _thaw(frozen: tuple) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(name: str, frozen: tuple, version: str, mode: str) -> pd.DataFrame:
    return _execute(catalog()[name].sql, _thaw(frozen))


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_together(names: tuple, columns: tuple, frozen: tuple, version: str, mode: str) -> pd.DataFrame:
    listed = ", ".join(columns)
    sql = "\nunion all\n".join(f"select $question_{i} as question, {listed} from (\n{catalog()[name].sql}\n)"
                                for i, name in enumerate(names))
    return _execute(sql, _thaw(frozen) | {f"question_{i}": name for i, name in enumerate(names)})


def _check_readable(queries: list[Query]) -> None:
    broken = sorted(set().union(*(q.tables for q in queries)) & unreadable_tables().keys())
    if broken:
        raise QueryError(f"数据文件无法读取（{broken[0]}）：{unreadable_tables()[broken[0]]}。"
                         "请重新导入这个文件；不依赖它的页面和指标不受影响。")


def _query(name: str) -> Query:
    if name not in catalog():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return catalog()[name]


def run(name: str, params: dict | None = None) -> pd.DataFrame:
    """Answer the named question with bound parameters; cached per data version."""
    params = dict(params or {})
    query = _query(name)
    check_params(query, params)
    _check_readable([query])
    return _cached(name, _freeze(params), data_version(), storage())


def run_together(names: list[str], params: dict, columns: tuple) -> pd.DataFrame:
    """Answer several questions that each return `columns` in one statement (one plan and one round trip instead
    of one per question: the 17 subsidy rules take half the time this way, docs/benchmarks.md). The rows of each
    come one after another, with a `question` column naming its question. Each binds the parameters it declares
    from `params`, which must hold every one of them and nothing else (a name means one value in all of them)."""
    queries = [_query(name) for name in names]
    for query in queries:
        check_params(query, {k: v for k, v in params.items() if k in query.params})
    unused = set(params) - set().union(*(q.params for q in queries))
    if unused or any(k.startswith("question_") for k in params):
        raise ValueError(f"parameters no question declares (or named question_*): {sorted(unused)}")
    _check_readable(queries)
    return _cached_together(tuple(names), tuple(columns), _freeze(params), data_version(), storage())


def main() -> int:
    """`python -m queries.engine`: build the current lake's models ahead of the first visitor."""
    try:
        path = prepare()
    except QueryError as exc:
        print(f"错误：{exc}")
        return 2
    print(f"预聚合模型已就绪：{path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

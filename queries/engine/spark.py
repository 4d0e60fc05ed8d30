"""`ENGINE=spark`: the same named questions on Apache Spark SQL, over the same lake files the manifest lists.

A local session (`local[2]`, or `SPARK_MASTER`) by default; Spark Connect to a cluster when `SPARK_REMOTE=sc://…`
is set (the lake's paths must then be readable, and the serving folder writable, by the cluster under the same
names). The `.sql` files are DuckDB SQL: each is parsed once with sqlglot and written as Spark SQL, and parameters
are bound by replacing the parsed `$name` placeholders with typed literals in the syntax tree, never by formatting
text. Views: the lake's tables over the current Parquet files, the calendar and reference tables of
`lake_views`, and the models of `queries/models/`, built by Spark in dependency order into
`<lake>/_serving_spark/<version>-<models hash>/<model>/` (Parquet; DuckDB's folder is `_serving`).

Constructs that do not carry over from DuckDB to Spark, and what the files do instead (`tests/test_spark.py` checks
that every file transpiles and answers as DuckDB does):

- `$name` placeholders are not Spark SQL: bound here as typed literals (lists as `array(…)`, a null list as a typed
  null array), so the gate stays the one place where values are checked;
- `list_position` has no Spark counterpart that sqlglot writes: `brand_performance` orders by
  `coalesce(nullif(array_position(…), 0), …)` (null when absent on DuckDB, 0 on Spark: the same order on both);
- `sum(<boolean>)`: Spark refuses to sum booleans; `count(*) filter (where …)` (CONVENTIONS rule 10);
- `::int` on a double truncates in Spark and rounds in DuckDB; `round` first (rule 10);
- `100.0 * …` is a decimal in Spark (rounded to its scale) and a double in DuckDB: rates and averages are written
  `cast(100 as double) * …`, the same binary arithmetic on both, left unrounded (the one rounding is the display's,
  ui.labels.rounded); any other decimal is read as a float;
- null ordering differs (DuckDB puts nulls last, Spark first when ascending): sqlglot writes `nulls last`.
"""

import os
import threading
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import sqlglot
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from sqlglot import exp

from lake import manifest as mf
from lake.schema import TABLES
from queries.engine import base
from queries.engine.catalog import catalog, models
from queries.engine.state import LakeState, QueryError, forget_state, lake_state, storage

SERVING_DIR = "_serving_spark"
SPARK_TYPES = {pa.string(): "string", pa.int64(): "bigint", pa.int32(): "int", pa.bool_(): "boolean",
               pa.date32(): "date", pa.float64(): "double"}
LITERAL_TYPES = {"varchar": "string", "integer": "bigint", "double": "double", "boolean": "boolean"}
_session_lock = threading.Lock()
_build_lock = threading.Lock()
_base: list = []  # the one SparkSession of this process (a JVM, or a Spark Connect client)
# A local session's settings, each overridable with SPARK_CONF="key=value,key=value" (measured on 2 cores,
# docs/benchmarks.md): the answers are small, so compiling whole-stage Java code for every plan costs more than it
# saves (a 2,000-person model build: 125 s with it, 28 s without); a table of one Parquet file per month passes
# Spark's 32-path threshold for listing files with a distributed job (three jobs per table, seconds each); the
# monthly tables need a few shuffle partitions, not 200.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": "2g",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.sources.parallelPartitionDiscovery.threshold": "100000",
    "spark.sql.session.timeZone": "UTC",
}


def spark_conf() -> dict:
    """The local session's settings: LOCAL_CONF with SPARK_CONF's `key=value` pairs over it."""
    extra = (pair.split("=", 1) for pair in os.environ.get("SPARK_CONF", "").split(",") if "=" in pair)
    return LOCAL_CONF | {key.strip(): value.strip() for key, value in extra}


def base_session() -> SparkSession:
    """The process's Spark session, started once: Spark Connect when `SPARK_REMOTE` is set, else a local session
    (`SPARK_MASTER`, default `local[2]`) sized for a small machine."""
    with _session_lock:
        if not _base:
            remote = os.environ.get("SPARK_REMOTE")
            if remote:
                session = SparkSession.builder.remote(remote).getOrCreate()
            else:
                builder = SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[2]"))
                for key, value in spark_conf().items():
                    builder = builder.config(key, value)
                session = builder.appName("wuhan-employment-dashboard").getOrCreate()
                session.sparkContext.setLogLevel("ERROR")
            _base.append(session)
        return _base[0]


def _new_session() -> SparkSession:
    """A session of its own (its own temporary views) sharing the process's Spark: one per data version."""
    remote = os.environ.get("SPARK_REMOTE")
    if remote:
        return SparkSession.builder.remote(remote).create()
    return base_session().newSession()


# -- SQL: DuckDB text -> sqlglot tree -> Spark SQL with bound literals -------------------------------------------

@lru_cache(maxsize=512)
def _tree(sql: str) -> exp.Expression:
    """The DuckDB statement parsed once; Spark SQL is generated from a bound copy of it."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    tree.sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)  # fails at load, not on a visitor's click
    return tree


@cache
def _declared_types() -> dict:
    """Each parameter name's declared type across every question and model (a name has one type everywhere)."""
    types: dict = {}
    for q in [*catalog().values(), *models().values()]:
        for name, declared in q.params.items():
            if types.setdefault(name, declared) != declared:
                raise TypeError(f"${name} is declared {declared} in {q.name} and {types[name]} elsewhere")
    return types


def _literal(value, declared: str) -> exp.Expression:
    """A typed Spark literal for a bound value (a list as an array; null typed from the declared type)."""
    element = declared.removesuffix("[]")
    if isinstance(value, list | tuple):
        items = [_literal(v, element) for v in value]
        return exp.cast(exp.Array(expressions=items), f"array<{LITERAL_TYPES[element]}>", dialect="spark")
    if value is None:
        target = f"array<{LITERAL_TYPES[element]}>" if declared.endswith("[]") else LITERAL_TYPES[declared]
        return exp.cast(exp.Null(), target, dialect="spark")
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int):
        return exp.cast(exp.Literal.number(value), "bigint", dialect="spark")
    if isinstance(value, float):
        return exp.cast(exp.Literal.number(repr(value)), "double", dialect="spark")
    if isinstance(value, str):
        return exp.Literal.string(value)
    raise TypeError(f"cannot bind a {type(value).__name__} to Spark SQL")


def to_spark(sql: str, params: dict) -> str:
    """`sql` (DuckDB, with `$name` placeholders) as Spark SQL with every placeholder replaced by its typed value.
    A placeholder without a value raises (the gate has checked the names; this guards a direct call)."""
    declared = _declared_types()

    def bind(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name:
            if node.name not in params:
                raise ValueError(f"no value for ${node.name}")
            return _literal(params[node.name], declared.get(node.name, "varchar"))
        return node

    return _tree(sql).copy().transform(bind).sql(dialect="spark")


def transpile_all() -> dict:
    """Every question and model as Spark SQL (placeholders left as `:name`): what the engine will run."""
    return {q.name: _tree(q.sql).sql(dialect="spark", pretty=True)
            for q in [*catalog().values(), *models().values()]}


# -- views over the lake ------------------------------------------------------------------------------------------

def _ddl(schema: pa.Schema) -> str:
    return ", ".join(f"`{f.name}` {SPARK_TYPES[f.type]}" for f in schema)


def _table_schema(table: str) -> str:
    spec = TABLES[table]
    partition_type = "string" if spec.partition_key == "month" else "bigint"
    return f"{_ddl(spec.schema)}, `{spec.partition_key}` {partition_type}"


class SparkViews(base.Views):
    """The views of `queries.engine.base.load` as temporary views of one Spark session."""

    def __init__(self, session: SparkSession):
        self.session = session

    def reference(self, name: str, table: pa.Table) -> None:
        self.session.createDataFrame(table, schema=_ddl(table.schema)).createOrReplaceTempView(name)

    def empty(self, table: str) -> None:
        self.session.createDataFrame([], schema=_table_schema(table)).createOrReplaceTempView(table)

    def files(self, lake: Path, table: str, files: list[str]) -> None:
        # the declared schema keeps the partition key's type (month as text, year as a number) and lets Spark skip
        # inferring it; basePath makes `month=`/`year=` folders a column
        frame = self.session.read.schema(_table_schema(table)).option("basePath", str(lake / table)).parquet(*files)
        frame.createOrReplaceTempView(table)

    def computed(self, name: str) -> None:
        self.session.sql(to_spark(models()[name].sql, {})).createOrReplaceTempView(name)

    def model_path(self, folder: Path, name: str) -> Path:
        return folder / name

    def stored(self, name: str, path: Path) -> None:
        self.session.read.parquet(str(path)).cache().createOrReplaceTempView(name)  # small: in memory

    def write(self, name: str, path: Path) -> None:
        self.session.table(name).coalesce(1).write.parquet(str(path), compression="zstd")

    def just_written(self, name: str, path: Path) -> None:
        self.session.read.parquet(str(path)).createOrReplaceTempView(name)


def serving_dir(state: LakeState) -> Path:
    return base.serving_dir(state, SERVING_DIR)


def prepare(state: LakeState | None = None) -> tuple[Path, dict]:
    """Build the current data version's models with Spark if they are missing (each one Parquet folder, written
    into a temporary folder renamed when done, `base.publish`); return their folder and the tables that could not be
    read (found with pyarrow before Spark reads anything, as for DuckDB)."""
    state = state or lake_state()
    for q in [*catalog().values(), *models().values()]:
        try:
            _tree(q.sql)
        except sqlglot.errors.SqlglotError as exc:  # stop before building, naming the file
            raise ValueError(f"{q.name}.sql does not transpile to Spark SQL: {exc}") from exc
    target = serving_dir(state)
    with _build_lock:
        if target.exists():  # built: no Spark needed to say which files cannot be read
            manifest = mf.read_manifest(state.path) or mf.new_manifest(is_demo=False)
            return target, base.unreadable_tables(state.path, manifest)
        tmp = base.build_folder(target)
        views = SparkViews(_new_session())
        unreadable = base.load(views, state.path, model_dir=None)
        base.write_models(views, tmp, unreadable)
        base.publish(tmp, target)
    return target, unreadable


def _serve(lake: str, version: str, mode: str) -> tuple[SparkSession, dict]:
    """The session of one data version and storage mode, its views made, with the tables it could not read."""
    model_dir = prepare(lake_state())[0] if mode == "prebuilt" else None
    session = _new_session()
    # Spark's cache is shared by every session of the process: drop the models cached for an earlier version, so
    # memory holds one version's (a version still being served reads its model files instead)
    session.catalog.clearCache()
    return session, base.load(SparkViews(session), Path(lake), model_dir=model_dir)


_served = base.Served(_serve)


def session() -> SparkSession:
    """The Spark session serving the current data version (its views made)."""
    state = lake_state()
    return _served.get(str(state.path), state.version, storage())[0]


def unreadable_tables() -> dict:
    """Tables (and models) whose files could not be read: name -> a message naming the file."""
    state = lake_state()
    return _served.get(str(state.path), state.version, storage())[1]


_NULLABLE_INTEGERS = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                      pa.int64(): pd.Int64Dtype()}


def _to_pandas(frame: DataFrame) -> pd.DataFrame:
    """The answer as pandas with the types DuckDB's `.df()` gives: decimals as floats (Spark keeps `100.0 * x / y`
    a decimal where DuckDB has a double), and an integer column holding nulls as pandas' nullable integer (Int64),
    not as floats — a page formats 17.0 and 17 differently (「17.0 人」 on the 示范乡镇 scorecard, found by
    tests/test_spark.py's every-page check)."""
    table = frame.toArrow()
    columns = [c.cast(pa.float64()) if pa.types.is_decimal(c.type) else c for c in table.columns]
    out = pa.Table.from_arrays(columns, names=table.column_names).to_pandas()
    for name, column in zip(table.column_names, columns, strict=True):
        if column.type in _NULLABLE_INTEGERS and column.null_count:
            out[name] = column.to_pandas(types_mapper=_NULLABLE_INTEGERS.get)
    return out


def execute(sql: str, params: dict) -> pd.DataFrame:
    """`sql` (DuckDB SQL) with bound `params` on Spark, as a DataFrame; a file that fails while being read becomes
    a QueryError with a Chinese message."""
    text = to_spark(sql, params)
    try:
        return _to_pandas(session().sql(text))
    except PySparkException as exc:
        if not (exc.getCondition() or "").startswith("FAILED_READ_FILE"):
            raise
        detail = str(exc).replace(str(lake_state().path), "").strip()[:300]
        raise QueryError(f"数据文件读取失败：{detail}。请重新导入这个文件；不依赖它的指标不受影响。") from exc


def forget() -> None:
    """Drop this process's views of the lake, so the next question reads it anew (the Spark session stays)."""
    forget_state()
    _served.forget()

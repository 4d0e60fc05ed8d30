"""Cross-engine check (issue 20): every named question, the audit's union of rules and every model give the same rows
on DuckDB and on Spark local[2], on one lake merged from the engine's golden literal lakes and on the demo lake; a
smoke set of pages shows the same figures on both. Also: parameters are bound as typed literals in the syntax tree,
and every file transpiles.

Marked `spark` (a JVM starts once per test session): `-m "not spark"` skips them locally, `make test` and CI run them.
"""

import os
from datetime import date

import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlglot

from queries import engine, subsidy_audit
from queries.engine import serving
from testkit.apptest import assert_clean, open_app, page_files, texts
from testkit.samples import sample
from tests import test_employment, test_measures, test_subsidies, test_welfare_posts
from tests.lakes import write_lake

# one JVM: under pytest-xdist (make test WORKERS=2) every Spark test runs in the same worker
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]
spark = pytest.importorskip("queries.engine.spark")

QUERIES = sorted(engine.catalog())
MODELS = sorted(engine.models())
# The golden literal lakes of the engine's own tests (rosters across a year boundary, every subsidy rule broken once,
# welfare posts, the measures' registers), merged into one lake: each keeps its people apart by a prefix on its person
# ids, so that what each breaks or crosses is still there; then the demo lake. Together they give every question and
# every model rows to compare.
GOLDEN_LAKES = {
    "employment": {"laborers": test_employment.ROWS},
    "subsidies": {
        "laborers": test_subsidies.roster(),
        "subsidy_claims": test_subsidies.CLEAN + [c for cs in test_subsidies.VIOLATIONS.values() for c in cs]
        + test_subsidies.AFTER_THE_MONTH,
        "entrepreneurs": test_subsidies.ENTREPRENEURS,
    },
    "welfare": {"laborers": test_welfare_posts.LABORERS, "welfare_posts": test_welfare_posts.POSTS},
    "measures": {"laborers": test_measures.ORGANIZED_ROWS + test_measures.TRAINING_ROWS
                 + test_measures.BROKER_LAKE["laborers"],
                 **{table: rows for lake in (test_measures.BROKER_LAKE, test_measures.CAMPAIGN_LAKE,
                                             test_measures.STARTUP_LAKE)
                    for table, rows in lake.items() if table != "laborers"}},
}


def merged(lakes: dict) -> dict:
    """The tables of every lake in one, each lake's person ids prefixed by its name."""
    out: dict[str, list] = {}
    for name, tables in lakes.items():
        for table, rows in tables.items():
            out.setdefault(table, []).extend(
                r | {"person_id": f"{name}-{r['person_id']}"} if r.get("person_id") else r for r in rows)
    return out


LAKES = ["literal", "demo"]
# Pages drawn on both engines (the rest share their helpers): the default page's cards, 区域对比's tables and map,
# 示范乡镇's scorecard (where Spark's nullable integers once showed as 「17.0 人」) and 政策落实's audit.
SMOKE_PAGES = ["pages/overview.py", "pages/districts.py", "pages/model_towns.py", "pages/subsidies.py"]


def _value(v):
    """One cell as a plain comparable value: nulls as None, numbers as floats to 9 places (rates are unrounded
    doubles on both engines, but sums of doubles may add up in another order; DuckDB and Spark may differ in integer
    width and decimal versus double), dates as text."""
    if v is None or (not isinstance(v, str | list | tuple) and pd.isna(v)):
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float) or hasattr(v, "dtype"):
        return round(float(v), 9)
    if isinstance(v, date):
        return v.isoformat()[:10]
    return v


def rows(df: pd.DataFrame, ordered: bool) -> list[tuple]:
    """The answer's rows as plain tuples; sorted unless the question orders them."""
    out = [tuple(_value(v) for v in row) for row in df.astype(object).itertuples(index=False)]
    return out if ordered else sorted(out, key=repr)


def is_ordered(sql: str) -> bool:
    """Whether the statement's outermost select has an `order by` (then the row order is part of the answer)."""
    return sqlglot.parse_one(sql, read="duckdb").args.get("order") is not None


def _answer_all(lake, known: dict) -> dict:
    """Every question's answer (or its error) on both engines, and both engines' model files, for one lake; the
    answers in `known` ((engine, question) -> answer) are taken as they are."""
    out = dict(known)
    os.environ["LAKE_DIR"] = str(lake)
    for name in ("duckdb", "spark"):
        os.environ["ENGINE"] = name
        engine.forget_answers()
        engine.forget_state()
        folder = engine.prepare()[0]
        for q in QUERIES:
            if (name, q) in out:
                continue
            try:
                out[name, q] = engine.run(q, sample(engine.catalog()[q].params))
            except Exception as exc:  # noqa: BLE001 - an error is an answer to compare too
                out[name, q] = exc
        for model in MODELS:
            path = folder / (f"{model}.parquet" if name == "duckdb" else model)
            out[name, f"model:{model}"] = pq.read_table(path).to_pandas()
        rules = subsidy_audit.rules()
        params = {}
        for rule in rules:
            params |= subsidy_audit.rule_params(rule, "2026-10", sample({"districts": "varchar[]"})["districts"])
        out[name, "together"] = engine.run_together(
            [f"{subsidy_audit.RULE_FOLDER}/{r.rule_id}" for r in rules], params, subsidy_audit.RULE_COLUMNS)
    return out


@pytest.fixture(scope="module")
def answers(tmp_path_factory, demo_lake, demo_answers) -> dict:
    """Answers of every lake on both engines, computed once for the module (one Spark session for the run); DuckDB's
    on the demo lake are the session's (conftest.demo_answers)."""
    saved = {key: os.environ.get(key) for key in ("LAKE_DIR", "ENGINE", "STORAGE")}
    os.environ["STORAGE"] = "prebuilt"
    literal = tmp_path_factory.mktemp("literal") / "lake"
    write_lake(literal, merged(GOLDEN_LAKES))
    out = {}
    try:
        out |= {("literal", *key): value for key, value in _answer_all(literal, {}).items()}
        known = {("duckdb", q): answer for q, answer in demo_answers.items()}
        out |= {("demo", *key): value for key, value in _answer_all(demo_lake, known).items()}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        engine.forget_answers()
        engine.forget_state()
    return out


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("lake", LAKES)
def test_every_question_gives_the_same_rows_on_both_engines(answers, lake, name):
    duck, spark_answer = answers[lake, "duckdb", name], answers[lake, "spark", name]
    assert not isinstance(duck, Exception), f"DuckDB failed: {duck}"
    assert not isinstance(spark_answer, Exception), f"Spark failed: {spark_answer}"
    assert list(spark_answer.columns) == list(duck.columns)
    ordered = is_ordered(engine.catalog()[name].sql)
    assert rows(spark_answer, ordered) == rows(duck, ordered)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("lake", LAKES)
def test_every_model_gives_the_same_rows_on_both_engines(answers, lake, name):
    duck, spark_model = answers[lake, "duckdb", f"model:{name}"], answers[lake, "spark", f"model:{name}"]
    assert list(spark_model.columns) == list(duck.columns)
    assert rows(spark_model, ordered=False) == rows(duck, ordered=False)


@pytest.mark.parametrize("lake", LAKES)
def test_the_rules_answered_together_give_the_same_rows_on_both_engines(answers, lake):
    duck, spark_answer = answers[lake, "duckdb", "together"], answers[lake, "spark", "together"]
    assert list(spark_answer.columns) == list(duck.columns)
    assert rows(spark_answer, ordered=False) == rows(duck, ordered=False)
    if lake == "literal":
        assert spark_answer["question"].nunique() == len(test_subsidies.VIOLATIONS)


def test_the_demo_lake_answers_are_not_all_empty(answers):
    """The comparison means something: most questions have rows on the demo lake."""
    empty = [q for q in QUERIES if len(answers["demo", "spark", q]) == 0]
    assert len(empty) <= 3, empty


def test_parameters_are_typed_literals_in_the_syntax_tree():
    sql = "select $month as m, $year as y, $share as s, $on as b, $districts as d, $district as n where x = 1"
    spark_sql = spark.to_spark(sql, {"month": "2026-10", "year": 2026, "share": 0.5, "on": True,
                                     "districts": ["420114", "42'0"], "district": None})
    assert spark_sql == ("SELECT '2026-10' AS m, CAST(2026 AS BIGINT) AS y, CAST(0.5 AS DOUBLE) AS s, TRUE AS b, "
                         "CAST(ARRAY('420114', '42\\'0') AS ARRAY<STRING>) AS d, CAST(NULL AS STRING) AS n "
                         "WHERE x = 1")
    with pytest.raises(ValueError, match="month"):
        spark.to_spark("select $month", {})


def test_a_value_cannot_become_sql():
    """A quote, a backslash or a comment in a value stays inside its literal: Spark returns the value itself."""
    nasty = "x' or '1'='1 -- \\'; drop table laborers; 黄陂"
    got = spark.base_session().sql(spark.to_spark("select $brand as v", {"brand": nasty})).collect()
    assert [r.v for r in got] == [nasty]


def test_every_file_transpiles_and_none_uses_a_duckdb_only_function():
    spark_sql = spark.transpile_all()
    assert set(spark_sql) == set(QUERIES) | set(MODELS)
    for name, text in spark_sql.items():
        assert "LIST_" not in text.upper(), f"{name}: a DuckDB list function is left"


def test_spark_models_are_written_beside_duckdbs(answers, demo_lake):
    """Keyed by data version and models hash as DuckDB's are, in a folder of their own."""
    assert [p.name for p in (demo_lake / spark.SERVING_DIR).iterdir()] == [
        p.name for p in (demo_lake / serving.SERVING_DIR).iterdir()]


def test_the_overview_page_is_served_by_spark(answers, use_demo_lake, monkeypatch):
    """`ENGINE=spark make run`: a page through the router, its figures answered by Spark."""
    monkeypatch.setenv("ENGINE", "spark")
    at = open_app()
    assert_clean(at)
    assert at.title[0].value == "就业帮扶总览" and len(at.metric) >= 4


def test_a_corrupt_file_fails_only_the_figures_that_need_it_on_spark(answers, corrupt_claims, monkeypatch):
    _, relative = corrupt_claims
    monkeypatch.setenv("ENGINE", "spark")
    assert engine.run("employment_kpis", {"month": "2026-10", "districts": ["420114"]})["laborer_count"].tolist() == [1]
    with pytest.raises(engine.QueryError, match="subsidy_claims 2026-10") as refused:  # named by table and month
        engine.run("subsidies_paid_ytd", sample(engine.catalog()["subsidies_paid_ytd"].params))
    assert relative not in str(refused.value)  # the file itself only in the server's log


def _page_view(at) -> tuple[str, list]:
    """What a page drew that carries figures: every text (cards, sentences, captions) and every table's rows."""
    tables = [rows(t.value.reset_index(drop=True), ordered=True) for t in at.dataframe]
    return texts(at), tables


@pytest.mark.parametrize("page", SMOKE_PAGES)
def test_pages_show_the_same_figures_on_spark_as_on_duckdb(answers, use_demo_lake, monkeypatch, page):
    """`ENGINE=spark make run` serves a page with the same figures as DuckDB: through the router as the city leader,
    once per engine, each from no kept answers."""
    seen = {}
    for name in ("duckdb", "spark"):
        monkeypatch.setenv("ENGINE", name)
        engine.forget_answers()
        at = open_app(page, timeout=900)
        assert_clean(at)
        seen[name] = _page_view(at)
    assert seen["spark"][0] == seen["duckdb"][0]
    assert seen["spark"][1] == seen["duckdb"][1]


def test_the_smoke_pages_are_pages_of_the_router():
    assert set(SMOKE_PAGES) <= set(page_files())

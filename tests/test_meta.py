"""Meta-tests: every question is documented, declares its parameters, and runs on the demo lake."""

import re
from pathlib import Path

import pandas as pd
import pytest

from queries import engine
from queries.engine import serving
from testkit.samples import sample
from tests.lakes import person
from ui.labels import LABELS, UNITS, change_text

PROJECT = Path(__file__).resolve().parent.parent
DOCS = PROJECT / "docs" / "metrics.md"
QUERIES = sorted(engine.catalog())
MODELS = sorted(engine.models())
# Columns a question returns to join, order or flag rows rather than to show: they need no Chinese label.
KEYS = re.compile(r"^(is_|has_)|_(code|id|order|month)$|^(question|month|year|same_month_last_year|last_december)$")


def _sample(query: engine.Query) -> dict:
    return sample(query.params)


def _asked_in_code() -> tuple[set[str], set[str]]:
    """The questions the production code asks by name — `run("name", …)`, `run_ranked`, `run_together` — and,
    besides those, every question named first in parentheses: a ("name", params) pair given to `derive` or
    `prefetch`, `projections.asked("name", …)`, and the families asked with `questions_in`."""
    by_run, named = set(), set()
    for path in [*PROJECT.glob("pages/*.py"), *PROJECT.glob("ui/*.py"), *PROJECT.glob("queries/*.py"),
                 *PROJECT.glob("assess/*.py")]:
        text = path.read_text(encoding="utf-8")
        by_run |= set(re.findall(r"\brun(?:_ranked)?\(\s*\"([\w/]+)\"", text))
        named |= set(re.findall(r"\(\s*\"([\w/]+)\",", text)) & set(QUERIES)
        for folder in re.findall(r"RULE_FOLDER = \"(\w+)\"", text):
            named |= set(engine.questions_in(folder))
    return by_run, by_run | named


def test_every_question_is_asked_and_every_asked_question_exists():
    by_run, asked = _asked_in_code()
    assert by_run - set(QUERIES) == set(), "code asks questions that have no .sql file"
    assert set(QUERIES) - asked == set(), "questions no page or module asks (remove them or use them)"


@pytest.mark.parametrize("name", QUERIES + MODELS)
def test_sql_header(name):
    query = engine.catalog().get(name) or engine.models()[name]
    assert query.question and not query.question.lower().startswith("grain"), f"{name}.sql: first line = question"
    assert query.grain, f"{name}.sql: header needs a 'grain:' line"
    used = set(re.findall(r"\$(\w+)", query.sql))
    assert used == set(query.params), f"{name}.sql: @param lines {set(query.params)} != parameters used {used}"
    assert all(t in engine.PARAM_TYPES for t in query.params.values()), f"{name}.sql: unknown @param type"
    body = "\n".join(line for line in query.sql.splitlines() if not line.startswith("--"))
    assert "read_parquet" not in body and "'/" not in body, f"{name}.sql must name logical tables, never paths"


def _answer(demo_answers: dict, name: str) -> pd.DataFrame:
    """`name`'s answer on the demo lake (asked once per session, conftest.demo_answers); its error is raised here."""
    if isinstance(demo_answers[name], Exception):
        raise demo_answers[name]
    return demo_answers[name]


@pytest.mark.parametrize("name", QUERIES)
def test_every_question_answers_the_demo_lake_with_labelled_columns(demo_answers, name):
    df = _answer(demo_answers, name)
    assert len(df) > 0, f"{name}: no rows for the sample parameters on the demo lake"
    empty = [c for c in df.columns[df.isna().all()] if not KEYS.search(c)]
    assert not empty, f"{name}: figures empty in every row: {empty}"
    unlabelled = [c for c in df.columns if not KEYS.search(c) and c not in LABELS and not any(
        c.endswith(s) for s in ("_last_year_count", "_last_year_yuan", "_last_year_pct"))]
    assert not unlabelled, f"{name}: columns with no Chinese label in ui/labels.py: {unlabelled}"


@pytest.mark.parametrize("name", QUERIES)
def test_every_question_and_figure_is_in_the_definitions_doc(demo_answers, name):
    doc = DOCS.read_text(encoding="utf-8")
    assert f"{name}.sql" in doc, f"docs/metrics.md has no entry naming {name}.sql"
    df = _answer(demo_answers, name)
    figures = [c for c in df.columns if any(c.endswith(suffix) for suffix in UNITS)]
    missing = [c for c in figures if f"`{c}`" not in doc]
    assert not missing, f"docs/metrics.md has no definition for {missing} (from {name}.sql)"


def test_unknown_or_missing_parameters_are_refused(use_demo_lake):
    with pytest.raises(ValueError):
        engine.run("employment_trend", {})
    with pytest.raises(ValueError):
        engine.run("employment_trend", {"districts": ["420116"], "month": "2026-10"})
    with pytest.raises(TypeError):
        engine.run("employment_trend", {"districts": "420116"})


def test_questions_answered_together_equal_each_answered_alone(use_demo_lake):
    names = engine.questions_in("subsidy_rules")
    params = {}
    for name in names:
        params |= _sample(engine.catalog()[name])
    columns = ("claim_id", "month", "amount_yuan", "evidence")
    together = engine.run_together(names, params, columns)
    assert list(together.columns) == ["question", *columns]
    for name in names:
        alone = engine.run(name, _sample(engine.catalog()[name]))[list(columns)].sort_values("claim_id")
        mine = together[together["question"] == name][list(columns)].sort_values("claim_id")
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), alone.reset_index(drop=True), check_dtype=False)
    assert together["question"].nunique() == len([n for n in names if len(engine.run(n, _sample(
        engine.catalog()[n])))]) > 1


def test_questions_answered_together_refuse_missing_or_unused_parameters(use_demo_lake):
    names = ["subsidy_rules/loan_cap", "subsidy_rules/startup_once"]
    params = _sample(engine.catalog()[names[0]]) | _sample(engine.catalog()[names[1]])
    with pytest.raises(ValueError, match="guarantee_loan_max_yuan"):
        engine.run_together(names, {k: v for k, v in params.items() if k != "guarantee_loan_max_yuan"}, ("claim_id",))
    with pytest.raises(ValueError, match="year"):
        engine.run_together(names, params | {"year": 2026}, ("claim_id",))


def test_calendar_compares_january_and_december_with_the_right_months(make_lake):
    make_lake({"laborers": [person("2025-03", "A"), person("2026-10", "A")]})
    rows = serving.connection().cursor().execute(
        "select month, year, month_of_year, same_month_last_year, last_december, previous_month, year_start, "
        "last_year_start, is_december from months where month in ('2026-01', '2026-12', '2025-07') "
        "order by month").fetchall()
    assert rows == [
        ("2025-07", 2025, 7, "2024-07", "2024-12", "2025-06", "2025-01", "2024-01", False),
        ("2026-01", 2026, 1, "2025-01", "2025-12", "2025-12", "2026-01", "2025-01", False),
        ("2026-12", 2026, 12, "2025-12", "2025-12", "2026-11", "2026-01", "2025-01", True),
    ]
    # from the year before the lake's first (baselines) to the year after its last
    assert serving.connection().cursor().execute(
        "select min(month), max(month), count(*) from months").fetchone() == ("2024-01", "2027-12", 48)

def test_change_text_of_a_card():
    assert change_text(1100, 1000, "employed_count") == "+100 人（+10.0%）"
    assert change_text(5, 0, "member_count") == "+5 人"  # no percentage on a base of 0
    assert change_text(5, None, "employed_count") is None and change_text(float("nan"), 3, "employed_count") is None

"""The gate's surface: code outside `queries/engine` uses only what the package exports for pages and documents
(`queries.engine.SURFACE`), never a module inside it; every question is narrowed to the asker's scope (it declares
`$districts`, or is listed as city-wide on purpose); an answer that was not narrowed is refused to a scoped person."""

import ast
from pathlib import Path

import pandas as pd
import pytest

from queries import engine
from queries.engine import gate
from queries.engine.scope import OutOfScope, Scope
from tests.test_layers import PROJECT, _modules

OUTSIDE = [p for p in _modules() if p.relative_to(PROJECT).parts[:2] != ("queries", "engine")]


def _engine_uses(path: Path) -> list[str]:
    """What `path` takes from the engine package: submodules it imports, names it imports from the package, and
    attributes it reads from the package imported as a name (`from queries import engine` → `engine.run`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    used, aliases = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("queries.engine."):
                used.append(node.module)
            elif node.module == "queries.engine":
                used += [a.name for a in node.names]
            elif node.module == "queries":
                aliases |= {a.asname or a.name for a in node.names if a.name == "engine"}
        elif isinstance(node, ast.Import):
            used += [a.name for a in node.names if a.name.startswith("queries.engine.")]
    used += [n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
             and n.value.id in aliases]
    return used


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_code_outside_the_engine_uses_only_its_surface(path):
    stray = [u for u in _engine_uses(path) if u not in engine.SURFACE]
    assert not stray, f"{path.relative_to(PROJECT)} reaches past queries.engine's SURFACE: {stray}"


def test_the_surface_check_sees_a_stray_use(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from queries import engine\nfrom queries.engine import run, prepare\n"
                   "from queries.engine.serving import connection\nengine.runtime().execute('select 1')\n")
    assert [u for u in _engine_uses(bad) if u not in engine.SURFACE] == [
        "prepare", "queries.engine.serving", "runtime"]


def test_the_surface_is_exported():
    assert set(engine.SURFACE) | set(engine.OPERATIONS) == set(engine.__all__)
    assert not hasattr(engine, "connection") and not hasattr(engine, "runtime")


def test_every_question_is_narrowed_to_the_scope_or_city_wide_on_purpose():
    unscoped = sorted(name for name, q in engine.catalog().items()
                      if "districts" not in q.params and name not in gate.CITY_WIDE)
    assert not unscoped, f"questions without $districts (declare it, or list them in gate.CITY_WIDE): {unscoped}"
    assert gate.CITY_WIDE <= set(engine.catalog()), "gate.CITY_WIDE names a question that does not exist"


HUANGPI = Scope(("420116",))


def test_an_answer_without_a_district_column_is_refused_unless_it_was_narrowed():
    city = pd.DataFrame({"laborer_count": [30000]})
    with pytest.raises(OutOfScope):
        HUANGPI.rows(city, within=False)
    assert HUANGPI.rows(city, within=True)["laborer_count"].tolist() == [30000]
    assert Scope().rows(city, within=False)["laborer_count"].tolist() == [30000]  # the city sees everything


def test_a_total_row_stays_only_when_the_answer_was_narrowed():
    answer = pd.DataFrame({"district_code": ["420116", "420117", None], "laborer_count": [10, 20, 30]})
    assert HUANGPI.rows(answer, within=True)["laborer_count"].tolist() == [10, 30]
    assert HUANGPI.rows(answer, within=False)["laborer_count"].tolist() == [10]

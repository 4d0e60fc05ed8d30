"""The layers import one way (docs/architecture.md): pages → ui → assess, queries, store → lake; the bundled
sign-in service (provider) uses store. Only the engine talks to DuckDB (and Spark), the domain layer has no
Streamlit, and no production module reaches into Streamlit's private modules."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = ["dashboard.py", "serve.py", "pages", "ui", "assess", "queries", "store", "provider", "lake"]
# What each layer may not import (by top-level package, or dotted prefix).
FORBIDDEN = {
    "pages": ["duckdb", "pages", "provider"],
    "ui": ["duckdb", "pages", "provider"],
    "assess": ["duckdb", "streamlit", "pages", "ui", "queries", "store", "provider"],
    "queries": ["pages", "ui", "assess", "store", "provider"],
    # the store persists the 推选's state model and checks its rules inside the transaction that writes a move
    # (assess.selection: pure data and functions, no Streamlit, no database), so it may read the domain layer
    "store": ["duckdb", "streamlit", "pages", "ui", "queries", "provider"],
    "provider": ["duckdb", "streamlit", "pages", "ui", "assess", "queries"],
    "lake": ["duckdb", "streamlit", "pages", "ui", "assess", "queries", "store", "provider"],
}
PRIVATE_STREAMLIT = ("streamlit.runtime", "streamlit.components", "streamlit.web", "streamlit.elements",
                     "streamlit.testing")


def _modules() -> list[Path]:
    out = []
    for entry in PRODUCTION:
        path = PROJECT / entry
        out += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return out


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _hits(imports: set[str], forbidden) -> list[str]:
    return sorted(i for i in imports for f in forbidden if i == f or i.startswith(f + "."))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_imports_follow_the_layers(path):
    relative = path.relative_to(PROJECT)
    layer = relative.parts[0] if len(relative.parts) > 1 else "pages"
    imports = _imports(path)
    assert not _hits(imports, FORBIDDEN.get(layer, [])), f"{relative} imports across the layers"
    assert not _hits(imports, PRIVATE_STREAMLIT), f"{relative} imports a private Streamlit module"
    if _hits(imports, ("duckdb", "pyspark", "sqlglot")):
        assert relative.parts[:2] == ("queries", "engine"), f"{relative}: only queries/engine talks to an engine"


def test_the_layer_check_sees_a_crossing(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import duckdb\nfrom streamlit.runtime.pages_manager import PagesManager\nfrom ui import cards\n")
    assert _hits(_imports(bad), FORBIDDEN["assess"]) == [
        "duckdb", "streamlit.runtime.pages_manager", "streamlit.runtime.pages_manager.PagesManager", "ui", "ui.cards"]
    assert _hits(_imports(bad), PRIVATE_STREAMLIT) == ["streamlit.runtime.pages_manager",
                                                        "streamlit.runtime.pages_manager.PagesManager"]

"""Every distribution the code imports is a direct dependency in pyproject.toml (the product's in [project]
dependencies, the tests' and tools' in the `dev` extra), and the lock (requirements.txt) pins each of them with hashes:
nothing works only because another package happened to bring it along."""

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import PROJECT

# Folders whose code only the tests and tools run: they may import the `dev` extra too.
DEV_ONLY = {"tests", "benchmarks", "testkit"}


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): "psycopg[binary]>=3" -> "psycopg"."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}, {_name(r) for r in project["optional-dependencies"]["dev"]}


def _imports() -> dict[str, set[str]]:
    """Top-level modules imported by the project's own Python files (not the standard library's, not its own):
    module -> the project folders importing it."""
    own = {p.name for p in PROJECT.iterdir() if (p / "__init__.py").exists()} | {p.stem for p in PROJECT.glob("*.py")}
    found: dict[str, set[str]] = {}
    for path in PROJECT.rglob("*.py"):
        relative = path.relative_to(PROJECT)
        if relative.parts[0].startswith("."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for top in {n.split(".")[0] for n in names} - own - set(sys.stdlib_module_names):
                found.setdefault(top, set()).add(relative.parts[0])
    return found


def test_every_imported_distribution_is_a_direct_dependency():
    runtime, dev = _declared()
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, folders in _imports().items():
        names = {_name(d) for d in distributions.get(module, [module])}
        allowed = runtime | (dev if folders <= DEV_ONLY else set())
        if not names & allowed:
            undeclared[module] = sorted(folders)
    assert not undeclared, f"imported but not a direct dependency in pyproject.toml: {undeclared}"


def test_the_lock_pins_every_direct_dependency_with_hashes():
    lock = (PROJECT / "requirements.txt").read_text(encoding="utf-8")
    pinned = {_name(m) for m in re.findall(r"^([A-Za-z0-9._-]+)==\S+ \\\n\s+--hash=sha256:", lock, re.MULTILINE)}
    runtime, dev = _declared()
    missing = (runtime | dev) - pinned
    assert not missing, f"not pinned with hashes in requirements.txt (run make lock): {missing}"
    unhashed = re.findall(r"^([A-Za-z0-9._-]+==\S+)\s*$", lock, re.MULTILINE)
    assert not unhashed, f"pinned without hashes: {unhashed}"

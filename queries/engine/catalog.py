"""The named questions and models: one `.sql` file each, with a header that declares the question, its grain and
its typed parameters (`-- @param month varchar`)."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lake.schema import TABLES

QUERY_DIR = Path(__file__).resolve().parent.parent
MODEL_DIR = QUERY_DIR / "models"
PARAM_TYPES = {"varchar": str, "varchar[]": list, "integer": int, "double": float, "boolean": bool}
# The reference views every question may join (queries.engine.serving makes them on each connection).
REFERENCE_VIEWS = ("months", "districts", "towns", "labor_brands", "reported_district_months")


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


def query(name: str) -> Query:
    if name not in catalog():
        raise KeyError(f"no query named {name!r} in {QUERY_DIR}")
    return catalog()[name]

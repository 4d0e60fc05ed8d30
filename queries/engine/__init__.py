"""The only package that talks to DuckDB (and, with `ENGINE=spark`, to Spark), split by job:

- `catalog`: the named questions and models, one `.sql` file each, headers parsed;
- `state`: the current lake (data version, demo or not, months) and the errors a question can end in;
- `lake_views`: what both engines read the lake with (calendar and reference views, model order and version);
- `base`: what both engines do — load the tables, views and models, build a data version's models, keep one served
  connection per version — each engine giving only its dialect and session (`Views`);
- `serving`: DuckDB's views and connections over the lake;
- `gate`: `run` and `run_together`, the one door every question passes with its parameters, and the choice of
  runtime (`ENGINE`: `serving` for DuckDB, `spark` for Spark SQL, which runs the same files transpiled by sqlglot);
- `scope`: who is asking (the districts and town a signed-in person may see), read by the gate.

Everything above this package imports from here, never from a module inside it, DuckDB or pyspark, and only the
names below (tests/test_layers.py fails otherwise). `SURFACE` is what pages, ui (the 通报 among it) and the
question modules of `queries/` use; `OPERATIONS` is for the tools that run the engine itself (`make run`'s build,
tests, `make bench`). No raw connection or runtime leaves the package: a question goes through the gate.
"""

from queries.engine.catalog import PARAM_TYPES, Query, catalog, models, questions_in
from queries.engine.gate import (
    derive,
    forget,
    forget_answers,
    prefetch,
    prepare,
    remember,
    remember_for_own_town,
    run,
    run_ranked,
    run_together,
    side_by_side,
)
from queries.engine.scope import EVERYTHING, OutOfScope, Scope, acting_for, current
from queries.engine.state import (
    LakeMissing,
    LakeState,
    QueryError,
    data_version,
    engine,
    forget_state,
    lake_state,
    storage,
)

SURFACE = ("EVERYTHING", "LakeMissing", "LakeState", "QueryError", "Scope", "acting_for", "catalog", "current",
           "derive", "lake_state", "prefetch", "questions_in", "remember", "remember_for_own_town", "run", "run_ranked",
           "run_together", "side_by_side")
OPERATIONS = ("OutOfScope", "PARAM_TYPES", "Query", "data_version", "engine", "forget", "forget_answers",
              "forget_state", "models", "prepare", "storage")
# SURFACE + OPERATIONS (ruff reads a literal)
__all__ = ["EVERYTHING", "PARAM_TYPES", "LakeMissing", "LakeState", "OutOfScope", "Query", "QueryError", "Scope",
           "acting_for", "catalog", "current", "data_version", "derive", "engine", "forget", "forget_answers",
           "forget_state", "lake_state", "models", "prefetch", "prepare", "questions_in", "remember",
           "remember_for_own_town", "run", "run_ranked", "run_together", "side_by_side", "storage"]

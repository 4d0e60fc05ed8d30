"""The only package that talks to DuckDB (and, with `ENGINE=spark`, to Spark), split by job:

- `catalog`: the named questions and models, one `.sql` file each, headers parsed;
- `state`: the current lake (data version, demo or not, months) and the errors a question can end in;
- `serving`: connections over the lake, the reference views and the models built once per data version;
- `gate`: `run` and `run_together`, the one door every question passes with its parameters, and the choice of
  runtime (`ENGINE`: `serving` for DuckDB, `spark` for Spark SQL, which runs the same files transpiled by sqlglot);
- `scope`: who is asking (the districts and town a signed-in person may see), read by the gate.

Everything above this package imports from here, never from DuckDB or pyspark.
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
    runtime,
    side_by_side,
    unreadable_tables,
)
from queries.engine.scope import EVERYTHING, OutOfScope, Scope, acting_for, current
from queries.engine.serving import connection
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

__all__ = ["EVERYTHING", "PARAM_TYPES", "LakeMissing", "LakeState", "OutOfScope", "Query", "QueryError", "Scope",
           "acting_for", "catalog", "connection", "current", "data_version", "derive", "engine", "forget",
           "forget_answers", "forget_state", "lake_state", "models", "prefetch", "prepare", "questions_in",
           "remember", "remember_for_own_town", "run", "run_ranked", "run_together", "runtime", "side_by_side",
           "storage", "unreadable_tables"]

"""The one gate every question passes: `run` for a named question, `run_together` for a family answered in one
statement. Both check the parameters against the file's header and their values (months, years, district codes)
before anything reaches the engine (DuckDB, or Spark with `ENGINE=spark`), and intersect them with the signed-in
person's scope (`queries.engine.scope`, DESIGN §9): the districts asked for are narrowed to those the person may see
(none left: `OutOfScope`), and only rows inside the scope are returned. Answers are kept in this process per
(question, parameters, scope, data version, storage, engine) (`Remembered`); a failure raises and is never kept.
"""

import contextvars
import copy
import enum
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pandas as pd

from lake import policy, reference
from queries.engine import scope as scopes
from queries.engine import serving
from queries.engine.catalog import PARAM_TYPES, Query, query
from queries.engine.state import QueryError, data_version, engine, storage

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def runtime():
    """The module that executes SQL on the chosen engine: `serving` (DuckDB) or `spark` (imported only when chosen,
    so the DuckDB path never starts a JVM). Both offer `execute(sql, params)`, `unreadable_tables()`, `prepare()`
    and `forget()`."""
    if engine() == "spark":
        from queries.engine import spark
        return spark
    return serving


def prepare():
    """Build the current data version's models on the chosen engine (`python -m queries.engine`); return their
    folder and the tables that could not be read."""
    return runtime().prepare()


def forget() -> None:
    """Drop what this process knows of the lake on every engine it has used (and the answers it kept), so the next
    question reads it anew."""
    forget_answers()
    serving.forget()
    if engine() == "spark":
        runtime().forget()


def unreadable_tables() -> dict:
    """Tables (and models) the chosen engine could not read: name -> a message naming the file."""
    return runtime().unreadable_tables()


def check_params(q: Query, params: dict) -> None:
    """Every declared parameter is given, nothing else, each of its declared type."""
    missing = set(q.params) - set(params)
    extra = set(params) - set(q.params)
    if missing or extra:
        raise ValueError(f"{q.name}: parameters missing {sorted(missing)}, unexpected {sorted(extra)}")
    for name, value in params.items():
        expected = PARAM_TYPES[q.params[name]]
        if value is not None and not isinstance(value, expected):
            raise TypeError(f"{q.name}: ${name} should be {q.params[name]}, got {type(value).__name__}")


def check_values(params: dict) -> None:
    """The shared filters hold real values: months 'YYYY-MM', a four-digit year, known district codes."""
    months = [params["month"]] if params.get("month") is not None else []
    months += params.get("months") or []
    bad = [m for m in months if not (isinstance(m, str) and MONTH.fullmatch(m))]
    if bad:
        raise ValueError(f"months must be 'YYYY-MM': {bad}")
    if params.get("year") is not None and not 1900 <= params["year"] <= 2999:
        raise ValueError(f"year out of range: {params['year']}")
    known = {d["district_code"] for d in reference.districts()}
    unknown = [d for d in (params.get("districts") or []) if d not in known]
    if unknown:
        raise ValueError(f"unknown district codes: {unknown}")


def _admit(queries: list[Query], params: dict) -> None:
    check_values(params)
    unreadable = unreadable_tables()
    broken = sorted(set().union(*(q.tables for q in queries)) & unreadable.keys())
    if broken:
        raise QueryError(f"{unreadable[broken[0]]}。请重新导入这个文件；不依赖它的指标不受影响。")


def _freeze(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def _thaw(frozen: tuple) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in frozen}


def _scope_of(key: tuple) -> scopes.Scope:
    if key == ("*",):
        return scopes.EVERYTHING
    *districts, town = key
    return scopes.Scope(tuple(districts), town or None)


def _fresh(value):
    """`value` as a caller may change it without changing what is kept: a DataFrame or Series as a shallow copy
    (pandas copies on write, so the kept data never changes), containers rebuilt around fresh items, immutable
    values as they are, anything else deep-copied."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, tuple | list):
        return type(value)(_fresh(v) for v in value)
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool | enum.Enum):
        return value
    return copy.deepcopy(value)


class Remembered:
    """What the gate has answered (and derived), kept in this process by cache key, the `size` most recently used.

    Kept as Python objects and handed out as `_fresh` copies: a warm page pays neither pickling nor Streamlit's
    hashing of arguments (st.cache_data did both on every call, ≈ 15 % of a warm page; docs/benchmarks.md).
    Two sessions asking the same key at once compute it once. Streamlit's "Clear cache" does not empty it; the data
    version in every key retires old answers, and `forget_answers` empties it.
    """

    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict = {}

    def get(self, key: tuple, compute: Callable):
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return _fresh(self._kept[key])
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # a second asker of the same key waits for the first instead of asking again
            with self._lock:
                if key in self._kept:
                    return _fresh(self._kept[key])
            try:
                value = compute()
            except BaseException:  # a failure is never kept
                with self._lock:
                    self._computing.pop(key, None)
                raise
            with self._lock:
                self._kept[key] = value
                self._computing.pop(key, None)
                while len(self._kept) > self.size:
                    self._kept.popitem(last=False)
        return _fresh(value)

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, key: tuple) -> bool:
        with self._lock:
            return key in self._kept

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_answers = Remembered(512)
_together = Remembered(64)
_derived = Remembered(256)


def forget_answers() -> None:
    """Empty the kept answers and derivations (the next question is asked of the engine again): a cold start for
    measurements and tests."""
    for kept in (_answers, _together, _derived):
        kept.clear()


def _cached(key: tuple) -> pd.DataFrame:
    """The answer of a key made by `_key` (question, parameters, scope, data version, storage, engine)."""
    name, frozen, scope_key = key[:3]
    params = _thaw(frozen)
    return _answers.get(key, lambda: _scope_of(scope_key).rows(runtime().execute(query(name).sql, params),
                                                               _within(name, params)))


def _cached_together(names: tuple, columns: tuple, frozen: tuple, scope_key: tuple, version: str, mode: str,
                     engine_name: str) -> pd.DataFrame:
    def answer() -> pd.DataFrame:
        listed = ", ".join(columns)
        sql = "\nunion all\n".join(f"select $question_{i} as question, {listed} from (\n{query(name).sql}\n)"
                                    for i, name in enumerate(names))
        rows = runtime().execute(sql, _thaw(frozen) | {f"question_{i}": name for i, name in enumerate(names)})
        return _scope_of(scope_key).rows(rows, all(_within(n, _thaw(frozen)) for n in names))

    return _together.get((names, columns, frozen, scope_key, version, mode, engine_name), answer)


def _function_key(function: Callable) -> str:
    """A function by qualified name and first line (two lambdas of one module apart)."""
    return f"{function.__module__}.{function.__qualname__}:{function.__code__.co_firstlineno}"


def _derivation_key(function: Callable, *parts) -> tuple:
    """The key of a derivation in the current scope: the function, its arguments, the scope, the data version, the
    policy settings, storage and engine."""
    return (_function_key(function), *parts, scopes.current().key(), data_version(), policy.fingerprint(), storage(),
            engine())


def derive(function: Callable, asked: list[tuple[str, dict]], *extra):
    """`function(*answers, *extra)`, where the answers are `run(name, params)` for each (name, params) of `asked`:
    a judgement of the domain layer (a pure function of its answers and the policy file, drawing nothing) cached
    like the answers it derives from — per arguments, scope, data version, policy settings, storage and engine — so
    a page drawn again does not redo its pandas work. `extra` must be hashable (a month, a year), never a
    DataFrame."""
    asked = tuple((name, _freeze(dict(params))) for name, params in asked)

    def derived():
        answers = _answer_all([_key(name, _thaw(frozen)) for name, frozen in asked])
        for answer in answers:
            if isinstance(answer, Exception):
                raise answer
        return function(*answers, *extra)

    return _derived.get(_derivation_key(function, asked, extra), derived)


def remember_for_own_town(function: Callable, *args) -> pd.DataFrame:
    """For a town clerk: `function(*args)` — a town-grain answer that must read its whole district to be judged
    (indicator 6's rule audit follows a person's claims across the district) — computed in the scope of the town's
    district and reduced to the town's own rows (`Scope.rows`), so the clerk gets the same figures the city and the
    district get for that town, and nothing of another town. Anyone else: `remember` in their own scope. The second
    allowance the gate makes beyond a scope (DESIGN §9, docs/security.md), and like the first it returns only rows
    inside the scope."""
    scope = scopes.current()
    if scope.town is None:
        return remember(function, *args)
    with scopes.acting_for(scopes.Scope(scope.districts, None)):
        whole = remember(function, *args)
    return scope.rows(whole, within=True)  # the town clerk keeps only rows of their town (town_code)


def remember(function: Callable, *args):
    """`function(*args)` kept like a derivation (per arguments, scope, data version, policy settings, storage and
    engine), for a judgement that asks its questions through the gate itself (`run`, `run_together`), in the
    caller's scope; e.g. the rule audit of a town's claims (queries.town_audit). `args` must be hashable."""
    return _derived.get(_derivation_key(function, args), lambda: function(*args))


def _key(name: str, params: dict | None) -> tuple:
    """The cache key of a question asked in the current scope (its parameters checked and narrowed to the scope)."""
    params = dict(params or {})
    q = query(name)
    check_params(q, params)
    _admit([q], params)
    scope = scopes.current()
    return name, _freeze(scope.narrow(params)), scope.key(), data_version(), storage(), engine()


# Questions answered side by side: a cold page's questions are small and spend most of their time in DuckDB's planner
# and operators, which release the GIL, so two overlap on two cores (docs/benchmarks.md).
PARALLEL_QUESTIONS = 2


def side_by_side(*calls: Callable) -> list:
    """Each call's result (or the exception it raised, handed back for the caller to raise where it is shown), in
    order, PARALLEL_QUESTIONS at a time; each call runs in a copy of the caller's context, so in the caller's scope."""
    def attempt(call: Callable):
        try:
            return call()
        except Exception as exc:
            return exc

    if len(calls) < 2:
        return [attempt(call) for call in calls]
    with ThreadPoolExecutor(min(PARALLEL_QUESTIONS, len(calls))) as pool:
        futures = [pool.submit(contextvars.copy_context().run, attempt, call) for call in calls]
        return [future.result() for future in futures]


def _answer_all(keys: list[tuple]) -> list:
    """Each key's answer (or the exception it raised), in order: the kept ones at once, the others side by side."""
    missing = [key for key in keys if key not in _answers]
    asked = dict(zip(missing, side_by_side(*(partial(_cached, key) for key in missing)), strict=True))
    return [asked[key] if key in asked else _cached(key) for key in keys]


def prefetch(asked: list[tuple[str, dict]]) -> None:
    """Answer a page's questions side by side before it draws, so that its `run`s (and `derive`s) find them kept: a
    cold page waits for them about half as long. Questions already kept are skipped (a warm page starts no thread);
    one that cannot be asked or fails is left for the page's own `run` to raise where its figure is shown."""
    keys = []
    for name, params in asked:
        try:
            keys.append(_key(name, params))
        except Exception:  # the page's own `run` raises it where its figure is shown
            continue
    _answer_all(keys)


def run(name: str, params: dict | None = None) -> pd.DataFrame:
    """Answer the named question with bound parameters, within the current scope; kept per data version."""
    return _cached(_key(name, params))


# The questions a signed-in person may have answered over every district for what is derived from all of them (a
# district's rank among all districts, the city's totals), of which they get back only their own rows and the totals
# (`run_ranked`). The one allowance the gate makes beyond the scope; DESIGN §9, docs/security.md.
RANKED_OVER_EVERY_DISTRICT = frozenset({"district_comparison"})
# The questions answered for the whole city on purpose, without `$districts` (none today): their answers reach every
# scope as they are. Every other question declares `$districts`, which the gate narrows to the scope
# (tests/test_layers.py fails on a question that does neither), and an answer of one without a `district_code`
# column is refused to a scoped person (`Scope.rows`).
CITY_WIDE: frozenset = frozenset()


def _within(name: str, params: dict) -> bool:
    return "districts" in params or name in CITY_WIDE


def run_ranked(name: str, params: dict, derive) -> pd.DataFrame:
    """Answer `name` over every district whatever the scope, hand the whole answer to `derive` (a pure function of
    it: ranks among all districts, the city's totals), and return only the rows of what `derive` returns that lie
    inside the scope, plus rows without a district code (totals over every district, i.e. the city).

    This is how a district officer sees their rank among all districts and the city beside their district (the 通报,
    issue 17) without any other district's row reaching them: who may see what stays decided here. Only the
    questions of RANKED_OVER_EVERY_DISTRICT are answered this way, each with `districts` = every district."""
    if name not in RANKED_OVER_EVERY_DISTRICT:
        raise ValueError(f"{name} is not answered over every district for ranks (RANKED_OVER_EVERY_DISTRICT)")
    every = [d["district_code"] for d in reference.districts()]
    params = dict(params) | {"districts": every}
    q = query(name)
    check_params(q, params)
    _admit([q], params)
    whole = _cached((name, _freeze(params), scopes.EVERYTHING.key(), data_version(), storage(), engine()))
    return scopes.current().rows(derive(whole), within=True)  # rows without a district: the city, the allowance


def run_together(names: list[str], params: dict, columns: tuple) -> pd.DataFrame:
    """Answer several questions that each return `columns` in one statement (one plan and one round trip instead
    of one per question: the 17 subsidy rules take half the time this way, docs/benchmarks.md). The rows of each
    come one after another, with a `question` column naming its question. Each binds the parameters it declares
    from `params`, which must hold every one of them and nothing else (a name means one value in all of them)."""
    queries = [query(name) for name in names]
    for q in queries:
        check_params(q, {k: v for k, v in params.items() if k in q.params})
    unused = set(params) - set().union(*(q.params for q in queries))
    if unused or any(k.startswith("question_") for k in params):
        raise ValueError(f"parameters no question declares (or named question_*): {sorted(unused)}")
    _admit(queries, params)
    scope = scopes.current()
    return _cached_together(tuple(names), tuple(columns), _freeze(scope.narrow(params)), scope.key(), data_version(),
                            storage(), engine())

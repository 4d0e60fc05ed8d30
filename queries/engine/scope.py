"""Who is asking: the districts (and town) a signed-in person may see, held for the duration of a page run.

The router sets it (`acting_for`) around every page it serves; the gate reads it (`current`) on every question.
Outside a served page (the command line, `make bench`, the golden tests) nobody is signed in and the process itself
is asking: the scope is every district.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pandas as pd

from queries.engine.state import QueryError


class OutOfScope(QueryError):
    """A question asked for districts or towns outside the person's scope; the message is Chinese."""


@dataclass(frozen=True)
class Scope:
    districts: tuple | None = None  # district codes the person may see; None: every district
    town: str | None = None  # a town clerk's town code: only town-grain answers, only this town's rows

    @property
    def is_everything(self) -> bool:
        return self.districts is None

    def key(self) -> tuple:
        """What the gate's cache is keyed by (with the question and its parameters)."""
        return ("*",) if self.districts is None else (*self.districts, self.town or "")

    def narrow(self, params: dict) -> dict:
        """`params` with its `districts` list intersected with the scope (no list: the scope's districts); refused
        when nothing of it is left."""
        if self.districts is None or "districts" not in params:
            return params
        asked = params["districts"]
        allowed = list(self.districts) if asked is None else [d for d in asked if d in self.districts]
        if not allowed:
            raise OutOfScope("所请求的区不在您的权限范围内，未予查询。")
        return params | {"districts": allowed}

    def rows(self, answer: pd.DataFrame, within: bool) -> pd.DataFrame:
        """Only the rows of `answer` inside the scope: by `district_code`, and for a town clerk by `town_code`
        (a town clerk gets no answer that is not at town grain). `within` says the answer was asked within the
        scope (its `districts` narrowed by `narrow`, or declared city-wide on purpose): then a row without a district
        code is a total over what the person may see, and stays. Otherwise such a row or answer is refused, so a
        question that forgot `$districts` cannot hand a district officer the city's figures."""
        if self.districts is None:
            return answer
        if self.town is not None:
            if "town_code" not in answer.columns:
                raise OutOfScope("乡镇（街道）账号只能查看本乡镇（街道）的数据。")
            answer = answer[answer["town_code"] == self.town]
        if "district_code" not in answer.columns:
            if not within:
                raise OutOfScope("该数据未按区划分，不在您的权限范围内，未予查询。")
            return answer.reset_index(drop=True)
        kept = answer["district_code"].isin(self.districts) | (answer["district_code"].isna() & within)
        return answer[kept].reset_index(drop=True)


EVERYTHING = Scope()
_current: ContextVar[Scope] = ContextVar("scope", default=EVERYTHING)


def current() -> Scope:
    return _current.get()


@contextmanager
def acting_for(scope: Scope) -> Iterator[None]:
    """Answer every question inside the block for `scope`."""
    token = _current.set(scope)
    try:
        yield
    finally:
        _current.reset(token)

"""The policy file data/reference/policy.toml: each setting with the year it takes effect."""

import tomllib
from functools import cache

from lake.reference import REFERENCE_DIR

POLICY_PATH = REFERENCE_DIR / "policy.toml"


@cache
def settings() -> tuple[dict, ...]:
    with open(POLICY_PATH, "rb") as f:
        rows = tomllib.load(f)["setting"]
    return tuple(sorted(rows, key=lambda r: (r["key"], r["effective_year"])))


@cache
def setting(key: str, year: int) -> dict:
    """The setting in force in `year`: the latest entry for `key` whose effective_year is not after `year`."""
    matches = [s for s in settings() if s["key"] == key and s["effective_year"] <= year]
    if not matches:
        raise KeyError(f"policy.toml has no setting {key!r} in force in {year}")
    return matches[-1]


def value(key: str, year: int):
    return setting(key, year)["value"]


def values(year: int) -> dict:
    """Every setting's value in force in `year`, by key."""
    return {key: value(key, year) for key in dict.fromkeys(s["key"] for s in settings())}

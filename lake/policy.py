"""The policy file data/reference/policy.toml: each setting with the year it takes effect."""

import hashlib
import tomllib
from functools import cache

from lake.reference import REFERENCE_DIR

POLICY_PATH = REFERENCE_DIR / "policy.toml"


@cache
def settings() -> tuple[dict, ...]:
    with open(POLICY_PATH, "rb") as f:
        rows = tomllib.load(f)["setting"]
    return tuple(sorted(rows, key=lambda r: (r["key"], r["effective_year"])))


def fingerprint() -> str:
    """Names the settings this process has read, so that what is cached from them is told apart after the file
    changed."""
    return hashlib.sha256(repr(settings()).encode()).hexdigest()[:16]


@cache
def setting(key: str, year: int) -> dict:
    """The setting in force in `year`: the latest entry for `key` whose effective_year is not after `year`."""
    matches = [s for s in settings() if s["key"] == key and s["effective_year"] <= year]
    if not matches:
        raise KeyError(f"policy.toml has no setting {key!r} in force in {year}")
    return matches[-1]


def value(key: str, year: int):
    return setting(key, year)["value"]


def is_local(key: str, year: int) -> bool:
    """Whether the setting in force in `year` is a local parameter (`source = "local"`): a standard the work plan
    does not set (it says only "按照有关规定"), so the screen must not present it as the plan's."""
    return setting(key, year).get("source", "plan") == "local"


def every_value_of(key: str) -> tuple:
    """The items of a list setting over all its years, in file order without repeats (e.g. every employment form
    any year's policy counts as flexible)."""
    items = [item for s in settings() if s["key"] == key for item in s["value"]]
    return tuple(dict.fromkeys(items))


def values(year: int) -> dict:
    """Every setting's value in force in `year`, by key."""
    return {key: value(key, year) for key in dict.fromkeys(s["key"] for s in settings())}

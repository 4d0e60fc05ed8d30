"""The committed reference tables in data/reference/ (districts, towns, labor brands)."""

import csv
from functools import cache
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


def _read(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _flag(value: str) -> bool:
    return value.strip().lower() == "true"


@cache
def districts() -> tuple[dict, ...]:
    """The 13 districts in statistical-code order: district_code, district_name, district_short, ..."""
    rows = _read("districts.csv")
    for r in rows:
        r["is_model_town_district"] = _flag(r["is_model_town_district"])
    return tuple(sorted(rows, key=lambda r: r["district_code"]))


@cache
def towns() -> tuple[dict, ...]:
    """Every 街道/乡镇 keyed by its 9-digit code, in code order."""
    rows = _read("towns.csv")
    for r in rows:
        r["is_rural"] = _flag(r["is_rural"])
        r["is_model_town_candidate"] = _flag(r["is_model_town_candidate"])
    return tuple(sorted(rows, key=lambda r: r["town_code"]))


@cache
def labor_brands() -> tuple[dict, ...]:
    """The labor brands (劳务品牌) with their district and trade."""
    return tuple(_read("labor_brands.csv"))


@cache
def district_names() -> dict[str, str]:
    return {d["district_code"]: d["district_name"] for d in districts()}


@cache
def town_names() -> dict[str, str]:
    return {t["town_code"]: t["town_name"] for t in towns()}

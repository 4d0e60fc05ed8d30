"""What both engines read the lake with, whatever the dialect: the reference views (a calendar, the committed
reference tables, the district-months each partition records as reported), the models' build order and version,
and the check that names a lake file whose Parquet footer cannot be read."""

import hashlib
import logging
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lake import manifest as mf
from lake import reference
from queries.engine.catalog import models

log = logging.getLogger(__name__)
# A lake file named in a library's message, e.g. '.../laborers/month=2026-09/part-0a1b.parquet'
_PARTITION_IN_MESSAGE = re.compile(r"([a-z_]+)/(?:month|year)=(\d{4}(?:-\d{2})?)/")


def partition_name(text: str) -> str | None:
    """'laborers 2026-09' for the first lake file named in `text`, None when it names none."""
    found = _PARTITION_IN_MESSAGE.search(text.replace("\\", "/"))
    return f"{found[1]} {found[2]}" if found else None


def unreadable_file(lake: Path, files: list[str]) -> str | None:
    """The first of `files` whose Parquet footer cannot be read, as a message naming its table and month (or
    year); the file and the library's words go to the server log, never to a visitor. None when every file opens."""
    for file in files:
        try:
            pq.read_metadata(file)
        except (OSError, pa.ArrowException) as exc:
            log.warning("unreadable lake file %s: %s", file, exc)
            relative = Path(file).resolve().relative_to(lake.resolve()).as_posix()
            return f"数据文件 {partition_name(relative) or relative.split('/')[0]} 不是完整的 Parquet 文件"
    return None


def calendar(years: range) -> pa.Table:
    """One row per month of `years`: the month ('YYYY-MM'), its year and month of year, and the months the
    definitions compare it with (the same month last year, last December, the month before, this year's and last
    year's January)."""
    rows = []
    for year in years:
        for moy in range(1, 13):
            rows.append({
                "month": f"{year:04d}-{moy:02d}", "year": year, "month_of_year": moy,
                "same_month_last_year": f"{year - 1:04d}-{moy:02d}", "last_december": f"{year - 1:04d}-12",
                "previous_month": f"{year - 1:04d}-12" if moy == 1 else f"{year:04d}-{moy - 1:02d}",
                "year_start": f"{year:04d}-01", "last_year_start": f"{year - 1:04d}-01", "is_december": moy == 12,
            })
    return pa.Table.from_pylist(rows)


def reference_tables(manifest: dict) -> dict[str, pa.Table]:
    """The views every question may join, by name: the calendar over every year in the lake (and the year before
    the first, for baselines, and the one after the last), the committed reference tables, and the district-months
    each monthly table's partitions record as reported."""
    years = {int(p["partition"][:4]) for p in manifest["partitions"].values()} or {0}
    return {
        "months": calendar(range(min(years) - 1, max(years) + 2)),
        "districts": pa.Table.from_pylist([{
            "district_code": d["district_code"], "district_name": d["district_name"],
            "is_model_town_district": d["is_model_town_district"]} for d in reference.districts()]),
        "towns": pa.Table.from_pylist([{
            "town_code": t["town_code"], "town_name": t["town_name"], "district_code": t["district_code"],
            "is_rural": t["is_rural"], "is_model_town_candidate": t["is_model_town_candidate"]}
            for t in reference.towns()]),
        "labor_brands": pa.Table.from_pylist([{"brand_name": b["brand_name"], "district_code": b["district_code"],
                                               "trade": b["trade"]} for b in reference.labor_brands()]),
        # which districts reported each month of each monthly table (lake.manifest.set_reported_districts): a
        # district that reported an empty roster has a true 0; one that did not report has no figure (无基期)
        "reported_district_months": pa.Table.from_pylist(mf.reported_district_months(manifest), schema=pa.schema(
            [("table_name", pa.string()), ("month", pa.string()), ("district_code", pa.string())])),
    }


def model_order() -> list[str]:
    """Every model's name, each after the models it reads (a model may read another, e.g. town_month_summary)."""
    every = models()
    ordered: list[str] = []

    def visit(name: str) -> None:
        if name not in ordered:
            for read in sorted(every[name].tables & every.keys() - {name}):
                visit(read)
            ordered.append(name)

    for name in sorted(every):
        visit(name)
    return ordered


def models_version() -> str:
    """A hash of every model's SQL: a changed or added model is built anew, never served stale."""
    digest = hashlib.sha256()
    for name, model in sorted(models().items()):
        digest.update(name.encode() + model.sql.encode())
    return digest.hexdigest()[:8]

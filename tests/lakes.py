"""Tiny lakes from literal rows, written through the same code path as real imports."""

from pathlib import Path

import pandas as pd
import pyarrow as pa

from lake import manifest as mf
from lake.schema import TABLES
from queries import engine
from queries.engine import serving


def person(month: str, person_id: str, district_code: str = "420114", town_code: str = "420114001", **overrides):
    """One literal laborers row with plain defaults: an able, willing, employed 脱贫户 working 乡镇内."""
    row = {
        "month": month, "person_id": person_id, "district_code": district_code, "town_code": town_code,
        "village": "王家湾村", "gender": "男", "birth_year": 1980, "household_type": "脱贫户",
        "labor_skill": "普通劳动力", "able_to_work": True, "willing_to_work": True, "employed": True,
        "work_location": "乡镇内", "channel": "自主就业", "employment_form": "全日制", "industry": "制造业",
        "monthly_income_yuan": 4000, "months_worked_ytd": int(month[5:]), "labor_brand": None, "carrier_id": None,
        "has_contract": True, "has_social_insurance": True, "trained_skill": False, "trained_startup": False,
    }
    if not overrides.get("employed", True):
        row |= {"work_location": None, "channel": None, "employment_form": None, "industry": None,
                "monthly_income_yuan": None, "has_contract": False, "has_social_insurance": False}
    return row | overrides


def write_lake(lake: Path, tables: dict[str, list[dict]], is_demo: bool = False,
               empty_districts: dict | None = None) -> dict:
    """Write each table's rows, partitioned by their `month` or `year`, and the manifest. A monthly partition records
    its districts with rows as reported, and those `empty_districts` names for it ({(table, month): [codes]}) as
    reported with no rows; a (table, month) named there without rows is written as an empty partition."""
    empty_districts = empty_districts or {}
    manifest = mf.new_manifest(is_demo=is_demo)
    lake.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        spec = TABLES[table]
        values = sorted({str(r[spec.partition_key]) for r in rows} | {m for t, m in empty_districts if t == table})
        for value in values:
            part = [r for r in rows if str(r[spec.partition_key]) == value]
            data = pa.Table.from_pylist(part, schema=spec.schema)
            entry = mf.write_partition(lake, manifest, table, value, data, source_file="test", imported_by="pytest")
            if spec.partition_key == "month":
                mf.set_reported_districts(entry, data, empty_districts.get((table, value), ()))
    mf.write_manifest(lake, manifest)
    return manifest


def _sorted_rows(df: pd.DataFrame) -> list[tuple]:
    return sorted((tuple(None if v is None or (not isinstance(v, list | tuple) and pd.isna(v)) else v for v in row)
                   for row in df.astype(object).itertuples(index=False)), key=repr)


def models_on_both_storages(monkeypatch) -> None:
    """On the current lake ($LAKE_DIR), every model read from its prebuilt file (STORAGE=prebuilt, built here if
    missing) equals the model computed on the fly from the Parquet (STORAGE=parquet): the same columns, column types
    and rows. Raises AssertionError naming the model otherwise."""
    seen = {}
    for mode in ("prebuilt", "parquet"):
        monkeypatch.setenv("STORAGE", mode)
        cursor = serving.connection().cursor()
        try:
            seen[mode] = {name: cursor.execute(f"select * from {name}").df() for name in engine.models()}
        finally:
            cursor.close()
    for name, computed in seen["parquet"].items():
        built = seen["prebuilt"][name]
        assert list(built.columns) == list(computed.columns), f"{name}: prebuilt columns differ"
        assert list(built.dtypes) == list(computed.dtypes), f"{name}: prebuilt column types differ"
        assert _sorted_rows(built) == _sorted_rows(computed), f"{name}: prebuilt rows differ from the computed ones"

"""劳务品牌: which brands the page lists (the reference data plus any brand found in the roster), how the brand
table is laid out on screen and in exports, and which brand the detail opens on."""

import pandas as pd

from lake import reference

# The brand table, on screen and in the export, in this order.
TABLE_COLUMNS = [
    "labor_brand", "home_district_name", "member_count", "employed_count", "employment_rate_pct", "avg_income_yuan",
    "comparable_income_yuan", "income_premium_yuan", "income_premium_pct", "income_compared_count", "trained_pct",
    "contract_pct", "in_district_pct", "in_province_pct", "out_of_province_pct", "abroad_pct",
    "member_count_last_year", "employed_count_last_year", "member_yoy_count", "employed_yoy_count",
    "employed_yoy_pct", "avg_income_last_year_yuan",
]


def reference_names() -> list[str]:
    """The brand names of data/reference/labor_brands.csv in file order: a brand added there is listed at once."""
    return [b["brand_name"] for b in reference.labor_brands()]


def home_district_names() -> dict[str, str]:
    """Brand name -> the name of the district that runs it, from the reference data."""
    names = reference.district_names()
    return {b["brand_name"]: names.get(b["district_code"], b["district_code"]) for b in reference.labor_brands()}


def split(performance: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The `brand_performance` answer as (one row per brand, the 合计 row of all brands)."""
    brands = performance[~performance["is_total"]].reset_index(drop=True)
    total = performance[performance["is_total"]].iloc[0]
    return brands, total


def table(brands: pd.DataFrame) -> pd.DataFrame:
    """The brand table's columns, with each brand's home district (None when it is not in the reference data)."""
    out = brands.assign(home_district_name=brands["labor_brand"].map(home_district_names()))
    return out[TABLE_COLUMNS]


def total_row(total: pd.Series) -> dict:
    """The 合计 row of the brand table (all brands together, as computed by the query), for exports."""
    return {c: total[c] for c in TABLE_COLUMNS if c in total.index and c != "labor_brand"}


def detail_choice(brands: pd.DataFrame) -> tuple[list[str], int]:
    """The options of the brand detail selector (every listed brand, in table order) and the one shown first: the
    brand with the most members."""
    options = list(brands["labor_brand"])
    return options, int(brands["member_count"].to_numpy().argmax()) if options else 0

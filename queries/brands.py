"""劳务品牌: which brands the page lists (the reference data plus any brand found in the roster), how the brand
table is laid out on screen and in exports, and the words that read the income premium."""

import pandas as pd

from lake import reference

NOT_IN_REFERENCE = "未登记"  # a brand found in the roster but missing from data/reference/labor_brands.csv

# The brand table, on screen and in the export, in this order.
TABLE_COLUMNS = [
    "labor_brand", "home_district_name", "member_count", "employed_count", "employment_rate_pct", "avg_income_yuan",
    "comparable_income_yuan", "income_premium_yuan", "income_premium_pct", "income_compared_count", "trained_pct",
    "contract_pct", "in_district_pct", "in_province_pct", "out_of_province_pct", "abroad_pct",
    "member_count_last_year", "employed_count_last_year", "member_yoy_count", "employed_yoy_count",
    "employed_yoy_pct", "avg_income_last_year_yuan",
]
PREMIUM_NOTE = ("收入溢价：品牌务工就业成员的平均月收入减去同区非品牌务工人员的平均月收入，"
                "先按区比较、再按品牌各区有收入的务工就业人数加权；所在区没有非品牌务工人员的成员不参与比较，全部不能比较时显示“—”。")


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
    """The brand table's columns, with each brand's home district (未登记 when it is not in the reference data)."""
    homes = home_district_names()
    out = brands.assign(home_district_name=brands["labor_brand"].map(lambda b: homes.get(b, NOT_IN_REFERENCE)))
    return out[TABLE_COLUMNS]


def total_row(total: pd.Series) -> dict:
    """The 合计 row of the brand table (all brands together, as computed by the query), for exports."""
    return {c: total[c] for c in TABLE_COLUMNS if c in total.index and c != "labor_brand"}


def premium_phrase(premium_yuan, premium_pct) -> str:
    """'平均月收入比同区非品牌务工人员高 812 元（+18.5%）', '…低…', '…持平', or why there is no comparison."""
    if pd.isna(premium_yuan):
        return "所在区没有可比的非品牌务工人员，无法计算收入溢价"
    if round(premium_yuan) == 0:
        return "平均月收入与同区非品牌务工人员持平"
    word = "高" if premium_yuan > 0 else "低"
    return f"平均月收入比同区非品牌务工人员{word} {abs(round(premium_yuan)):,} 元（{premium_pct:+.1f}%）"


def detail_choice(brands: pd.DataFrame) -> tuple[list[str], int]:
    """The options of the brand detail selector (every listed brand, in table order) and the one shown first: the
    brand with the most members."""
    options = list(brands["labor_brand"])
    return options, int(brands["member_count"].to_numpy().argmax()) if options else 0

"""Tables as every page shows them: Chinese headers with units, verdicts in words, a 合计 row where it adds up,
the first column pinned."""

import pandas as pd
import streamlit as st

from assess import brands
from ui.labels import (
    NOT_IN_REFERENCE,
    TOTAL,
    column_config,
    district_name,
    fmt,
    is_missing,
    label,
    shown_numbers,
    town_name,
    worded,
)

# The columns of each page's tables, in the order shown and exported.
_AREA_FIGURES = ["laborer_count", "employed_count", "employed_count_last_year", "employed_yoy_count",
                 "employed_yoy_pct", "able_willing_count", "able_willing_employed_count",
                 "able_willing_employment_rate_pct", "out_of_province_pct", "avg_income_yuan", "welfare_placed_count",
                 "welfare_placed_last_year_same_period_count", "welfare_placed_change_count", "welfare_verdict",
                 "subsidy_claim_count", "subsidy_amount_yuan"]
_WELFARE_AREA = ["welfare_placed_count", "welfare_placed_last_year_same_period_count", "welfare_placed_change_count",
                 "welfare_verdict"]
COLUMNS = {
    "town_figures": [c for c in _AREA_FIGURES if c != "welfare_verdict"],  # towns are not judged on it
    "employment_scale": ["district_name", "employed_count", "employed_count_baseline", "employed_change_count",
                         "employed_change_pct", "stability_verdict", "employed_count_last_year",
                         "employed_count_last_december", "able_laborer_count", "laborer_count"],
    "employment_flows": ["district_name", "employed_count_baseline", "stock_count", "gained_count", "moved_in_count",
                         "lost_count", "moved_out_count", "employed_count"],
    "welfare_priority": ["district_name", "welfare_placed_count", "welfare_priority_count", "welfare_weak_labor_count",
                         "welfare_monitored_count", "welfare_priority_pct", "welfare_not_in_roster_count"],
    "welfare_types": ["post_type", "welfare_placed_count", "welfare_placed_last_year_same_period_count",
                      "welfare_placed_last_year_count", "welfare_in_post_count", "welfare_avg_pay_yuan"],
    "employment_towns": ["district_name", "town_name", "able_willing_unemployed_count", "able_willing_count",
                         "able_willing_employed_count", "able_willing_employment_rate_pct"],
}


def district_figures(m) -> list[str]:
    """区域对比's district columns: the 公益性岗位 part is the policy's figure (`m`, assess.welfare.Measure), its same
    period, change and verdict, then the other two headcounts beside it (not judged)."""
    others = [c for c in ("welfare_placed_count", "welfare_in_post_count", "welfare_post_unit_count")
              if c != m.this_year]
    welfare = [m.this_year, m.same_period, "welfare_change_count", "welfare_verdict", *others]
    at = _AREA_FIGURES.index(_WELFARE_AREA[0])
    return [*_AREA_FIGURES[:at], *welfare, *[c for c in _AREA_FIGURES[at:] if c not in _WELFARE_AREA]]


def with_total(df: pd.DataFrame, total: dict | None, first: str = TOTAL) -> pd.DataFrame:
    """The table with its 合计 row last (`total` by column; its first column reads `first`)."""
    if total is None:
        return df
    # a text column the total has no value for is empty, never "None"; a number it lacks stays missing (blank)
    row = {c: "" if is_missing(total.get(c)) and not pd.api.types.is_numeric_dtype(df[c]) else total.get(c)
           for c in df.columns} | {df.columns[0]: first or TOTAL}
    return pd.concat([df, pd.DataFrame([row], columns=df.columns)], ignore_index=True)


def sums(df: pd.DataFrame, columns: list[str]) -> dict:
    """A 合计 row that adds up `columns`."""
    return {c: df[c].sum() for c in columns}


def show(df: pd.DataFrame, key: str, total: dict | None = None, first: str = TOTAL) -> None:
    """The table on screen: its 合计 row, verdicts in words, figures rounded once as the formatter rounds them
    (ui.labels.shown_numbers), Chinese headers with units, the first column pinned."""
    shown = shown_numbers(worded(with_total(df, total, first)))
    config = column_config(shown.columns)
    config[shown.columns[0]] = st.column_config.Column(label(shown.columns[0]), pinned=True)
    st.dataframe(drawn(shown), key=key, hide_index=True, column_config=config)


def drawn(shown: pd.DataFrame):
    """The cells as the formatter writes them (the browser's grid would draw a missing value as "None"): a figure
    with its column's format, a missing one blank; the numbers stay underneath, so sorting still sorts numbers."""
    numbers = {c: (lambda v, c=c: "" if is_missing(v) else fmt(v, c)) for c in shown.columns
               if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])}
    return shown.style.format(numbers, na_rep="")


def district_names(district_codes) -> str:
    """District names joined for a sentence ('黄陂区、新洲区'), or '无'."""
    return "、".join(district_name(c) for c in district_codes) or "无"


def brand_table(by_brand: pd.DataFrame) -> pd.DataFrame:
    """The brand table as shown and exported: a brand missing from the reference data has 未登记 as its district."""
    return brands.table(by_brand).fillna({"home_district_name": NOT_IN_REFERENCE})


def with_names(df: pd.DataFrame) -> pd.DataFrame:
    """The table with district and town names beside their codes."""
    out = df.copy()
    for code, name, name_of in (("district_code", "district_name", district_name),
                                ("town_code", "town_name", town_name)):
        if code in out and name not in out:
            out.insert(list(out.columns).index(code), name, out[code].map(name_of, na_action="ignore")
                       if code == "district_code" else out[code].map(name_of))
    return out


def named(df: pd.DataFrame) -> pd.DataFrame:
    """The table with district and town names in place of their codes."""
    return with_names(df).drop(columns=[c for c in ("district_code", "town_code") if c in df])

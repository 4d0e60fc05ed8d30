"""年末预计 as every page and the briefing word it, from assess.projection: the sentence
"按目前进度预计年末 … 人（区间 …），可能低于上年" and the districts' table."""

import pandas as pd
import streamlit as st

from assess import projection
from queries import engine
from ui import tables
from ui.labels import PROJECTION_OUTLOOK_NAMES, district_name, fmt, is_missing

METHOD = ("按今年各月与上年同月之比（今年进度）乘以上年 12 月的数字预计年末；区间为名义 90% 区间，"
          "按今年各月进度的波动和剩余月数计算；回测误差见口径说明。")


def columns(value: str) -> dict:
    """The projection's column names for a figure `value`: 岗位数 (…_unit_count) keeps its unit 个."""
    unit = value.endswith("_unit_count")
    return {c: c.replace("_count", "_unit_count") if unit and c.endswith("_count") else c for c in projection.COLUMNS}


def table(frame: pd.DataFrame, value: str, month: str) -> tuple[pd.DataFrame, dict | None]:
    """The districts' projections of `value` (rows with a projection only, named, in code order) and the
    selection's total row (None without a projection)."""
    return _worded(projection.by_key(frame, value, month), value)


def asked(question: str, params: dict, value: str, month: str) -> tuple[pd.DataFrame, dict | None]:
    """`table` of the answer to `question`, its projections derived through the gate (`engine.derive`), so a page
    drawn again does not project again."""
    return _worded(engine.derive(projection.by_key, [(question, params)], value, month), value)


def _worded(by_key: pd.DataFrame, value: str) -> tuple[pd.DataFrame, dict | None]:
    projected = by_key.rename(columns=columns(value))
    point = columns(value)["projected_year_end_count"]
    totals = projected[projected["district_code"].isna()]
    total = totals.iloc[0].to_dict() if len(totals) and not is_missing(totals.iloc[0][point]) else None
    if total is not None:
        total["projection_outlook"] = PROJECTION_OUTLOOK_NAMES[total["projection_outlook"]]
    rows = projected[projected["district_code"].notna() & projected[point].notna()].sort_values("district_code")
    rows = rows.assign(district_name=rows["district_code"].map(district_name))
    shown = ["district_name", *columns(value).values()]
    return rows[shown].assign(projection_outlook=rows["projection_outlook"].map(PROJECTION_OUTLOOK_NAMES)), total


def sentence(total: dict | None, value: str) -> str:
    """'按目前进度预计年末 1,234 人（区间 1,100—1,380 人），可能低于上年（上年 1,300 人）'; '' without a projection."""
    if total is None:
        return ""
    names = columns(value)
    point, low, high, level = (total[names[c]] for c in ("projected_year_end_count", "projected_low_count",
                                                         "projected_high_count", "last_year_end_level_count"))
    unit_column = names["projected_year_end_count"]
    return (f"按目前进度预计年末 {fmt(point, unit_column)}（区间 {fmt(low, unit_column).split(' ')[0]}—"
            f"{fmt(high, unit_column)}），{total['projection_outlook']}"
            f"（上年 {fmt(level, unit_column)}）")


def below(rows: pd.DataFrame) -> list[str]:
    """The names of the districts whose point projection falls below last year."""
    return list(rows.loc[rows["projection_outlook"] == PROJECTION_OUTLOOK_NAMES[projection.BELOW], "district_name"])


def show(projected: tuple[pd.DataFrame, dict | None], value: str, key: str, *, lead: str, note: str,
         december: str | None, no_history: str, first: str | None = None) -> None:
    """A page's 年末预计 section: `december` (the caption) when the month is December, `no_history` when last
    year has no full run of months, else the sentence after `lead`, the districts' table and `note` with the method
    and the districts that may fall below last year."""
    rows, total = projected
    if december:
        st.caption(december)
    elif total is None:
        st.info(no_history, icon=":material/info:")
    else:
        st.markdown(f"**{lead}{sentence(total, value)}。**")
        tables.show(rows, key, total=total, first=first)
        late = below(rows)
        st.caption(note + METHOD + (f"按目前进度年末可能低于上年的区：{'、'.join(late)}。" if late else ""))

"""A figure declared once: its question, how its parameters come from the filters, the columns it shows (their
labels and units come from `ui/labels.py`), its 合计 rule, what it draws above its table (cards, a chart), its export
sheet and its 口径 (the column definitions in docs/metrics.md, checked by tests/test_meta.py). A page lists its
figures; `show` prefetches their questions, draws each under its heading inside `guard.figure` (a failing question
shows its message in place and the page goes on), and offers every figure's sheet in one workbook.

Adding a figure: its `.sql` (header and columns named with their unit suffix), one `Figure(...)` in the list of the
page that shows it, and its columns' 口径 in docs/metrics.md (a new column name also needs its label in
ui/labels.LABELS).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from queries.engine import prefetch, run
from ui import charts, exports, guard, tables
from ui.filters import Filters
from ui.labels import TOTAL, period_label

ROSTER = "脱贫劳动力月度花名册（全国防返贫监测信息系统）"
SECTION_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class View:
    """What every figure of a page run is drawn for: the filters and the periods worded once."""
    f: Filters

    @property
    def as_of(self) -> str:
        return period_label(self.f.month)

    @property
    def ytd(self) -> str:
        return period_label(self.f.month, year_to_date=True)

    @property
    def year(self) -> str:
        return f"{self.f.year}年"

    @property
    def filters(self) -> str:
        return f"统计月份 {self.as_of}；范围 {self.f.scope_label}"

    def words(self) -> dict:
        """The names a figure's export title may use: {scope}, {as_of}, {ytd}, {year}."""
        return {"scope": self.f.scope_label, "as_of": self.as_of, "ytd": self.ytd, "year": self.year}


def split(answer: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The district rows (with names) and the 合计 row of an answer that ends with one (`is_total`)."""
    rows = tables.with_names(answer[~answer["is_total"]].reset_index(drop=True))
    return rows, answer[answer["is_total"]].iloc[0]


def total_of(total: pd.Series, columns: list[str] | tuple) -> dict:
    """The 合计 row as the table and the export show it (the first column reads 合计)."""
    return {c: total[c] for c in columns[1:] if c in total}


@dataclass(frozen=True)
class Figure:
    """One figure of a page. The standard figure is a by-row table with a 合计 row from the SQL (`is_total`):
    `judge` applies an `assess/` judgement to its rows and total, `above` draws what stands above the table (cards,
    a chart) from them, `chart` a chart of the rows, and the table and its sheet show `columns`. A figure that is
    not one table gives `draw` instead, which draws it and returns its sheets; the renderer still asks, guards and
    exports it."""
    name: str  # the guard's words ("…暂时无法显示") and the section's name
    questions: tuple  # the questions it asks (prefetched together with the page's others)
    heading: str | None = None  # the section heading, numbered by the renderer; None: drawn under the one above
    plan: str | None = None  # the work plan's words the section quotes
    columns: tuple = ()
    table_key: str = ""
    sheet: str = ""  # the export sheet's tab
    title: str = ""  # the export title, with {scope}, {as_of}, {ytd}, {year}
    period: str = "as_of"  # which period the sheet is as of: as_of, ytd or year
    source: str = ROSTER
    params: Callable[[Filters], dict] = Filters.params
    judge: Callable | None = None  # (rows, total) -> (rows, total)
    above: Callable | None = None  # (rows, total, view) -> None
    chart: Callable | None = None  # (rows) -> a plotly figure drawn between `above` and the table
    draw: Callable | None = None  # (view) -> list[exports.Sheet]
    first: Callable | None = None  # (rows, total) -> the 合计 row's label, e.g. '合计（不含无基期的洪山区）'

    def sheets(self, view: View) -> list[exports.Sheet]:
        """Draw the figure and return its export sheets."""
        if self.draw is not None:
            return self.draw(view)
        answer = run(self.questions[0], self.params(view.f))
        if answer.empty:
            st.info(f"{view.f.scope_label}{view.as_of}没有{self.name}的记录，本项为空。", icon=":material/info:")
            return []
        rows, total = split(answer)
        if self.judge is not None:
            rows, total = self.judge(rows, total)
        if self.above is not None:
            self.above(rows, total, view)
        period = getattr(view, self.period)
        if self.chart is not None and len(rows) > 0:
            charts.show(self.chart(rows), key=f"{self.table_key}_chart", as_of=period)
        shown, shown_total = rows[list(self.columns)], total_of(total, self.columns)
        first = TOTAL if self.first is None else self.first(rows, total)
        tables.show(shown, self.table_key, total=shown_total, first=first)
        return [exports.Sheet(self.sheet, self.title.format(**view.words()), shown, period, view.filters,
                              source=self.source, total=shown_total, first=first)]


def show(figures: list[Figure], view: View, file_stem: str, export_key: str) -> None:
    """Ask every figure's questions together, draw each under its numbered heading (guarded), then offer the
    sheets of all of them as one export."""
    prefetch([(q, figure.params(view.f)) for figure in figures for q in figure.questions])
    sheets: list[exports.Sheet] = []
    sections = 0
    for figure in figures:
        if figure.heading:
            st.header(f"{SECTION_NUMBERS[sections]}、{figure.heading}")
            sections += 1
        if figure.plan:
            st.caption(f"方案：“{figure.plan}”")
        with guard.figure(figure.name):
            sheets += figure.sheets(view)
    with guard.figure("导出"):
        exports.buttons(sheets, file_stem=file_stem, key=export_key)

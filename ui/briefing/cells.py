"""A 通报 table's cells as text, the same for Word and PDF: figures formatted by ui.labels.fmt (as on screen and in
exports), verdicts as verdict_cell ('✓ 达到'), names as they are, 名次 as a whole number."""

from assess.verdicts import is_missing
from ui.briefing.content import Table, date_text, month_text
from ui.labels import TOTAL, fmt, is_verdict_column, label, unit_of, verdict_cell

RANK = "rank"


def header(table: Table) -> list[str]:
    return [label(c) for c in table.columns]


def text(value, column: str) -> str:
    if column == RANK:
        return "—" if is_missing(value) else f"{int(value)}"
    if is_verdict_column(column):
        return verdict_cell(value)
    if is_missing(value):
        return "—"
    unit_column = _unit_column(column)
    return fmt(value, unit_column) if unit_of(unit_column) else str(value)


def _unit_column(column: str) -> str:
    """The column whose unit `column` shares: 'employed_count_last_year' is counted in persons like 'employed_count'."""
    for suffix in ("_last_year", "_last_december"):
        if column.endswith(suffix):
            return column.removesuffix(suffix)
    return column


def body(table: Table) -> list[list[str]]:
    """The district (or category) rows, then the total rows: the first column of a total row reads its label
    (合计 unless the row names another, e.g. 全市)."""
    rows = [[text(r.get(c), c) for c in table.columns] for r in table.rows]
    for total in table.totals:
        first = [total.get("_label", TOTAL)]
        rows.append(first + [("" if c == RANK else text(total.get(c), c)) for c in table.columns[1:]])
    return rows


def is_total_row(table: Table, index: int) -> bool:
    return index >= len(table.rows)


def note(table: Table) -> str:
    return f"数据截至 {table.as_of}。口径：{table.note}"



__all__ = ["body", "date_text", "header", "is_total_row", "month_text", "note", "text"]

"""A 通报 table's cells as text, and how the table is set, the same for Word and PDF: figures formatted by
ui.labels.fmt (as on screen and in exports) without their unit, which stands once in the column's header
('务工就业人数（人）'); verdicts as verdict_cell ('✓ 达到'); names as they are; 名次 as a whole number.

`layout` sizes the columns from their content and breaks long cells into lines only between words, so that neither
Word nor Chromium has to break a line: a district name, a verdict, a number or any word of up to four characters is
never split ('黄陂/区', '达/到', '28,832/人' were). Every table is set in 五号: one too wide for the text column even
with its headers broken between words is split by `parts` into tables of fewer columns, each repeating the columns
that name its rows — never set smaller.
"""

import re
from dataclasses import dataclass, replace
from functools import cache

from assess.verdicts import is_missing
from ui.briefing.content import Table, date_text, month_text
from ui.briefing.fonts import width_mm
from ui.labels import TOTAL, fmt, is_verdict_column, label, unit_of, verdict_cell

RANK = "rank"
TEXT_WIDTH_MM = 156  # GB/T 9704's text column on A4: 210 − 28 − 26 mm
PADDING_MM = 1.2  # each side of a cell, in both renderers
SIZE_PT = 10.5  # 五号, every table
SHORT_WORD = 4  # a cell of at most this many characters is never broken
# A table of up to SHORT_TABLE_ROWS rows (header included) is kept on one page with its caption and note; a longer one
# may break between rows (its header repeated), keeping KEPT_ROWS body rows under the header and above the note. A
# longer table kept whole could leave half a page empty before it.
SHORT_TABLE_ROWS = 6
KEPT_ROWS = 2


def _unit_column(column: str) -> str:
    """The column whose unit `column` shares: 'employed_count_last_year' is counted in persons like 'employed_count'."""
    for suffix in ("_last_year", "_last_december"):
        if column.endswith(suffix):
            return column.removesuffix(suffix)
    return column


def unit(column: str) -> str:
    """The one unit of a column's figures ('' for names, verdicts and 名次)."""
    return "" if column == RANK or is_verdict_column(column) else unit_of(_unit_column(column))


def is_number(column: str) -> bool:
    return column == RANK or bool(unit(column))


def header(table: Table) -> list[str]:
    return [label(c) + (f"（{unit(c)}）" if unit(c) else "") for c in table.columns]


def text(value, column: str) -> str:
    if column == RANK:
        return "—" if is_missing(value) else f"{int(value)}"
    if is_verdict_column(column):
        return verdict_cell(value)
    if is_missing(value):
        return "—"
    if not unit(column):
        return str(value)
    shown = fmt(value, _unit_column(column))
    return shown.removesuffix(unit(column)).rstrip()  # the unit stands in the header


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
    """The line under a table: its date and 口径 ('' under a part that leaves them to the last part)."""
    return f"数据截至 {table.as_of}。口径：{table.note}" if table.note else ""


def caption(table: Table, number: int, part: int = 1) -> str:
    """'表3　各区务工就业规模'; the second and later parts of a table split by columns (`parts`) '续表3　…'."""
    return f"{'续' if part > 1 else ''}表{number}　{table.title}"


@cache
def words(cell: str, header: bool = False) -> tuple[str, ...]:
    """Where a cell may break: after a separator (·、/，), else between the words rjieba finds in a phrase longer
    than eight characters (in a header, longer than four: '务工就业/人数'), a one-character word or mark kept with
    the word before it (占比, 创业园区, 意愿的); a bracketed unit or a number is kept whole, and so is a cell of up to
    four characters."""
    if len(cell) <= SHORT_WORD or not re.search(r"[\u4e00-\u9fff]", cell):
        return (cell,)
    out: list[str] = []
    for phrase in filter(None, re.split(r"(?<=[·、/，])|(?=（)", cell)):
        if len(phrase) <= (1 if header else 2) * SHORT_WORD or phrase.startswith("（"):
            out.append(phrase)
            continue
        import rjieba  # loaded when the first long phrase is laid out (its dictionary takes a moment)

        start = len(out)
        for token in rjieba.cut(phrase):
            if len(out) > start and (len(token) == 1 or len(out[-1]) == 1):
                out[-1] += token
            elif token.strip():
                out.append(token)
    return tuple(out)


def _unbroken(cell: str, column: str, is_header: bool) -> bool:
    """A body cell that names something (a district, a brand, a verdict) stays on one line up to eight
    characters; figures always do."""
    return not is_header and (is_number(column) or len(cell) <= 2 * SHORT_WORD)


@dataclass(frozen=True)
class Layout:
    """How one table is set: its font size, each column's width and whether it holds figures (right-aligned), and
    every cell as the lines it is broken into (header row first)."""
    size_pt: float
    widths_mm: list[float]
    numbers: list[bool]
    lines: list[list[list[str]]]

    @property
    def is_short(self) -> bool:
        return len(self.lines) <= SHORT_TABLE_ROWS

    def keeps_with_next(self, i: int) -> bool:
        """Whether row `i` (0: the header) stays on the page of the row after it (the last row: of the note)."""
        return self.is_short or i < KEPT_ROWS or i >= len(self.lines) - KEPT_ROWS


def _lines(cell: str, room_mm: float, family: str, size: float, bold: bool, header: bool) -> list[str]:
    """`cell` packed greedily into lines no wider than `room_mm`, breaking only between its words."""
    lines = [""]
    for word in words(cell, header):
        if lines[-1] and width_mm(lines[-1] + word, family, size, bold) > room_mm:
            lines.append(word)
        else:
            lines[-1] += word
    return lines


PAD_MM = 2 * PADDING_MM + 0.3  # a hair more than measured, so rounding never pushes a word onto a line of its own


def _grid(table: Table) -> tuple[list[list[str]], list[bool]]:
    """The header row and the body rows as text, and which rows are bold (the header and the totals)."""
    grid = [header(table), *body(table)]
    return grid, [True] + [is_total_row(table, i) for i in range(len(grid) - 1)]


def _widest(grid: list[list[str]], bold: list[bool], column: str, j: int, family: str, whole: bool) -> float:
    """Column `j`'s widest cell on one line (`whole`), or its widest unbreakable word, plus the cell padding."""
    return PAD_MM + max(width_mm(piece, family, SIZE_PT, b) for i, (row, b) in enumerate(zip(grid, bold, strict=True))
                        for piece in ((row[j],) if whole or _unbroken(row[j], column, i == 0)
                                      else words(row[j], i == 0)))


def least_widths_mm(table: Table, family: str) -> list[float]:
    """How narrow each column can be: its widest unbreakable word (a name or figure whole), padding included."""
    grid, bold = _grid(table)
    return [_widest(grid, bold, c, j, family, False) for j, c in enumerate(table.columns)]


def layout(table: Table, family: str) -> Layout:
    """Columns as wide as their longest line where the table fits the text column, else shared out: each column
    gets at least its longest word (a name or figure whole), and the room left goes to the columns whose text
    would be longest on one line. A table whose longest words alone are too wide is `parts`' to split first."""
    grid, bold = _grid(table)
    columns = list(table.columns)
    least = [_widest(grid, bold, c, j, family, False) for j, c in enumerate(columns)]
    most = [_widest(grid, bold, c, j, family, True) for j, c in enumerate(columns)]
    if sum(most) <= TEXT_WIDTH_MM:
        widths = most
    else:
        spare, wanted = TEXT_WIDTH_MM - sum(least), sum(m - n for m, n in zip(most, least, strict=True))
        widths = [n + max(spare, 0) * (m - n) / wanted for m, n in zip(most, least, strict=True)]
    lines = [[[cell] if i and _unbroken(cell, columns[j], False)
              else _lines(cell, widths[j] - PAD_MM, family, SIZE_PT, b, i == 0) for j, cell in enumerate(row)]
             for i, (row, b) in enumerate(zip(grid, bold, strict=True))]
    return Layout(SIZE_PT, widths, [is_number(c) for c in columns], lines)


def parts(table: Table, family: str) -> list[Table]:
    """`table` as one table when its columns fit the text column in 五号; else split by columns into tables that
    do, in order, each led by the columns that name its rows (名次 and the name columns before the first figure).
    The 口径 note goes under the last part."""
    least = least_widths_mm(table, family)
    if sum(least) <= TEXT_WIDTH_MM:
        return [table]
    key = 0
    while key < len(table.columns) - 1 and (table.columns[key] == RANK or not is_number(table.columns[key])):
        key += 1
    groups: list[list[int]] = [[]]
    for j in range(key, len(table.columns)):
        if groups[-1] and sum(least[:key]) + sum(least[i] for i in groups[-1]) + least[j] > TEXT_WIDTH_MM:
            groups.append([])
        groups[-1].append(j)
    chosen = [[*range(key), *group] for group in groups]
    return [replace(table, columns=[table.columns[j] for j in keep], note=table.note if n == len(chosen) else "")
            for n, keep in enumerate(chosen, start=1)]


__all__ = ["Layout", "body", "caption", "date_text", "header", "is_total_row", "layout", "month_text", "note", "parts",
           "text", "unit"]

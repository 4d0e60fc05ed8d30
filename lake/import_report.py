"""What a refused file's clerk reads: a summary per column first — how many rows fail, what the column expects (with
its unit and an example), the first few rows — then every problem; the same on the command line and on the upload
page, and as a workbook: the summary, the full list, and a copy of the clerk's own sheet with each offending cell
marked and its problem in a note.

The copy keeps the sheet's row and column positions so that the clerk finds each cell where it was, but never the
personal data that the import itself drops: ID-card numbers are masked and the name and phone columns left empty.
"""

import io
from dataclasses import dataclass

import pandas as pd
import xlsxwriter

from lake.sources import FileProblem, Source, read_rows
from lake.validate import FILE_ROW, Checked, Problem, limits, mapping, mask_id, normalize_header

FIRST_ROWS = 3  # rows named per line of the summary
MAX_NOTES = 5000  # cells given a note in the marked copy (every offending cell is coloured)
WHOLE_FILE = "整个文件"


@dataclass(frozen=True)
class Line:
    column: str  # the header as written in the file, or WHOLE_FILE
    rows: int  # rows failing (0 for a problem of the whole file)
    expected: str
    first: str  # "第 12 行：约三千；第 40 行：十个月"


def summary(problems: list[Problem]) -> list[Line]:
    """One line per problem of the whole file, then one per column and rule, in the order they first occur."""
    lines = [Line(p.column or WHOLE_FILE, 0, p.expected, "") for p in problems if p.row == FILE_ROW]
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in sorted((p for p in problems if p.row != FILE_ROW), key=lambda p: p.row):
        groups.setdefault((p.column, p.rule or p.expected), []).append(p)
    for (column, rule), found in sorted(groups.items(), key=lambda item: item[1][0].row):
        first = "；".join(f"第 {p.row} 行：{p.value or '（空）'}" for p in found[:FIRST_ROWS])
        more = "；…" if len(found) > FIRST_ROWS else ""
        lines.append(Line(column, len({p.row for p in found}), rule, first + more))
    return lines


def summary_frame(problems: list[Problem]) -> pd.DataFrame:
    lines = summary(problems)
    return pd.DataFrame({
        "列": [line.column for line in lines],
        "问题行数": ["整个文件" if line.rows == 0 else f"{line.rows:,} 行" for line in lines],
        "应填写": [line.expected for line in lines],
        "前几行（行号：填写的值）": [line.first for line in lines],
    })


def report_frame(problems: list[Problem]) -> pd.DataFrame:
    """Every problem as a table with Chinese headers (the full list below the summary)."""
    return pd.DataFrame({
        "行号": [WHOLE_FILE if p.row == FILE_ROW else str(p.row) for p in problems],
        "列": [p.column for p in problems],
        "值": [p.value for p in problems],
        "要求": [p.expected for p in problems],
    })


def headline(problems: list[Problem]) -> str:
    rows = len({p.row for p in problems if p.row != FILE_ROW})
    where = f"，涉及 {rows:,} 行" if rows else ""
    return (f"发现 {len(problems):,} 个问题{where}，整个文件未导入，数据没有任何改动。"
            "请先看下面的汇总，按列修改后重新上传。")


def summary_text(problems: list[Problem]) -> list[str]:
    """The summary as lines for the command line."""
    out = []
    for line in summary(problems):
        if line.rows == 0:
            out.append(f"  【{line.column}】{line.expected}")
        else:
            out.append(f"  【{line.column}】{line.rows:,} 行不符合：应为 {line.expected}。{line.first}")
    return out


def _write_table(book, sheet, frame: pd.DataFrame, bold) -> None:
    for c, name in enumerate(frame.columns):
        sheet.write_string(0, c, name, bold)
        sheet.set_column(c, c, 18 if c else 14)
    for r, values in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(values):
            sheet.write_string(r, c, _inert(str(value)))


def _inert(text: str) -> str:
    """Text an Excel reader could take for a formula is kept as text (a leading quote)."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) else text


def marked_workbook(source: Source, checked: Checked) -> bytes:
    """The report as an .xlsx: 问题汇总, 问题清单, and 原表（已标出问题）— the clerk's sheet re-read from `source` with
    each offending cell coloured and noted (ID numbers masked, personal columns left empty)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#F2F2F2"})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    _write_table(book, book.add_worksheet("问题汇总"), summary_frame(checked.problems), bold)
    _write_table(book, book.add_worksheet("问题清单"), report_frame(checked.problems), bold)
    copy = book.add_worksheet("原表（已标出问题）")
    marked: dict[tuple[int, int], str] = {}
    for p in checked.problems:
        if p.row != FILE_ROW and p.position >= 0:
            marked.setdefault((p.row, p.position), p.expected)
    try:
        sheet = read_rows(source, limits(), checked.sheet)
    except FileProblem:
        sheet = None  # an unreadable file has no cells to mark: the two lists say why
    if sheet is not None:
        _copy_rows(copy, sheet.rows, marked, bad)
    book.close()
    return out.getvalue()


def _copy_rows(copy, rows, marked: dict, bad) -> None:
    dropped = {normalize_header(h) for h in mapping()["drop"]["headers"]}
    ids = {normalize_header(h) for h in ("证件号码", "身份证号码", "身份证号", "公民身份号码", "享受人员证件号码")}
    hidden: set[int] = set()
    masked: set[int] = set()
    notes, done = 0, set()
    for number, cells in rows:
        if not hidden and not masked and any(normalize_header(c) in dropped | ids for c in cells):
            hidden = {i for i, c in enumerate(cells) if normalize_header(c) in dropped}
            masked = {i for i, c in enumerate(cells) if normalize_header(c) in ids}
            for i, text in enumerate(cells):
                copy.write_string(number - 1, i, _inert(text))
            continue
        for i, text in enumerate(cells):
            shown = "" if i in hidden else mask_id(text) if i in masked else text
            expected = marked.get((number, i))
            if expected is None:
                if shown:
                    copy.write_string(number - 1, i, _inert(shown))
                continue
            copy.write_string(number - 1, i, _inert(shown), bad)
            done.add((number, i))
    for (number, position), expected in marked.items():
        if (number, position) not in done:  # a cell left empty past the row's last filled cell
            copy.write_blank(number - 1, position, None, bad)
        if notes < MAX_NOTES:
            copy.write_comment(number - 1, position, f"应为：{expected}")
            notes += 1

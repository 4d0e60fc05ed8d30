"""Exports for official 通报: formatted Excel workbooks (XlsxWriter) and CSV with a UTF-8 BOM for Chinese Excel.

Each sheet: a title row, 数据截至, the filters used, 制表时间 and source, headers with a 单位 row, a 合计 row where
the page supplies one, Excel number formats (thousands separators, %), a frozen header and first column, and
column widths that fit Chinese text. Every workbook carries who exported it, their unit and the time (page header
and footer, document properties, and a light tiled background image); CSV file names carry the sign-in name and
time; each export is written to the access log with its scope (a deterrent: docs/security.md).
"""

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import pandas as pd
import streamlit as st
import xlsxwriter
from PIL import Image, ImageDraw, ImageFont

from assess.verdicts import is_missing
from store import access_log
from store.accounts import User
from ui import auth, labels, navigation, watermark
from ui.downloads import owned
from ui.labels import PER_BROKER, TOTAL, fmt, is_verdict_column, label, rounded, unit_of, verdict_cell
from ui.tables import with_total

EXCEL_FORMATS = {"人": "#,##0", "笔": "#,##0", "个": "#,##0", "元": "#,##0", "万元": "#,##0.00", "%": '0.0"%"',
                 "天": "#,##0", "月": "#,##0", PER_BROKER: "#,##0.0"}
HEADER_ROWS = 5  # title, as-of and filters, made-at and source, headers, units
# OWASP's rule for CSV/Excel injection: a text cell starting with one of these may be read as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PRODUCT = "武汉市就业帮扶看板"


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet tab, at most 31 characters
    title: str
    data: pd.DataFrame  # columns named as in ui.labels
    as_of: str
    filters: str
    source: str = "脱贫劳动力月度花名册（全国防返贫监测信息系统）"
    total: dict | None = None  # the 合计 row by column; its first column shows `first`
    notes: tuple = field(default_factory=tuple)
    first: str = TOTAL  # e.g. '合计（全市，不含无基期的洪山区）' (ui.labels.total_label)


def _width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _cell(value, column: str):
    """A value as Excel stores it: None for a missing value, a verdict in words, a figure rounded once as the
    formatter shows it (ui.labels.rounded: the cell holds what its number format shows), numpy scalars as Python
    values."""
    if is_missing(value):
        return None
    if is_verdict_column(column):
        return verdict_cell(value)
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, str):
        return value
    shown = rounded(value, column)
    return float(shown) if isinstance(shown, Decimal) else shown


def inert(value):
    """A text value that Excel could read as a formula, prefixed with a single quote (shown as text, never run);
    anything else, numbers (negative ones too) included, unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _write(ws, row: int, column: int, value, cell_format=None) -> None:
    """Text is always written as a string cell (xlsxwriter's `write` would make `=…` a live formula); other values
    as their type."""
    if isinstance(value, str):
        ws.write_string(row, column, value, cell_format)
    else:
        ws.write(row, column, value, cell_format)


def made_at() -> str:
    return labels.beijing_time(pattern=labels.TO_MINUTE)


CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # fonts-noto-cjk; else Latin text only


def background_png(text: str) -> bytes:
    """A light grey tile with `text` written diagonally, for a sheet's background."""
    try:
        font = ImageFont.truetype(CJK_FONT, 22)
    except OSError:
        font = ImageFont.load_default(22)
        text = text.encode("ascii", "ignore").decode()
    width, height = 640, 360
    layer = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    ImageDraw.Draw(layer).text((40, height // 2), text, font=font, fill=(200, 200, 200, 255))
    tile = Image.new("RGB", (width, height), "white")
    turned = layer.rotate(20, center=(width // 2, height // 2))
    tile.paste(turned, mask=turned)
    out = io.BytesIO()
    tile.save(out, format="PNG")
    return out.getvalue()


def _header_text(text: str) -> str:
    return text.replace("&", "&&")  # & starts a control code in Excel's header and footer


def workbook(sheets: list[Sheet], user: User | None = None) -> bytes:
    """The sheets as one .xlsx file; with `user`, watermarked with their name, unit and the time."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    mark = watermark.stamp(user) if user else None
    background = io.BytesIO(background_png(mark)) if mark else None
    if mark:
        book.set_properties({"author": f"{user.display_name}（{user.username}）", "company": user.unit,
                             "comments": f"导出：{mark}"})
    title_format = book.add_format({"bold": True, "font_size": 14})
    meta_format = book.add_format({"font_color": "#555555"})
    header_format = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                     "valign": "vcenter"})
    unit_format = book.add_format({"italic": True, "font_color": "#555555", "border": 1})
    value_formats = {unit: book.add_format({"num_format": fmt, "border": 1}) for unit, fmt in EXCEL_FORMATS.items()}
    total_formats = {unit: book.add_format({"num_format": fmt, "border": 1, "bold": True, "top": 2})
                     for unit, fmt in EXCEL_FORMATS.items()}
    text_format = book.add_format({"border": 1})
    total_text = book.add_format({"border": 1, "bold": True, "top": 2})
    stamp = made_at()
    for sheet in sheets:
        ws = book.add_worksheet(sheet.name[:31])
        columns = list(sheet.data.columns)
        _write(ws, 0, 0, sheet.title, title_format)
        _write(ws, 1, 0, f"数据截至：{sheet.as_of}　　筛选条件：{sheet.filters}", meta_format)
        _write(ws, 2, 0, f"制表时间：{stamp}　　来源：{sheet.source}　　制表：{PRODUCT}", meta_format)
        widths = [_width(label(c)) + 2 for c in columns]
        for j, column in enumerate(columns):
            _write(ws, 3, j, label(column), header_format)
            _write(ws, 4, j, unit_of(column) or "—", unit_format)
        rows = list(with_total(sheet.data, sheet.total, sheet.first).itertuples(index=False))
        for i, values in enumerate(rows):
            is_total = sheet.total is not None and i == len(rows) - 1
            for j, (column, value) in enumerate(zip(columns, values, strict=True)):
                unit = unit_of(column)
                formats = total_formats if is_total else value_formats
                cell_format = formats.get(unit) or (total_text if is_total else text_format)
                cell = _cell(value, column)
                _write(ws, HEADER_ROWS + i, j, cell, cell_format)
                widths[j] = max(widths[j], _width(fmt(cell, column)) + 2)
        for k, note in enumerate(sheet.notes):
            _write(ws, HEADER_ROWS + len(rows) + 1 + k, 0, note, meta_format)
        for j, width in enumerate(widths):
            ws.set_column(j, j, min(max(width, 8), 48))
        ws.set_row(3, 30)
        ws.freeze_panes(HEADER_ROWS, 1)
        if mark:
            ws.set_header(f"&L&8{_header_text(PRODUCT)}&R&8导出：{_header_text(mark)}")
            ws.set_footer(f"&L&8{_header_text(mark)}&R&8第 &P 页，共 &N 页")
            ws.set_background(background)
    book.close()
    return buffer.getvalue()


def _csv_parts(sheet: Sheet) -> tuple:
    return sheet.data, sheet.total, sheet.first


def csv_bytes(data: pd.DataFrame, total: dict | None = None, first: str = TOTAL) -> bytes:
    """The table as CSV with Chinese headers and units, UTF-8 with BOM so Excel opens it without mojibake; text
    cells that Excel could read as a formula start with a single quote (`inert`)."""
    out = with_total(data, total, first).copy()  # the caller's frame (the workbook's too) stays as it was
    for column in out.columns:
        if is_verdict_column(column):
            out[column] = out[column].map(lambda v: None if is_missing(v) else verdict_cell(v))
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(inert)
        elif pd.api.types.is_float_dtype(out[column]):  # the declared places, rounded once (12.3, not 12.345…)
            out[column] = out[column].map(lambda v, c=column: rounded(v, c)).astype(object)
    out.columns = [label(c, with_unit=True) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8-sig")


def marked_stem(file_stem: str, user: User) -> str:
    """The file name (without suffix) with the sign-in name and the time, so a forwarded file names its source."""
    safe_name = re.sub(r"[^A-Za-z0-9_.-]", "_", user.username)
    return f"{file_stem}_{safe_name}_{labels.beijing_time(pattern=labels.IN_FILE_NAME)}"


def _logged(build, user: User, what: str, page: str | None, made: Callable[[], list[Sheet]]):
    """`build`, recording the export (file, page, scope, sheets and filters) in the access log when it runs."""

    def run() -> bytes:
        data = build()
        access_log.record(user.username, "export", page=page, scope=auth.scope_label(user), outcome="ok",
                          parameters={"file": what, "sheets": [s.name for s in made()],
                                      "filters": [s.filters for s in made()]})
        return data

    return run


def buttons(sheets: list[Sheet] | Callable[[], list[Sheet]], file_stem: str, key: str) -> None:
    """A .xlsx download of every sheet and a .csv download of the first, built (and logged) only when clicked,
    watermarked for the signed-in person; `sheets` may be a function that makes them, so that they too are made
    only then."""
    user = navigation.current_user()
    page = st.session_state.get("_page")
    stem = marked_stem(file_stem, user)
    made = cache(lambda: sheets() if callable(sheets) else sheets)
    left, right = st.columns(2)
    with left:
        st.download_button("下载 Excel（.xlsx）", owned(_logged(lambda: workbook(made(), user), user, f"{stem}.xlsx",
                                                            page, made)), file_name=f"{stem}.xlsx",
                           key=f"{key}_xlsx", mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")
    with right:
        st.download_button("下载 CSV", owned(_logged(lambda: csv_bytes(*_csv_parts(made()[0])), user,
                                                     f"{stem}.csv", page, made)), file_name=f"{stem}.csv",
                           mime="text/csv", key=f"{key}_csv", icon=":material/description:")

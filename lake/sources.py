"""Read a district's file (.xlsx, .csv, .parquet) as numbered rows of text, in bounded memory and time.

`read_rows(source, limits, sheet)` returns a `Sheet`: the rows that hold anything, each with the row number the
clerk sees in Excel (or the line of the CSV), the problems found in single cells (Excel error values, formulas
without stored results, text too long), and the warnings. Anything that makes the whole file unusable raises
`FileProblem` with a Chinese message that names the sheet, the row or the cause and says what to do — never a
Python exception text alone.

Workbooks are parsed from their XML as a stream: the declared dimension (`A1:XFD20001`) is ignored, empty cells
cost nothing, and rows and columns past the caps (policy data in import_headers.toml `[limits]`) are refused.
Which worksheet is read is decided in `choose_sheet` (see its docstring; docs/architecture.md explains why).
"""

import csv
import html
import io
import posixpath
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.parquet as pq
from lxml import etree

SUFFIXES = (".xlsx", ".csv", ".parquet")
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # Compound File: old .xls, or an encrypted (password) .xlsx
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates: the international ones and those of a Chinese-locale Excel.
DATE_FORMAT_IDS = frozenset([*range(14, 18), 22, *range(27, 32), 36, *range(45, 48), *range(50, 59)])
EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!")
SHEET_SEPARATORS = re.compile(r"[,，、]")


class FileProblem(Exception):
    """The file as a whole cannot be used; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class Source:
    """An uploaded or local file: its name (for the suffix and the manifest) and its bytes."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: Path | str) -> "Source":
        path = Path(path)
        return cls(path.name, path.read_bytes())


@dataclass(frozen=True)
class CellIssue:
    row: int
    column: int  # 0-based position in the row
    value: str
    expected: str


@dataclass
class Sheet:
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (row number as the clerk sees it, cells)
    name: str = ""  # the worksheet read ("" for CSV and Parquet)
    issues: list[CellIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def too_slow(max_seconds: int) -> FileProblem:
    return FileProblem(f"读取和校验这份文件超过了 {max_seconds} 秒的上限，已停止，数据湖没有改动。请把文件分成"
                       "较小的几份导入，或只复制数据区域到新工作簿另存后再导入（上限见 import_headers.toml 的"
                       " max_seconds）。")


def column_letter(index: int) -> str:
    """'A' for 0, 'AA' for 26: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@cache
def _letters_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _column_index(reference: str) -> int:
    """0 for 'A7': the column of a cell reference (cached by its letters: millions of cells, a few columns)."""
    return _letters_index(reference.rstrip("0123456789"))


def _number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def cell_text(value) -> str:
    """A Parquet (or any typed) cell as the text a clerk would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return "" if value != value else _number_text(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# ---- CSV ----
def _line_encoding(line: bytes) -> str:
    for name, encoding in (("UTF-8", "utf-8"), ("GBK", "gb18030")):
        try:
            line.decode(encoding)
            return name
        except UnicodeDecodeError:
            continue
    return ""


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (GBK); a file mixing the two is refused naming its first row of
    the other encoding, anything else is refused rather than guessed."""
    if b"\x00" in data[:4096]:
        raise FileProblem("无法识别文件编码（文件中含有空字符，可能是 UTF-16 编码）。CSV 文件须为 UTF-8 或 "
                          "GB18030（GBK）编码，请另存为“CSV UTF-8（逗号分隔）”后重新导入。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Only lines with non-ASCII bytes tell an encoding; a line in neither is named as such.
    first = None
    for number, line in enumerate(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"), start=1):
        if line.isascii():
            continue
        kind = _line_encoding(line)
        if not kind:
            raise FileProblem(f"无法识别文件编码：第 {number} 行的文字既不是 UTF-8 也不是 GBK 编码。"
                              "请在 Excel 中打开后“另存为”→“CSV UTF-8（逗号分隔）”，核对该行后重新导入。")
        if first is None:
            first = (number, kind)
        elif kind != first[1]:
            raise FileProblem(f"文件混用了两种编码：第 {first[0]} 行起是 {first[1]} 编码，第 {number} 行是 {kind} 编码"
                              "（多为把另一份文件的行粘贴进来），无法确定每行的文字。请在 Excel 中打开后整份"
                              "“另存为”→“CSV UTF-8（逗号分隔）”，核对第 "
                              f"{number} 行附近的文字后重新导入。")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileProblem("无法识别文件编码：CSV 文件须为 UTF-8 或 GB18030（GBK）编码。"
                          "请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”后重新导入。") from None


def _read_csv(data: bytes, limits: dict) -> Sheet:
    text = _decode(data)
    if "\x00" in text:
        raise FileProblem("无法识别文件编码（文件中含有空字符，可能是 UTF-16 编码）。"
                          "CSV 文件须为 UTF-8 或 GB18030（GBK）编码，请另存为“CSV UTF-8（逗号分隔）”后重新导入。")
    sheet = Sheet()
    # strict: an unterminated or stray quote is an error at its row instead of a field swallowing the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FileProblem(f"第 {start} 行：引号不配对（{_csv_reason(exc)}）。带引号的单元格须以引号结束，"
                              "单元格中的引号须写成两个（\"\"）。请在 Excel 中打开核对该行，"
                              "或删除多余的引号后重新导出。") from None
        number, start = start, reader.line_num + 1
        if any(row):
            _add_row(sheet, number, [c.strip() for c in row], limits)
    return sheet


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "field larger" in text:
        return "引号开始后直到文件末尾都没有结束引号"
    if "expected after" in text:
        return "结束引号后紧跟着其他字符"
    return "CSV 格式错误"


def _add_row(sheet: Sheet, number: int, cells: list[str], limits: dict) -> None:
    if len(sheet.rows) % 1000 == 0 and time.monotonic() > limits["deadline"]:
        raise too_slow(limits["max_seconds"])
    if len(sheet.rows) >= limits["max_rows"]:
        raise FileProblem(f"{_where(sheet)}数据超过 {limits['max_rows']:,} 行（第 {number} 行起未读）。"
                          "每份文件只报一个月、一个区或全市的花名册；行数确实更多时请分文件导入，"
                          "或请管理员调整 import_headers.toml 中的 max_rows。")
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) > limits["max_columns"]:
        raise FileProblem(f"{_where(sheet)}第 {number} 行第 {column_letter(len(cells) - 1)} 列有内容："
                          f"花名册最多 {limits['max_columns']} 列。请删除表格右侧多余的内容后重新导入。")
    if cells and max(map(len, cells)) > limits["max_cell_chars"]:  # one pass in C for the usual row
        for i, cell in enumerate(cells):
            if len(cell) > limits["max_cell_chars"]:
                sheet.issues.append(CellIssue(number, i, cell[:20] + "…",
                                              f"不超过 {limits['max_cell_chars']} 个字符（是否粘贴了整段文字？）"))
                cells[i] = ""
    sheet.rows.append((number, cells))


def _where(sheet: Sheet) -> str:
    return f"工作表「{sheet.name}」" if sheet.name else ""


# ---- Parquet ----
def _read_parquet(data: bytes, limits: dict) -> Sheet:
    try:
        file = pq.ParquetFile(pa.BufferReader(data))
        if file.metadata.num_rows > limits["max_rows"]:
            raise FileProblem(f"数据有 {file.metadata.num_rows:,} 行，超过上限 {limits['max_rows']:,} 行。"
                              "请分文件导入，或请管理员调整 import_headers.toml 中的 max_rows。")
        if file.metadata.num_columns > limits["max_columns"]:
            raise FileProblem(f"数据有 {file.metadata.num_columns} 列，花名册最多 {limits['max_columns']} 列。")
        table = file.read()
    except (pa.ArrowException, OSError) as exc:
        raise FileProblem(f"无法读取 Parquet 文件（{exc}）。请重新导出后导入。") from exc
    sheet = Sheet()
    _add_row(sheet, 1, list(table.column_names), limits)
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    for i in range(table.num_rows):
        cells = [cell_text(c[i]) for c in columns]
        if any(cells):
            _add_row(sheet, i + 2, cells, limits)
    return sheet


# ---- Excel ----
def _unreadable_zip(data: bytes) -> FileProblem:
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or b"EncryptedPackage" in data[:1 << 20]:
            return FileProblem("这个 Excel 文件设有打开密码（已加密），无法读取。请在 Excel 中打开，"
                               "“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码后保存，再重新导入。")
        return FileProblem("这是旧版 Excel（.xls）格式的文件，只是扩展名为 .xlsx。"
                           "请在 Excel 中打开，“另存为”→“Excel 工作簿（*.xlsx）”后重新导入。")
    return FileProblem("无法读取 Excel 文件：文件已损坏或不完整（不是有效的 .xlsx 压缩包，可能上传或复制时中断）。"
                       "请在 Excel 中打开确认，另存为 .xlsx 后重新导入。")


def _check_parts(parts: list[zipfile.ZipInfo], limits: dict) -> None:
    """Refuses a workbook whose parts unzip past the caps, from the sizes the zip declares, before any part is read
    (zipfile never hands out more than a part's declared size). The shared strings are held in memory whole, so
    they have their own cap; a large part packed far tighter than any real sheet is a zip bomb."""
    total = sum(i.file_size for i in parts)
    if total > limits["max_unzipped_mb"] * 1_000_000:
        raise FileProblem(f"Excel 文件解压后有 {total / 1e6:,.0f} MB，超过上限 {limits['max_unzipped_mb']} MB"
                          "（表格中可能有大量格式或空白单元格）。请只复制数据区域到新工作簿，另存后重新导入。")
    for part in parts:
        cap = limits["max_shared_strings_mb"] if part.filename.endswith("sharedStrings.xml") \
            else limits["max_part_mb"]
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > cap * 1_000_000 or (part.file_size > limits["zip_ratio_from_mb"] * 1_000_000
                                                and ratio > limits["max_zip_ratio"]):
            raise FileProblem(f"Excel 文件中的 {part.filename} 解压后有 {part.file_size / 1e6:,.0f} MB"
                              f"（压缩比 {ratio:,.0f} 倍），超过上限（{cap} MB、{limits['max_zip_ratio']} 倍），"
                              "不像正常的花名册，未读取。请在 Excel 中只复制数据区域到新工作簿，另存为 .xlsx 后"
                              "重新导入（上限见 import_headers.toml 的 [limits]）。")


class _Workbook:
    """The parts of an .xlsx needed to read its sheets' values: sheet list, shared strings, date styles, epoch."""

    def __init__(self, data: bytes, limits: dict):
        self.limits = limits
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.zip.namelist())
        except (zipfile.BadZipFile, EOFError, ValueError):
            raise _unreadable_zip(data) from None
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            raise _unreadable_zip(OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"))
        if "xl/workbook.xml" not in names:
            raise FileProblem("这不是 Excel 工作簿（.xlsx 中没有 xl/workbook.xml，可能是 Word 或其他软件的文件）。"
                              "请在 Excel 中打开花名册，另存为 .xlsx 后重新导入。")
        _check_parts(self.zip.infolist(), limits)
        book = self._xml("xl/workbook.xml")
        targets = self._relations("xl/_rels/workbook.xml.rels")
        properties = book.find(f"{MAIN}workbookPr")
        self.epoch_1904 = properties is not None and properties.get("date1904") in ("1", "true")
        view = book.find(f"{MAIN}bookViews/{MAIN}workbookView")
        self.active = int(view.get("activeTab", "0")) if view is not None else 0
        self.sheets = []  # (name, part, hidden)
        for element in book.iterfind(f"{MAIN}sheets/{MAIN}sheet"):
            target = targets.get(element.get(f"{REL}id"), ("", ""))
            if target[1].endswith("/worksheet"):
                self.sheets.append((element.get("name", ""), target[0], element.get("state", "visible") != "visible"))
        kinds = {kind.rsplit("/", 1)[-1]: part for part, kind in targets.values()}
        self.shared = self._shared_strings(kinds.get("sharedStrings"))
        self.date_styles = self._date_styles(kinds.get("styles"))

    def _xml(self, part: str) -> ElementTree.Element:
        try:
            return ElementTree.fromstring(self.zip.read(part))
        except KeyError:
            raise FileProblem(f"Excel 文件不完整（缺少 {part}）。请在 Excel 中打开确认，另存为 .xlsx 后重新导入。") \
                from None
        except ElementTree.ParseError as exc:
            raise FileProblem(f"Excel 文件的 {part} 无法解析（{exc}），可能含有不允许的控制字符或已损坏。"
                              "请在 Excel 中打开确认，另存为 .xlsx 后重新导入。") from None

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (part path in the zip, relationship type)."""
        out = {}
        for rel in self._xml(part).iterfind(f"{PKG_REL}Relationship"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            out[rel.get("Id")] = (path, rel.get("Type", ""))
        return out

    def _shared_strings(self, part: str | None) -> list[str]:
        if not part or part not in self.zip.namelist():
            return []
        fast = _fast_shared_strings(self.zip.read(part))
        if fast is not None:
            return fast
        strings = []
        si_tag, t_tag, phonetic_tag = f"{MAIN}si", f"{MAIN}t", f"{MAIN}rPh"
        try:
            with self.zip.open(part) as stream:
                # lxml hands over finished <si> elements only; entities are not resolved, nothing is fetched
                for _event, element in etree.iterparse(stream, events=("end",), tag=si_tag, resolve_entities=False,
                                                       no_network=True, huge_tree=False):
                    if element.find(phonetic_tag) is None:
                        text = "".join(element.itertext(t_tag, with_tail=False))
                    else:  # phonetic guides (rPh) are not part of the cell's text
                        phonetic = _phonetic(element)
                        text = "".join(t.text or "" for t in element.iter(t_tag) if t not in phonetic)
                    strings.append(sys.intern(text))
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
        except (ElementTree.ParseError, etree.XMLSyntaxError) as exc:
            raise FileProblem(f"Excel 文件的共享字符串表第 {len(strings) + 1} 项无法解析（{exc}），多半含有不允许的"
                              "控制字符（如从其他系统复制来的不可见字符）。请在 Excel 中用“查找和替换”或 CLEAN 函数"
                              "清除后另存为 .xlsx 再导入。") from None
        return strings

    def _date_styles(self, part: str | None) -> frozenset[int]:
        if not part or part not in self.zip.namelist():
            return frozenset()
        from openpyxl.styles.numbers import is_date_format

        styles = self._xml(part)
        custom = {int(f.get("numFmtId")): f.get("formatCode", "")
                  for f in styles.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")}
        dates = set()
        for i, xf in enumerate(styles.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
            number_format = int(xf.get("numFmtId", "0"))
            if number_format in DATE_FORMAT_IDS or (number_format in custom and is_date_format(custom[number_format])):
                dates.add(i)
        return frozenset(dates)

    def has_data(self, part: str) -> bool:
        """Whether the sheet holds any non-empty cell (stops at the first)."""
        for _number, _cells in self.rows(part, "", Sheet(), limit_rows=1):
            return True
        return False

    def rows(self, part: str, name: str, sheet: Sheet, limit_rows: int | None = None):
        """(row number, cells) of each row holding anything; cell issues are added to `sheet`.

        The sheet's XML is checked by expat as it streams (any malformed byte, such as a control character, is
        refused naming the row) and its rows are read by regular expressions over the bytes (`_FastRows`), which
        costs a fifth of walking lxml's elements cell by cell on a 200,000-row sheet. A sheet in an unusual
        shape (namespace prefixes, a DTD) is read by lxml instead (`_rows_by_lxml`), and so is any row the
        expressions do not cover completely (inline strings, extensions, attributes in another order).
        """
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        epoch = CALENDAR_MAC_1904 if self.epoch_1904 else CALENDAR_WINDOWS_1900
        convert = _Cells(self.shared, self.date_styles, from_excel, epoch, sheet)
        try:
            with self.zip.open(part) as stream:
                head = stream.read(_CHUNK)
        except KeyError:
            raise FileProblem(f"Excel 文件不完整（缺少工作表「{name}」的内容）。请另存为 .xlsx 后重新导入。") from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile):
            raise FileProblem(f"工作表「{name}」的内容已损坏或不完整（读到第 0 行）。"
                              "请在 Excel 中打开确认，另存为 .xlsx 后重新导入。") from None
        reader = _FastRows(convert, head) if _FastRows.fits(head) else None
        rows = self._rows_by_lxml(part, name, convert) if reader is None else self._rows_fast(part, name, reader)
        max_columns, emitted = self.limits["max_columns"], 0
        for number, cells in rows:
            if not cells:
                continue
            last = max(cells)
            if last >= max_columns:
                raise FileProblem(f"工作表「{name}」第 {number} 行 {column_letter(last)} 列有内容：花名册最多 "
                                  f"{max_columns} 列。请删除表格右侧多余的内容后重新导入。")
            yield number, [cells.get(i, "") for i in range(last + 1)]
            emitted += 1
            if limit_rows is not None and emitted >= limit_rows:
                return

    def _rows_fast(self, part: str, name: str, reader: "_FastRows"):
        try:
            with self.zip.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    yield from reader.feed(chunk)
                yield from reader.feed(b"", final=True)
        except _Malformed as exc:
            raise _unparsable(name, exc.row, exc.reason) from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile):
            raise FileProblem(f"工作表「{name}」的内容已损坏或不完整（读到第 {reader.number} 行）。"
                              "请在 Excel 中打开确认，另存为 .xlsx 后重新导入。") from None

    def _rows_by_lxml(self, part: str, name: str, convert: "_Cells"):
        number = 0
        try:
            with self.zip.open(part) as stream:
                # lxml hands over finished <row> elements only (the C parser skips the rest); entities are not
                # resolved and nothing is fetched.
                for _event, element in etree.iterparse(stream, events=("end",), tag=f"{MAIN}row",
                                                       resolve_entities=False, no_network=True, huge_tree=False):
                    number = int(element.get("r", number + 1))
                    cells = convert.row_by_element(element, number)
                    element.clear()
                    while element.getprevious() is not None:  # rows already read are dropped: memory stays flat
                        del element.getparent()[0]
                    yield number, cells
        except (ElementTree.ParseError, etree.XMLSyntaxError) as exc:
            raise _unparsable(name, number + 1, exc) from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile):
            raise FileProblem(f"工作表「{name}」的内容已损坏或不完整（读到第 {number} 行）。"
                              "请在 Excel 中打开确认，另存为 .xlsx 后重新导入。") from None


def _unparsable(name: str, row: int, reason) -> FileProblem:
    return FileProblem(f"工作表「{name}」第 {row} 行附近无法解析（{reason}），多半含有不允许的控制字符"
                       "（如从其他系统复制来的不可见字符）。请在 Excel 中用“查找和替换”或 CLEAN 函数清除该行"
                       "的不可见字符，另存为 .xlsx 后重新导入。")


_CHUNK = 1 << 22  # bytes of decompressed sheet XML read at a time


class _Malformed(Exception):
    def __init__(self, row: int, reason: str):
        self.row, self.reason = row, reason


# The cells of a row as Excel, WPS, LibreOffice, openpyxl and xlsxwriter write them: attributes r, s, t in that order
# (the schema's), the value in <v>, or anything else inside (a formula, an inline string), which `_FastRows` reads
# with _CHILD or hands the row to lxml.
_FAST_CELL = re.compile(rb'(<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
                        rb'(?:/>|><v>([^<]*)</v></c>|>((?:(?!</c>).)*)</c>))', re.S)
_CHILD = re.compile(rb"<([vf])(?: [^>]*?)?(?:/>|>([^<]*)</[vf]>)")
_ROW_NUMBER = re.compile(rb'\sr="([0-9]+)"')
_COLUMNS: dict[bytes, int] = {}  # b"AB" -> 27, filled as columns are met (a few hundred at most)
_DEFAULT_MAIN = b'xmlns="' + MAIN[1:-1].encode() + b'"'


class _FastRows:
    """Reads a worksheet's rows from its XML bytes chunk by chunk: expat checks every byte is well-formed XML, and
    regular expressions pick the rows and cells (`feed` yields (row number, {column index: text}))."""

    def __init__(self, convert: "_Cells", head: bytes):
        from xml.parsers import expat

        self.convert, self.number, self.rest, self.offset = convert, 0, b"", 0
        self.checker = expat.ParserCreate()
        self.checker.StartDoctypeDeclHandler = self._refuse_doctype
        self.error = expat.ExpatError
        start = head.find(b"<worksheet")
        self.root = head[start:head.index(b">", start) + 1]  # declares the namespaces a row may use

    @staticmethod
    def fits(head: bytes) -> bool:
        """Whether the sheet is in the shape the expressions read: an unprefixed <worksheet> in the main namespace
        (as every common writer makes it), no DTD."""
        start = head.find(b"<worksheet")
        end = head.find(b">", start)
        return start >= 0 and end > 0 and _DEFAULT_MAIN in head[start:end] and b"<!DOCTYPE" not in head[:start]

    def _refuse_doctype(self, *_args):
        raise _Malformed(self.number + 1, "工作表中不应有文档类型定义 DOCTYPE")

    def feed(self, chunk: bytes, final: bool = False):
        try:
            self.checker.Parse(chunk, final)
        except self.error as exc:
            raise _Malformed(self._row_at(self.checker.ErrorByteIndex, chunk), exc) from None
        data = self.rest + chunk
        pieces = data.split(b"</row>")
        self.rest = b"" if final else pieces.pop()
        self.offset += len(data) - len(self.rest)
        for piece in pieces:
            start = piece.rfind(b"<row")
            if start < 0:
                continue
            end = piece.index(b">", start)
            found = _ROW_NUMBER.search(piece, start, end)
            self.number = int(found.group(1)) if found else self.number + 1
            if piece[end - 1:end] == b"/":  # <row r="7"/> at the end: an empty row
                continue
            yield self.number, self.convert.row_bytes(piece[end + 1:], self.number, self)

    def _row_at(self, error_index: int, chunk: bytes) -> int:
        """The number of the row holding the byte at `error_index` of the sheet (the row an expat error is in)."""
        data = self.rest + chunk
        position = error_index - self.offset
        start = data.rfind(b"<row", 0, max(position, 0))
        if start < 0:
            return self.number + 1
        found = _ROW_NUMBER.search(data, start, data.find(b">", start))
        return int(found.group(1)) if found else self.number + 1

    def element(self, inner: bytes, number: int):
        """The row as an lxml element, for the rows the expressions do not cover completely."""
        wrapped = self.root + b'<sheetData><row r="' + str(number).encode() + b'">' + inner \
            + b"</row></sheetData></worksheet>"
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(wrapped, parser)[0][0]


class _Cells:
    """Turns a worksheet's <row> elements into {column index: text}, adding cell issues to the sheet."""

    def __init__(self, shared: list[str], date_styles: frozenset[int], from_excel, epoch, sheet: Sheet):
        self.shared, self.date_styles, self.from_excel, self.epoch, self.sheet = \
            shared, date_styles, from_excel, epoch, sheet
        self.stripped = [text.strip() for text in shared]
        self.numbers: dict[tuple[bytes, bytes], str] = {}  # (stored value, style) -> text, for repeated numbers

    def row_bytes(self, inner: bytes, number: int, reader: _FastRows) -> dict[int, str]:
        """The cells of a row from the bytes between <row …> and </row>; a row the expressions do not cover
        completely (an inline string, a cell without a reference, attributes in another order) is read by lxml."""
        found = _FAST_CELL.findall(inner)
        if len(found) != inner.count(b"<c ") or b"<c>" in inner or b"<c/>" in inner:
            return self.row_by_element(reader.element(inner, number), number)
        cells: dict[int, str] = {}
        shared, columns, numbers = self.stripped, _COLUMNS, self.numbers
        for _whole, letters, style, kind, simple, other in found:
            if kind == b"s" and simple:  # most cells: a shared string
                position = columns.get(letters)
                if position is None:
                    position = columns.setdefault(letters, _letters_index(letters.decode()))
                try:
                    text = shared[int(simple)]
                except (IndexError, ValueError):
                    text = self.value("s", simple.decode(), False, style, number, position)
                if text:
                    cells[position] = text
                continue
            if simple and not kind:  # a number: its text depends on the stored value and the style alone
                position = columns.get(letters)
                if position is None:
                    position = columns.setdefault(letters, _letters_index(letters.decode()))
                known = numbers.get((simple, style))
                if known is None:
                    issues = len(self.sheet.issues)
                    known = self.value("n", simple.decode(), False, style, number, position)
                    if len(self.sheet.issues) == issues:
                        numbers[simple, style] = known
                if known:
                    cells[position] = known
                continue
            has_formula = False
            if other:
                if b"<is" in other:
                    return self.row_by_element(reader.element(inner, number), number)
                raw = None
                for tag, content in _CHILD.findall(other):
                    if tag == b"v":
                        raw = content
                    else:
                        has_formula = True
            else:
                raw = simple
            if raw:
                raw = raw.decode()
                if "&" in raw:
                    raw = html.unescape(raw)
            elif not has_formula:
                continue
            position = columns.get(letters)
            if position is None:
                position = columns.setdefault(letters, _letters_index(letters.decode()))
            text = self.value(kind.decode() if kind else "n", raw, has_formula, style, number, position)
            if text:
                cells[position] = text
        return cells

    def row_by_element(self, element, number: int) -> dict[int, str]:
        cells: dict[int, str] = {}
        position = -1
        for c in element.iterchildren(f"{MAIN}c"):
            reference = c.get("r")
            position = _column_index(reference) if reference else position + 1
            kind = c.get("t", "n")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{MAIN}t") if t not in _phonetic(c)).strip()
            else:
                raw = c.findtext(f"{MAIN}v")
                value = self.value(kind, raw, c.find(f"{MAIN}f") is not None, c.get("s"), number, position)
            if value:
                cells[position] = value
        return cells

    def value(self, kind: str, raw: str | None, has_formula: bool, style: str | None, number: int,
              position: int) -> str:
        """The text of one cell from its type, stored value, whether it has a formula and its style."""
        sheet = self.sheet
        if raw is None or raw == "":
            if has_formula:
                sheet.issues.append(CellIssue(number, position, "（公式）",
                                              "公式没有保存计算结果：请在 Excel 中打开文件、重新计算（F9）后保存，"
                                              "或把公式列“选择性粘贴为数值”"))
            return ""
        if kind == "s":
            try:
                return self.shared[int(raw)].strip()
            except (IndexError, ValueError):
                sheet.issues.append(CellIssue(number, position, raw, "文件内部的字符串编号无效（文件可能已损坏）"))
                return ""
        if kind == "e":
            sheet.issues.append(CellIssue(number, position, raw,
                                          "有效的值，而不是 Excel 错误值（多为公式引用失效或查找不到）"))
            return ""
        if kind == "b":
            return "是" if raw == "1" else "否"
        if kind in ("str", "d", "inlineStr"):
            return raw.strip()[:10] if kind == "d" else raw.strip()
        try:
            number_value = float(raw)
        except ValueError:
            sheet.issues.append(CellIssue(number, position, raw, "数字（文件中存储的数值无法识别）"))
            return ""
        if style and int(style) in self.date_styles:
            try:
                return self.from_excel(number_value, self.epoch).date().isoformat()
            except (OverflowError, ValueError):
                sheet.issues.append(CellIssue(number, position, raw, "有效的日期"))
                return ""
        return _number_text(number_value)


_SHARED = re.compile(rb'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|((?:(?!</si>).)*))</si>', re.S)


def _fast_shared_strings(data: bytes) -> list[str] | None:
    """The shared strings of a table in the common shape (an unprefixed <sst> in the main namespace, each <si> a
    plain <t> or rich text), checked by expat and read by a regular expression, rich items by lxml; None for any
    other shape (then lxml reads it all). Raises FileProblem naming the item expat cannot parse."""
    from xml.parsers import expat

    start = data.find(b"<sst")
    end = data.find(b">", start)
    if start < 0 or end < 0 or _DEFAULT_MAIN not in data[start:end] or b"<!DOCTYPE" in data[:start]:
        return None
    checker = expat.ParserCreate()
    try:
        checker.Parse(data, True)
    except expat.ExpatError as exc:
        item = data.count(b"<si", 0, checker.ErrorByteIndex)
        raise FileProblem(f"Excel 文件的共享字符串表第 {item} 项无法解析（{exc}），多半含有不允许的"
                          "控制字符（如从其他系统复制来的不可见字符）。请在 Excel 中用“查找和替换”或 CLEAN 函数"
                          "清除后另存为 .xlsx 再导入。") from None
    found = _SHARED.findall(data)
    if len(found) != data.count(b"<si"):
        return None
    root, t_tag = data[start:end + 1], f"{MAIN}t"
    strings = []
    for plain, rich in found:
        if rich:
            element = etree.fromstring(root + b"<si>" + rich + b"</si></sst>", etree.XMLParser(
                resolve_entities=False, no_network=True))[0]
            phonetic = _phonetic(element)
            text = "".join(t.text or "" for t in element.iter(t_tag) if t not in phonetic)
        else:
            text = plain.decode()
            if "&" in text:
                text = html.unescape(text)
        strings.append(sys.intern(text))
    return strings


def _phonetic(si) -> set:
    return {t for rph in si.iter(f"{MAIN}rPh") for t in rph.iter(f"{MAIN}t")}


def sheet_names(data: bytes, limits: dict) -> list[str]:
    """The worksheets of an .xlsx in workbook order (for a choice on the upload page)."""
    return [name for name, _part, _hidden in _Workbook(data, limits).sheets]


def choose_sheet(book: _Workbook, wanted: str) -> tuple[str, str, list[str]]:
    """The worksheet to read: (name, part, warnings).

    Named by the clerk: that sheet, visible or not (other sheets with data are named in a warning).
    Not named: the one sheet that has data, and only when it is visible. A workbook with data on several sheets,
    or only on a hidden one, is refused with each sheet named — reading the first or the active sheet silently is
    how last month's hidden copy or a 「（续）」 sheet went in wrong or missing (issue 19).
    """
    sheets = book.sheets
    if not sheets:
        raise FileProblem("Excel 文件中没有工作表。")
    with_data = [(name, part, hidden) for name, part, hidden in sheets if book.has_data(part)]
    if wanted:
        match = [s for s in sheets if s[0].strip() == wanted.strip()]
        if not match:
            raise FileProblem(f"Excel 文件中没有名为「{wanted}」的工作表。文件中的工作表："
                              f"{'、'.join('「' + s[0] + '」' for s in sheets)}。")
        others = [_label(s) for s in with_data if s[0] != match[0][0]]
        warnings = [f"按指定只读取了工作表「{match[0][0]}」；以下工作表也有数据，未导入：{'、'.join(others)}"] \
            if others else []
        return match[0][0], match[0][1], warnings
    if not with_data:
        raise FileProblem("Excel 文件的所有工作表都是空的：第 1 行应为表头，第 2 行起为数据。")
    if len(with_data) > 1:
        raise FileProblem(f"Excel 文件有 {len(with_data)} 张工作表有数据：{'、'.join(_label(s) for s in with_data)}。"
                          "为免导入错表或漏导续表，请只保留本月的一张花名册（续表的数据行请复制到同一张表末尾，"
                          "其他工作表删除或清空）后重新导入，或在页面的“工作表名”中指定要导入的工作表"
                          "（命令行：make import SHEET=工作表名）。")
    name, part, hidden = with_data[0]
    if hidden:
        raise FileProblem(f"唯一有数据的工作表「{name}」是隐藏的，显示的工作表是空的。请确认这就是本月的花名册："
                          f"在 Excel 中取消隐藏后保存再导入，或在页面的“工作表名”中填写 {name}"
                          f"（命令行：make import SHEET={name}）。")
    return name, part, []


def _label(sheet: tuple) -> str:
    return f"「{sheet[0]}」（隐藏）" if sheet[2] else f"「{sheet[0]}」"


def _read_xlsx(data: bytes, limits: dict, wanted: str) -> Sheet:
    book = _Workbook(data, limits)
    name, part, warnings = choose_sheet(book, wanted)
    sheet = Sheet(name=name, warnings=warnings)
    for number, cells in book.rows(part, name, sheet):
        _add_row(sheet, number, cells, limits)
    return sheet


def read_rows(source: Source, limits: dict, sheet: str = "") -> Sheet:
    """The file's non-empty rows as text with their row numbers; raises FileProblem when it cannot be used."""
    suffix = Path(source.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileProblem(f"不支持的文件类型“{suffix or source.name}”：请导入 .xlsx、.csv 或 .parquet 文件"
                          "（旧版 .xls 请在 Excel 中另存为 .xlsx）。")
    if len(source.data) > limits["max_file_mb"] * 1_000_000:
        raise FileProblem(f"文件有 {len(source.data) / 1e6:,.0f} MB，超过上限 {limits['max_file_mb']} MB。"
                          "请分文件导入，或请管理员调整 import_headers.toml 中的 max_file_mb。")
    if not source.data.strip():
        raise FileProblem("文件是空的：没有表头，也没有数据行。")
    if sheet and suffix != ".xlsx":
        raise FileProblem(f"只有 Excel 文件才有工作表，{suffix} 文件不能指定工作表「{sheet}」。")
    limits = {"deadline": time.monotonic() + limits["max_seconds"]} | limits
    try:
        if suffix == ".xlsx":
            return _read_xlsx(source.data, limits, sheet)
        if suffix == ".csv":
            return _read_csv(source.data, limits)
        return _read_parquet(source.data, limits)
    except MemoryError:
        raise FileProblem("读取文件时内存不足：文件太大或格式异常。请分成较小的文件导入，"
                          "或只复制数据区域到新工作簿另存后再导入。") from None

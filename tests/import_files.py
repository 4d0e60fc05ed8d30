"""District files built in the test: valid rosters of any size as CSV or xlsx, and workbooks with the traps that
real exports carry (hidden sheets, lying dimensions, formulas without stored values, error values, passwords)."""

import io
import re
import zipfile
from datetime import date, timedelta

import xlsxwriter

from lake.validate import ID_CHECK_CHARS, ID_WEIGHTS

LABORER_HEADER = ["姓名", "证件号码", "联系电话", "所在区", "所在乡镇（街道）", "所在村（社区）", "户类型",
                  "劳动技能", "是否有劳动能力", "是否有就业意愿", "是否已务工", "务工所在地", "务工时间（月）",
                  "就业渠道", "就业形式", "从事行业", "务工月收入", "是否签订劳动合同", "是否参加社会保险"]


def id_number(n: int, region: str = "420116", born: date = date(1980, 1, 1)) -> str:
    """The n-th valid 18-digit ID number (GB 11643 check digit) of people born around `born`."""
    birth = born + timedelta(days=n // 1000)
    body = f"{region}{birth:%Y%m%d}{n % 1000:03d}"
    return body + ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def laborer_row(n: int) -> list:
    """One valid laborers row for 黄陂区 李集街道 (employed 区内 in October)."""
    return [f"人员{n}", id_number(n), f"138{n:08d}", "黄陂区", "李集街道", "王家湾村", "脱贫户", "普通劳动力", "是",
            "是", "是", "区内", 10, "自主就业", "全日制", "制造业", 4000 + n % 1000, "是", "是"]


def laborer_rows(count: int, start: int = 0) -> list[list]:
    return [laborer_row(n) for n in range(start, start + count)]


def csv_bytes(rows: list[list], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(",".join(str(c) for c in r) for r in rows) + newline).encode(encoding)


def xlsx_bytes(sheets: list[tuple[str, list[list]]], hidden: tuple[str, ...] = (), active: int = 0) -> bytes:
    """A workbook with the given sheets (name, rows); `hidden` sheets are hidden; `active` is the sheet shown."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    made = [(book.add_worksheet(name), rows) for name, rows in sheets]
    for sheet, rows in made:
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        if sheet.name in hidden:
            sheet.hide()
    made[active][0].activate()
    book.close()
    return out.getvalue()


def rewrite_sheet(data: bytes, change, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with one part's XML text passed through `change` (to plant what Excel tools write)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename == part:
                payload = change(payload.decode("utf-8")).encode("utf-8")
            target.writestr(item, payload)
    return out.getvalue()


def lying_dimension(data: bytes) -> bytes:
    """Declare the sheet as A1:XFD<rows>: 16,384 columns, as some export tools do."""
    return rewrite_sheet(data, lambda xml: re.sub(r'<dimension ref="A1:[A-Z]+(\d+)"/>', r'<dimension ref="A1:XFD\1"/>',
                                                  xml, count=1))


def formula_without_value(data: bytes, cell: str) -> bytes:
    """Replace `cell`'s value by a formula with no stored result (a file saved by a tool that does not calculate)."""
    def change(xml: str) -> str:
        return re.sub(rf'<c r="{cell}"([^>]*?)(/>|>.*?</c>)', rf'<c r="{cell}"><f>SUM(Q2:Q3)</f></c>', xml, count=1)
    return rewrite_sheet(data, change)


def error_value(data: bytes, cell: str, error: str = "#N/A") -> bytes:
    """Replace `cell` by a stored Excel error value such as #N/A or #REF!."""
    def change(xml: str) -> str:
        return re.sub(rf'<c r="{cell}"([^>]*?)(/>|>.*?</c>)',
                      rf'<c r="{cell}" t="e"><f>VLOOKUP(A1,B:B,2,0)</f><v>{error}</v></c>', xml, count=1)
    return rewrite_sheet(data, change)


def encrypted_workbook() -> bytes:
    """The start of what Excel writes for a workbook with an opening password: an OLE file with an EncryptedPackage."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le") \
        + b"\x00" * 2048


def lake_partition(lake, table: str, period: str):
    """The rows of one partition of `lake` as a pandas frame, in stored order."""
    import pyarrow.parquet as pq

    from lake import manifest as mf

    entry = mf.read_manifest(lake)["partitions"][mf.partition_key(table, period)]
    return pq.read_table(lake / entry["file"]).to_pandas()


def birth_years(lake) -> dict:
    """person_id -> birth year over every laborers roster of `lake` (an exported ID must carry the person's age)."""
    import duckdb

    files = str(lake / "laborers" / "*" / "*.parquet")
    return dict(duckdb.sql("select person_id, max(birth_year) from read_parquet($files) group by 1",
                           params={"files": files}).fetchall())


def exported_rows(frame, table: str, years: dict) -> tuple[list[list], dict]:
    """A partition as a district would send it: the first accepted Chinese header of each mapped column, cells as a
    clerk types them, and each pseudonymous person_id replaced by a valid ID-card number of the same birth year and
    gender. Returns (rows with the header first, {lake person_id: the ID number written for it})."""
    import numpy as np
    import pandas as pd

    from lake.validate import columns_of

    specs = columns_of(table)
    ids: dict = {}
    if "person_id" in frame:
        male = dict(zip(frame["person_id"], frame["gender"], strict=True)) if "gender" in frame else {}
        for n, pid in enumerate(dict.fromkeys(frame["person_id"])):
            year = years.get(pid) or (frame.loc[frame["person_id"] == pid, "birth_year"].iloc[0]
                                      if "birth_year" in frame else 1975)
            body = f"420116{date(int(year), 1, 1) + timedelta(days=n // 500):%Y%m%d}" \
                   f"{(n % 500) * 2 + (male.get(pid, '男') == '男'):03d}"
            ids[pid] = body + ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]

    def cell(column: str, value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if column == "person_id":
            return ids[value]
        if isinstance(value, bool | np.bool_):
            return "是" if value else "否"
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value.isoformat() if isinstance(value, date) else value

    rows = [[spec["headers"][0] for spec in specs]]
    values = frame.astype(object).where(frame.notna(), None)
    for record in values.to_dict("records"):
        rows.append([cell(spec["column"], record.get(spec["column"])) for spec in specs])
    return rows, ids


def broken_roster(lake, month: str = "2026-10") -> tuple[bytes, dict]:
    """The file of issue 27: the lake's own month exported with the accepted headers (many people sharing a carrier),
    then "约三千" typed in one worker's 务工月收入, "十个月" in another's 务工时间（月）, and the 劳动技能 column
    deleted; names in the first column, as the national system exports them. Returns the workbook and {what was
    broken: its Excel row}."""
    frame = lake_partition(lake, "laborers", month)
    rows, _ids = exported_rows(frame, "laborers", birth_years(lake))
    header = rows[0]
    workers = [i for i, row in enumerate(rows[1:], start=1) if row[header.index("务工所在地")]]
    income_row, months_row = workers[3], workers[7]
    rows[income_row][header.index("务工月收入")] = "约三千"
    rows[months_row][header.index("务工时间（月）")] = "十个月"
    skill = header.index("劳动技能")
    rows = [[n and f"人员{n}" or "姓名", *row[:skill], *row[skill + 1:]] for n, row in enumerate(rows)]
    return xlsx_bytes([("花名册", rows)]), {"income": income_row + 1, "months": months_row + 1}


def shared_strings_bomb(megabytes: int = 400) -> bytes:
    """A small workbook whose shared-strings part unzips to `megabytes` MB (written as a stream, so building it
    costs no such memory): issue 36's file that a reader holding the whole part would run out of memory on."""
    base = xlsx_bytes([("花名册", [LABORER_HEADER, *laborer_rows(3)])])
    source, out = zipfile.ZipFile(io.BytesIO(base)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "xl/sharedStrings.xml":
                target.writestr(item, source.read(item.filename))
                continue
            info = zipfile.ZipInfo(item.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                           b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                chunk = b"<si><t>" + b"A" * 4000 + b"</t></si>"
                for _ in range(megabytes * 250):
                    part.write(chunk)
                part.write(b"</sst>")
    return out.getvalue()

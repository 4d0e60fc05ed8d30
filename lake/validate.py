"""Read a district's monthly file (.xlsx, .csv, .parquet) and check every row before anything is written.

`check(source, table, month)` returns every problem found — the row number as the user sees it in Excel (the header
is row 1), the column header as written in the file, the value, and what is expected, in Chinese — together with the
warnings that do not block an import and the rows mapped to the lake's columns. The header mapping, value aliases
and thresholds are data: `data/reference/import_headers.toml`.

The ID-card number is kept (normalised) in `person_id` of the returned frame only so that the importer can replace
it by its keyed hash; names and phone numbers are dropped on reading and never reach the frame.
"""

import re
import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from lake import reference
from lake.schema import TABLES, allowed_values
from lake.sources import FileProblem, Sheet, Source, read_rows, too_slow

__all__ = ["FileProblem", "Source", "check", "checks", "importable_tables", "limits"]

MAPPING_PATH = reference.REFERENCE_DIR / "import_headers.toml"
FILE_ROW = 0  # the row number of a problem about the whole file
HEADER_SEARCH_ROWS = 10  # a title or note may stand above the header; it is looked for in the first rows
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"  # ISO 7064 MOD 11-2: check character by (weighted sum mod 11)
ID_PATTERN = re.compile(r"[0-9]{17}[0-9X]")  # ASCII only: \d also matches full-width and other scripts' digits
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NO_WORK_CAPACITY = ("丧失劳动力", "无劳动力")
OUTSIDE_DISTRICT = ("区外省内", "省外", "境外")
OUTSIDE_TOWNSHIP = ("乡镇外区内", *OUTSIDE_DISTRICT)
NOT_OUTSIDE_CHANNELS = ("公益性岗位", "帮扶载体")
WORK_COLUMNS = ("work_location", "channel", "employment_form", "industry", "monthly_income_yuan")
# Kinds whose text is a number or a code: full-width digits and letters typed in a Chinese input method are
# read as their ASCII forms (NFKC), so "４２０１…" is the same ID as "4201…".
# How the clerk is told a table's key (lake.schema `Table.key`) was repeated, and how the two rows relate.
KEY_RULES = {
    "laborers": ("每人每月只能有一行", "是同一人"), "welfare_posts": ("每人每月只能有一行", "是同一人"),
    "subsidy_claims": ("每笔补贴的编号唯一", "相同"), "entrepreneurs": ("每人每年只能有一行", "是同一人"),
    "carriers": ("每个载体的编号唯一", "相同"), "town_assessments": ("每个乡镇（街道）每年只报一行", "相同"),
    "labor_brokers": ("每名经纪人的编号唯一", "相同"), "service_campaigns": ("每项活动每区每月只报一行", "相同"),
    "startup_records": ("每条认定（申报）的编号唯一", "相同"), "startup_leaders": ("每人每年只能有一行", "是同一人"),
}
NORMALISED_KINDS = ("id_card", "district", "town", "integer", "date", "boolean", "percent", "months")


@dataclass(frozen=True)
class Problem:
    row: int  # Excel row number (header = 1, first data row = 2); FILE_ROW for the whole file
    column: str  # the header as written in the file
    value: str
    expected: str
    rule: str = ""  # what the column expects, the same for every row it fails in (the summary groups by it)
    position: int = -1  # 0-based column of the file, for marking the cell in a copy of the sheet; -1: none

    def text(self) -> str:
        if self.row == FILE_ROW:
            return f"整个文件：{self.expected}"
        where = f"第 {self.row} 行"
        column = f"「{self.column}」" if self.column else ""
        value = f"值“{self.value}”" if self.value else "为空"
        return f"{where}{column}：{value}，应为：{self.expected}"


@dataclass
class Checked:
    table: str
    month: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    frame: pd.DataFrame | None = None  # lake columns, index = Excel row number; person_id = ID-card number (!)
    source_rows: int = 0
    sheet: str = ""  # the worksheet read, for an Excel file

    @property
    def ok(self) -> bool:
        return not self.problems and self.frame is not None


# ---- the mapping kept as data ----
def normalize_header(text: str) -> str:
    """Headers compare without spaces, required-field stars, or the difference between half- and full-width brackets."""
    text = re.sub(r"[\s*＊]", "", str(text))
    return text.replace("(", "（").replace(")", "）")


@cache
def mapping() -> dict:
    with open(MAPPING_PATH, "rb") as f:
        return tomllib.load(f)


def importable_tables() -> list[str]:
    """Tables that have a header mapping: the monthly rosters and ledger, and the yearly tables."""
    return [t for t in TABLES if t in mapping()]


def is_yearly(table: str) -> bool:
    return TABLES[table].partition_key == "year"


def columns_of(table: str) -> list[dict]:
    return mapping()[table]["column"]


def header_label(table: str, column: str) -> str:
    """The Chinese header a lake column is reported under (the first accepted header)."""
    spec = next((c for c in columns_of(table) if c["column"] == column), None)
    return spec["headers"][0] if spec else column


def checks() -> dict:
    return mapping()["checks"]


def limits() -> dict:
    """The caps on a file's size, rows, columns and cell length (import_headers.toml `[limits]`)."""
    return mapping()["limits"]


def period_problem(table: str, period: str, today: date | None = None) -> str | None:
    """None when `period` is right for `table` — a begun YYYY-MM month for a monthly table, a begun YYYY year for a
    yearly one — else what is wrong, in Chinese."""
    if not is_yearly(table):
        return month_problem(period, today)
    if not re.fullmatch(r"\d{4}", period or ""):
        return f"“{table}”是年度表：年度“{period}”格式不对，应为 YYYY，如 2026（命令行用 --year，make 用 YEAR=）。"
    today = today or date.today()
    if int(period) > today.year:
        return f"年度 {period} 还没有到（今天是 {today.isoformat()}）：请核对年度。"
    if int(period) < checks()["earliest_year"]:
        return f"年度 {period} 早于 {checks()['earliest_year']} 年：请核对年度。"
    return None


def as_of_month(table: str, period: str) -> str:
    """The month a row's dates and ages are checked at: the month itself, or a yearly table's December."""
    return f"{period}-12" if is_yearly(table) else period


def month_problem(month: str, today: date | None = None) -> str | None:
    """None when `month` is a YYYY-MM month that has begun by `today`, else what is wrong, in Chinese."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month or ""):
        return f"统计月份“{month}”格式不对：应为 YYYY-MM，如 2026-10。"
    today = today or date.today()
    if _month_start(month) > today:
        return (f"统计月份 {month} 还没有到（今天是 {today.isoformat()}）：花名册只能报已开始的月份。"
                "请核对统计月份是否多打了一年或一月。")
    if int(month[:4]) < checks()["earliest_year"]:
        return f"统计月份 {month} 早于 {checks()['earliest_year']} 年：请核对年份。"
    return None


# ---- the checks ----
def mask_id(value: str) -> str:
    """Reports show an ID-card number with its birth date hidden: the row number finds it in the file."""
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else value


def id_card_problem(value: str, month: str) -> str | None:
    """None when `value` is a valid 18-digit 公民身份号码 (GB 11643), else what is expected."""
    if not ID_PATTERN.fullmatch(value):
        return "18 位公民身份号码（前 17 位数字，末位数字或 X）"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "公民身份号码第 7–14 位须为有效的出生日期"
    if born.year < 1900 or born > _month_start(month):
        return "公民身份号码第 7–14 位须为有效的出生日期"
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK_CHARS[total % 11] != value[17]:
        return "有效的公民身份号码（末位校验码不符合 GB 11643，请核对号码）"
    return None


def _month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def age_at(id_number: str, when: date) -> int:
    born = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


@cache
def _boolean_values() -> dict[str, bool]:
    spec = mapping()["boolean"]
    return {v.upper(): True for v in spec["true"]} | {v.upper(): False for v in spec["false"]}


def _parse_number(text: str) -> float | None:
    try:
        return float(re.sub(r"[,，\s]", "", text))
    except ValueError:
        return None


def _parse_integer(text: str) -> int | None:
    cleaned = re.sub(r"[,，\s]|元$|个?月$", "", text)
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d", "%Y-%m", "%Y/%m", "%Y年%m月")


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.split(" ")[0], fmt).date()
        except ValueError:
            continue
    return None


class _Checker:
    """The checks of one file, column by column: each rule is a vectorised test over the whole frame that returns
    the rows failing it. Every problem is collected, nothing stops at the first, and a cell gets one problem only
    (a cell refused for its value is not refused again by a rule that reads it)."""

    def __init__(self, table: str, period: str, suffix: str = ""):
        self.table, self.period, self.month, self.suffix = table, period, as_of_month(table, period), suffix
        self.result = Checked(table, period)
        self.headers: dict[str, str] = {}  # lake column -> header as written in the file
        self.positions: dict[str, int] = {}  # lake column -> 0-based column of the file
        self.widened: list[int] = []  # rows whose ID was typed with full-width characters
        self.reported: set[tuple[int, str]] = set()  # (row, lake column) of each cell already refused
        self.raw = self.frame = pd.DataFrame()  # the cells as written; the values parsed so far

    def problem(self, row: int, column: str, value, expected: str, rule: str = "") -> None:
        if (row, column) in self.reported:
            return
        self.reported.add((row, column))
        header = self.headers.get(column, header_label(self.table, column)) if column else ""
        shown = mask_id(str(value)) if column == "person_id" else ("" if value is None else str(value))
        self.result.problems.append(Problem(row, header, shown, expected, rule or expected,
                                            self.positions.get(column, -1)))

    def problems(self, failing: pd.Series, column: str, expected: str, values: pd.Series | None = None) -> None:
        """One problem per row where `failing` holds, showing the cell of `values` (default: the column itself)."""
        rows = failing.index[failing.to_numpy(dtype=bool)]
        if rows.empty:
            return
        shown = values if values is not None else self.raw[column] if column in self.raw else self.frame[column]
        for row in rows:
            self.problem(row, column, shown.at[row], expected)

    def file_problem(self, message: str, column: str = "") -> None:
        self.result.problems.append(Problem(FILE_ROW, column, "", message, message))

    # -- headers --
    def map_headers(self, header: list[str]) -> dict[int, str]:
        """Position -> lake column for the mapped headers; file-level problems for missing or doubled columns."""
        by_header = {normalize_header(h): c["column"] for c in columns_of(self.table) for h in c["headers"]}
        dropped = {normalize_header(h) for h in mapping()["drop"]["headers"]}
        positions, ignored, removed = {}, [], []
        for i, raw in enumerate(header):
            name = normalize_header(raw)
            if not name:
                continue
            if name in dropped:
                removed.append(raw)
            elif name in by_header:
                column = by_header[name]
                if column in self.headers:
                    self.file_problem(f"同一字段只能有一列：「{self.headers[column]}」与「{raw}」重复", raw)
                    continue
                self.headers[column] = raw
                positions[i] = column
            else:
                ignored.append(raw)
        self.positions = {column: i for i, column in positions.items()}
        # Garbled headers are how a CSV in another encoding shows; a workbook stores text as Unicode
        hint = "如果表头显示为乱码，请将文件另存为 UTF-8 或 GB18030 编码后重新导入" if self.suffix == ".csv" else ""
        for spec in columns_of(self.table):
            if spec["column"] not in self.headers and spec.get("required"):
                self.file_problem(f"文件须包含“{spec['headers'][0]}”列（可用表头：{'、'.join(spec['headers'])}）。"
                                  + (hint or "请在表头行加上这一列并逐行填写后重新导入"), spec["headers"][0])
        if removed:
            self.result.warnings.append(f"已删除个人信息列（不入库）：{'、'.join(removed)}")
        if ignored:
            self.result.warnings.append(f"以下列不在导入映射中，已忽略：{'、'.join(ignored)}")
        absent = [c["headers"][0] for c in columns_of(self.table)
                  if c["column"] not in self.headers and not c.get("required")
                  and not (c["column"] in ("gender", "able_to_work") and self.table == "laborers")]
        if absent and self.headers:
            self.result.warnings.append(f"文件中没有以下列，入库后为空：{'、'.join(absent)}")
        return positions

    # -- values, one column at a time --
    def parse(self, raw: pd.DataFrame) -> pd.DataFrame:
        """The file's text as values, column by column; each distinct text is parsed once (a roster repeats its
        districts, towns, choices and numbers), and the rows whose text fails are reported together."""
        out = pd.DataFrame(index=raw.index)
        self.raw = self.frame = raw  # the cells as written, shown in problems
        specs = {c["column"]: c for c in columns_of(self.table)}
        order = sorted(raw.columns, key=lambda c: specs[c]["kind"] == "town")  # towns need the district first
        for column in order:
            spec, values = specs[column], raw[column]
            taken = values.index.isin([row for row, c in self.reported if c == column])
            blank = values.eq("").to_numpy() & ~taken
            if spec.get("required"):
                self.problems(pd.Series(blank, index=values.index), column, "必填，不能为空")
            present = values[~blank & ~taken]
            if spec["kind"] in NORMALISED_KINDS:
                present = self.normalise(spec, present)
            elif spec["kind"] == "text":
                control = present.str.contains(CONTROL_CHARS)
                for row in present.index[control.to_numpy()]:
                    self.problem(row, column, CONTROL_CHARS.sub("?", present.at[row]),
                                 "不含不可见的控制字符（多为从其他系统复制而来，请用 Excel 的 CLEAN 函数清除）")
                present = present[~control]
            if spec["kind"] == "id_card":
                parsed = present.str.upper()
                expected = _id_problems(parsed, self.month)
            else:
                if spec["kind"] == "town" and "district_code" in TABLES[self.table].schema.names:
                    district = out["district_code"].reindex(present.index) if "district_code" in out \
                        else pd.Series(None, index=present.index, dtype=object)
                    codes, pairs = pd.factorize(pd.MultiIndex.from_arrays([present, district.fillna("")]))
                    outcome = [_town(text, code or None) for text, code in pairs]
                else:
                    codes, texts = pd.factorize(present)
                    outcome = [self.parse_value(spec, column, text) for text in texts]
                values_of, expected_of = (np.array([o[i] for o in outcome], dtype=object) for i in (0, 1))
                parsed = pd.Series(values_of[codes], index=present.index, dtype=object)
                expected = pd.Series(expected_of[codes], index=present.index, dtype=object)
            failing = expected.notna()
            for row in present.index[failing.to_numpy()]:
                self.problem(row, column, present.at[row], expected.at[row], _rule(spec, expected.at[row]))
            out[column] = parsed[~failing].reindex(values.index).astype(object).where(lambda s: s.notna(), None)
        return out

    def normalise(self, spec: dict, present: pd.Series) -> pd.Series:
        """Full-width digits and letters as ASCII (each distinct text once); an ID changed so is noted for a
        warning naming the rows."""
        fixed = {text: text if text.isascii() else unicodedata.normalize("NFKC", text).replace(" ", "").strip()
                 for text in dict.fromkeys(present)}
        if all(text == to for text, to in fixed.items()):
            return present
        changed = pd.Series([fixed[text] for text in present], index=present.index, dtype=object)
        if spec["kind"] == "id_card":
            self.widened += present.index[(changed != present).to_numpy()].tolist()
        return changed

    def parse_value(self, spec: dict, column: str, text: str):
        """(value, None) for a good text, (None or the value, what is expected) for a bad one."""
        kind = spec["kind"]
        if kind == "id_card":
            value = text.upper()
            return value, id_card_problem(value, self.month)
        if kind == "district":
            code = _district_lookup().get(text)
            return code, None if code else "武汉市的区名称或 6 位区代码（如 黄陂区 或 420116）"
        if kind == "town":
            return _town_alone(text)
        if kind == "choice":
            value = mapping().get("aliases", {}).get(column, {}).get(text, text)
            allowed = allowed_values(self.table, column)
            return value, None if value in allowed else f"以下之一：{'、'.join(allowed)}"
        if kind == "boolean":
            value = _boolean_values().get(text.upper())
            return value, None if value is not None else "是 或 否"
        if kind == "integer":
            value = _parse_integer(text)
            return value, None if value is not None else integer_rule(column)
        if kind == "date":
            value = _parse_date(text)
            if value and is_yearly(self.table) and value > date(int(self.period), 12, 31):
                return None, f"不晚于 {self.period} 年底的日期（名册只列该年度已发生的情况）"
            return value, None if value else "日期，例如 2026-03-01"
        if kind == "percent":
            value = _parse_number(text.rstrip("%％"))
            return value, None if value is not None and 0 <= value <= 100 else "0–100 之间的百分数，例如 92.5"
        if kind == "months":
            value = _parse_integer(text)
            return value, None if value is not None and 0 <= value <= 12 else "0–12 之间的整数，单位：月，例如 10"
        return text, None

    # -- rules across columns and rows --
    def cross_checks(self, df: pd.DataFrame) -> None:
        self.frame = df
        limits = checks()
        self.key_check(df)
        for money in ("monthly_income_yuan", "monthly_pay_yuan"):
            if money in df:
                v = pd.to_numeric(df[money])
                self.problems(v.notna() & ~v.between(limits["income_min_yuan"], limits["income_max_yuan"]), money,
                              f"{limits['income_min_yuan']}–{limits['income_max_yuan']} 元的整数，例如 3500")
        for count in ("employs_laborers", "laborers_absorbed", "entrepreneurs_supported", "demo_applications",
                      "entrepreneur_models", "featured_industries", "carriers_count", "staff_stationed",
                      "min_staff_days_per_month", "villages_covered", "persons_placed", "laborers_served",
                      "jobs_offered", "laborers_placed"):
            if count in df:
                self.problems(pd.to_numeric(df[count]) < 0, count, f"不小于 0 的{integer_rule(count)}")
        if self.table == "service_campaigns":
            self.campaign_rules(df)
        if "amount_yuan" in df:
            v = pd.to_numeric(df["amount_yuan"])
            self.problems(v.notna() & ~((v > 0) & (v <= limits["claim_max_yuan"])), "amount_yuan",
                          f"大于 0 且不超过 {limits['claim_max_yuan']:,} 元的整数，例如 2000")
        if self.table == "laborers":
            self.laborer_rules(df)
            self.age_rule(df, pd.Series(True, index=df.index), "laborer", "脱贫劳动力")
        if self.table == "welfare_posts":
            self.age_rule(df, pd.Series(True, index=df.index), "welfare", "公益性岗位人员")
            self.welfare_start(df)
        if "labor_brand" in df:
            brands = [b["brand_name"] for b in reference.labor_brands()]
            self.problems(df["labor_brand"].notna() & ~df["labor_brand"].isin(brands), "labor_brand",
                          f"已登记的劳务品牌：{'、'.join(brands)}（或留空）")

    def key_check(self, df: pd.DataFrame) -> None:
        """A row repeating the key of an earlier row is refused (schema `Table.key`); only the key is unique."""
        key = list(TABLES[self.table].key)
        if not key or not all(c in df for c in key):
            return
        rows = df[key].dropna()
        first = rows.reset_index().groupby(key, sort=False)["row"].transform("min").set_axis(rows.index)
        rule, same = KEY_RULES[self.table]
        for row, earlier in first[first.index != first.to_numpy()].items():
            self.problem(row, key[0], df.at[row, key[0]], f"{rule}（与第 {earlier} 行{same}）", rule)

    def campaign_rules(self, df: pd.DataFrame) -> None:
        """A campaign is held in a month (1–12) and places no more than it served."""
        if "month_of_year" in df:
            self.problems(pd.to_numeric(df["month_of_year"]) < 1, "month_of_year", "1–12 之间的月份，例如 3")
        if "laborers_served" in df and "laborers_placed" in df:
            served, placed = pd.to_numeric(df["laborers_served"]), pd.to_numeric(df["laborers_placed"])
            for row in df.index[(placed > served).to_numpy()]:
                self.problem(row, "laborers_placed", df.at[row, "laborers_placed"],
                             f"不超过服务脱贫劳动力人数（{df.at[row, 'laborers_served']}）", "不超过服务脱贫劳动力人数")

    def laborer_rules(self, df: pd.DataFrame) -> None:
        def col(name) -> pd.Series:  # a column the file lacks is empty in every row
            return df[name] if name in df else pd.Series(None, index=df.index, dtype=object)

        employed, location, months = col("employed"), col("work_location"), pd.to_numeric(col("months_worked_ytd"))
        channel, form = col("channel"), col("employment_form")
        not_working = employed.eq(False)
        for name in WORK_COLUMNS:
            if name in df:
                self.problems(not_working & df[name].notna(), name, "未务工（是否已务工为“否”）时应为空")
        has_months = months.fillna(0).ne(0)
        self.problems(~not_working & location.notna() & ~has_months, "months_worked_ytd",
                      "填写了务工所在地，务工时间须同时填写（大于 0 的整数，单位：月，例如 10）",
                      col("months_worked_ytd"))
        self.problems(~not_working & employed.eq(True) & location.isna() & has_months, "work_location",
                      "填写了务工时间，务工所在地须同时填写", location.fillna(""))
        last = int(self.month[5:])
        self.problems(months.notna() & ~months.between(0, last), "months_worked_ytd",
                      f"0–{last} 之间的整数，单位：月（本年 1 月至统计月份），例如 {last}")
        outside = location.isin(OUTSIDE_DISTRICT)
        for row in df.index[(outside & channel.isin(NOT_OUTSIDE_CHANNELS)).to_numpy()]:
            self.problem(row, "channel", channel.at[row],
                         f"区外务工（{location.at[row]}）的就业渠道不能是公益性岗位或帮扶载体",
                         "区外务工的就业渠道不能是公益性岗位或帮扶载体")
        for row in df.index[(location.isin(OUTSIDE_TOWNSHIP) & form.eq("公益性岗位")).to_numpy()]:
            # 乡村公益性岗位 are posts in the home village: the form says so as much as the channel does
            self.problem(row, "employment_form", form.at[row],
                         f"乡镇外务工（{location.at[row]}）的就业形式不能是公益性岗位（乡村公益性岗位在本村，属乡镇内）",
                         "乡镇外务工的就业形式不能是公益性岗位（乡村公益性岗位在本村，属乡镇内）")
        self.age_rule(df, channel.eq("公益性岗位") | form.eq("公益性岗位"), "welfare", "公益性岗位人员")

    def age_rule(self, df: pd.DataFrame, rows: pd.Series, limits_of: str, who: str) -> None:
        """Ages at the month from the ID numbers (valid ones: a refused ID is reported already)."""
        if "person_id" not in df:
            return
        low, high = checks()[f"{limits_of}_min_age"], checks()[f"{limits_of}_max_age"]
        age = _ages(df["person_id"], _month_start(self.month))
        header, rule = self.headers.get("person_id", "证件号码"), f"{who}须年满 {low} 周岁且未满 {high} 周岁"
        for row in df.index[(rows & age.notna() & ~age.between(low, high - 1)).to_numpy()]:
            if (row, "person_id") not in self.reported and (row, "age") not in self.reported:
                self.reported.add((row, "age"))
                self.result.problems.append(Problem(row, f"{header}（年龄）", f"{int(age.at[row])} 周岁", rule, rule,
                                                    self.positions.get("person_id", -1)))

    def welfare_start(self, df: pd.DataFrame) -> None:
        """A post starts by the end of the month it is reported in, and when its holder was of age."""
        if "start_date" not in df or "person_id" not in df:
            return
        month_end = (pd.Timestamp(_month_start(self.month)) + pd.offsets.MonthEnd(0)).date()
        low = checks()["welfare_min_age"]
        started = df["start_date"]
        late = started.notna() & (started.map(lambda d: d is not None and d > month_end))
        self.problems(late, "start_date",
                      f"不晚于统计月份的最后一天（{month_end.isoformat()}）：花名册只列已上岗的人员",
                      started.map(lambda d: d.isoformat() if d else ""))
        for row in df.index[(started.notna() & ~late).to_numpy()]:
            pid = df.at[row, "person_id"]
            if pid is not None and age_at(pid, started.at[row]) < low:
                self.problem(row, "start_date", started.at[row].isoformat(),
                             f"上岗时已年满 {low} 周岁（按证件号码，上岗时 {age_at(pid, started.at[row])} 周岁）",
                             f"上岗时已年满 {low} 周岁（按证件号码）")

    # -- the lake's columns --
    def to_lake(self, df: pd.DataFrame) -> pd.DataFrame:
        schema = TABLES[self.table].schema
        out = pd.DataFrame(index=df.index)
        for name in schema.names:
            out[name] = df[name] if name in df else pd.Series(None, index=df.index, dtype=object)
        if self.table == "laborers":
            ids = out["person_id"]
            out["birth_year"] = ids.str.slice(6, 10).astype(int)
            if "gender" not in df:
                out["gender"] = ids.str.slice(16, 17).astype(int).mod(2).map({1: "男", 0: "女"})
            if "able_to_work" not in df:
                out["able_to_work"] = ~out["labor_skill"].isin(NO_WORK_CAPACITY)
        return out


def _id_problems(ids: pd.Series, month: str) -> pd.Series:
    """What is expected for each ID number that fails GB 11643 (None where it passes), tested over the whole column
    at once: the shape by a regular expression, the birth date by pandas, the check character by numpy."""
    shaped = ids.str.fullmatch(ID_PATTERN.pattern).fillna(False).to_numpy(dtype=bool)
    good = ids[shaped]
    born = pd.to_datetime(good.str.slice(6, 14), format="%Y%m%d", errors="coerce")
    dated = (born.notna() & (born.dt.year >= 1900) & (born <= pd.Timestamp(_month_start(month)))).to_numpy()
    digits = np.frombuffer("".join(good).encode("ascii"), dtype=np.uint8).reshape(-1, 18)[:, :17] - ord("0")
    check_chars = np.array(list(ID_CHECK_CHARS))[digits.astype(np.int64) @ np.array(ID_WEIGHTS) % 11]
    passing = np.zeros(len(ids), dtype=bool)
    passing[np.flatnonzero(shaped)] = dated & (check_chars == good.str.slice(17).to_numpy(dtype=str))
    return pd.Series([None if ok else id_card_problem(v, month) for v, ok in zip(ids, passing, strict=True)],
                     index=ids.index, dtype=object)


def _ages(ids: pd.Series, when: date) -> pd.Series:
    """Whole years of age at `when` from valid 18-digit ID numbers (NaN where the ID is missing)."""
    born = ids.dropna().str.slice(6, 14).astype(int)
    year, month_day = born // 10000, born % 10000
    age = when.year - year - (month_day > when.month * 100 + when.day)
    return age.reindex(ids.index)


def integer_rule(column: str) -> str:
    """"整数，单位：月，例如 10": what a number column takes, its unit and an example (import_headers.toml
    [examples])."""
    unit, example = mapping().get("examples", {}).get(column, ("", ""))
    return "整数" + (f"，单位：{unit}" if unit else "") + (f"，例如 {example}" if example else "")


def _rule(spec: dict, expected: str) -> str:
    """The summary's words for a value refused in a column: a town's message names the town, so it is summarised."""
    if spec["kind"] == "town" and "属于" in expected:
        return "所在区的乡镇（街道）：名称或 9 位统计代码须与同一行的区一致"
    return expected


@cache
def _district_lookup() -> dict[str, str]:
    lookup = {}
    for d in reference.districts():
        for key in (d["district_code"], d["district_name"], d["district_short"]):
            lookup[key] = d["district_code"]
    return lookup


@cache
def _town_index() -> tuple[dict, dict]:
    by_code = {t["town_code"]: t for t in reference.towns()}
    by_name: dict[str, list[dict]] = {}
    for t in reference.towns():
        by_name.setdefault(t["town_name"], []).append(t)
    return by_code, by_name


def _town(text: str, district: str | None) -> tuple[str | None, str | None]:
    """A town given by name or code, checked against the row's district (李集街道 is in 黄陂 and in 新洲)."""
    by_code, by_name = _town_index()
    code = text[:9] if re.fullmatch(r"\d{9}(000)?", text) else None
    candidates = [by_code[code]] if code in by_code else by_name.get(text, [])
    if not candidates:
        return None, "武汉市的乡镇（街道）名称或 9 位统计代码（见 data/reference/towns.csv）"
    if district is None:
        return None, None  # the district's own problem is reported; the town cannot be checked against it
    match = next((t for t in candidates if t["district_code"] == district), None)
    if match is None:
        names = reference.district_names()
        owners = "、".join(names[t["district_code"]] for t in candidates)
        return None, f"{names.get(district, district)}的乡镇（街道）（“{text}”属于{owners}）"
    return match["town_code"], None


def _town_alone(text: str) -> tuple[str | None, str | None]:
    """A town named without its district: its 9-digit code, or a name only one town has."""
    by_code, by_name = _town_index()
    code = text[:9] if re.fullmatch(r"\d{9}(000)?", text) else None
    candidates = [by_code[code]] if code in by_code else by_name.get(text, [])
    if len(candidates) == 1:
        return candidates[0]["town_code"], None
    if candidates:
        return None, f"9 位统计代码（“{text}”在多个区都有，见 data/reference/towns.csv）"
    return None, "武汉市的乡镇（街道）名称或 9 位统计代码（见 data/reference/towns.csv）"


def _header_row(table: str, rows: list[tuple[int, list[str]]]) -> int:
    """The index in `rows` of the header: the first of the leading rows naming most of the required columns.

    Exports often carry a title ("2026年10月脱贫劳动力花名册") or a note above the header; row numbers stay those of
    the sheet, so the report still points at the right row.
    """
    required = [{normalize_header(h) for h in c["headers"]} for c in columns_of(table) if c.get("required")]
    for i, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {normalize_header(c) for c in cells}
        if sum(bool(names & headers) for headers in required) * 2 >= len(required):
            return i
    return 0


def check(source: Source, table: str, month: str, sheet: str = "") -> Checked:
    """Every problem of the file for `table` and `month` (a year 'YYYY' for a yearly table), the warnings, and (when
    clean) the rows in lake columns.

    Never raises for anything in the file: a file that cannot be read at all is one problem about the whole file.
    `sheet` names the worksheet of an Excel file to read (see lake.sources.choose_sheet).
    """
    checker = _Checker(table, month, Path(source.name).suffix.lower())
    result = checker.result
    started = time.monotonic()
    try:
        read: Sheet = read_rows(source, limits(), sheet)
    except FileProblem as exc:
        checker.file_problem(str(exc))
        return result
    result.sheet = read.name
    result.warnings += read.warnings
    rows = read.rows
    if not rows:
        checker.file_problem("文件是空的：第 1 行应为表头，第 2 行起为数据。")
        return result
    top = _header_row(table, rows)
    header_number, header = rows[top]
    if top:
        result.warnings.append(f"表头在第 {header_number} 行，其上方的 {top} 行（标题或说明）未导入")
    positions = checker.map_headers(header)
    numbered = rows[top + 1:]
    result.source_rows = len(numbered)
    if not numbered:
        checker.file_problem("文件只有表头，没有数据行。")
        return result
    for issue in read.issues:
        if issue.row > header_number and issue.column in positions:
            checker.problem(issue.row, positions[issue.column], issue.value, issue.expected)
    width = max(positions, default=-1) + 1
    # one transposition in C (zip) instead of a Python loop per cell; short rows are padded with empty cells
    by_position = list(zip(*(r[:width] + [""] * (width - len(r)) for _, r in numbered), strict=True)) or [()] * width
    raw = pd.DataFrame({column: list(by_position[i]) for i, column in positions.items()},
                       index=pd.Index([n for n, _ in numbered], name="row"), dtype=object)
    del rows, numbered, read
    parsed = checker.parse(raw)
    if time.monotonic() - started > limits()["max_seconds"]:
        checker.file_problem(str(too_slow(limits()["max_seconds"])))
        return result
    if checker.widened:
        shown = "、".join(str(r) for r in checker.widened[:10]) + ("等" if len(checker.widened) > 10 else "")
        result.warnings.append(f"第 {shown} 行（共 {len(checker.widened)} 行）的证件号码含全角数字或字母，"
                               "已按半角读取")
    checker.cross_checks(parsed)
    checker.raw = checker.frame = None
    del raw
    if not result.problems:
        result.frame = checker.to_lake(parsed)
    result.problems.sort(key=lambda p: p.row)
    return result

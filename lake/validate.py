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

import pandas as pd

from lake import reference
from lake.schema import TABLES, allowed_values
from lake.sources import FileProblem, Sheet, Source, read_rows, too_slow

__all__ = ["FileProblem", "Source", "check", "checks", "importable_tables", "limits", "report_frame"]

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
    """One pass over a file's rows; every problem is collected, nothing stops at the first."""

    def __init__(self, table: str, period: str):
        self.table, self.period, self.month = table, period, as_of_month(table, period)
        self.result = Checked(table, period)
        self.headers: dict[str, str] = {}  # lake column -> header as written in the file
        self.widened: list[int] = []  # rows whose ID was typed with full-width characters
        self.skip: set[tuple[int, str]] = set()  # cells already reported by the reader (error values, formulas)
        self.valid_ids: set[str] = set()  # ID-card numbers that passed their check, so that age checks need not redo it
        self.parsed: dict[str, dict] = {}  # lake column -> {row: value}, as parsed so far

    def problem(self, row: int, column: str, value, expected: str) -> None:
        header = self.headers.get(column, header_label(self.table, column)) if column else ""
        shown = mask_id(str(value)) if column == "person_id" else ("" if value is None else str(value))
        self.result.problems.append(Problem(row, header, shown, expected))

    def file_problem(self, message: str, column: str = "") -> None:
        self.result.problems.append(Problem(FILE_ROW, column, "", message))

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
        for spec in columns_of(self.table):
            if spec["column"] not in self.headers and spec.get("required"):
                self.file_problem(f"文件须包含“{spec['headers'][0]}”列（可用表头：{'、'.join(spec['headers'])}）。"
                                  "如果表头显示为乱码，请将文件另存为 UTF-8 或 GB18030 编码后重新导入",
                                  spec["headers"][0])
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
        out = pd.DataFrame(index=raw.index)
        specs = {c["column"]: c for c in columns_of(self.table)}
        order = sorted(raw.columns, key=lambda c: specs[c]["kind"] == "town")  # towns need the district first
        for column in order:
            spec, values = specs[column], raw[column]
            parsed = {}
            for row, text in values.items():
                if (row, column) in self.skip:
                    parsed[row] = None
                    continue
                if text == "":
                    if spec.get("required"):
                        self.problem(row, column, "", "必填，不能为空")
                    parsed[row] = None
                    continue
                if spec["kind"] in NORMALISED_KINDS and not text.isascii():
                    text = self.normalise(spec, column, text, row)
                elif spec["kind"] == "text" and CONTROL_CHARS.search(text):
                    self.problem(row, column, CONTROL_CHARS.sub("?", text),
                                 "不含不可见的控制字符（多为从其他系统复制而来，请用 Excel 的 CLEAN 函数清除）")
                    parsed[row] = None
                    continue
                value, expected = self.parse_value(spec, column, text, out, row)
                if expected:
                    self.problem(row, column, text, expected)
                elif spec["kind"] == "id_card":
                    self.valid_ids.add(value)
                parsed[row] = value
            self.parsed[column] = parsed
            out[column] = pd.Series(parsed, dtype=object)
        return out

    def normalise(self, spec: dict, column: str, text: str, row: int) -> str:
        """Full-width digits and letters as ASCII; an ID changed so is noted for a warning naming the rows."""
        ascii_text = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
        if spec["kind"] == "id_card" and ascii_text != text:
            self.widened.append(row)
        return ascii_text

    def parse_value(self, spec: dict, column: str, text: str, parsed: pd.DataFrame, row: int):
        kind = spec["kind"]
        if kind == "id_card":
            value = text.upper()
            return value, id_card_problem(value, self.month)
        if kind == "district":
            code = _district_lookup().get(text)
            return code, None if code else "武汉市的区名称或 6 位区代码（如 黄陂区 或 420116）"
        if kind == "town":
            if "district_code" not in TABLES[self.table].schema.names:
                return _town_alone(text)
            return _town(text, self.parsed.get("district_code", {}).get(row))
        if kind == "choice":
            value = mapping().get("aliases", {}).get(column, {}).get(text, text)
            allowed = allowed_values(self.table, column)
            return value, None if value in allowed else f"以下之一：{'、'.join(allowed)}"
        if kind == "boolean":
            value = _boolean_values().get(text.upper())
            return value, None if value is not None else "是 或 否"
        if kind == "integer":
            value = _parse_integer(text)
            return value, None if value is not None else "整数"
        if kind == "date":
            value = _parse_date(text)
            if value and is_yearly(self.table) and value > date(int(self.period), 12, 31):
                return None, f"不晚于 {self.period} 年底的日期（名册只列该年度已发生的情况）"
            return value, None if value else "日期，如 2026-03-01"
        if kind == "percent":
            value = _parse_number(text.rstrip("%％"))
            return value, None if value is not None and 0 <= value <= 100 else "0–100 之间的百分数，如 92.5"
        if kind == "months":
            value = _parse_integer(text)
            return value, None if value is not None and 0 <= value <= 12 else "0–12 之间的整数（一年中的月数）"
        return text, None

    # -- rules across columns and rows --
    def cross_checks(self, df: pd.DataFrame) -> None:
        limits = checks()
        self.key_check(df)
        for money in ("monthly_income_yuan", "monthly_pay_yuan"):
            if money in df:
                for row, v in df[money].items():
                    if v is not None and not limits["income_min_yuan"] <= v <= limits["income_max_yuan"]:
                        self.problem(row, money, v, f"{limits['income_min_yuan']}–{limits['income_max_yuan']} 元")
        for count in ("employs_laborers", "laborers_absorbed", "entrepreneurs_supported", "demo_applications",
                      "entrepreneur_models", "featured_industries", "carriers_count", "staff_stationed",
                      "min_staff_days_per_month", "villages_covered", "persons_placed", "laborers_served",
                      "jobs_offered", "laborers_placed"):
            if count in df:
                for row, v in df[count].items():
                    if v is not None and v < 0:
                        self.problem(row, count, v, "不小于 0 的整数")
        if self.table == "service_campaigns":
            self.campaign_rules(df)
        if "amount_yuan" in df:
            for row, v in df["amount_yuan"].items():
                if v is not None and not 0 < v <= limits["claim_max_yuan"]:
                    self.problem(row, "amount_yuan", v, f"大于 0 且不超过 {limits['claim_max_yuan']:,} 元")
        if self.table == "laborers":
            self.laborer_rules(df)
            self.laborer_age(df)
        if self.table == "welfare_posts":
            self.welfare_age(df, df.index)
            self.welfare_start(df)
        if "labor_brand" in df:
            brands = [b["brand_name"] for b in reference.labor_brands()]
            for row, v in df["labor_brand"].items():
                if v is not None and v not in brands:
                    self.problem(row, "labor_brand", v, f"已登记的劳务品牌：{'、'.join(brands)}（或留空）")

    def key_check(self, df: pd.DataFrame) -> None:
        """A row repeating the key of an earlier row is refused (schema `Table.key`); only the key is unique."""
        key = list(TABLES[self.table].key)
        if not key or not all(c in df for c in key):
            return
        rows = df[key].dropna()
        first = rows.reset_index().groupby(key, sort=False)["row"].transform("min").set_axis(rows.index)
        rule, same = KEY_RULES[self.table]
        for row, earlier in first[first.index != first.to_numpy()].items():
            self.problem(row, key[0], df.at[row, key[0]], f"{rule}（与第 {earlier} 行{same}）")

    def campaign_rules(self, df: pd.DataFrame) -> None:
        """A campaign is held in a month (1–12) and places no more than it served."""
        for row in df.index:
            month, served, placed = (df.at[row, c] if c in df else None
                                     for c in ("month_of_year", "laborers_served", "laborers_placed"))
            if month is not None and month < 1:
                self.problem(row, "month_of_year", month, "1–12 之间的月份")
            if served is not None and placed is not None and placed > served:
                self.problem(row, "laborers_placed", placed, f"不超过服务脱贫劳动力人数（{served}）")

    def laborer_rules(self, df: pd.DataFrame) -> None:
        def col(name) -> dict:
            # row -> value as parsed (None where empty); a column the file lacks is None in every row
            return self.parsed.get(name) or dict.fromkeys(df.index)

        employed, location, months = col("employed"), col("work_location"), col("months_worked_ytd")
        channel, form = col("channel"), col("employment_form")
        work = {name: self.parsed[name] for name in WORK_COLUMNS if name in self.parsed}
        for row in df.index:
            if employed[row] is False:
                for name, values in work.items():
                    if values[row] is not None:
                        self.problem(row, name, values[row], "未务工（是否已务工为“否”）时应为空")
            elif location[row] is not None and not months[row]:
                self.problem(row, "months_worked_ytd", months[row],
                             "填写了务工所在地，务工时间须同时填写（大于 0 的月数）")
            elif employed[row] is True and location[row] is None and months[row]:
                self.problem(row, "work_location", "", "填写了务工时间，务工所在地须同时填写")
            if months[row] is not None and not 0 <= months[row] <= int(self.month[5:]):
                self.problem(row, "months_worked_ytd", months[row],
                             f"0–{int(self.month[5:])} 个月（本年 1 月至统计月份）")
            if location[row] in OUTSIDE_DISTRICT and channel[row] in NOT_OUTSIDE_CHANNELS:
                self.problem(row, "channel", channel[row],
                             f"区外务工（{location[row]}）的就业渠道不能是公益性岗位或帮扶载体")
            if location[row] in OUTSIDE_TOWNSHIP and form[row] == "公益性岗位":
                # 乡村公益性岗位 are posts in the home village: the form says so as much as the channel does
                self.problem(row, "employment_form", form[row],
                             f"乡镇外务工（{location[row]}）的就业形式不能是公益性岗位（乡村公益性岗位在本村，属乡镇内）")
        welfare = [row for row in df.index if channel[row] == "公益性岗位" or form[row] == "公益性岗位"]
        self.welfare_age(df, welfare)

    def welfare_age(self, df: pd.DataFrame, rows) -> None:
        if "person_id" not in df:
            return
        low, high, when = checks()["welfare_min_age"], checks()["welfare_max_age"], _month_start(self.month)
        ids = self.parsed.get("person_id", {})
        for row in rows:
            pid = ids.get(row)
            if pid not in self.valid_ids:
                continue
            age = age_at(pid, when)
            if not low <= age < high:
                self.problems_age(row, age, low, high)

    def problems_age(self, row: int, age: int, low: int, high: int, who: str = "公益性岗位人员") -> None:
        header = self.headers.get("person_id", "证件号码")
        self.result.problems.append(Problem(row, f"{header}（年龄）", f"{age} 周岁",
                                            f"{who}须年满 {low} 周岁且未满 {high} 周岁"))

    def laborer_age(self, df: pd.DataFrame) -> None:
        """脱贫劳动力 are of working age at the month: a 9-year-old on the roster is a typing error in the ID."""
        if "person_id" not in df:
            return
        low, high, when = checks()["laborer_min_age"], checks()["laborer_max_age"], _month_start(self.month)
        for row, pid in self.parsed["person_id"].items():
            if pid in self.valid_ids:
                age = age_at(pid, when)
                if not low <= age < high:
                    self.problems_age(row, age, low, high, "脱贫劳动力")

    def welfare_start(self, df: pd.DataFrame) -> None:
        """A post starts by the end of the month it is reported in, and when its holder was of age."""
        if "start_date" not in df or "person_id" not in df:
            return
        month_end = (pd.Timestamp(_month_start(self.month)) + pd.offsets.MonthEnd(0)).date()
        low = checks()["welfare_min_age"]
        for row, started in df["start_date"].items():
            if started is None:
                continue
            if started > month_end:
                self.problem(row, "start_date", started.isoformat(),
                             f"不晚于统计月份的最后一天（{month_end.isoformat()}）：花名册只列已上岗的人员")
                continue
            pid = df.at[row, "person_id"]
            if pid in self.valid_ids and age_at(pid, started) < low:
                self.problem(row, "start_date", started.isoformat(),
                             f"上岗时已年满 {low} 周岁（按证件号码，上岗时 {age_at(pid, started)} 周岁）")

    # -- the lake's columns --
    def to_lake(self, df: pd.DataFrame) -> pd.DataFrame:
        schema = TABLES[self.table].schema
        out = pd.DataFrame(index=df.index)
        for name in schema.names:
            out[name] = df[name] if name in df else pd.Series(None, index=df.index, dtype=object)
        if self.table == "laborers":
            ids = out["person_id"]
            out["birth_year"] = ids.map(lambda v: int(v[6:10]))
            if "gender" not in df:
                out["gender"] = ids.map(lambda v: "男" if int(v[16]) % 2 else "女")
            if "able_to_work" not in df:
                out["able_to_work"] = out["labor_skill"].map(lambda v: v not in NO_WORK_CAPACITY)
        return out


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
    checker = _Checker(table, month)
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
            checker.skip.add((issue.row, positions[issue.column]))
    width = max(positions, default=-1) + 1
    # one transposition in C (zip) instead of a Python loop per cell; short rows are padded with empty cells
    by_position = list(zip(*(r[:width] + [""] * (width - len(r)) for _, r in numbered), strict=True)) or [()] * width
    raw = pd.DataFrame({column: list(by_position[i]) for i, column in positions.items()},
                       index=pd.Index([n for n, _ in numbered], name="row"), dtype=object)
    del rows, numbered, read
    parsed = checker.parse(raw)
    del raw
    if time.monotonic() - started > limits()["max_seconds"]:
        checker.file_problem(str(too_slow(limits()["max_seconds"])))
        return result
    if checker.widened:
        shown = "、".join(str(r) for r in checker.widened[:10]) + ("等" if len(checker.widened) > 10 else "")
        result.warnings.append(f"第 {shown} 行（共 {len(checker.widened)} 行）的证件号码含全角数字或字母，"
                               "已按半角读取")
    checker.cross_checks(parsed)
    if not result.problems:
        result.frame = checker.to_lake(parsed)
    result.problems.sort(key=lambda p: p.row)
    return result


def report_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table with Chinese headers, for the upload page and for a CSV report."""
    return pd.DataFrame({
        "行号": ["整个文件" if p.row == FILE_ROW else str(p.row) for p in problems],
        "列": [p.column for p in problems],
        "值": [p.value for p in problems],
        "要求": [p.expected for p in problems],
    })

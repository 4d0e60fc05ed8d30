"""Import one district file into the lake, all or nothing: `python -m lake.importer --file F --table T --month YYYY-MM`.

Every row is checked first (lake/validate.py). A file with any problem is rejected whole — a Chinese report lists
every problem, the exit code is 1, and nothing under the lake folder is touched. An accepted file becomes the
month's partition: its file is written under a new name, then the import commits by atomically replacing the
manifest (lake/manifest.py), so a crash at any point leaves the lake as before or as after. A re-import keeps the
previous version under `superseded` and in `_archive/`. The manifest records the source file, its checksum, the row
counts, who and when, and the warnings. The same file (same checksum) is not accepted for a second month unless
the clerk says so (`--allow-same-file`). Nothing the user can do makes `import_source` raise anything but
ImportRefused or LakeError, both with a Chinese message.
ID-card numbers become `person_id` = 'H' + HMAC-SHA256(secret, number) truncated; the secret comes from
$PERSON_ID_KEY or the file named by $PERSON_ID_KEY_FILE (kept outside the repository). Names and phone numbers are
dropped while reading. Yearly tables are not imported from files yet.
"""

import argparse
import fcntl
import getpass
import hashlib
import hmac
import logging
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lake import import_report
from lake import manifest as mf
from lake.check import repair
from lake.schema import TABLES
from lake.validate import (
    FILE_ROW,
    Checked,
    Problem,
    Source,
    check,
    checks,
    importable_tables,
    period_problem,
)

PERSON_ID_PREFIX = "H"
PERSON_ID_HEX_CHARS = 16  # 64 bits: no collision in practice for tens of millions of persons
LOCK_NAME = mf.LOCK_NAME
log = logging.getLogger(__name__)


class ImportRefused(Exception):
    """The import cannot start (no secret, demo lake, bad table or month); the message is Chinese."""


@dataclass
class ImportResult:
    checked: Checked
    entry: dict | None = None  # the manifest entry of the written partition
    warnings: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.entry is not None


def person_key() -> bytes:
    """The pseudonymisation secret from $PERSON_ID_KEY or the file named by $PERSON_ID_KEY_FILE."""
    key = os.environ.get("PERSON_ID_KEY", "")
    key_file = os.environ.get("PERSON_ID_KEY_FILE", "")
    if not key and key_file:
        path = Path(key_file).expanduser().resolve()
        if path.is_relative_to(mf.PROJECT_DIR):
            log.error("PERSON_ID_KEY_FILE %s lies inside the project", path)
            raise ImportRefused("化名密钥文件（PERSON_ID_KEY_FILE）在项目目录内，可能被提交到代码库。"
                                "请把密钥文件放到项目目录之外（如 /etc/jiuye/person_id.key），"
                                "再设置 PERSON_ID_KEY_FILE。")
        try:
            key = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            log.error("PERSON_ID_KEY_FILE %s unreadable: %s", path, exc)
            raise ImportRefused(f"无法读取化名密钥文件（{exc.strerror}）。请检查 PERSON_ID_KEY_FILE。") from exc
    if len(key) < 16:
        raise ImportRefused("缺少化名密钥：证件号码须用密钥转换为化名后才能入库。请设置环境变量 PERSON_ID_KEY"
                            "（至少 16 个字符），或用 PERSON_ID_KEY_FILE 指向项目目录之外的密钥文件。"
                            "每次导入须使用同一密钥，否则同一人在不同月份会得到不同编号。")
    return key.encode("utf-8")


def pseudonym(id_number: str, key: bytes) -> str:
    """A stable pseudonymous person_id: the same number and secret always give the same id."""
    return PERSON_ID_PREFIX + hmac.digest(key, id_number.encode("ascii"), "sha256").hex()[:PERSON_ID_HEX_CHARS]


def default_user() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "未知"


def check_request(table: str, period: str, today: date | None = None) -> None:
    """Raises ImportRefused when `table` cannot be imported or `period` (a month, or a year for a yearly table) is
    malformed or has not begun."""
    if table not in TABLES:
        raise ImportRefused(f"没有名为“{table}”的数据表。可导入的表：{'、'.join(importable_tables())}。")
    if table not in importable_tables():
        raise ImportRefused(f"“{table}”还没有导入表头映射（data/reference/import_headers.toml），暂不能导入。"
                            f"可导入的表：{'、'.join(importable_tables())}。")
    problem = period_problem(table, period, today)
    if problem:
        raise ImportRefused(problem)


def _open_manifest(lake: Path) -> dict:
    """The lake's manifest, a new real-data one for an empty folder; a demo lake or a foreign folder is refused."""
    manifest = mf.read_manifest(lake)
    if manifest is None:
        if lake.exists() and any(p.name != LOCK_NAME for p in lake.iterdir()):
            log.error("LAKE_DIR %s is neither empty nor a lake", lake)
            raise ImportRefused(f"数据目录（LAKE_DIR）不是空文件夹，也不是数据湖（没有 {mf.MANIFEST_NAME}）。"
                                "请把 LAKE_DIR 指向一个新的空文件夹。")
        return mf.new_manifest(is_demo=False)
    if manifest.get("is_demo"):
        raise ImportRefused("当前数据湖（LAKE_DIR）是模拟数据，不能混入正式数据。"
                            "请设置一个新的 LAKE_DIR（如 LAKE_DIR=data/lake-real make import …），"
                            "把正式数据导入新的数据湖。")
    return manifest


def _district_changes(lake: Path, manifest: dict, table: str, month: str, frame) -> list[str]:
    """Warnings when a district appears, disappears or changes a lot against the previous partition (month or year)."""
    earlier = [m for m in mf.partitions(manifest, table) if m < month]
    if not earlier or frame is None or "district_code" not in frame:
        return []
    previous = pq.read_table(lake / manifest["partitions"][mf.partition_key(table, earlier[-1])]["file"],
                             columns=["district_code"]).column("district_code").to_pylist()
    before, now = _counts(previous), _counts(frame["district_code"].tolist())
    limit = checks()["district_change_warn_pct"]
    from lake.reference import district_names

    names, out = district_names(), []
    for code in sorted(set(before) | set(now)):
        old, new = before.get(code, 0), now.get(code, 0)
        if old and not new:
            out.append(f"{names.get(code, code)}在 {earlier[-1]} 有 {old:,} 行，本月没有数据（是否漏报？）")
        elif new and not old:
            out.append(f"{names.get(code, code)}本月新增 {new:,} 行，{earlier[-1]} 没有数据")
        elif abs(new - old) * 100 > limit * old:
            out.append(f"{names.get(code, code)}本月 {new:,} 行，较 {earlier[-1]}（{old:,} 行）变化超过 {limit}%")
    return out


def _unknown_carriers(lake: Path, manifest: dict | None, table: str, month: str, frame) -> list[str]:
    """Warnings for roster rows whose 帮扶载体编号 names no carrier of that year and district in the lake.

    In a roster `carrier_id` is a reference (where the person works), never a key. An unknown id warns instead of
    refusing: the yearly carrier register may arrive after the month's roster, and refusing the roster for it would
    block every district's figures over one register; the link is stored as reported.
    """
    if table != "laborers" or frame is None or "carrier_id" not in frame:
        return []
    used = frame[["carrier_id", "district_code"]].dropna(subset=["carrier_id"])
    if used.empty:
        return []
    year = month[:4]
    entry = (manifest or {}).get("partitions", {}).get(mf.partition_key("carriers", year))
    if entry is None:
        return [f"{year} 年帮扶载体名录还没有导入，花名册中 {used['carrier_id'].nunique():,} 个帮扶载体编号无法核对："
                f"导入后请再导入 {year} 年帮扶载体名录（数据表 carriers）。"]
    known = pq.read_table(lake / entry["file"], columns=["carrier_id", "district_code"]).to_pandas()
    merged = used.merge(known.drop_duplicates(), how="left", on=["carrier_id", "district_code"], indicator=True)
    unknown = merged.loc[merged["_merge"] == "left_only"]
    if unknown.empty:
        return []
    from lake.reference import district_names

    names = district_names()
    pairs = unknown.groupby(["district_code", "carrier_id"]).size()
    shown = "、".join(f"{names.get(d, d)} {c}（{n} 人）" for (d, c), n in pairs.head(10).items())
    more = f"等 {len(pairs):,} 个" if len(pairs) > 10 else ""
    return [f"以下帮扶载体编号不在 {year} 年帮扶载体名录的本区载体中：{shown}{more}。这些编号照原值入库；"
            "请核对编号是否录错，或补充导入该区的帮扶载体名录。"]


def _lake_warnings(lake: Path, manifest: dict | None, table: str, month: str, frame) -> list[str]:
    """What the file says against the lake already there: districts appearing or changing, unknown carriers."""
    if manifest is None:
        return []
    return _district_changes(lake, manifest, table, month, frame) + _unknown_carriers(lake, manifest, table, month,
                                                                                       frame)


def _counts(values: list) -> dict:
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


def import_source(source: Source, table: str, month: str, imported_by: str | None = None,
                  lake: Path | None = None, sheet: str = "", allow_same_file: bool = False,
                  today: date | None = None, empty_districts: tuple[str, ...] = ()) -> ImportResult:
    """Check `source` and, only when it has no problem, write it as `table`'s partition for `month`.

    Raises ImportRefused (Chinese) when the request cannot be honoured — before reading the file, or when the same
    file already holds another month and `allow_same_file` is not set — and for any failure while importing,
    memory exhaustion included; the lake is then unchanged. Raises LakeError for an unreadable manifest.
    `empty_districts` (district codes) reported this month with no rows (e.g. nobody in a 公益性岗位): the manifest
    records them with the districts that have rows as the month's reporting districts; any other district did not
    report (its figures are 无基期, not 0).
    """
    check_request(table, month, today)
    lake = lake or mf.lake_dir()
    _open_manifest(lake)
    key = person_key()
    try:
        checked = check(source, table, month, sheet)
        if not checked.ok:
            return ImportResult(checked)
        return _write(source, table, month, imported_by, lake, key, checked, allow_same_file, empty_districts)
    except (ImportRefused, mf.LakeError):
        raise
    except MemoryError:
        raise ImportRefused("导入时内存不足，文件未导入，数据湖没有改动。请把文件分成较小的几份导入，"
                            "或请管理员调低 import_headers.toml 中的 max_rows。") from None
    except OSError as exc:
        log.exception("writing the lake failed")
        raise ImportRefused(f"写入数据湖失败（{exc.strerror or type(exc).__name__}），本次导入未生效，"
                            "数据湖保持导入前的状态。请检查磁盘空间和 LAKE_DIR 的写权限后重试。") from exc
    except Exception as exc:  # the last guard: a bug must reach the clerk as a sentence, not a traceback
        log.exception("unexpected error while importing")
        raise ImportRefused(f"导入程序出现意外错误（{type(exc).__name__}），本次导入未生效，数据湖没有改动。"
                            "请把这份文件和本提示发给系统管理员。") from exc


def refusals(lake: Path) -> list[str]:
    """Why an import into `lake` would be refused whatever the file holds — a demo lake, a folder that is not a
    lake, no PERSON_ID_KEY — each a Chinese sentence saying what to do; [] when nothing stands in the way."""
    out = []
    for step in (lambda: _open_manifest(lake), person_key):
        try:
            step()
        except (ImportRefused, mf.LakeError) as exc:
            out.append(str(exc))
    return out


def check_source(source: Source, table: str, month: str, sheet: str = "", today: date | None = None,
                 lake: Path | None = None) -> Checked:
    """Only check `source` (the upload page's 只校验): every check the import would run — the file's rows, and
    whether this lake can take an import at all (`refusals`), as problems about the whole file — and the warnings
    the import would give; never a write.

    Raises ImportRefused (Chinese) for a request that cannot be honoured and for any failure while checking.
    """
    check_request(table, month, today)
    lake = lake or mf.lake_dir()
    try:
        checked = check(source, table, month, sheet)
        blocked = refusals(lake)
        checked.problems[:0] = [Problem(FILE_ROW, "", "", message) for message in blocked]
        if checked.frame is not None and not blocked:
            checked.warnings += _lake_warnings(lake, mf.read_manifest(lake), table, month, checked.frame)
        return checked
    except MemoryError:
        raise ImportRefused("校验时内存不足：文件太大。请把文件分成较小的几份再导入。") from None
    except Exception as exc:  # the last guard: a bug must reach the clerk as a sentence, not a traceback
        log.exception("unexpected error while checking")
        raise ImportRefused(f"校验程序出现意外错误（{type(exc).__name__}），文件未导入。"
                            "请把这份文件和本提示发给系统管理员。") from exc


def _same_file_elsewhere(manifest: dict, table: str, month: str, sha256: str) -> list[str]:
    return sorted(p["partition"] for p in manifest["partitions"].values()
                  if p["table"] == table and p["partition"] != month and p.get("source_sha256") == sha256)


def _write(source: Source, table: str, month: str, imported_by: str | None, lake: Path, key: bytes,
           checked: Checked, allow_same_file: bool, empty_districts: tuple[str, ...] = ()) -> ImportResult:
    frame = checked.frame.copy()
    if "person_id" in frame:
        frame["person_id"] = [pseudonym(v, key) for v in frame["person_id"]]
    data = pa.Table.from_pandas(frame.reset_index(drop=True), schema=TABLES[table].schema, preserve_index=False)
    del frame
    source_sha256 = hashlib.sha256(source.data).hexdigest()
    lake.mkdir(parents=True, exist_ok=True)
    with open(lake / LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one import at a time: each re-reads the manifest under the lock
        manifest = _open_manifest(lake)
        if mf.read_manifest(lake) is not None:
            repair(lake)  # leftovers of an import that crashed: unlisted, so tidying them changes no data
        held = _same_file_elsewhere(manifest, table, month, source_sha256)
        if held and not allow_same_file:
            raise ImportRefused(f"这份文件（{source.name}）与已导入的 {'、'.join(held)} 的文件完全相同"
                                f"（校验和一致），不能再作为 {month} 导入：是否选错了文件或月份？"
                                "如确实两个月的数据完全相同，请在命令行加 --allow-same-file 后重新导入。")
        warnings = checked.warnings + _lake_warnings(lake, manifest, table, month, checked.frame)
        if held:
            warnings.append(f"按指定导入：这份文件与 {'、'.join(held)} 的文件完全相同")
        replaced = mf.partition_key(table, month) in manifest["partitions"]
        entry = mf.write_partition(lake, manifest, table, month, data, source_file=source.name,
                                   imported_by=imported_by or default_user())
        if TABLES[table].partition_key == "month":
            mf.set_reported_districts(entry, data, empty_districts)
        entry["source_sha256"] = source_sha256
        entry["source_rows"] = checked.source_rows
        if checked.sheet:
            entry["source_sheet"] = checked.sheet
        manifest["is_demo"] = False
        manifest.setdefault("imports", []).append({
            "table": table, "partition": month, "source_file": source.name, "source_sha256": source_sha256,
            "rows": entry["rows"], "imported_by": entry["imported_by"], "imported_at": entry["imported_at"],
            "replaced_previous": replaced, "warnings": warnings,
        })
        mf.write_manifest(lake, manifest)
        try:
            mf.archive_superseded(lake, manifest)
        except OSError:
            pass  # committed already; the superseded file is unread where it is, and lake.check --repair moves it
    return ImportResult(checked, entry, warnings)


def report_text(result: ImportResult) -> str:
    """The Chinese report printed by the command line."""
    checked = result.checked
    lines = []
    if result.accepted:
        entry = result.entry
        lines.append(f"已导入：{entry['source_file']} → {entry['file']}（{entry['rows']:,} 行，"
                     f"导入人 {entry['imported_by']}，{entry['imported_at']}）")
        if checked.sheet:
            lines.append(f"读取的工作表：「{checked.sheet}」")
        if entry["superseded"] and entry["superseded"][-1]["archived_file"]:
            lines.append(f"原有版本已归档：{entry['superseded'][-1]['archived_file']}")
    else:
        sheet = f"（工作表「{checked.sheet}」）" if checked.sheet else ""
        lines.append(f"拒绝导入：发现 {len(checked.problems):,} 个问题{sheet}，整个文件未写入，数据湖没有任何改动。"
                     "请按列修改后重新导入。")
        lines.append("问题汇总（按列）：")
        lines += import_report.summary_text(checked.problems)
        lines.append("全部问题：")
        lines += [f"  {p.text()}" for p in checked.problems]
    for warning in result.warnings or checked.warnings:
        lines.append(f"提醒：{warning}")
    return "\n".join(lines)


def _district_codes(text: str) -> tuple[str, ...]:
    """The --empty-districts list, each checked against the reference districts."""
    from lake.reference import district_names

    codes = tuple(c.strip() for c in text.replace("，", ",").split(",") if c.strip())
    unknown = [c for c in codes if c not in district_names()]
    if unknown:
        raise ImportRefused(f"--empty-districts 中的 {'、'.join(unknown)} 不是武汉市的 6 位区代码"
                            "（见 data/reference/districts.csv）。")
    return codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lake.importer",
                                     description="导入区县报送的月度花名册（全部通过才写入）")
    parser.add_argument("--file", required=True, help=".xlsx、.csv（UTF-8 或 GB18030）或 .parquet 文件")
    parser.add_argument("--table", required=True, help=f"数据表：{'、'.join(importable_tables())}")
    parser.add_argument("--month", default="", help="月度表的统计月份 YYYY-MM")
    parser.add_argument("--year", default="", help="年度表（entrepreneurs、carriers、town_assessments）的年度 YYYY")
    parser.add_argument("--by", default=None, help="导入人（默认 $USER）")
    parser.add_argument("--sheet", default="", help="Excel 文件中要导入的工作表名（有多张工作表有数据时必须指定）")
    parser.add_argument("--allow-same-file", action="store_true",
                        help="允许导入与另一个月完全相同的文件（默认拒绝，以免选错文件或月份）")
    parser.add_argument("--empty-districts", default="",
                        help="本月已报送但没有任何记录的区（6 位区代码，逗号分隔，如 420105）：记为报送数为 0；"
                             "未列出且文件中没有记录的区视为未报送（无基期）")
    parser.add_argument("--report", default=None,
                        help="把问题报告另存为文件：.xlsx 含问题汇总、问题清单和标出问题单元格的原表；"
                             "其他扩展名存为问题清单 CSV（UTF-8 BOM，可用 Excel 打开）")
    args = parser.parse_args(argv)
    try:
        if args.month and args.year:
            raise ImportRefused("--month 与 --year 只能给一个：月度表用 --month YYYY-MM，年度表用 --year YYYY。")
        path = Path(args.file)
        if not path.is_file():
            raise ImportRefused(f"找不到文件：{path}")
        started = datetime.now()
        result = import_source(Source.from_path(path), args.table, args.year or args.month, args.by, sheet=args.sheet,
                               allow_same_file=args.allow_same_file,
                               empty_districts=_district_codes(args.empty_districts))
    except (ImportRefused, mf.LakeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(report_text(result))
    if args.report and not result.accepted:
        if args.report.lower().endswith(".xlsx"):
            Path(args.report).write_bytes(import_report.marked_workbook(Source.from_path(path), result.checked))
        else:
            import_report.report_frame(result.checked.problems).to_csv(args.report, index=False,
                                                                       encoding="utf-8-sig")
        print(f"问题清单已保存：{args.report}")
    if result.accepted:
        print(f"用时 {(datetime.now() - started).total_seconds():.1f} 秒")
    return 0 if result.accepted else 1


if __name__ == "__main__":
    raise SystemExit(main())

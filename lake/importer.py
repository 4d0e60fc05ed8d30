"""Import one district file into the lake, all or nothing: `python -m lake.importer --file F --table T --month YYYY-MM`.

Every row is checked first (lake/validate.py). A file with any problem is rejected whole — a Chinese report lists
every problem, the exit code is 1, and nothing under the lake folder is touched. An accepted file becomes the
month's partition by write-then-rename (a re-import moves the previous file to `_archive/` and keeps its entry under
`superseded`), and the manifest records the source file, its checksum, the row counts, who and when, and the
warnings. ID-card numbers become `person_id` = 'H' + HMAC-SHA256(secret, number) truncated; the secret comes from
$PERSON_ID_KEY or the file named by $PERSON_ID_KEY_FILE (kept outside the repository). Names and phone numbers are
dropped while reading. Yearly tables are not imported from files yet.
"""

import argparse
import fcntl
import getpass
import hashlib
import hmac
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from lake import manifest as mf
from lake.schema import TABLES
from lake.validate import Checked, Source, check, checks, importable_tables, report_frame

PERSON_ID_PREFIX = "H"
PERSON_ID_HEX_CHARS = 16  # 64 bits: no collision in practice for tens of millions of persons
LOCK_NAME = ".import.lock"


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
            raise ImportRefused(f"化名密钥文件 {path} 在项目目录内，可能被提交到代码库。"
                                "请把密钥文件放到项目目录之外（如 /etc/jiuye/person_id.key），"
                                "再设置 PERSON_ID_KEY_FILE。")
        try:
            key = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImportRefused(f"无法读取化名密钥文件 {path}（{exc.strerror}）。请检查 PERSON_ID_KEY_FILE。") from exc
    if len(key) < 16:
        raise ImportRefused("缺少化名密钥：证件号码须用密钥转换为化名后才能入库。请设置环境变量 PERSON_ID_KEY"
                            "（至少 16 个字符），或用 PERSON_ID_KEY_FILE 指向项目目录之外的密钥文件。"
                            "每次导入须使用同一密钥，否则同一人在不同月份会得到不同编号。")
    return key.encode("utf-8")


def pseudonym(id_number: str, key: bytes) -> str:
    """A stable pseudonymous person_id: the same number and secret always give the same id."""
    return PERSON_ID_PREFIX + hmac.new(key, id_number.encode("ascii"), hashlib.sha256).hexdigest()[:PERSON_ID_HEX_CHARS]


def default_user() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "未知"


def check_request(table: str, month: str) -> None:
    if table not in TABLES:
        raise ImportRefused(f"没有名为“{table}”的数据表。可导入的表：{'、'.join(importable_tables())}。")
    if TABLES[table].partition_key == "year":
        raise ImportRefused(f"“{table}”是年度表，暂不支持从文件导入"
                            f"（目前可导入的月度表：{'、'.join(importable_tables())}）。")
    if table not in importable_tables():
        raise ImportRefused(f"“{table}”还没有导入表头映射（data/reference/import_headers.toml），暂不能导入。"
                            f"可导入的表：{'、'.join(importable_tables())}。")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month or ""):
        raise ImportRefused(f"统计月份“{month}”格式不对：应为 YYYY-MM，如 2026-10。")


def _open_manifest(lake: Path) -> dict:
    """The lake's manifest, a new real-data one for an empty folder; a demo lake or a foreign folder is refused."""
    manifest = mf.read_manifest(lake)
    if manifest is None:
        if lake.exists() and any(p.name != LOCK_NAME for p in lake.iterdir()):
            raise ImportRefused(f"{lake} 不是空文件夹，也不是数据湖（没有 {mf.MANIFEST_NAME}）。"
                                "请把 LAKE_DIR 指向一个新的空文件夹。")
        return mf.new_manifest(is_demo=False)
    if manifest.get("is_demo"):
        raise ImportRefused(f"当前数据湖（{lake}）是模拟数据，不能混入正式数据。"
                            "请设置一个新的 LAKE_DIR（如 LAKE_DIR=data/lake-real make import …），"
                            "把正式数据导入新的数据湖。")
    return manifest


def _district_changes(lake: Path, manifest: dict, table: str, month: str, rows: pa.Table) -> list[str]:
    """Warnings when a district appears, disappears or changes a lot against the previous month's partition."""
    earlier = [m for m in mf.partitions(manifest, table) if m < month]
    if not earlier:
        return []
    previous = pq.read_table(lake / manifest["partitions"][mf.partition_key(table, earlier[-1])]["file"],
                             columns=["district_code"]).column("district_code").to_pylist()
    before, now = _counts(previous), _counts(rows.column("district_code").to_pylist())
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


def _counts(values: list) -> dict:
    counts: dict = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return counts


def import_source(source: Source, table: str, month: str, imported_by: str | None = None,
                  lake: Path | None = None) -> ImportResult:
    """Check `source` and, only when it has no problem, write it as `table`'s partition for `month`.

    Raises ImportRefused before reading the file when the request itself cannot be honoured.
    """
    check_request(table, month)
    lake = lake or mf.lake_dir()
    _open_manifest(lake)
    key = person_key()
    checked = check(source, table, month)
    if not checked.ok:
        return ImportResult(checked)
    frame = checked.frame.copy()
    frame["person_id"] = [pseudonym(v, key) for v in frame["person_id"]]
    data = pa.Table.from_pandas(frame.reset_index(drop=True), schema=TABLES[table].schema, preserve_index=False)
    lake.mkdir(parents=True, exist_ok=True)
    with open(lake / LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one import at a time: each re-reads the manifest under the lock
        manifest = _open_manifest(lake)
        warnings = checked.warnings + _district_changes(lake, manifest, table, month, data)
        replaced = mf.partition_key(table, month) in manifest["partitions"]
        entry = mf.write_partition(lake, manifest, table, month, data, source_file=source.name,
                                   imported_by=imported_by or default_user())
        entry["source_sha256"] = hashlib.sha256(source.data).hexdigest()
        entry["source_rows"] = checked.source_rows
        manifest["is_demo"] = False
        manifest.setdefault("imports", []).append({
            "table": table, "partition": month, "source_file": source.name, "source_sha256": entry["source_sha256"],
            "rows": entry["rows"], "imported_by": entry["imported_by"], "imported_at": entry["imported_at"],
            "replaced_previous": replaced, "warnings": warnings,
        })
        mf.write_manifest(lake, manifest)
    return ImportResult(checked, entry, warnings)


def report_text(result: ImportResult) -> str:
    """The Chinese report printed by the command line."""
    checked = result.checked
    lines = []
    if result.accepted:
        entry = result.entry
        lines.append(f"已导入：{entry['source_file']} → {entry['file']}（{entry['rows']:,} 行，"
                     f"导入人 {entry['imported_by']}，{entry['imported_at']}）")
        if entry["superseded"]:
            lines.append(f"原有版本已归档：{entry['superseded'][-1]['archived_file']}")
    else:
        lines.append(f"拒绝导入：发现 {len(checked.problems):,} 个问题，整个文件未写入，数据湖没有任何改动。"
                     "请修改后重新导入。")
        lines += [f"  {p.text()}" for p in checked.problems]
    for warning in result.warnings or checked.warnings:
        lines.append(f"提醒：{warning}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lake.importer",
                                     description="导入区县报送的月度花名册（全部通过才写入）")
    parser.add_argument("--file", required=True, help=".xlsx、.csv（UTF-8 或 GB18030）或 .parquet 文件")
    parser.add_argument("--table", required=True, help=f"数据表：{'、'.join(importable_tables())}")
    parser.add_argument("--month", default="", help="统计月份 YYYY-MM")
    parser.add_argument("--year", default="", help="年度表的年份（暂不支持导入年度表）")
    parser.add_argument("--by", default=None, help="导入人（默认 $USER）")
    parser.add_argument("--report", default=None, help="把问题清单另存为 CSV（UTF-8 BOM，可用 Excel 打开）")
    args = parser.parse_args(argv)
    try:
        if args.year:
            raise ImportRefused(f"暂不支持导入年度表（--year {args.year}）；目前可导入的月度表："
                                f"{'、'.join(importable_tables())}，请用 --month YYYY-MM。")
        path = Path(args.file)
        if not path.is_file():
            raise ImportRefused(f"找不到文件：{path}")
        started = datetime.now()
        result = import_source(Source.from_path(path), args.table, args.month, args.by)
    except (ImportRefused, mf.LakeError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(report_text(result))
    if args.report and not result.accepted:
        report_frame(result.checked.problems).to_csv(args.report, index=False, encoding="utf-8-sig")
        print(f"问题清单已保存：{args.report}")
    if result.accepted:
        print(f"用时 {(datetime.now() - started).total_seconds():.1f} 秒")
    return 0 if result.accepted else 1


if __name__ == "__main__":
    raise SystemExit(main())

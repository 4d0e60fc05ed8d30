"""Check the lake against its manifest: `python -m lake.check [--repair]` (`make check-lake`).

Errors are what no reader can be served correctly: a listed file missing, or its bytes not matching the recorded
checksum. Leftovers are what a crashed import or a crash after a commit can leave, which nobody reads (readers use
only the manifest's files) and which are safe to tidy: a file in a table folder that the manifest does not list
(moved to `_archive/_orphans/`), a superseded file not yet moved to its archive path (moved there), and unfinished
`.tmp` files (deleted). `--repair` tidies leftovers; it never touches a listed file. Exit code 0 when the lake has
no errors (and, after --repair, no leftovers), 1 otherwise, 2 when there is no lake.
"""

import argparse
import fcntl
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lake import manifest as mf
from lake.schema import TABLES


@dataclass
class LakeCheck:
    errors: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # unlisted data files in table folders
    unarchived: list[str] = field(default_factory=list)  # superseded files still in table folders
    temporary: list[str] = field(default_factory=list)  # unfinished writes

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def clean(self) -> bool:
        return not (self.errors or self.orphans or self.unarchived or self.temporary)


def check_lake(lake: Path, verify_checksums: bool = True) -> LakeCheck:
    """Every listed file present (and, with verify_checksums, byte-equal to its checksum); every leftover named."""
    result = LakeCheck()
    manifest = mf.read_manifest(lake)
    if manifest is None:
        result.errors.append(f"{lake} 中没有数据湖清单 {mf.MANIFEST_NAME}。")
        return result
    listed = {p["file"] for p in manifest["partitions"].values()}
    superseded = {old["file"] for p in manifest["partitions"].values() for old in p.get("superseded", [])
                  if old.get("archived_file")}
    for key, entry in sorted(manifest["partitions"].items()):
        path = lake / entry["file"]
        if not path.exists():
            result.errors.append(f"{key}：清单列出的文件 {entry['file']} 不存在。")
        elif verify_checksums and mf.sha256_file(path) != entry["sha256"]:
            result.errors.append(f"{key}：文件 {entry['file']} 的内容与清单记录的校验和不符（文件被改动或损坏）。")
    for table in TABLES:
        for path in sorted((lake / table).rglob("*")) if (lake / table).exists() else []:
            relative = str(path.relative_to(lake))
            if path.is_dir() or relative in listed:
                continue
            if path.name.endswith(".tmp"):
                result.temporary.append(relative)
            elif relative in superseded:
                result.unarchived.append(relative)
            else:
                result.orphans.append(relative)
    if (lake / (mf.MANIFEST_NAME + ".tmp")).exists():
        result.temporary.append(mf.MANIFEST_NAME + ".tmp")
    return result


def repair(lake: Path) -> LakeCheck:
    """Tidy the leftovers check_lake names (never a listed file); returns what it found before tidying.

    The caller holds the lake's import lock (mf.LOCK_NAME)."""
    found = check_lake(lake, verify_checksums=False)
    manifest = mf.read_manifest(lake)
    if manifest is None:
        return found
    mf.archive_superseded(lake, manifest)
    for relative in found.orphans:
        target = lake / mf.ARCHIVE_DIR / mf.ORPHAN_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(lake / relative, target)
    for relative in found.temporary:
        (lake / relative).unlink(missing_ok=True)
    return found


def report(result: LakeCheck, repaired: bool) -> str:
    lines = [f"错误：{e}" for e in result.errors]
    done = "已" if repaired else "可用 --repair "
    lines += [f"未登记的文件（导入中断留下，不被读取）：{p}，{done}移到 {mf.ARCHIVE_DIR}/{mf.ORPHAN_DIR}/"
              for p in result.orphans]
    lines += [f"已被替换但尚未归档的文件（不被读取）：{p}，{done}移到归档" for p in result.unarchived]
    lines += [f"未完成的临时文件：{p}，{done}删除" for p in result.temporary]
    if result.errors:
        lines.append("数据湖有错误：请从备份恢复所列文件，或重新导入对应月份。")
    elif not lines:
        lines.append("数据湖完好：清单列出的每个文件都存在且校验和一致，没有多余文件。")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lake.check", description="核对数据湖与清单是否一致")
    parser.add_argument("--lake", default=None, help="数据湖文件夹（默认 $LAKE_DIR 或 data/lake）")
    parser.add_argument("--repair", action="store_true", help="整理导入中断留下的多余文件（不动清单列出的文件）")
    args = parser.parse_args(argv)
    lake = Path(args.lake).resolve() if args.lake else mf.lake_dir()
    try:
        if mf.read_manifest(lake) is None:
            print(f"错误：{lake} 中没有数据湖清单 {mf.MANIFEST_NAME}。", file=sys.stderr)
            return 2
        result = check_lake(lake)
        if args.repair and not result.clean:
            with open(lake / mf.LOCK_NAME, "w") as lock:
                # an import in flight has an unlisted file until it commits: never tidy it away under its feet
                fcntl.flock(lock, fcntl.LOCK_EX)
                repair(lake)
    except mf.LakeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(report(result, args.repair))
    return 0 if result.ok and (result.clean or args.repair) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""CPU time and peak memory of validating and importing district files, the code before a change against the code
after it in one run, each import in its own process.

`python -m tests.measure_import [--old DIR] [--code DIR] [--only NAME]`: DIR is a project checkout whose importer is
measured (`--code` default: this one; `--old`: a second checkout measured on the same files, e.g. the commit before
the change unpacked with `git archive`). Each import runs in a child process with a 4 GB address-space limit (a
runaway import fails there instead of exhausting the shared machine) and a 300 s timeout; CPU is the child's user +
system time, peak memory its maximum resident set size. `--readers` also times reading the 200,000-row workbook
alone with this checkout's reader and with python-calamine.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FILES_DIR = Path(tempfile.gettempdir()) / "measure_import_files"
LIMIT_BYTES = 4 << 30

CHILD = """
import sys, resource
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from lake import importer
from lake.validate import Source
result = importer.import_source(Source.from_path(sys.argv[1]), "laborers", "2026-10", lake=Path(sys.argv[2]))
problems = result.checked.problems
print("accepted" if result.accepted else "refused: " + (problems[0].text() if problems else "?"))
"""

READERS = """
import io, sys
path = sys.argv[1]
data = open(path, "rb").read()
if sys.argv[2] == "calamine":
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
else:
    from lake import sources, validate
    rows = sources.read_rows(sources.Source(path, data), validate.limits()).rows
print(f"{len(rows):,} rows")
"""


def build_files() -> dict[str, Path]:
    sys.path.insert(0, str(PROJECT))
    from tests import import_files as f

    FILES_DIR.mkdir(exist_ok=True)
    header = [f.LABORER_HEADER]
    made = {
        "honest_20k.xlsx": lambda: f.xlsx_bytes([("花名册", header + f.laborer_rows(20_000))]),
        "lying_20k.xlsx": lambda: f.lying_dimension(f.xlsx_bytes([("花名册", header + f.laborer_rows(20_000))])),
        "rows_200k.xlsx": lambda: f.xlsx_bytes([("花名册", header + f.laborer_rows(200_000))]),
        "lying_200k.xlsx": lambda: f.lying_dimension(f.xlsx_bytes([("花名册", header + f.laborer_rows(200_000))])),
        "rows_200k.csv": lambda: f.csv_bytes(header + f.laborer_rows(200_000)),
    }
    paths = {}
    for name, build in made.items():
        path = FILES_DIR / name
        if not path.exists():
            path.write_bytes(build())
        paths[name] = path
    return paths


def _child(code: Path, args: list[str]) -> tuple[float, float, str]:
    """(CPU seconds, peak MB, first line of output) of one child process running in `code`."""
    env = os.environ | {"PERSON_ID_KEY": "measure-secret-0123456789", "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run([sys.executable, "-c", *args], cwd=code, env=env, capture_output=True, text=True,
                              timeout=300)
        out = (done.stdout.strip() or done.stderr.strip().splitlines()[-1])[:80]
    except subprocess.TimeoutExpired:
        out = "timeout after 300 s"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024, out


def measure(code: Path, path: Path) -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory() as lake:
        return _child(code, [CHILD.format(limit=LIMIT_BYTES), str(path), lake + "/lake"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(PROJECT))
    parser.add_argument("--old", default="", help="a checkout of the code before the change, measured alongside")
    parser.add_argument("--only", default="")
    parser.add_argument("--readers", action="store_true")
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    parser.add_argument("--reader", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a fresh parent per measurement: a child's peak memory is a maximum over every child it had
        path, started = Path(args.one), time.perf_counter()
        if args.reader:
            cpu, peak, out = _child(Path(args.code), [READERS, str(path), args.reader])
            what = f"read by {args.reader}"
        else:
            cpu, peak, out = measure(Path(args.code), path)
            what = Path(args.code).name
        print(f"| {path.name} | {what} | {cpu:.1f} | {time.perf_counter() - started:.1f} | {peak:,.0f} | {out} |",
              flush=True)
        return 0
    print("| file | code | CPU s | wall s | peak MB | result |\n|---|---|---:|---:|---:|---|", flush=True)
    for name, path in build_files().items():
        if args.only and args.only not in name:
            continue
        for code in [c for c in (args.old, args.code) if c]:
            subprocess.run([sys.executable, __file__, "--code", code, "--one", str(path)], check=True)
    if args.readers:
        path = build_files()["rows_200k.xlsx"]
        for reader in ("present", "calamine"):
            subprocess.run([sys.executable, __file__, "--code", args.code, "--one", str(path), "--reader", reader],
                           check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

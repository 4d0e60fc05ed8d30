"""Time and peak memory of importing the workbooks issue 19 measured, each in its own process.

`python -m tests.measure_import [--code DIR] [--only NAME]`: DIR is the project checkout whose importer is measured
(default: this one), so the same files can be run against the code before and after a change. Each import runs in
a child process with a 4 GB address-space limit (a runaway import fails there instead of exhausting the shared
machine) and a 300 s timeout; peak memory is the child's maximum resident set size.
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


def build_files() -> dict[str, Path]:
    sys.path.insert(0, str(PROJECT))
    from tests import import_files as f

    FILES_DIR.mkdir(exist_ok=True)
    header = [f.LABORER_HEADER]
    made = {
        "honest_20k.xlsx": lambda: f.xlsx_bytes([("花名册", header + f.laborer_rows(20_000))]),
        "lying_20k.xlsx": lambda: f.lying_dimension(f.xlsx_bytes([("花名册", header + f.laborer_rows(20_000))])),
        "lying_60k.xlsx": lambda: f.lying_dimension(f.xlsx_bytes([("花名册", header + f.laborer_rows(60_000))])),
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


def measure(code: Path, path: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, the importer's first line) of importing `path` with the importer in `code`."""
    with tempfile.TemporaryDirectory() as lake:
        env = os.environ | {"PERSON_ID_KEY": "measure-secret-0123456789", "PYTHONPATH": str(code)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        try:
            done = subprocess.run([sys.executable, "-c", CHILD.format(limit=LIMIT_BYTES), str(path), lake + "/lake"],
                                  cwd=code, env=env, capture_output=True, text=True, timeout=300)
            out = (done.stdout.strip() or done.stderr.strip().splitlines()[-1])[:100]
        except subprocess.TimeoutExpired:
            out = "timeout after 300 s"
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default=str(PROJECT))
    parser.add_argument("--only", default="")
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        path = Path(args.one)
        seconds, peak, out = measure(Path(args.code), path)
        print(f"{path.name:18} {path.stat().st_size / 1e6:6.1f} MB  {seconds:6.1f} s  peak {peak:7.0f} MB  {out}",
              flush=True)
        return 0
    for name, path in build_files().items():
        if not args.only or args.only in name:
            # a fresh parent per file: the children's peak memory is a maximum over every child it ever had
            subprocess.run([sys.executable, __file__, "--code", args.code, "--one", str(path)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

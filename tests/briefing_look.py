"""The 通报's reference look: pages of a city 通报 (completed: 文号 and 下一步工作要求 written in) and of a district's
(a 征求意见稿, placeholders still open) rendered to PNG by pdftoppm, from a demo lake the generator makes afresh.

`python -m tests.briefing_look docs/briefing` (make briefing-look) writes pages 1–3 and the last page of each into
docs/briefing/; tests/test_briefing.py renders every page of both in each test run with `pages_to_png`.
"""

import io
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MONTH, ISSUED_ON, HUANGPI = "2026-10", date(2026, 11, 5), "420116"
NUMBER = "12"
NEXT_STEPS = [
    "（一）稳住就业规模。就业规模低于基期的区要逐村逐户摸清未就业原因，本月底前报送帮扶计划。",
    "（二）核实补贴疑点。各区对核查发现的疑点补贴逐笔核实，确属违规的限期追回，12月15日前报送整改情况。",
    "（三）推进示范乡镇推选。相关区按推选标准补齐短板，按时完成区级初审。",
]
LOOK_DPI = 80


def pages_to_png(pdf: bytes, folder: Path, stem: str, dpi: int = 40, first: int | None = None,
                 last: int | None = None) -> list[Path]:
    """Pages of `pdf` rendered by pdftoppm into `folder` as `<stem>-<n>.png` (every page unless `first`/`last`),
    in page order."""
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as source:
        source.write(pdf)
        source.flush()
        span = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", *span, source.name, str(folder / stem)], check=True)
    numbered = {int(p.stem.rsplit("-", 1)[1]): p for p in folder.glob(f"{stem}-*.png")}
    return [numbered[n] for n in sorted(numbered) if (first or 1) <= n <= (last or n)]


def build(completed: bool, districts: list[str] | None = None):
    """The demo lake's 通报 of MONTH: completed (文号 and 下一步工作要求 written in) or as a 征求意见稿."""
    from ui.briefing import make

    return make(MONTH, districts, issued_on=ISSUED_ON, number=NUMBER if completed else None,
                next_steps=NEXT_STEPS if completed else None)


def main(out: Path) -> int:
    import logging
    import os

    import pypdf

    logging.disable(logging.WARNING)  # Streamlit outside a server warns about its missing runtime on every run
    with tempfile.TemporaryDirectory(prefix="briefing-look-") as tmp:
        lake = Path(tmp) / "lake"
        subprocess.run([sys.executable, "-m", "lake.demo", "--lake", str(lake), "--people", "6000"], check=True,
                       cwd=PROJECT, capture_output=True)
        os.environ["LAKE_DIR"] = str(lake)
        from testkit.apptest import measured_store

        measured_store()  # the access log of these builds goes to a throw-away database
        for name, built in (("city", build(True)), ("huangpi", build(False, [HUANGPI]))):
            count = len(pypdf.PdfReader(io.BytesIO(built.pdf)).pages)
            for old in out.glob(f"{name}-*.png"):
                old.unlink()
            written = pages_to_png(built.pdf, out, name, LOOK_DPI, 1, 3) + pages_to_png(
                built.pdf, out, name, LOOK_DPI, count, count)
            print(f"{name}: {count} pages; " + ", ".join(p.name for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else PROJECT / "docs" / "briefing")))

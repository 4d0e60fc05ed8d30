"""Everything the app shows, written to files, so that "behaviour unchanged" is a diff of two runs.

    python -m testkit.snapshot OUT_DIR [--lake PATH] [--users leader huangpi]

Renders every page each account is offered (the city leader and one district officer by default) with AppTest on
a demo lake (built by the real generator, 6,000 persons, unless `--lake` names one), and writes, per account and
page, `<user>/<page>.txt`: every element the run drew in order — text, metric label/value/delta, each widget's
label, options and value, each table's column configuration and every cell, each chart's plotly specification —
and `<user>/<page>.exports/<file>`: every download the page offers, built as a click would build it (a workbook
as the values of its cells, sheet by sheet; a CSV as it is). Times that differ between runs (制表时间, the
watermark's time, file-name stamps) are masked, so `diff -r before after` shows only what the code changed.
"""

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

PROJECT = Path(__file__).resolve().parent.parent
DEMO_PEOPLE = 6000
# Views that only a URL opens: the tabs of 政策落实 are drawn only when open (pages/subsidies.py).
EXTRA_VIEWS = {"subsidies": [{"tab": "规则核查"}, {"tab": "返乡创业与帮扶载体"}]}
STAMPS = (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"), re.compile(r"\d{8}-\d{4}"),
          re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 ?\d{1,2}:\d{2}"))


def masked(text: str) -> str:
    for stamp in STAMPS:
        text = stamp.sub("<time>", text)
    return text


def _json(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1)
    except (TypeError, ValueError):
        return text


def _element(node) -> list[str]:
    """The lines one element contributes: its type and everything it shows."""
    kind = getattr(node, "type", type(node).__name__)
    proto = getattr(node, "proto", None)
    if kind == "plotly_chart":
        return [f"[plotly_chart] {_json(proto.spec)}"]
    if kind in ("dataframe", "table"):
        data = node.value
        columns = _json(getattr(proto, "columns", "") or "")
        return [f"[{kind}] columns={columns}", data.to_csv(index=False)]
    if kind == "metric":
        return [f"[metric] {node.label} = {node.value} ({node.delta})"]
    if kind in ("selectbox", "multiselect", "radio", "select_slider", "segmented_control", "pills"):
        return [f"[{kind}] {node.label} options={list(node.options)} value={node.value!r}"]
    if kind in ("button", "download_button", "checkbox", "toggle", "text_input", "number_input", "date_input",
                "text_area", "file_uploader", "form_submit_button"):
        return [f"[{kind}] {getattr(proto, 'label', '')}"]
    if kind in ("tab", "expander", "page_link"):
        return [f"[{kind}] {getattr(proto, 'label', '') or getattr(node, 'label', '')}"]
    value = getattr(node, "value", None)
    return [f"[{kind}] {value}"] if value is not None else [f"[{kind}]"]


def page_text(at) -> str:
    """Every element of the run's main area and sidebar, in the order drawn."""
    lines = [f"[exception] {e.value}" for e in at.exception]

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children is None:
            lines.extend(_element(node))
            return
        label = getattr(getattr(node, "proto", None), "expandable", None)
        if getattr(node, "type", "") in ("tab", "expander"):
            lines.append(f"[{node.type}] {getattr(node, 'label', '') or getattr(label, 'label', '')}")
        for child in children.values():
            walk(child)

    walk(at.main)
    lines.append("----- sidebar -----")
    walk(at.sidebar)
    return masked("\n".join(str(line) for line in lines)) + "\n"


def export_text(name: str, data: bytes) -> str:
    """A download as text: a workbook's cell values sheet by sheet (and each sheet's header and footer), a CSV as
    it is, anything else by its size."""
    if name.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(data))
        out = [f"properties: {book.properties.creator}"]
        for ws in book.worksheets:
            out.append(f"== sheet {ws.title} | header={ws.oddHeader.center.text}/{ws.oddHeader.right.text} "
                       f"| frozen={ws.freeze_panes}")
            out.extend("\t".join("" if v is None else repr(v) for v in row) for row in ws.iter_rows(values_only=True))
        return masked("\n".join(out)) + "\n"
    if name.endswith(".csv"):
        return masked(data.decode("utf-8-sig"))
    return f"{len(data)} bytes\n"


class Downloads:
    """Every download offered during a run, built as soon as offered (as a click would build it)."""

    def __init__(self):
        self.files: list[tuple[str, bytes]] = []
        self._original = MediaFileManager.add_deferred

    def __enter__(self):
        original, files = self._original, self.files

        def build_now(manager, data_callable, mimetype, coordinates, file_name=None, **kwargs):
            files.append((file_name or mimetype, data_callable()))
            return original(manager, data_callable, mimetype, coordinates, file_name, **kwargs)

        MediaFileManager.add_deferred = build_now
        return self

    def __exit__(self, *exc):
        MediaFileManager.add_deferred = self._original


def snapshot(out: Path, users: list[str]) -> None:
    from store import accounts
    from testkit.apptest import open_app, use_demo_store
    from ui.navigation import offered_pages

    use_demo_store(Path(tempfile.mkdtemp(prefix="snapshot-store-")))
    for username in users:
        user = accounts.get(username)
        folder = out / username
        folder.mkdir(parents=True, exist_ok=True)
        views = [(Path(e.file).stem, e.file, query) for e in offered_pages(user)
                 for query in ({}, *EXTRA_VIEWS.get(Path(e.file).stem, []))]
        for page, file, query in views:
            stem = "_".join([page, *query.values()])
            with Downloads() as downloads:
                at = open_app(file, user=username, **query)
            (folder / f"{stem}.txt").write_text(page_text(at), encoding="utf-8")
            for i, (name, data) in enumerate(downloads.files):
                exports = folder / f"{stem}.exports"
                exports.mkdir(exist_ok=True)
                (exports / f"{i:02d}_{masked(name)}.txt").write_text(export_text(name, data), encoding="utf-8")
            print(f"{username} {stem}: {len(at.main.children)} elements, {len(downloads.files)} downloads",
                  flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testkit.snapshot", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lake", type=Path, help="a lake to render (default: a fresh demo lake of 6,000 persons)")
    parser.add_argument("--users", nargs="+", default=["leader", "huangpi"])
    args = parser.parse_args(argv)
    lake = args.lake
    if lake is None:
        lake = Path(tempfile.mkdtemp(prefix="snapshot-lake-")) / "lake"
        subprocess.run([sys.executable, "-m", "lake.demo", "--lake", str(lake), "--people", str(DEMO_PEOPLE)],
                       check=True, cwd=PROJECT, capture_output=True)
    os.environ["LAKE_DIR"] = str(lake)
    os.environ.setdefault("STORAGE", "prebuilt")
    args.out.mkdir(parents=True, exist_ok=True)
    snapshot(args.out, args.users)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

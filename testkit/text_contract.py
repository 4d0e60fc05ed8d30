"""What a person may read: the words the app draws (text, tables, widgets, charts) and the cells of its exports, and
the code words that must never be among them ("None", "nan", ISO timestamps, file paths, snake_case identifiers).

The allowed exceptions live in ALLOWED, each with its reason; nothing else is let through.
"""

import io
import json
import re
from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

# A code word: what a person should never read, with the reason it is a defect.
CODE_WORDS = {
    "None": (re.compile(r"(?<![A-Za-z])None(?![A-Za-z])"), "Python 的空值"),
    "nan": (re.compile(r"(?<![A-Za-z])(?:nan|NaN|NaT|<NA>)(?![A-Za-z])"), "pandas 的空值"),
    "ISO time": (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "ISO 时间戳（应为中文日期时间）"),
    "file path": (re.compile(r"[\w.-]+/[\w./-]+\.(?:toml|py|sql|parquet|json|csv)\b"
                             r"|(?<![\w.])[\w-]+\.(?:toml|py|sql|parquet|json)\b"), "文件路径或程序文件名"),
    "setting": (re.compile(r'source = "local"'), "政策文件里的写法"),
    "English": (re.compile(r"Choose an? options?|Choose options|No results|Browse files|Drag and drop"
                           r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b"),
                "英文默认文字（Streamlit 的占位文字、plotly 的月份刻度）"),
    "identifier": (re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])"), "程序里的名字（snake_case）"),
}

STREAMLIT_DEFAULT_PLACEHOLDER = "Choose options"  # what the browser shows in a selection box without placeholder=

# Words that match a pattern above and are meant for the reader, each with its reason.
ALLOWED = {
    # none so far: add "text": "reason" here, never a pattern
}


@dataclass(frozen=True)
class Finding:
    where: str
    word: str
    why: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}「{self.word}」 in …{self.context}…"


def findings(where: str, text: str) -> list[Finding]:
    """The code words in `text`, read at `where`."""
    out = []
    for why, (pattern, reason) in CODE_WORDS.items():
        for match in pattern.finditer(text):
            word = match.group(0)
            if word in ALLOWED:
                continue
            start = max(match.start() - 20, 0)
            out.append(Finding(where, word, f"{why}：{reason}", text[start:match.end() + 20].replace("\n", " ")))
    return out


def _frame_text(frame, config: dict | None = None, order: list | None = None) -> str:
    """A table's header and cells as drawn: a column's label from its column_config, hidden columns left out."""
    data = frame.data if isinstance(frame, Styler) else frame
    if not isinstance(data, pd.DataFrame):
        return str(data)
    config = config or {}
    shown = [c for c in (order or data.columns) if not (config.get(str(c)) or {}).get("hidden")]
    heads = [(config.get(str(c)) or {}).get("label") or (" ".join(map(str, c)) if isinstance(c, tuple) else str(c))
             for c in shown]
    if isinstance(frame, Styler):  # the cells as the page draws them (its formats)
        body = re.sub(r"<[^>]+>", " ", frame.hide(axis="columns", subset=[c for c in data.columns if c not in shown])
                      .to_html())
        return "\n".join(heads) + "\n" + body
    return "\n".join(heads) + "\n" + data[shown].astype(str).to_csv(index=False, header=False)


def _dataframe_text(element) -> str:
    proto = element.proto
    config = json.loads(proto.columns) if proto.columns else {}
    return _frame_text(element.value, config, list(proto.column_order) or None)


def _months(values) -> bool:
    return isinstance(values, list) and bool(values) and all(
        isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}(?:-\d{2})?", v) for v in values)


def _chart_text(spec: dict) -> str:
    """The words a plotly figure draws: titles, axis titles, trace names and text, legend."""
    parts = []

    def title(node):
        if isinstance(node, dict):
            t = node.get("title")
            parts.append(t.get("text", "") if isinstance(t, dict) else t or "")

    layout = spec.get("layout", {})
    title(layout)
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis", "coloraxis")):
            title(value)
            parts.extend(str(v) for v in value.get("ticktext", []) or [])
    for trace in spec.get("data", []):
        parts.append(str(trace.get("name") or ""))
        axis = layout.get("xaxis" + str(trace.get("xaxis", "x"))[1:], {})
        if _months(trace.get("x")) and not axis.get("tickformat") and axis.get("type") != "category":
            parts.append("Jan 2024")  # plotly reads "2024-01" as a date and writes its ticks in English

        for key in ("text", "hovertemplate", "texttemplate"):
            value = trace.get(key)
            parts.extend(map(str, value) if isinstance(value, list) else [str(value or "")])
    return "\n".join(p for p in parts if p)


def _placeholder(kind: str, widget) -> str:
    """The placeholder an empty selection box shows: its own, or Streamlit's English default when it has none."""
    proto = getattr(widget, "proto", None)
    own = getattr(proto, "placeholder", "") if proto is not None else ""
    # a selection box drawn with index=None has no default: it shows the placeholder until something is chosen
    empty = kind == "multiselect" or (kind == "selectbox" and proto is not None and not proto.HasField("default"))
    return own or (STREAMLIT_DEFAULT_PLACEHOLDER if empty else "")


def app_text(at) -> str:
    """Every word an AppTest run drew: markdown, titles, notices, metrics, tables, widgets' labels and options, tab
    and expander labels, and the charts' words."""
    from testkit.apptest import texts

    parts = [texts(at)]
    parts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    parts += [_frame_text(t.value) for t in at.table] + [_dataframe_text(d) for d in at.dataframe]
    for kind in ("selectbox", "multiselect", "radio", "segmented_control", "pills"):
        for widget in at.get(kind):
            options = getattr(widget, "options", [])
            parts.append(" ".join(map(str, [getattr(widget, "label", ""), *options])))
            parts.append(_placeholder(kind, widget))
    for kind in ("button", "checkbox", "toggle", "text_input", "text_area", "number_input", "date_input"):
        parts += [str(getattr(w, "label", "")) for w in at.get(kind)]
    parts += [str(getattr(t, "label", "")) for t in at.tabs] + [str(getattr(e, "label", "")) for e in at.expander]
    for chart in at.get("plotly_chart"):
        parts.append(_chart_text(json.loads(chart.proto.spec)))
    return "\n".join(parts)


def export_text(mimetype: str, data: bytes | str) -> str:
    """Every cell of an exported file: each sheet of a workbook (values as stored), or a CSV's text."""
    if isinstance(data, str):
        return data
    if "spreadsheetml" in mimetype:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        lines = []
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                lines.append(" ".join("" if v is None else str(v) for v in row))
        return "\n".join(lines)
    if mimetype.startswith("text/"):
        return data.decode("utf-8-sig")
    return ""  # .docx/.pdf: the 通报's own scan (tests/test_briefing.py) reads those

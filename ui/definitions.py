"""The definitions (口径) shown on screen — card help and each page's 口径 expander — read from docs/metrics.md, so
that the screen and the document can never say two different things."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import streamlit as st

METRICS = Path(__file__).resolve().parent.parent / "docs" / "metrics.md"


@dataclass(frozen=True)
class Definition:
    section: str  # the heading of docs/metrics.md it stands under, e.g. "首页（总览）"
    name: str  # 指标
    fields: tuple  # the columns it defines
    text: str  # 口径
    unit: str


def _plain(cell: str) -> str:
    """A Markdown table cell as plain text (code spans and bold marks removed)."""
    return re.sub(r"[`*]", "", cell).strip()


@cache
def _words() -> dict[str, str]:
    """The words a person reads for a code span of docs/metrics.md: tables, lake columns (the headers districts use),
    the questions' columns, policy settings and subsidy rules by their Chinese names."""
    from lake import policy, schema, validate
    from queries import subsidy_audit
    from ui.labels import LABELS, TABLE_NAMES

    out = {s["key"]: s["label"] for s in policy.settings()}
    out |= {r.rule_id: f"“{r.name}”规则" for r in subsidy_audit.rules()}
    out |= {k: v for k, v in LABELS.items() if isinstance(v, str)}
    for table in schema.TABLES:
        for column in schema.TABLES[table].schema.names:
            header = validate.header_label(table, column)
            if header and header != column:
                out.setdefault(column, header)
    return out | TABLE_NAMES | {"policy.toml": "政策参数文件", 'source = "local"': "本地参数"}


_SPAN = re.compile(r"`([^`]+)`")
# a parenthesis that points a developer to a file, module or constant: the screen leaves it out
_POINTER = re.compile(r"[（(][^（）()]*`[^`]+`[^（）()]*[）)]")


def on_screen(cell: str) -> str:
    """A 口径 as a person reads it: each code span in its Chinese words; a parenthesis holding a span with no words
    (a file, a module, a constant — pointers for whoever maintains the code) left out."""
    words = _words()
    cell = _POINTER.sub(lambda m: m.group(0) if all(s in words for s in _SPAN.findall(m.group(0))) else "", cell)
    return _plain(_SPAN.sub(lambda m: f"“{words[m.group(1)]}”" if m.group(1) in words else m.group(0), cell))


@cache
def definitions() -> tuple[Definition, ...]:
    """Every row of every '| 指标 | 字段 | 口径 | 单位 | …' table of docs/metrics.md, in document order."""
    out, section = [], ""
    for line in METRICS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        cells = [c for c in line.split("|")[1:-1]] if line.startswith("|") else []
        if len(cells) < 4 or set(cells[0].strip()) <= {"-"} or cells[0].strip() == "指标":
            continue
        fields = tuple(re.findall(r"`(\w+)`", cells[1]))
        out.append(Definition(section, _plain(cells[0]), fields, on_screen(cells[2]), _plain(cells[3])))
    return tuple(out)


def of(field: str, section: str | None = None) -> str:
    """The definition of a column, from the section whose heading starts with `section` when given (a figure can be
    defined per page), else its first definition. Raises KeyError for an undefined column."""
    for d in definitions():
        if field in d.fields and (section is None or d.section.startswith(section)):
            return d.text
    raise KeyError(f"docs/metrics.md defines no {field!r}" + (f" under {section!r}" if section else ""))


def expander(section: str) -> None:
    """The page's 口径说明: every definition of its section of docs/metrics.md."""
    with st.expander("口径说明", icon=":material/menu_book:"):
        st.markdown("\n".join(f"- **{d.name}**：{d.text}" for d in definitions() if d.section.startswith(section)))
        st.caption(f"以上为“{section}”一节的全部口径，与系统的指标口径说明文档一致。")

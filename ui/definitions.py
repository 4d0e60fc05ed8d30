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
        out.append(Definition(section, _plain(cells[0]), fields, _plain(cells[2]), _plain(cells[3])))
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
        st.caption(f"全部口径见 docs/metrics.md“{section}”一节。")

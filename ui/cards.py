"""KPI cards: value with unit, as-of month, change against a named baseline, a verdict word, a link to detail."""

from dataclasses import dataclass

import streamlit as st

VERDICT_COLORS = {"达到": "green", "未达到": "red", "无基期": "gray", "无对象": "gray"}
VERDICT_ICONS = {"达到": ":material/check_circle:", "未达到": ":material/cancel:", "无基期": ":material/remove:",
                 "无对象": ":material/remove:"}


@dataclass(frozen=True)
class Card:
    label: str
    value: str  # already formatted with its unit
    as_of: str  # e.g. "2026年10月" or "2026年1—10月"
    change: str | None = None  # e.g. "+732 人（+1.8%）"
    baseline: str | None = None  # what the change is against, e.g. "较上年同期"
    verdict: str | None = None  # 达到 / 未达到 / 无基期 / 无对象
    page: str | None = None  # page file to link to, e.g. "pages/employment.py"
    page_title: str | None = None
    help: str | None = None


def verdict_badge(verdict: str) -> None:
    st.badge(verdict, icon=VERDICT_ICONS.get(verdict), color=VERDICT_COLORS.get(verdict, "gray"))


def show(card: Card) -> None:
    with st.container(border=True):
        st.metric(card.label, card.value, delta=card.change, delta_description=card.baseline, help=card.help,
                  delta_color="normal" if card.change else "off")
        st.caption(f"截至 {card.as_of}")
        if card.verdict:
            verdict_badge(card.verdict)
        if card.page:
            st.page_link(card.page, label=f"查看{card.page_title or '详情'}", icon=":material/arrow_forward:")


def row(cards: list[Card], per_row: int = 3) -> None:
    """Cards side by side on a desk, at most `per_row` a row; Streamlit stacks the columns at phone width."""
    for start in range(0, len(cards), per_row):
        for column, card in zip(st.columns(per_row), cards[start:start + per_row], strict=False):
            with column:
                show(card)

"""What every page draws first: the lake check, the shared sidebar filters, the as-of badge, the demo notice.

Each entry point first makes sure the router is serving the page (`ui.navigation.ensure_routed`).
"""

import gc

import streamlit as st

from queries import engine
from ui import filters, navigation
from ui.labels import month_label
from ui.safe import plain


def lake_or_stop() -> engine.LakeState:
    """The current lake; without one, say what is missing and which command builds it, and stop the page."""
    try:
        return engine.lake_state()
    except engine.QueryError as exc:
        st.error(plain(exc), icon=":material/folder_off:")
        st.stop()


def _as_of(state: engine.LakeState, month: str | None = None) -> None:
    """The as-of badge: the month the page answers for (the selected one), naming the lake's latest when older."""
    latest = state.months[-1]
    shown = month or latest
    st.badge(f"数据截至 {month_label(shown)}" + ("" if shown == latest else f"（最新数据 {month_label(latest)}）"),
             icon=":material/event:", color="blue")
    if state.is_demo:
        st.info("当前展示的是**模拟数据**（演示用，按公开统计口径随机生成），不代表武汉市真实情况。",
                icon=":material/science:")


def start() -> filters.Filters:
    """Draw the shared chrome and return the filters the page should answer for."""
    navigation.ensure_routed()
    state = lake_or_stop()
    chosen = filters.sidebar(state, navigation.current_user())
    _as_of(state, chosen.month)
    return chosen


def as_of_only() -> engine.LakeState | None:
    """For a page that works without a lake (the import page): the badge when there is one, else say there is none."""
    navigation.ensure_routed()
    try:
        state = engine.lake_state()
    except engine.LakeMissing:
        st.badge("数据截至：尚无数据（导入第一份花名册后生成）", icon=":material/event:", color="gray")
        return None
    _as_of(state)
    return state


@st.cache_resource(show_spinner=False)
def settle_memory() -> None:
    """Once per server process, after its first page: hand the objects that live as long as the process (modules,
    plotly's validators, the connection's Python side) to Python's permanent generation, so that the full garbage
    collections a run triggers scan only what runs create (measured in docs/benchmarks.md). Garbage is collected
    first, so nothing dead is kept."""
    gc.collect()
    gc.freeze()

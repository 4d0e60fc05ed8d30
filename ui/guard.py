"""Failure per figure: a question that fails shows its Chinese message in place of the card, chart or table that
needed it, and the rest of the page draws."""

from contextlib import contextmanager

import streamlit as st

from queries.engine import QueryError
from ui.safe import plain


@contextmanager
def figure(what: str):
    """Draw the block inside; if a question in it fails, show what failed and why instead, and carry on."""
    try:
        yield
    except QueryError as exc:
        st.error(f"{what}暂时无法显示：{plain(exc)}", icon=":material/error:")

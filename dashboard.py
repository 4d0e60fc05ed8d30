"""The router: page config and navigation over pages/; a question that fails shows its Chinese message."""

import streamlit as st

from queries.engine import QueryError

st.set_page_config(page_title="武汉市就业帮扶看板", page_icon="🤝", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="首页", icon="🏠", default=True),
    st.Page("pages/welfare_posts.py", title="公益性岗位", icon="🧹"),
]

page = st.navigation(PAGES)
try:
    page.run()
except QueryError as exc:
    st.error(str(exc), icon="⚠️")

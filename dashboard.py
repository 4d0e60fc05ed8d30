"""The router: page config and navigation over pages/; a question that fails shows its Chinese message; after the
first page, the process's long-lived objects are set aside from garbage collection (ui.shell.settle_memory)."""

import os

import streamlit as st

from queries.engine import QueryError
from ui.shell import settle_memory

st.set_page_config(page_title="武汉市就业帮扶看板", page_icon="🤝", layout="wide")

# The import page is for administrators only; until login arrives (DESIGN §9) it is switched on by the server's
# environment (DASHBOARD_ADMIN=1), off by default.
IS_ADMIN = os.environ.get("DASHBOARD_ADMIN") == "1"
PAGES = [
    st.Page("pages/overview.py", title="首页", icon=":material/home:", default=True),
    st.Page("pages/employment.py", title="就业规模稳定", icon=":material/trending_up:"),
    st.Page("pages/districts.py", title="区域对比", icon=":material/map:"),
    st.Page("pages/brands.py", title="劳务品牌", icon=":material/sell:"),
    st.Page("pages/model_towns.py", title="示范乡镇", icon=":material/workspace_premium:"),
    st.Page("pages/welfare_posts.py", title="公益性岗位", icon=":material/volunteer_activism:"),
    st.Page("pages/subsidies.py", title="政策落实", icon=":material/payments:"),
    st.Page("pages/data_quality.py", title="数据质量", icon=":material/fact_check:"),
    *([st.Page("pages/data_import.py", title="数据导入", icon=":material/upload_file:")] if IS_ADMIN else []),
]

page = st.navigation(PAGES)
try:
    page.run()
except QueryError as exc:
    st.error(str(exc), icon=":material/error:")
settle_memory()

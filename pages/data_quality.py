"""数据质量: can the figures be trusted — which snapshots are loaded, which district-months are missing or jump,
how complete the key fields are, and what the last imports warned about. Its figures are drawn by `ui.quality`."""

import streamlit as st

from queries.engine import prefetch
from ui import guard, quality, shell
from ui.figures import View

view = View(shell.start())
prefetch(quality.asked(view))
q = quality.answers(view)

st.title("数据质量")
quality.headline(view, q)

st.subheader("各区每月花名册人数")
quality.roster_grid(q)

st.subheader(quality.completeness_title(view))
quality.completeness(q)

st.subheader("数据快照")
quality.snapshots(q)

st.subheader("最近导入的提醒")
with guard.figure("最近导入的提醒"):
    quality.recent_imports(q)

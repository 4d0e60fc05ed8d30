"""帮扶举措: the work plan's measures that no other page shows — 有组织劳务输出, 农村劳务经纪人, 就业服务专项活动,
培训需求 beside training given, 返乡创业载体与带头人. Each is a figure declared in `ui.measures.FIGURES`."""

import streamlit as st

from ui import definitions, figures, measures, shell

f = shell.start()
st.title("帮扶举措")
figures.show(measures.FIGURES, figures.View(f), file_stem=f"帮扶举措_{f.month}", export_key="measures_export")
definitions.expander("帮扶举措")

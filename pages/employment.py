"""就业规模稳定: is employment holding steady (稳存量、扩增量、提质量), where and how people work, who needs help.
Its figures are drawn by `ui.employment`."""

import streamlit as st

from ui import definitions, guard, shell
from ui import employment as figures
from ui.figures import View

e = figures.start(View(shell.start()))
st.title("就业规模稳定")
figures.headline(e)

st.header("一、就业规模：是否不低于基期")
with guard.figure("各区就业规模"):
    figures.scale(e)
with guard.figure("年末预计"):
    figures.projection(e)

st.header("二、稳存量、扩增量、流失")
with guard.figure("稳存量、扩增量、流失"):
    figures.flows(e)

st.header("三、在哪里、怎么就业")
dimension = figures.mix_dimension()
with guard.figure("就业构成"):
    figures.mix(e, dimension)

st.header("四、就业质量（提质量）")
with guard.figure("就业质量"):
    figures.quality(e)

st.header("五、还需帮扶：有能力有意愿但未就业")
figures.help_cards(e)
with guard.figure("各乡镇有能力有意愿但未就业人数"):
    chosen = figures.towns(e)

with guard.figure("导出"):
    figures.export(e, chosen)
definitions.expander("就业规模稳定")

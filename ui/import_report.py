"""The report of a refused file on 数据导入: the summary per column first, then the full list, and the workbook with
the offending cells marked in a copy of the clerk's own sheet (built only when downloaded)."""

from pathlib import Path

import streamlit as st

from lake import import_report
from lake.validate import FILE_ROW, Checked, Source
from ui.downloads import owned
from ui.safe import plain

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LISTED = 5000  # problems shown on the page; the workbook holds all


def show(checked: Checked, source: Source) -> None:
    problems = checked.problems
    st.error(import_report.headline(problems), icon=":material/block:")
    # what concerns the whole file (the lake, the key, a sheet, a missing column) is said in full, not in a cell
    for problem in (p for p in problems if p.row == FILE_ROW):
        st.warning(plain(f"{problem.column}：{problem.expected}"), icon=":material/error:")
    st.subheader("问题汇总（按列）")
    st.table(import_report.summary_frame(problems))  # a static table: long instructions wrap instead of being cut
    # "ignore": downloading does not run the page again, so the report stays on screen
    st.download_button("下载问题报告（Excel：汇总、全部问题、原表中标出的问题单元格）",
                       owned(lambda: import_report.marked_workbook(source, checked)),
                       file_name=f"{Path(source.name).stem}_问题报告.xlsx", mime=XLSX_MIME,
                       key="import_report_xlsx", icon=":material/download:", on_click="ignore")
    with st.expander(f"全部 {len(problems):,} 个问题（逐行）"):
        if len(problems) > LISTED:
            st.caption(f"这里列出前 {LISTED:,} 个，全部问题见上面的问题报告。")
        st.dataframe(import_report.report_frame(problems[:LISTED]), hide_index=True, key="import_problems",
                     width="stretch")

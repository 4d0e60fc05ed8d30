"""数据导入 (administrators only: offered to them by the router and checked again here): upload a district's
monthly file, see a summary of its problems per column and then every problem, and import it only when it has none.
Works before any lake exists (the first import makes one). Every import, accepted or refused, is written to the
access log."""

from datetime import date

import streamlit as st

from lake import importer
from lake import manifest as mf
from lake.validate import Source, importable_tables, is_yearly
from store import access_log
from ui import import_report, navigation, shell
from ui.filters import all_district_codes
from ui.labels import TABLE_NAMES, district_name, month_label
from ui.safe import plain

shell.as_of_only()
admin = navigation.require_admin()
st.title("数据导入")
st.caption("上传区县从全国防返贫监测信息系统或人社系统导出的月度花名册、补贴台账或年度名册（.xlsx、.csv、.parquet）。"
           "文件逐行校验，**有任何问题整份文件都不导入**；姓名、电话等个人信息不入库，证件号码转换为化名编号。")

today = date.today()
last_month = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
table = st.selectbox("数据表", importable_tables(), format_func=lambda t: TABLE_NAMES.get(t, t),
                     key="import_table")
if is_yearly(table):
    month = st.text_input("年度（YYYY）", value=str(today.year), key="import_year")
else:
    month = st.text_input("统计月份（YYYY-MM）", value=last_month, key="import_month")
by = st.text_input("导入人", value=admin.display_name, key="import_by")
if not navigation.uploads_enabled():
    st.info("本服务未开启文件上传（公开服务的默认设置）。请在开启上传的管理员服务上导入（DASHBOARD_UPLOADS=1），"
            "或在服务器上用 make import 导入。", icon=":material/upload_file:")
    st.stop()
uploaded = st.file_uploader("选择文件", type=["xlsx", "csv", "parquet"], key="import_file")
sheet = st.text_input("工作表名（Excel 有多张工作表有数据时填写）", key="import_sheet")
# A month's file covers the whole city: a district absent from it did not report, unless named here (a true 0).
empty = () if is_yearly(table) else tuple(st.multiselect(
    "本月已报送、但没有任何记录的区（如公益性岗位花名册为空）", all_district_codes(), format_func=district_name,
    key="import_empty_districts", placeholder="不选：文件中没有记录的区按未报送",
    help="未选且文件中没有记录的区视为未报送：其数字为“无基期”，而不是 0。"))
same_file = st.checkbox("确认导入与另一期完全相同的文件（两期数据确实相同时才勾选）", key="import_same_file")
check_clicked = st.button("只校验", key="import_check", disabled=uploaded is None)
import_clicked = st.button("校验并导入", key="import_run", type="primary", disabled=uploaded is None)


if uploaded is not None and (check_clicked or import_clicked):
    source = Source(uploaded.name, uploaded.getvalue())
    try:
        if import_clicked:
            result = importer.import_source(source, table, month.strip(), imported_by=by.strip() or None,
                                            sheet=sheet.strip(), allow_same_file=same_file,
                                            empty_districts=empty)
            checked = result.checked
        else:
            result, checked = None, importer.check_source(source, table, month.strip(), sheet=sheet.strip())
    except (importer.ImportRefused, mf.LakeError) as exc:  # the importer's only failures, each a Chinese sentence
        if import_clicked:
            access_log.record(admin.username, "import", page="data_import", outcome=f"拒收：{exc}",
                              parameters={"file": uploaded.name, "table": table, "month": month.strip()})
        st.error(plain(exc), icon=":material/block:")
        st.stop()
    if import_clicked:
        accepted = result.accepted and not checked.problems
        access_log.record(admin.username, "import", page="data_import",
                          parameters={"file": uploaded.name, "table": table, "month": month.strip()},
                          outcome="已导入" if accepted else f"拒收：{len(checked.problems)} 个问题")
    if checked.problems:
        import_report.show(checked, source)
    elif result is not None and result.accepted:
        period = f"{month.strip()}年" if is_yearly(table) else month_label(month.strip())
        st.success(f"已导入 {period} {TABLE_NAMES[table]}："
                   f"{result.entry['rows']:,} 行（来源 {plain(uploaded.name)}）。各页面已自动使用新数据。",
                   icon=":material/check_circle:")
        if result.entry["superseded"]:
            st.info("该期原有数据已归档保存（未删除），可在“数据质量”页查看。", icon=":material/inventory_2:")
    else:
        st.success(f"校验通过：{checked.source_rows:,} 行，没有问题，可以导入。", icon=":material/check_circle:")
    for warning in (result.warnings if result is not None and result.accepted else checked.warnings):
        st.warning(plain(warning), icon=":material/warning:")

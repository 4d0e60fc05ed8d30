"""数据质量: can the figures be trusted — which snapshots are loaded, which district-months are missing or jump,
how complete the key fields are, and what the last imports warned about."""

import streamlit as st

from assess import data_quality as dq
from queries import engine, lake_info
from queries.engine import prefetch, run
from ui import cards, guard, shell
from ui.labels import DATA_KINDS, GAP_FLAGS, TABLE_NAMES, column_config, district_name, field_label, fmt, month_label

GAP_COLORS = {dq.GAP_MISSING: "background-color: #fff3b0", dq.GAP_JUMP: "background-color: #ffd3a8"}
f = shell.start()
prefetch([("laborer_counts_by_month_district", {"districts": list(f.districts)}), ("field_completeness", f.params())])
state = engine.lake_state()
as_of, span = month_label(f.month), f"{month_label(state.months[0])}—{month_label(state.months[-1])}"
snapshots = lake_info.snapshots()
snapshots = snapshots.assign(table_name=snapshots["table_name"].map(TABLE_NAMES),
                             data_kind=snapshots["is_demo"].map(DATA_KINDS)).drop(columns="is_demo")
grid, flags = dq.month_district_grid(run("laborer_counts_by_month_district", {"districts": list(f.districts)}),
                                     list(state.months))
gaps = dq.gap_list(flags)
missing, jumps = (gaps["flag"] == dq.GAP_MISSING).sum(), (gaps["flag"] == dq.GAP_JUMP).sum()
completeness = run("field_completeness", f.params())
completeness["field_label"] = completeness["field_name"].map(field_label)
weakest = completeness.dropna(subset=["completeness_pct"]).sort_values("completeness_pct").head(1)
lowest = weakest.iloc[0]["completeness_pct"] if len(weakest) else None

st.title("数据质量")
st.subheader("，".join(s for s in (
    f"数据湖共 {len(snapshots):,} 个快照（{DATA_KINDS[state.is_demo]}）",
    f"{f.scope_label}有 {missing} 个“区 × 月”缺报" if missing else f"{f.scope_label}各区各月花名册齐全",
    f"{int(f.month[5:])}月完整率最低的字段是“{weakest.iloc[0]['field_label']}”（{fmt(lowest, 'completeness_pct')}）"
    if len(weakest) else "") if s))
cards.row([
    cards.Card("快照数", fmt(len(snapshots), "snapshot_unit_count"), month_label(state.months[-1]),
               help="数据湖中当前有效的分区文件数（每张表每月或每年一个）"),
    cards.Card("缺报的区 × 月", fmt(missing, "gap_unit_count"), span,
               help="某区在数据湖的其他月份有花名册、这个月却没有"),
    cards.Card("人数变化大的区 × 月", fmt(jumps, "gap_unit_count"), span,
               help="较上月增减超过导入校验设定的比例（data/reference/import_headers.toml）"),
    cards.Card("关键字段最低完整率", fmt(lowest, "completeness_pct"), as_of,
               help="见下方“关键字段完整率”：务工相关字段只看已就业人员"),
])

st.subheader("各区每月花名册人数")
st.caption(f"单位：人。黄色 = {GAP_FLAGS[dq.GAP_MISSING]}（该区其他月份有数据），橙色 = 较上月变化超过阈值。"
           f"截至 {month_label(state.months[-1])}，来源：脱贫劳动力月度花名册")
styled = grid.rename(columns=district_name).style.apply(
    lambda _: flags.rename(columns=district_name).replace(GAP_COLORS).values, axis=None)
st.dataframe(styled.format("{:,.0f}", na_rep=GAP_FLAGS[dq.GAP_MISSING]).format_index(month_label, axis=0),
             key="dq_grid", width="stretch")

st.subheader(f"关键字段完整率（{as_of}，{f.scope_label}）")
st.caption("完整率 = 已填写人数 ÷ 应填写人数；务工所在地、就业渠道、务工月收入等只看已就业人员。")
table = completeness[["field_label", "employed_only", "base_count", "filled_count", "missing_count",
                      "completeness_pct"]]
st.dataframe(table, hide_index=True, key="dq_completeness", width="stretch", column_config=column_config(
    table.columns) | {"completeness_pct": st.column_config.ProgressColumn("完整率（%）", format="%.1f%%", min_value=0,
                                                                            max_value=100)})

st.subheader("数据快照")
chosen = st.selectbox("数据表", ["全部", *sorted(snapshots["table_name"].unique())], key="dq_table")
listed = snapshots if chosen == "全部" else snapshots[snapshots["table_name"] == chosen]
st.dataframe(listed, column_config=column_config(listed.columns), hide_index=True, key="dq_snapshots", width="stretch")

st.subheader("最近导入的提醒")
with guard.figure("最近导入的提醒"):
    imports = lake_info.recent_imports()
    if imports.empty:
        st.caption("还没有从文件导入的记录" + ("（当前是演示数据生成器写入的模拟数据）。" if state.is_demo else "。"))
    else:
        imports = imports.assign(table_name=imports["table_name"].map(TABLE_NAMES),
                                 warning=imports["warning"].fillna("无"))
        st.dataframe(imports, column_config=column_config(imports.columns), hide_index=True, key="dq_imports",
                     width="stretch")

"""The figures of 数据质量 (pages/data_quality.py): the snapshots loaded, the district-months missing or jumping, how
complete the key fields are, and what the last imports warned about — each drawn from the page's answers."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from assess import data_quality as dq
from queries import engine, lake_info
from queries.engine import LakeState, run
from ui import cards
from ui.figures import View
from ui.labels import (
    DATA_KINDS,
    DEMO_WRITER,
    GAP_FLAGS,
    TABLE_NAMES,
    column_config,
    district_name,
    field_label,
    fmt,
    label,
    month_label,
    stored_time_label,
)

GAP_COLORS = {dq.GAP_MISSING: "background-color: #fff3b0", dq.GAP_JUMP: "background-color: #ffd3a8"}


@dataclass(frozen=True)
class Quality:
    """The page's answers and what is judged of them."""
    state: LakeState
    snapshots: pd.DataFrame
    grid: pd.DataFrame
    flags: pd.DataFrame
    missing: int
    jumps: int
    completeness: pd.DataFrame
    weakest: pd.DataFrame
    lowest: float | None

    @property
    def span(self) -> str:
        return f"{month_label(self.state.months[0])}—{month_label(self.state.months[-1])}"


def asked(view: View) -> list[tuple]:
    return [("laborer_counts_by_month_district", {"districts": list(view.f.districts)}),
            ("field_completeness", view.f.params())]


def answers(view: View) -> Quality:
    f, state = view.f, engine.lake_state()
    snapshots = lake_info.snapshots()
    snapshots = _stored_words(snapshots).assign(data_kind=snapshots["is_demo"].map(DATA_KINDS)).drop(columns="is_demo")
    grid, flags = dq.month_district_grid(run("laborer_counts_by_month_district", {"districts": list(f.districts)}),
                                         list(state.months))
    gaps = dq.gap_list(flags)
    completeness = run("field_completeness", f.params())
    completeness["field_label"] = completeness["field_name"].map(field_label)
    weakest = completeness.dropna(subset=["completeness_pct"]).sort_values("completeness_pct").head(1)
    return Quality(state, snapshots, grid, flags, (gaps["flag"] == dq.GAP_MISSING).sum(),
                   (gaps["flag"] == dq.GAP_JUMP).sum(), completeness, weakest,
                   weakest.iloc[0]["completeness_pct"] if len(weakest) else None)


def headline(view: View, q: Quality) -> None:
    f = view.f
    st.subheader("，".join(s for s in (
        f"数据湖共 {len(q.snapshots):,} 个快照（{DATA_KINDS[q.state.is_demo]}）",
        f"{f.scope_label}有 {q.missing} 个“区 × 月”缺报" if q.missing else f"{f.scope_label}各区各月花名册齐全",
        f"{f.month_of_year}月完整率最低的字段是“{q.weakest.iloc[0]['field_label']}”"
        f"（{fmt(q.lowest, 'completeness_pct')}）" if len(q.weakest) else "") if s))
    cards.row([
        cards.Card("快照数", fmt(len(q.snapshots), "snapshot_unit_count"), month_label(q.state.months[-1]),
                   help="数据湖中当前有效的分区文件数（每张表每月或每年一个）"),
        cards.Card("缺报的区 × 月", fmt(q.missing, "gap_unit_count"), q.span,
                   help="某区在数据湖的其他月份有花名册、这个月却没有"),
        cards.Card("人数变化大的区 × 月", fmt(q.jumps, "gap_unit_count"), q.span,
                   help="较上月增减超过导入校验设定的比例（data/reference/import_headers.toml）"),
        cards.Card("关键字段最低完整率", fmt(q.lowest, "completeness_pct"), view.as_of,
                   help="见下方“关键字段完整率”：务工相关字段只看已就业人员"),
    ])


def roster_grid(q: Quality) -> None:
    st.caption(f"单位：人。黄色 = {GAP_FLAGS[dq.GAP_MISSING]}（该区其他月份有数据），橙色 = 较上月变化超过阈值。"
               f"截至 {month_label(q.state.months[-1])}，来源：脱贫劳动力月度花名册")
    styled = q.grid.rename(columns=district_name).rename_axis(index=label("month")).style.apply(
        lambda _: q.flags.rename(columns=district_name).replace(GAP_COLORS).values, axis=None)
    st.dataframe(styled.format("{:,.0f}", na_rep=GAP_FLAGS[dq.GAP_MISSING]).format_index(month_label, axis=0),
                 key="dq_grid", width="stretch")


def completeness_title(view: View) -> str:
    return f"关键字段完整率（{view.as_of}，{view.f.scope_label}）"


def completeness(q: Quality) -> None:
    st.caption("完整率 = 已填写人数 ÷ 应填写人数；务工所在地、就业渠道、务工月收入等只看已就业人员。")
    table = q.completeness[["field_label", "employed_only", "base_count", "filled_count", "missing_count",
                            "completeness_pct"]]
    st.dataframe(table, hide_index=True, key="dq_completeness", width="stretch", column_config=column_config(
        table.columns) | {"completeness_pct": st.column_config.ProgressColumn("完整率（%）", format="%.1f%%",
                                                                                min_value=0, max_value=100)})


def _stored_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The manifest's columns in words: table names, import times in Beijing time, the demo generator named."""
    return frame.assign(table_name=frame["table_name"].map(TABLE_NAMES),
                        imported_at=frame["imported_at"].map(stored_time_label),
                        source_file=frame["source_file"].replace(DEMO_WRITER),
                        imported_by=frame["imported_by"].replace(DEMO_WRITER))


def snapshots(q: Quality) -> None:
    chosen = st.selectbox("数据表", ["全部", *sorted(q.snapshots["table_name"].unique())], key="dq_table")
    listed = q.snapshots if chosen == "全部" else q.snapshots[q.snapshots["table_name"] == chosen]
    st.dataframe(listed, column_config=column_config(listed.columns), hide_index=True, key="dq_snapshots",
                 width="stretch")


def recent_imports(q: Quality) -> None:
    imports = lake_info.recent_imports()
    if imports.empty:
        st.caption("还没有从文件导入的记录" + ("（当前是演示数据生成器写入的模拟数据）。" if q.state.is_demo else "。"))
    else:
        imports = _stored_words(imports).assign(warning=imports["warning"].fillna("无"))
        st.dataframe(imports, column_config=column_config(imports.columns), hide_index=True, key="dq_imports",
                     width="stretch")

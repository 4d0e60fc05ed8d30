"""The figures of 就业规模稳定 (pages/employment.py): scale against the baseline, the year-end projection, stock and
flow, where and how people work, quality, and who still needs help, with the page's workbook. `Employment` holds
what the figures of one run share (the baseline, the KPI row, answers more than one figure reads)."""

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import streamlit as st

from assess import employment as er
from assess import verdicts
from queries.engine import derive, prefetch, run
from ui import cards, charts, definitions, exports, projections, sentences, tables
from ui.figures import View
from ui.labels import BASELINE_NAMES, MIX_DIMENSION_NAMES, district_name, fmt, month_label, period_label

SCALE_COLUMNS = tables.COLUMNS["employment_scale"]


@dataclass
class Employment:
    view: View
    kpi: pd.Series  # employment_kpis' one row: every figure reads it
    _towns: dict = field(default_factory=dict)

    @property
    def f(self):
        return self.view.f

    @cached_property
    def baseline_key(self) -> str:
        return verdicts.employment_baseline(self.f.year)

    @property
    def baseline_name(self) -> str:
        return BASELINE_NAMES[self.baseline_key]

    @property
    def baseline_month(self) -> str:
        return er.baseline_month(self.f.month, self.baseline_key)

    @property
    def has_baseline(self) -> bool:
        return bool(self.kpi[er.HAS_BASELINE_COLUMNS[self.baseline_key]])

    @cached_property
    def by_district(self) -> pd.DataFrame:
        return tables.with_names(derive(er.district_stability, [("employment_by_district", self.f.params())],
                                        self.baseline_key))

    def towns_to_help(self, district: str) -> pd.DataFrame:
        if district not in self._towns:
            towns = run("able_willing_unemployed_by_town", self.f.params())
            chosen = self.f.districts if district == "all" else [district]
            self._towns[district] = tables.with_names(towns[towns["district_code"].isin(chosen)])
        return self._towns[district]

    @cached_property
    def stock_and_flow(self) -> tuple:
        total, by_district = derive(er.flows_split, [("employment_stock_flow",
                                                      self.f.params(baseline=self.baseline_key))])
        return total, tables.with_names(by_district)[tables.COLUMNS["employment_flows"]]

    @cached_property
    def projected(self) -> tuple:
        return projections.asked("employment_monthly_by_district", self.f.params(), "employed_count", self.f.month)

    @property
    def filters(self) -> str:
        return f"{self.view.filters}；基期 {self.baseline_name}（{month_label(self.baseline_month)}）"


def start(view: View) -> Employment:
    """Ask the page's questions together; the run's shared answers."""
    f, baseline_key = view.f, verdicts.employment_baseline(view.f.year)
    prefetch([(name, f.params()) for name in ("employment_kpis", "employment_by_district",
                                               "able_willing_unemployed_by_town", "employment_monthly_by_district",
                                               "employment_flows_monthly", "employment_mix", "employment_quality")]
             + [("employment_stock_flow", f.params(baseline=baseline_key)),
                ("employment_trend", {"districts": list(f.districts)})])
    return Employment(view, run("employment_kpis", f.params()).iloc[0])


def headline(e: Employment) -> None:
    """The answer first; with no roster this month, says so and ends the page."""
    f, kpi = e.f, e.kpi
    if kpi["laborer_count"] == 0:
        st.info(f"{f.scope_label}在{e.view.as_of}没有脱贫劳动力花名册数据。请在左侧换一个月份或区；若应有数据，请导入该月花名册。",
                icon=":material/folder_off:")
        st.stop()
    scale = er.kpi_stability(kpi, e.baseline_key)
    st.subheader(sentences.scale_headline(f.month, f.scope_label, kpi, scale, e.baseline_key, e.baseline_month))
    cards.row(cards.employment_scale(kpi, scale, e.baseline_key, f.month))


def scale(e: Employment) -> None:
    f, as_of = e.f, e.view.as_of
    trend = run("employment_trend", {"districts": list(f.districts)})
    question = f"{f.scope_label}务工就业人数：今年每月是否不低于去年？"
    charts.show(charts.this_year_vs_last(trend, "employed_count", question, f.year), key="employment_trend_chart",
                as_of=as_of)
    st.markdown(f"**各区务工就业人数与{e.baseline_name}比较**（{as_of}；基期 {month_label(e.baseline_month)}）")
    tables.show(e.by_district[SCALE_COLUMNS], "employment_scale_table")
    ranked = e.by_district.dropna(subset=["employed_change_pct"])
    if len(e.by_district) > 1 and not ranked.empty:
        charts.show(charts.ranked_bar(ranked, "district_name", "employed_change_pct",
                                      f"哪些区务工就业人数低于{e.baseline_name}？（较基期增减率）"),
                    key="employment_change_chart", as_of=as_of)


def projection(e: Employment) -> None:
    f = e.f
    st.markdown("**年末预计：按目前进度，年末务工就业人数能否不低于上年？**")
    projections.show(e.projected, "employed_count", "employment_projection", lead=f"{f.scope_label}务工就业人数",
                     note="上年 = 上年12月务工就业人数。", no_history="上年没有完整的逐月花名册，无法按进度预计年末。",
                     december=f"{f.year}年12月即年末，不再预计。" if f.month_of_year == 12 else None)


def flows(e: Employment) -> None:
    f, as_of = e.f, e.view.as_of
    flow_total, flow_table = e.stock_and_flow
    if not e.has_baseline:
        st.info(f"没有基期 {month_label(e.baseline_month)}（{e.baseline_name}）的花名册，"
                "无法按人比对稳存量、扩增量和流失。请导入该月花名册，或换一个统计月份。", icon=":material/info:")
    else:
        st.caption(f"{as_of}花名册与基期 {month_label(e.baseline_month)}（{e.baseline_name}）花名册按人逐一比对。")
        cards.row(cards.stock_and_flow(flow_total, as_of, f.is_city))
        st.markdown("**各区稳存量、扩增量、流失与跨区迁入、迁出**（基期人数 + 扩增量 + 迁入 − 流失 − 迁出 = 本月人数）")
        tables.show(flow_table, "employment_flow_table")
    monthly = run("employment_flows_monthly", f.params())
    if not monthly.empty:
        charts.show(charts.inflow_outflow(monthly, "entered_count", "exited_count",
                                          f"{f.year}年每月有多少人新进入、多少人退出务工就业？（较上月）",
                                          net=None if f.is_city else "net_moved_in_count"),
                    key="employment_monthly_flow_chart", as_of=as_of)


def mix_dimension() -> str:
    return st.radio("构成维度", list(er.MIX_DIMENSIONS), format_func=MIX_DIMENSION_NAMES.get, horizontal=True,
                    key="mix_dimension")


def mix(e: Employment, dimension: str) -> None:
    f, as_of = e.f, e.view.as_of
    part, mix_table = derive(er.mix_with_table, [("employment_mix", f.params())], dimension)
    if part.empty:
        st.info(f"{f.scope_label}在{as_of}没有务工就业人员，无构成可看。", icon=":material/info:")
    else:
        question = f"脱贫户与监测对象按{MIX_DIMENSION_NAMES[dimension]}的构成有何不同？（各自合计 100%）"
        charts.show(charts.grouped_bars(part, "category_label", "share_pct", "household_group", question,
                                        colors=charts.HOUSEHOLD_COLORS), key="employment_mix_chart", as_of=as_of)
        tables.show(mix_table, "employment_mix_table")
        st.caption("监测对象 = 脱贫不稳定户、边缘易致贫户、突发严重困难户（防止返贫监测对象）。")


def quality(e: Employment) -> None:
    f = e.f
    last_year_month = er.baseline_month(f.month, "same_month_last_year")
    answer = run("employment_quality", f.params()).iloc[0]
    cards.row(cards.quality(answer, e.view.as_of, period_label(f.month, year_to_date=True),
                            f"较上年同期（{month_label(last_year_month)}）"))


def help_cards(e: Employment) -> None:
    kpi, as_of = e.kpi, e.view.as_of
    cards.row([cards.able_willing_rate(kpi, verdicts.employment_target_pct(e.f.year), as_of),
               cards.Card("有能力有意愿但未就业", fmt(kpi["able_willing_count"] - kpi["able_willing_employed_count"],
                                                      "able_willing_unemployed_count"), as_of,
                          help=definitions.of("able_willing_unemployed_count"))])


def towns(e: Employment) -> str:
    """Which districts and towns have able and willing people without work; returns the chosen range."""
    f, as_of = e.f, e.view.as_of
    helped = e.by_district.query("able_willing_count > 0")
    if len(helped) > 1:
        charts.show(charts.ranked_bar(helped, "district_name", "able_willing_unemployed_count",
                                      "哪些区有能力有意愿但未就业的人最多？"), key="employment_unemployed_chart",
                    as_of=as_of)
    chosen = st.selectbox("乡镇（街道）范围", ["all", *f.districts], key="help_district",
                          format_func=lambda d: "全部所选区" if d == "all" else district_name(d))
    shown = e.towns_to_help(chosen)[tables.COLUMNS["employment_towns"]]
    st.markdown(f"**各乡镇（街道）有能力有意愿但未就业人数**（{as_of}，按未就业人数从多到少）")
    if shown.empty:
        st.info("所选范围内本月没有有劳动能力和就业意愿的脱贫劳动力。", icon=":material/info:")
    else:
        tables.show(shown, "employment_town_table")
    return chosen


def export(e: Employment, chosen: str) -> None:
    f, as_of = e.f, e.view.as_of
    flow_total, flow_table = e.stock_and_flow
    scale = er.kpi_stability(e.kpi, e.baseline_key)
    projected_rows, projected_total = e.projected
    exports.buttons([
        exports.Sheet("就业规模", f"{f.scope_label}各区务工就业人数与{e.baseline_name}比较",
                      e.by_district[SCALE_COLUMNS], as_of, e.filters, total=er.stability_total(e.kpi, scale)),
        *([exports.Sheet("稳存量扩增量流失", f"{f.scope_label}各区稳存量、扩增量、流失", flow_table, as_of,
                         e.filters, total={c: flow_total[c] for c in flow_table.columns[1:]},
                         notes=("合计行按所选区整体计算：人员在所选区之间流动计入稳存量，不计迁入、迁出。",))]
          if e.has_baseline else []),
        *([exports.Sheet("年末预计", f"{f.scope_label}务工就业人数年末预计（{as_of}）", projected_rows, as_of,
                         e.filters, total=projected_total, notes=(projections.METHOD,))]
          if f.month_of_year != 12 and projected_total is not None else []),
        exports.Sheet("未就业乡镇", f"{f.scope_label}各乡镇有能力有意愿但未就业人数",
                      e.towns_to_help(chosen)[tables.COLUMNS["employment_towns"]], as_of, e.filters),
    ], file_stem=f"就业规模稳定_{f.month}", key="employment_export")

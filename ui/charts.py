"""Chart builders: the title is the question, axes in Chinese with units, one colour per district everywhere.

Each builder lists its traces and layout as plain dicts, with columns as numpy arrays, and makes the figure in one
call, so that plotly validates every property once (the cost of a chart is measured in docs/benchmarks.md).
"""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lake import reference
from ui.labels import (
    WELFARE_MEASURE_NAMES,
    district_name,
    label,
    month_label,
    period_label,
    same_period_last_year,
    shown_numbers,
    unit_of,
)

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf", "#393b79", "#637939", "#843c39")
DISTRICT_COLORS = {d["district_name"]: c for d, c in zip(reference.districts(), _PALETTE, strict=True)}
YEAR_COLORS = ("#9aa5b1", "#1f6feb")  # last year grey, this year blue
HOUSEHOLD_COLORS = {"脱贫户": YEAR_COLORS[1], "监测对象": "#ff7f0e"}


def _array(values):
    """A pandas column as a numpy array (missing values as NaN or None); anything else as it is."""
    if not isinstance(values, pd.Series | pd.Index):
        return values
    if isinstance(values.dtype, np.dtype):
        return values.to_numpy()
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    return values.to_numpy(dtype=object, na_value=None)


def look(title: str) -> dict:
    """The layout every chart and the map share: the question as title, top left, and Chinese fonts."""
    return {"title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
            "font": {"family": FONT, "size": 13}, "hoverlabel": {"font_family": FONT}}


def figure(traces: list[dict], title: str, xaxis: dict | None = None, yaxis: dict | None = None,
           **layout) -> go.Figure:
    """The figure of `traces` with the shared look, the legend underneath and thousands separators on the y axis;
    `xaxis`, `yaxis` and `layout` add to or override it."""
    traces = [{key: _array(value) for key, value in trace.items()} for trace in traces]
    return go.Figure(data=traces, layout=look(title) | {
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "title": None},
        "separators": ".,",
        "xaxis": xaxis or {},
        "yaxis": {"tickformat": ","} | (yaxis or {}),
    } | layout)


def this_year_vs_last(df: pd.DataFrame, value: str, title: str, year: int) -> go.Figure:
    """One line for each of `year` and the year before, month by month. `df` has month (YYYY-MM) and `value`."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    years = df["month"].str.slice(0, 4)
    traces = []
    for color, y in zip(YEAR_COLORS, (year - 1, year), strict=True):
        part = df[years == str(y)]
        traces.append({"type": "scatter", "x": part["month"].str.slice(5, 7).astype(int), "y": part[value],
                       "name": f"{y}年", "mode": "lines+markers",
                       "line": {"color": color, "width": 3 if y == year else 2},
                       "hovertemplate": "%{x}月：%{y:,}<extra>" + f"{y}年</extra>"})
    return figure(traces, title,
                  xaxis={"title": "月份", "tickmode": "array", "tickvals": list(range(1, 13)),
                         "ticktext": [f"{m}月" for m in range(1, 13)], "range": [0.5, 12.5]},
                  yaxis={"title": label(value, with_unit=True)})


def ranked_bar(df: pd.DataFrame, category: str, value: str, title: str, color_by_district: bool = True,
               custom_data: list[str] | None = None) -> go.Figure:
    """Horizontal bars sorted by `value`, largest on top; `custom_data` columns ride along for click selection."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    data = df.sort_values(value, ascending=True)
    colors = [DISTRICT_COLORS.get(c, _PALETTE[0]) for c in data[category]] if color_by_district else _PALETTE[0]
    bar = {"type": "bar", "x": data[value], "y": data[category], "orientation": "h", "marker": {"color": colors},
           "hovertemplate": "%{y}：%{x:,}<extra></extra>"}
    if custom_data:
        bar["customdata"] = data[custom_data].to_numpy()
    return figure([bar], title, xaxis={"title": label(value, True)}, yaxis={"title": label(category)},
                  showlegend=False)


def grouped_bar(df: pd.DataFrame, category: str, values: list[str], title: str, stacked: bool = False) -> go.Figure:
    """Horizontal bars of several measures per category (side by side, or stacked for shares), in `df`'s order from
    the top; the legend names each measure."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    data = df.iloc[::-1]
    traces = [{"type": "bar", "x": data[value], "y": data[category], "name": label(value), "orientation": "h",
               "hovertemplate": "%{y}：%{x:,}<extra>" + label(value) + "</extra>"} for value in values]
    return figure(traces, title, xaxis={"title": f"单位：{unit_of(values[0])}", "tickformat": ","},
                  yaxis={"title": label(category)}, barmode="stack" if stacked else "group")


def trend_lines(df: pd.DataFrame, value: str, title: str, series: str = "district_name") -> go.Figure:
    """A line per series over the months; districts keep their colour."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    traces = [{"type": "scatter", "x": part["month"], "y": part[value], "name": str(name), "mode": "lines+markers",
               "line": {"color": DISTRICT_COLORS.get(name, _PALETTE[i % len(_PALETTE)])},
               "customdata": part["month"].map(month_label),
               "hovertemplate": "%{customdata}：%{y:,}<extra>" + str(name) + "</extra>"}
              for i, (name, part) in enumerate(df.groupby(series, sort=False))]
    # months as dates, ticked in Chinese (plotly's own ticks read "Jan 2024")
    return figure(traces, title, xaxis={"title": "月份", "tickformat": "%Y年%-m月", "hoverformat": "%Y年%-m月"},
                  yaxis={"title": label(value, True)})


def inflow_outflow(df: pd.DataFrame, inflow: str, outflow: str, title: str, net: str | None = None) -> go.Figure:
    """Per month, `inflow` as a bar up and `outflow` as a bar down (and `net` as a line): who came, who left."""
    x = df["month"].map(month_label)
    traces = [
        {"type": "bar", "x": x, "y": df[inflow], "name": label(inflow), "marker": {"color": "#2ca02c"},
         "hovertemplate": "%{x}：%{y:,} 人<extra>" + label(inflow) + "</extra>"},
        {"type": "bar", "x": x, "y": -df[outflow], "name": label(outflow), "marker": {"color": "#d62728"},
         "customdata": df[outflow], "hovertemplate": "%{x}：%{customdata:,} 人<extra>" + label(outflow) + "</extra>"},
    ]
    if net is not None:
        traces.append({"type": "scatter", "x": x, "y": df[net], "name": label(net), "mode": "lines+markers",
                       "line": {"color": "#555555"},
                       "hovertemplate": "%{x}：%{y:+,} 人<extra>" + label(net) + "</extra>"})
    return figure(traces, title, xaxis={"title": "月份"}, yaxis={"title": "人数（人；退出为负）", "zeroline": True},
                  barmode="relative")


def _series(df: pd.DataFrame, column: str):
    """(position, name, rows) for each value of `column`, in the frame's order."""
    for i, (name, rows) in enumerate(df.groupby(column, sort=False).indices.items()):
        yield i, name, df.iloc[rows]


def grouped_bars(df: pd.DataFrame, category: str, value: str, series: str, title: str,
                 colors: dict | None = None) -> go.Figure:
    """Horizontal bars of `value` per `category`, one bar per `series` side by side (kept in the given order)."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    traces = [{"type": "bar", "x": part[value], "y": part[category], "name": str(name), "orientation": "h",
               "text": part[value], "texttemplate": "%{x:.1f}", "textposition": "outside", "cliponaxis": False,
               "marker": {"color": (colors or {}).get(name, _PALETTE[i % len(_PALETTE)])},
               "hovertemplate": "%{y}：%{x:,}<extra>" + str(name) + "</extra>"}
              for i, name, part in _series(df, series)]
    return figure(traces, title, xaxis={"title": label(value, True)},
                  yaxis={"title": label(category), "autorange": "reversed", "categoryorder": "array",
                         "categoryarray": list(dict.fromkeys(df[category]))},
                  barmode="group",
                  height=max(320, 120 + 22 * df[category].nunique() * max(df[series].nunique(), 1)))


def show(fig: go.Figure, key: str, as_of: str, source: str = "脱贫劳动力月度花名册", on_select="ignore") -> None:
    """Draw a chart full width with its as-of month and source underneath.

    `on_select` (a callback, or "rerun") makes a click on a point select it; the callback reads
    `st.session_state[key].selection`.
    """
    select = {} if on_select == "ignore" else {"on_select": on_select, "selection_mode": "points"}
    st.plotly_chart(fig, key=key, config={"displaylogo": False, "responsive": True}, **select)
    st.caption(f"数据截至 {as_of} · 来源：{source}")


def stacked_bar(df: pd.DataFrame, x: str, value: str, color: str, title: str) -> go.Figure:
    """Vertical bars of `value` by `x` (in the frame's order), stacked by `color` (keep it to about six series)."""
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    traces = [{"type": "bar", "x": part[x], "y": part[value], "name": str(name),
               "marker": {"color": DISTRICT_COLORS.get(name, _PALETTE[i % len(_PALETTE)])},
               "hovertemplate": "%{x}：%{y:,}<extra>" + str(name) + "</extra>"}
              for i, name, part in _series(df, color)]
    return figure(traces, title, xaxis={"title": label(x), "categoryorder": "array",
                                        "categoryarray": list(dict.fromkeys(df[x]))},
                  yaxis={"title": label(value, True)}, barmode="stack")


def grouped_columns(df: pd.DataFrame, category: str, values: list[str], title: str, names: dict | None = None,
                    colors: tuple | None = None, y_title: str | None = None) -> go.Figure:
    """Bars side by side for each `category`, one series per column of `values` (keep it to a few).

    `names` renames series for the legend (default: their labels); the y axis is `y_title` (default: the first
    column's label and unit).
    """
    df = shown_numbers(df)  # the figures as the formatter rounds them (hover and labels show no more)
    traces = []
    for color, value in zip(colors or _PALETTE, values, strict=False):
        name = (names or {}).get(value, label(value))
        traces.append({"type": "bar", "x": df[category], "y": df[value], "name": name, "marker": {"color": color},
                       "hovertemplate": "%{x}：%{y:,}<extra>" + name + "</extra>"})
    return figure(traces, title, xaxis={"title": label(category)},
                  yaxis={"title": y_title or label(values[0], with_unit=True), "rangemode": "tozero"},
                  barmode="group")


def parks_by_district(entrepreneurs: pd.DataFrame, title: str) -> go.Figure:
    """Returning entrepreneurs per district, stacked: in a 返乡创业园区 or not."""
    per_district = entrepreneurs.groupby("district_code", as_index=False)[["in_park_count", "not_in_park_count"]].sum()
    bars = per_district.melt(id_vars="district_code", var_name="park", value_name="entrepreneur_count").assign(
        district_name=lambda d: d["district_code"].map(district_name),
        park=lambda d: d["park"].map({"in_park_count": "入驻创业园区", "not_in_park_count": "未入园"}))
    return stacked_bar(bars, "district_name", "entrepreneur_count", "park", title)


def district_ranking(df: pd.DataFrame, value: str, title: str, threshold: str | None = None,
                     threshold_names: dict | None = None, zero_line: bool = False) -> go.Figure:
    """Districts ranked on `value` (a click names the district through its code), with the threshold they are held
    against as a dashed line when all share one (`threshold` column, named by its `threshold_kind`)."""
    shown = df.dropna(subset=[value])
    fig = ranked_bar(shown, "district_name", value, title, custom_data=["district_code"])
    if threshold and threshold in shown and shown[threshold].nunique() == 1:
        fig.add_vline(x=float(shown[threshold].iloc[0]), line_dash="dash", line_color="#d62728",
                      annotation_text=(threshold_names or {}).get(shown["threshold_kind"].iloc[0]))
    if zero_line:
        fig.add_vline(x=0, line_color="#555555")
    fig.update_yaxes(title=None)
    return fig


def town_ranking(towns: pd.DataFrame, district: str) -> go.Figure:
    """The towns of one district with 脱贫劳动力, ranked on employment, in the district's colour."""
    fig = ranked_bar(towns[towns["laborer_count"] > 0], "town_name", "employed_count",
                     f"{district}各乡镇（街道）务工就业人数", color_by_district=False)
    fig.update_traces(marker_color=DISTRICT_COLORS.get(district))
    fig.update_yaxes(title=None)
    return fig


# The figures a page draws and the 通报 shows as images (ui.briefing): one builder each, so both are the same figure.
def employment_trend(trend: pd.DataFrame, scope_label: str, year: int) -> go.Figure:
    """首页's trend: the selection's employed count month by month, this year against last (`employment_trend`)."""
    return this_year_vs_last(trend, "employed_count", f"{scope_label}务工就业人数：今年是否不低于去年？", year)


def district_yoy(yoy: pd.DataFrame) -> go.Figure:
    """区域对比's 同比 bars: districts with a same-month-last-year baseline, ranked on employed_yoy_pct."""
    return district_ranking(yoy, "employed_yoy_pct", "各区务工就业人数同比：哪些区在增长？", zero_line=True)


def welfare_vs_last_year(districts: pd.DataFrame, m, month: str) -> go.Figure:
    """公益性岗位's district bars: this year so far, last year's same period and last year's full year on the policy's
    figure `m` (assess.welfare.Measure); `districts` as judged by assess.welfare.compare, with district_name."""
    ytd, same_period = period_label(month, year_to_date=True), same_period_last_year(month, year_to_date=True)
    name = WELFARE_MEASURE_NAMES[m.key]
    return grouped_columns(districts, "district_name", [m.this_year, m.same_period, m.last_year],
                           f"各区{name}：本年至今是否赶上上年同期和上年全年？",
                           names={m.this_year: ytd, m.same_period: same_period,
                                  m.last_year: f"{int(month[:4]) - 1}年全年"},
                           colors=("#1f6feb", "#9aa5b1", "#d0d7de"), y_title=f"{name}（{unit_of(m.this_year)}）")

"""Chart builders: the title is the question, axes in Chinese with units, one colour per district everywhere."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lake import reference
from ui.labels import label, month_label, unit_of

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
            "#17becf", "#393b79", "#637939", "#843c39")
DISTRICT_COLORS = {d["district_name"]: c for d, c in zip(reference.districts(), _PALETTE, strict=True)}
YEAR_COLORS = ("#9aa5b1", "#1f6feb")  # last year grey, this year blue


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "title": None},
        hoverlabel={"font_family": FONT},
        separators=".,",
    )
    fig.update_yaxes(tickformat=",")
    return fig


def this_year_vs_last(df: pd.DataFrame, value: str, title: str, year: int) -> go.Figure:
    """One line for each of `year` and the year before, month by month. `df` has month (YYYY-MM) and `value`."""
    data = df.assign(year=df["month"].str.slice(0, 4), month_of_year=df["month"].str.slice(5, 7).astype(int))
    data = data[data["year"].isin([str(year - 1), str(year)])]
    fig = go.Figure()
    for color, y in zip(YEAR_COLORS, (year - 1, year), strict=True):
        part = data[data["year"] == str(y)]
        fig.add_scatter(x=part["month_of_year"], y=part[value], name=f"{y}年", mode="lines+markers",
                        line={"color": color, "width": 3 if y == year else 2},
                        hovertemplate="%{x}月：%{y:,}<extra>" + f"{y}年</extra>")
    fig.update_xaxes(title="月份", tickmode="array", tickvals=list(range(1, 13)),
                     ticktext=[f"{m}月" for m in range(1, 13)], range=[0.5, 12.5])
    fig.update_yaxes(title=label(value, with_unit=True))
    return _layout(fig, title)


def ranked_bar(df: pd.DataFrame, category: str, value: str, title: str, color_by_district: bool = True,
               custom_data: list[str] | None = None) -> go.Figure:
    """Horizontal bars sorted by `value`, largest on top; `custom_data` columns ride along for click selection."""
    data = df.sort_values(value, ascending=True)
    colors = [DISTRICT_COLORS.get(c, _PALETTE[0]) for c in data[category]] if color_by_district else _PALETTE[0]
    fig = go.Figure(go.Bar(
        x=data[value], y=data[category], orientation="h", marker_color=colors,
        customdata=data[custom_data].to_numpy() if custom_data else None,
        hovertemplate="%{y}：%{x:,}<extra></extra>"))
    fig.update_xaxes(title=label(value, True))
    fig.update_yaxes(title=label(category))
    fig.update_layout(showlegend=False)
    return _layout(fig, title)


def grouped_bar(df: pd.DataFrame, category: str, values: list[str], title: str, stacked: bool = False) -> go.Figure:
    """Horizontal bars of several measures per category (side by side, or stacked for shares), in `df`'s order from
    the top; the legend names each measure."""
    data = df.iloc[::-1]
    fig = go.Figure()
    for value in values:
        fig.add_bar(x=data[value], y=data[category], name=label(value), orientation="h",
                    hovertemplate="%{y}：%{x:,}<extra>" + label(value) + "</extra>")
    fig.update_layout(barmode="stack" if stacked else "group")
    fig.update_xaxes(title=f"单位：{unit_of(values[0])}", tickformat=",")
    fig.update_yaxes(title=label(category))
    return _layout(fig, title)


def trend_lines(df: pd.DataFrame, value: str, title: str, series: str = "district_name") -> go.Figure:
    """A line per series over the months; districts keep their colour."""
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby(series, sort=False)):
        fig.add_scatter(x=part["month"], y=part[value], name=str(name), mode="lines+markers",
                        line={"color": DISTRICT_COLORS.get(name, _PALETTE[i % len(_PALETTE)])},
                        customdata=part["month"].map(month_label),
                        hovertemplate="%{customdata}：%{y:,}<extra>" + str(name) + "</extra>")
    fig.update_xaxes(title="月份")
    fig.update_yaxes(title=label(value, True))
    return _layout(fig, title)


def inflow_outflow(df: pd.DataFrame, inflow: str, outflow: str, title: str, net: str | None = None) -> go.Figure:
    """Per month, `inflow` as a bar up and `outflow` as a bar down (and `net` as a line): who came, who left."""
    x = df["month"].map(month_label)
    fig = go.Figure()
    fig.add_bar(x=x, y=df[inflow], name=label(inflow), marker_color="#2ca02c",
                hovertemplate="%{x}：%{y:,} 人<extra>" + label(inflow) + "</extra>")
    fig.add_bar(x=x, y=-df[outflow], name=label(outflow), marker_color="#d62728", customdata=df[outflow],
                hovertemplate="%{x}：%{customdata:,} 人<extra>" + label(outflow) + "</extra>")
    if net is not None:
        fig.add_scatter(x=x, y=df[net], name=label(net), mode="lines+markers", line={"color": "#555555"},
                        hovertemplate="%{x}：%{y:+,} 人<extra>" + label(net) + "</extra>")
    fig.update_layout(barmode="relative")
    fig.update_xaxes(title="月份")
    fig.update_yaxes(title="人数（人；退出为负）", zeroline=True)
    return _layout(fig, title)


def grouped_bars(df: pd.DataFrame, category: str, value: str, series: str, title: str,
                 colors: dict | None = None) -> go.Figure:
    """Horizontal bars of `value` per `category`, one bar per `series` side by side (kept in the given order)."""
    fig = go.Figure()
    for i, name in enumerate(dict.fromkeys(df[series])):
        part = df[df[series] == name]
        fig.add_bar(x=part[value], y=part[category], name=str(name), orientation="h", text=part[value],
                    texttemplate="%{x:.1f}", textposition="outside", cliponaxis=False,
                    marker_color=(colors or {}).get(name, _PALETTE[i % len(_PALETTE)]),
                    hovertemplate="%{y}：%{x:,}<extra>" + str(name) + "</extra>")
    fig.update_layout(barmode="group",
                      height=max(320, 120 + 22 * df[category].nunique() * max(df[series].nunique(), 1)))
    fig.update_xaxes(title=label(value, True))
    fig.update_yaxes(title=label(category), autorange="reversed", categoryorder="array",
                     categoryarray=list(dict.fromkeys(df[category])))
    return _layout(fig, title)


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
    fig = go.Figure()
    for i, name in enumerate(dict.fromkeys(df[color])):
        part = df[df[color] == name]
        fig.add_bar(x=part[x], y=part[value], name=str(name),
                    marker_color=DISTRICT_COLORS.get(name, _PALETTE[i % len(_PALETTE)]),
                    hovertemplate="%{x}：%{y:,}<extra>" + str(name) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=label(x), categoryorder="array", categoryarray=list(dict.fromkeys(df[x])))
    fig.update_yaxes(title=label(value, True))
    return _layout(fig, title)


def grouped_columns(df: pd.DataFrame, category: str, values: list[str], title: str, names: dict | None = None,
                    colors: tuple | None = None, y_title: str | None = None) -> go.Figure:
    """Bars side by side for each `category`, one series per column of `values` (keep it to a few).

    `names` renames series for the legend (default: their labels); the y axis is `y_title` (default: the first
    column's label and unit).
    """
    fig = go.Figure()
    colors = colors or _PALETTE
    for color, value in zip(colors, values, strict=False):
        name = (names or {}).get(value, label(value))
        fig.add_bar(x=df[category], y=df[value], name=name, marker_color=color,
                    hovertemplate="%{x}：%{y:,}<extra>" + name + "</extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=label(category))
    fig.update_yaxes(title=y_title or label(values[0], with_unit=True), rangemode="tozero")
    return _layout(fig, title)

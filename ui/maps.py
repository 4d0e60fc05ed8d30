"""An offline map of Wuhan's 13 districts, coloured by a figure, and which district a chart click chose.

The boundaries are the committed `static/wuhan_districts.geojson` (source and licence in
`data/reference/README.md`), served by Streamlit's static file serving and named by URL in the figure, so that they
are neither validated by plotly nor sent again with every rerun. `go.Choroplethmap` (MapLibre) on the blank
"white-bg" style draws them with no tile server and no download (`go.Choropleth` would fetch world topojson from a
CDN even with its base map hidden).
"""

import json
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lake.reference import REFERENCE_DIR
from ui.charts import look
from ui.labels import district_name, fmt, label

GEOJSON_PATH = REFERENCE_DIR.parent.parent / "static" / "wuhan_districts.geojson"
GEOJSON_URL = "app/static/wuhan_districts.geojson"  # relative to the page, served from static/
CENTER = {"lat": 30.67, "lon": 114.39}
ZOOM = 7.3  # the whole city in a half-width column or at phone width (7.6 crops 汉南 and 新洲 there)
NO_DATA_COLOR = "#e6e6e6"
COLORSCALE = "Blues"


@cache
def districts_geojson() -> dict:
    """The 13 district boundaries; each feature's properties are {code, name}."""
    return json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))


def district_map(df: pd.DataFrame, value: str, title: str, chosen: str | None = None) -> go.Figure:
    """Districts coloured by `value` (grey where it is missing); `df` has district_code and `value`.

    Every district is drawn (and clickable) with its code in `customdata`; `chosen` is outlined.
    """
    geojson = GEOJSON_URL
    codes = [f["properties"]["code"] for f in districts_geojson()["features"]]
    values = df.set_index("district_code")[value].reindex(codes)
    names = [district_name(c) for c in codes]
    texts = [f"{n}：{fmt(v, value)}" for n, v in zip(names, values, strict=True)]
    base = {"type": "choroplethmap", "geojson": geojson, "featureidkey": "properties.code",
            "hovertemplate": "%{text}<extra></extra>"}
    traces = [base | {  # the base layer: every district, grey, so that missing values still show
        "locations": codes, "z": [0] * len(codes), "colorscale": [[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]],
        "showscale": False, "customdata": codes, "text": texts, "marker": {"line": {"color": "white", "width": 1}},
        "name": "全部区"}]
    known = values.dropna()
    if not known.empty:
        traces.append(base | {
            "locations": list(known.index), "z": list(known), "colorscale": COLORSCALE,
            "zmin": min(0, float(known.min())), "zmax": float(known.max()) or 1, "customdata": list(known.index),
            "text": [t for c, t in zip(codes, texts, strict=True) if c in known.index],
            "marker": {"line": {"color": "white", "width": 1}, "opacity": 0.9},
            "colorbar": {"title": {"text": label(value, with_unit=True), "side": "top"}, "thickness": 10,
                         "tickformat": ",", "orientation": "h", "y": -0.02, "yanchor": "top", "len": 0.9},
            "name": label(value)})
    if chosen in codes:
        traces.append(base | {
            "locations": [chosen], "z": [0], "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            "showscale": False, "customdata": [chosen], "text": [texts[codes.index(chosen)]],
            "marker": {"line": {"color": "#d62728", "width": 3}}, "name": "当前下钻"})
    return go.Figure(data=traces, layout=look(title) | {
        "map": {"style": "white-bg", "center": CENTER, "zoom": ZOOM}, "margin": {"l": 0, "r": 0, "t": 50, "b": 0},
        "height": 480, "showlegend": False, "clickmode": "event+select",
    })


def district_from_selection(selection, codes) -> str | None:
    """The district code a chart selection points at (its first point), or None.

    Reads the point's `customdata` (a code, or a list starting with one), else its `location` (map) or its `y`/`x`
    category given as a code or a district name; only codes in `codes` count.
    """
    if not selection:
        return None
    points = (selection.get("selection") or selection).get("points") or []
    names = {district_name(c): c for c in codes}
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple):
            custom = custom[0] if custom else None
        for candidate in (custom, point.get("location"), point.get("y"), point.get("x"), point.get("label")):
            if isinstance(candidate, str):
                code = candidate if candidate in codes else names.get(candidate)
                if code:
                    return code
    return None


def drill_to(chart_key: str, codes, state_key: str) -> None:
    """A click on a district in chart `chart_key` makes it the drill-down district (`st.session_state[state_key]`)."""
    code = district_from_selection(st.session_state.get(chart_key), codes)
    if code:
        st.session_state[state_key] = code

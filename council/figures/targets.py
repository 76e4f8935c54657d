"""The targets pages' figures: the status heatmap, one indicator's series against its target,
the provinces' contributions to a change, and the values of an indicator on a map.

Plain data in, plotly figure out (the page passes labels already in the reader's language)."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go

STATUS_COLOURS = {
    "achieved": "#1a7f37",
    "on_track": "#7cc47f",
    "at_risk": "#f2c94c",
    "off_track": "#d64541",
    "no_data": "#d9d9d9",
}
STATUS_ORDER = ("off_track", "at_risk", "on_track", "achieved", "no_data")
PUSHED_UP, PULLED_DOWN = "#1a7f37", "#d64541"


CELL_FONT = 13  # px: a cell's status word, never shrunk to fit
ROW_HEIGHT = 40  # px per row: two lines of a wrapped target label


def wrap_label(text: str, width: int = 48) -> str:
    """A long label on at most two lines (``<br>``), the second cut with "…" only past that."""
    import textwrap

    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "<br>".join(lines)


def status_heatmap(
    xlabels: list[str],
    ylabels: list[str],
    statuses: list[list[str | None]],
    texts: list[list[str]],
    hovers: list[list[str]],
) -> go.Figure:
    """One cell per (row, column) coloured by its status (None: the target does not concern it).

    Readable at 1440 px: the page puts the targets on the rows (their labels written out,
    wrapped) and the region and its provinces on the columns (a handful, labelled across the
    top); every cell's text has a fixed, legible size instead of shrinking to fit."""
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    n = len(STATUS_ORDER)
    scale: list[tuple[float, str]] = []
    for i, s in enumerate(STATUS_ORDER):
        scale += [(i / n, STATUS_COLOURS[s]), ((i + 1) / n, STATUS_COLOURS[s])]
    fig = go.Figure(
        go.Heatmap(
            z=[[None if s is None else codes[s] for s in row] for row in statuses],
            x=xlabels,
            y=ylabels,
            text=texts,
            texttemplate="%{text}",
            customdata=hovers,
            hovertemplate="%{customdata}<extra></extra>",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
            textfont=dict(size=CELL_FONT),
        )
    )
    fig.update_layout(
        height=80 + ROW_HEIGHT * len(ylabels),
        margin=dict(l=0, r=0, t=40, b=0),
        yaxis=dict(
            autorange="reversed", tickmode="array", tickvals=ylabels, tickfont=dict(size=12), automargin=True
        ),
        xaxis=dict(side="top", tickangle=0, tickfont=dict(size=12), automargin=True),
    )
    return fig


def indicator_chart(
    province_series: list[dict],
    region_series: list[dict],
    path: list[dict],
    *,
    target: float | None,
    target_label: str,
    unit: str,
    region_name: str,
    path_name: str,
) -> go.Figure:
    """Each province's values (thin), the region's (thick), the path to the target (dashed) and
    the target (dotted line). Series are dicts with year and value (and province)."""
    fig = go.Figure()
    by_province: dict[str, list[dict]] = {}
    for r in province_series:
        by_province.setdefault(r["province"], []).append(r)
    for name in sorted(by_province):
        rows = sorted(by_province[name], key=lambda r: r["year"])
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in rows],
                y=[r["value"] for r in rows],
                name=name,
                mode="lines+markers",
                line=dict(width=1),
                marker=dict(size=5),
                opacity=0.55,
            )
        )
    reg = [r for r in region_series if r["value"] is not None]
    if reg:
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in reg],
                y=[r["value"] for r in reg],
                name=region_name,
                mode="lines+markers",
                line=dict(width=4, color="#1f3b73"),
                marker=dict(size=10),
            )
        )
    if path:
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in path],
                y=[r["value"] for r in path],
                name=path_name,
                mode="lines",
                line=dict(dash="dash", color="#555"),
            )
        )
    if target is not None:
        fig.add_hline(y=target, line=dict(color="#1a7f37", dash="dot"), annotation_text=target_label)
    fig.update_layout(
        height=430,
        margin=dict(l=0, r=0, t=30, b=0),
        yaxis_title=unit,
        xaxis=dict(dtick=1),
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def contribution_bars(rows: list[dict], *, up: str, down: str, value_label: str) -> go.Figure:
    """Horizontal bars of each province's contribution (dicts with province, contribution),
    green when it pushed the region up, red when it pulled it down; labels ``up``/``down``."""
    frame = {
        "province": [r["province"] for r in rows],
        "contribution": [r["contribution"] for r in rows],
        "sign": [up if r["contribution"] >= 0 else down for r in rows],
    }
    fig = px.bar(
        frame,
        x="contribution",
        y="province",
        orientation="h",
        color="sign",
        color_discrete_map={up: PUSHED_UP, down: PULLED_DOWN},
        labels={"contribution": value_label, "province": "", "sign": ""},
    )
    fig.update_layout(
        height=120 + 30 * len(rows), margin=dict(l=0, r=0, t=10, b=0), yaxis=dict(autorange="reversed")
    )
    return fig


def values_map(points: list[dict], *, no_data: str) -> go.Figure:
    """Provinces (dicts with province, lat, lon, value) sized and coloured by value; those without
    a value as grey crosses named ``no_data``."""
    label = [f"{r['province']}: {'—' if r['value'] is None else round(r['value'], 2)}" for r in points]
    have = [(r, text) for r, text in zip(points, label, strict=True) if r["value"] is not None]
    missing = [(r, text) for r, text in zip(points, label, strict=True) if r["value"] is None]
    if have:
        fig = px.scatter_geo(
            {
                "lat": [r["lat"] for r, _ in have],
                "lon": [r["lon"] for r, _ in have],
                "value": [r["value"] for r, _ in have],
                "label": [text for _, text in have],
            },
            lat="lat",
            lon="lon",
            size="value",
            color="value",
            hover_name="label",
            size_max=35,
            color_continuous_scale="Viridis",
        )
    else:
        fig = px.scatter_geo()
    if missing:
        fig.add_scattergeo(
            lat=[r["lat"] for r, _ in missing],
            lon=[r["lon"] for r, _ in missing],
            text=[text for _, text in missing],
            mode="markers",
            marker=dict(size=7, color="#bbbbbb", symbol="x"),
            name=no_data,
            hoverinfo="text",
        )
    fig.update_geos(
        fitbounds="locations",
        showcountries=True,
        showland=True,
        landcolor="#f3efe6",
        resolution=50,
        projection_type="mercator",
    )
    fig.update_layout(height=520, margin=dict(l=0, r=0, t=0, b=0), coloraxis_colorbar=dict(title=""))
    return fig

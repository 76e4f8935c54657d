"""Charts of the targets page: the status heatmap, one target's series, the provinces'
contributions to a change, the map of one indicator's values."""

from __future__ import annotations

import pandas as pd
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
UP, DOWN = "#1a7f37", "#d64541"


def status_heatmap(
    statuses: list[list[str | None]],
    xlabels: list[str],
    ylabels: list[str],
    text: list[list[str]],
    hover: list[list[str]],
) -> go.Figure:
    """One coloured cell per (row, column) status; None leaves a cell blank (not covered)."""
    codes = {s: i for i, s in enumerate(STATUS_ORDER)}
    z = [[None if s is None else codes[s] for s in row] for row in statuses]
    n = len(STATUS_ORDER)
    scale = []
    for i, s in enumerate(STATUS_ORDER):
        scale += [(i / n, STATUS_COLOURS[s]), ((i + 1) / n, STATUS_COLOURS[s])]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xlabels,
            y=ylabels,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    fig.update_layout(
        height=260 + 34 * len(ylabels),
        margin=dict(l=0, r=0, t=10, b=0),
        yaxis=dict(autorange="reversed", tickmode="array", tickvals=ylabels),
        xaxis=dict(tickangle=-45, tickfont=dict(size=10)),
    )
    return fig


def target_series(
    province_series: list[dict],
    region_series: list[dict],
    path: list[dict],
    *,
    region_label: str,
    path_label: str,
    target: float | None,
    target_label: str,
    unit: str,
) -> go.Figure:
    """Each province's values (thin), the region's (thick), the path to the target (dashed) and
    the target itself (a dotted line)."""
    fig = go.Figure()
    frame = pd.DataFrame(province_series or [], columns=["province", "year", "value"])
    for name, grp in frame.groupby("province"):
        fig.add_trace(
            go.Scatter(
                x=grp["year"],
                y=grp["value"],
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
                name=region_label,
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
                name=path_label,
                mode="lines",
                line=dict(dash="dash", color="#555"),
            )
        )
    if target is not None:
        fig.add_hline(y=target, line=dict(color=UP, dash="dot"), annotation_text=target_label)
    fig.update_layout(
        height=430,
        margin=dict(l=0, r=0, t=30, b=0),
        yaxis_title=unit,
        xaxis=dict(dtick=1),
        legend=dict(orientation="h", y=-0.15),
    )
    return fig


def contribution_bars(rows: list[dict], *, up: str, down: str, axis: str) -> go.Figure:
    """One bar per province (``province``, ``contribution``): green pushed the region up, red down."""
    frame = pd.DataFrame(
        [
            {
                "province": r["province"],
                "contribution": r["contribution"],
                "sign": up if r["contribution"] >= 0 else down,
            }
            for r in rows
        ],
        columns=["province", "contribution", "sign"],
    )
    fig = px.bar(
        frame,
        x="contribution",
        y="province",
        orientation="h",
        color="sign",
        color_discrete_map={up: UP, down: DOWN},
        labels={"contribution": axis, "province": "", "sign": ""},
    )
    fig.update_layout(
        height=120 + 30 * len(frame), margin=dict(l=0, r=0, t=10, b=0), yaxis=dict(autorange="reversed")
    )
    return fig


def value_map(points: list[dict], *, no_data: str) -> go.Figure:
    """A bubble per province with a value (``lat``, ``lon``, ``value``, ``province``), sized and
    coloured by it; a grey cross where the value is missing."""
    frame = pd.DataFrame(points, columns=["province", "lat", "lon", "value"])
    frame["label"] = [
        f"{r.province}: {'—' if pd.isna(r.value) else round(r.value, 2)}" for r in frame.itertuples()
    ]
    have = frame[frame["value"].notna()]
    fig = (
        px.scatter_geo(
            have,
            lat="lat",
            lon="lon",
            size="value",
            color="value",
            hover_name="label",
            size_max=35,
            color_continuous_scale="Viridis",
        )
        if not have.empty
        else px.scatter_geo()
    )
    missing = frame[frame["value"].isna()]
    if not missing.empty:
        fig.add_scattergeo(
            lat=missing["lat"],
            lon=missing["lon"],
            text=missing["label"],
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

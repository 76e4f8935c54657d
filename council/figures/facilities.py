"""The map of planned facilities (issue 19, item 5): a point per facility (at its coordinates, or
at its province's centre, marked "approximate"), a line for each route to its border end, and each
flagged pair joined by a red dashed line, over the offline province outlines (council.figures.maps)."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from council.figures.maps import base_map

KIND_COLOURS = {
    "seaport": "#1f77b4",
    "airport": "#9467bd",
    "industrial_park": "#8c564b",
    "logistics_centre": "#2ca02c",
    "dry_port": "#17becf",
    "road": "#ff7f0e",
    "rail": "#7f7f7f",
}
PAIR_COLOUR = "#d62728"


def facilities_map(
    points: list[dict],
    pairs: list[dict],
    *,
    names: dict[str, str],
    t: Callable[[str], str],
    height: int = 620,
) -> go.Figure:
    """``points``: dicts with kind, name, lat, lon, approximate, and for routes end_lat/end_lon;
    ``pairs``: dicts with ``points`` ((lat, lon) pairs) and ``label``. Every trace has ``meta``
    naming what it draws (kind:<kind>, route, pair) for the tests."""
    fig = base_map(None, names=names, t=t, height=height)
    for kind, colour in KIND_COLOURS.items():
        mine = [p for p in points if p["kind"] == kind and p.get("lat") is not None]
        if not mine:
            continue
        fig.add_trace(
            go.Scattergeo(
                lat=[p["lat"] for p in mine],
                lon=[p["lon"] for p in mine],
                mode="markers",
                marker=dict(
                    size=9,
                    color=colour,
                    symbol=["circle-open" if p.get("approximate") else "circle" for p in mine],
                    line=dict(width=1.5, color=colour),
                ),
                text=[
                    p["name"] + (f" ({t('facilities.approximate')})" if p.get("approximate") else "")
                    for p in mine
                ],
                hoverinfo="text",
                name=t(f"facilities.kind.{kind}"),
                meta=f"kind:{kind}",
            )
        )
    lat: list[float | None] = []
    lon: list[float | None] = []
    for p in points:
        if p.get("lat") is not None and p.get("end_lat") is not None:
            lat += [p["lat"], p["end_lat"], None]
            lon += [p["lon"], p["end_lon"], None]
    if lat:
        fig.add_trace(
            go.Scattergeo(
                lat=lat,
                lon=lon,
                mode="lines",
                line=dict(width=2, color=KIND_COLOURS["road"]),
                hoverinfo="skip",
                showlegend=False,
                meta="route",
            )
        )
    for pair in pairs:
        pts = [p for p in pair["points"] if p is not None]
        if len(pts) < 1:
            continue
        fig.add_trace(
            go.Scattergeo(
                lat=[p[0] for p in pts],
                lon=[p[1] for p in pts],
                mode="lines+markers",
                line=dict(width=3, color=PAIR_COLOUR, dash="dash"),
                marker=dict(size=12, color=PAIR_COLOUR, symbol="x"),
                text=[pair["label"]] * len(pts),
                hoverinfo="text",
                name=t("facilities.map.pair"),
                showlegend=False,
                meta="pair",
            )
        )
    fig.update_layout(legend=dict(orientation="h", y=-0.02))
    return fig

"""The home page's figures: projects by status, and the region's provinces on a map."""

from __future__ import annotations

import plotly.graph_objects as go

# Marker area proportional to population, the largest this many px across (as plotly express sizes).
LARGEST_MARKER_PX = 28


def status_bars(counts: list[tuple[str, int]]) -> go.Figure:
    """Horizontal bars, one per (status label, number of projects)."""
    fig = go.Figure(
        go.Bar(
            x=[n for _, n in counts],
            y=[label for label, _ in counts],
            orientation="h",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(height=260, margin=dict(l=0, r=0, t=10, b=0))
    return fig


def province_map(provinces: list[dict]) -> go.Figure:
    """The provinces (dicts with name_vi, lat, lon, population) as labelled markers sized by
    population; provinces without coordinates are left out."""
    placed = [p for p in provinces if p.get("lat")]
    populations = [p.get("population") or 0 for p in placed]
    biggest = max([*populations, 1])
    fig = go.Figure(
        go.Scattergeo(
            lat=[p["lat"] for p in placed],
            lon=[p["lon"] for p in placed],
            text=[p["name_vi"] for p in placed],
            mode="markers+text",
            textposition="top center",
            marker=dict(
                size=populations, sizemode="area", sizeref=2.0 * biggest / LARGEST_MARKER_PX**2, sizemin=3
            ),
            hovertemplate="%{text}<extra></extra>",
        )
    )
    fig.update_geos(fitbounds="locations", projection_type="mercator")
    fig.update_layout(height=520, margin=dict(l=0, r=0, t=0, b=0))
    return fig

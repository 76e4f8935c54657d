"""Figures of plan execution: data (plain dicts from council.plan) -> plotly figure."""

from __future__ import annotations

import plotly.graph_objects as go

DELIVERED_COLOUR = "#1a7f37"
PIPELINE_COLOUR = "#f2a33a"
TARGET_COLOUR = "#1f3b73"
ENTERED_COLOUR = "#6b7280"


def delivery_figure(delivery: dict, labels: dict[str, str]) -> go.Figure:
    """Delivered and pipeline amounts over time against the target line, for one target
    (a ``plan.target_delivery`` result). Bars: amounts added each year (delivered, then pipeline
    stacked on it); lines: delivered so far, and delivered + pipeline, both from the baseline;
    a dotted line at the target, and the entered regional figures as markers when there are any.
    ``labels``: delivered, pipeline, delivered_cum, projected_cum, target, entered, year."""
    rows = delivery["series"]
    years = [r["year"] for r in rows]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=years,
            y=[r["delivered"] for r in rows],
            name=labels["delivered"],
            marker_color=DELIVERED_COLOUR,
            opacity=0.55,
        )
    )
    fig.add_trace(
        go.Bar(
            x=years,
            y=[r["pipeline"] for r in rows],
            name=labels["pipeline"],
            marker_color=PIPELINE_COLOUR,
            opacity=0.55,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[r["delivered_cum"] for r in rows],
            name=labels["delivered_cum"],
            mode="lines+markers",
            line=dict(color=DELIVERED_COLOUR, width=3),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=years,
            y=[r["projected_cum"] for r in rows],
            name=labels["projected_cum"],
            mode="lines+markers",
            line=dict(color=PIPELINE_COLOUR, width=3, dash="dash"),
        )
    )
    entered = delivery.get("entered_series") or []
    if entered:
        fig.add_trace(
            go.Scatter(
                x=[r["year"] for r in entered],
                y=[r["value"] for r in entered],
                name=labels["entered"],
                mode="markers",
                marker=dict(color=ENTERED_COLOUR, size=10, symbol="diamond"),
            )
        )
    if delivery.get("target") is not None:
        fig.add_hline(
            y=delivery["target"],
            line=dict(color=TARGET_COLOUR, dash="dot"),
            annotation_text=f"{labels['target']} {delivery['target_year']}: {delivery['target_text']}",
        )
    fig.update_layout(
        barmode="stack",
        height=420,
        margin=dict(l=0, r=0, t=30, b=0),
        yaxis_title=delivery.get("unit", ""),
        xaxis=dict(dtick=1, title=labels["year"]),
        legend=dict(orientation="h", y=-0.2),
    )
    return fig


def reporting_figure(by_province: list[dict], labels: dict[str, str]) -> go.Figure:
    """Submitted, on-time and approved rates (%) per province, as grouped horizontal bars.
    ``labels``: submitted_rate, on_time_rate, approved_rate."""
    names = [r["province"] for r in by_province]
    fig = go.Figure()
    for key, colour in (
        ("submitted_rate", "#2563eb"),
        ("on_time_rate", DELIVERED_COLOUR),
        ("approved_rate", "#7c3aed"),
    ):
        fig.add_trace(
            go.Bar(
                y=names,
                x=[None if r[key] is None else round(100 * r[key], 1) for r in by_province],
                name=labels[key],
                orientation="h",
                marker_color=colour,
            )
        )
    fig.update_layout(
        barmode="group",
        height=160 + 60 * len(names),
        margin=dict(l=0, r=0, t=10, b=0),
        xaxis=dict(range=[0, 100], ticksuffix=" %"),
        yaxis=dict(autorange="reversed"),
        legend=dict(orientation="h", y=-0.15),
    )
    return fig

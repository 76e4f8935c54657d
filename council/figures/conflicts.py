"""Charts of the conflicts dashboard."""

from __future__ import annotations

import plotly.graph_objects as go


def count_bars(labels: list[str], values: list[int], count_label: str) -> go.Figure:
    """One horizontal bar per label, the first at the top, whole-number ticks."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    fig = go.Figure(
        go.Bar(
            x=list(values),
            y=list(labels),
            orientation="h",
            hovertemplate=f"%{{y}}: %{{x}} {count_label}<extra></extra>",
        )
    )
    fig.update_layout(
        height=60 + 34 * len(labels),
        margin=dict(l=0, r=0, t=10, b=0),
        yaxis=dict(autorange="reversed"),
        xaxis=dict(dtick=1, title=count_label),
    )
    return fig

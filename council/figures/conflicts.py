"""The conflicts dashboard's figures."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go


def count_bars(labels: list[str], values: list[int], count_label: str) -> go.Figure:
    """Horizontal bars of how many open conflicts fall in each group, first group on top."""
    fig = px.bar(
        {"label": labels, count_label: values},
        x=count_label,
        y="label",
        orientation="h",
        labels={"label": ""},
    )
    fig.update_layout(
        height=60 + 34 * len(labels),
        margin=dict(l=0, r=0, t=10, b=0),
        yaxis=dict(autorange="reversed"),
        xaxis=dict(dtick=1),
    )
    return fig

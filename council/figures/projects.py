"""Figures of the project register, built from the rows of ``projects.list_projects``:
a Gantt chart of planned periods with today's line and the late projects marked, and a
map on plotly's offline geo base (no tile server) joining each project's provinces."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from council.i18n import code_label, fmt_number, t
from council.models import PROJECT_STATUSES

STATUS_COLOURS = {
    "proposed": "#9e9e9e",
    "approved": "#1f77b4",
    "under_construction": "#ff7f0e",
    "completed": "#2ca02c",
    "suspended": "#d62728",
    "rejected": "#5d4037",
}
LATE_COLOUR = "#c62828"


def _name(row: dict, lang: str) -> str:
    return escape(row["name_en"] if lang == "en" and row["name_en"] else row["name_vi"], quote=False)


def gantt(rows: list[dict], lang: str = "vi", today: date | None = None) -> tuple[go.Figure | None, int]:
    """The chart (None when no row has both planned dates) and how many rows were left out."""
    today = today or date.today()
    data, missing = [], 0
    for r in rows:
        if r["planned_start"] is None or r["planned_end"] is None:
            missing += 1
            continue
        late = t(f"projects.late.{r['late']}", lang) if r["late"] else ""
        label = f"{escape(r['code'], quote=False)} · {_name(r, lang)}"
        data.append(
            {
                "label": ("⚠ " if late else "") + (label if len(label) <= 60 else label[:58] + "…"),
                "start": r["planned_start"],
                "end": r["planned_end"] + timedelta(days=1),
                "status": code_label("pstatus", r["status"], lang),
                "late": late or "—",
                "progress": fmt_number(r["progress_physical"], lang),
            }
        )
    if not data:
        return None, missing
    frame = pd.DataFrame(data).sort_values("start")
    colours = {code_label("pstatus", s, lang): c for s, c in STATUS_COLOURS.items()}
    fig = px.timeline(
        frame,
        x_start="start",
        x_end="end",
        y="label",
        color="status",
        color_discrete_map=colours,
        hover_data={"late": True, "progress": True, "label": False},
        labels={
            "status": t("projects.col.status", lang),
            "late": t("projects.col.late", lang),
            "progress": t("projects.col.progress", lang),
            "label": "",
        },
    )
    fig.update_yaxes(autorange="reversed", title="")
    fig.update_xaxes(title="", tickformat="%m/%Y")
    # Late bars get a red outline on top of their status colour.
    for trace in fig.data:
        labels = list(trace.y)
        trace.marker.line.width = [3 if y.startswith("⚠") else 0 for y in labels]
        trace.marker.line.color = LATE_COLOUR
    fig.add_shape(
        type="line",
        x0=today,
        x1=today,
        y0=0,
        y1=1,
        yref="paper",
        line=dict(color=LATE_COLOUR, width=2, dash="dash"),
    )
    fig.add_annotation(
        x=today,
        y=1,
        yref="paper",
        text=t("projects.gantt.today", lang),
        showarrow=False,
        yanchor="bottom",
        font=dict(color=LATE_COLOUR),
    )
    fig.update_layout(
        height=max(320, 34 * len(frame) + 140),
        margin=dict(l=0, r=0, t=60, b=0),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, title_text=""),
    )
    return fig, missing


def project_map(rows: list[dict], provinces: list[dict], lang: str = "vi") -> go.Figure:
    """Province centres, and each project as a line through its provinces' centres
    (north to south), or a marker when it has one province, coloured by status."""
    fig = go.Figure()
    points = [p for p in provinces if p.get("lat") is not None]
    fig.add_trace(
        go.Scattergeo(
            lat=[p["lat"] for p in points],
            lon=[p["lon"] for p in points],
            text=[p["name_vi"] for p in points],
            mode="markers+text",
            textposition="top center",
            textfont=dict(size=9, color="#555"),
            marker=dict(size=5, color="#777"),
            name=t("projects.map.centres", lang),
            hoverinfo="text",
        )
    )
    # One trace per status, each project a run of points ended by a gap (None): a map of thousands
    # of projects stays a handful of traces.
    for status in PROJECT_STATUSES:
        lat, lon, text = [], [], []
        for r in (r for r in rows if r["status"] == status):
            stops = sorted((m for m in r["participants"] if m["lat"] is not None), key=lambda m: -m["lat"])
            if not stops:
                continue
            hover = f"{escape(r['code'], quote=False)} · {_name(r, lang)}<br>{code_label('pstatus', status, lang)}"
            lat += [m["lat"] for m in stops] + [None]
            lon += [m["lon"] for m in stops] + [None]
            text += [hover] * len(stops) + [None]
        if lat:
            fig.add_trace(
                go.Scattergeo(
                    lat=lat,
                    lon=lon,
                    mode="lines+markers",
                    line=dict(width=3, color=STATUS_COLOURS[status]),
                    marker=dict(size=9, color=STATUS_COLOURS[status], symbol="diamond"),
                    name=code_label("pstatus", status, lang),
                    legendgroup=status,
                    text=text,
                    hoverinfo="text",
                )
            )
    fig.update_layout(height=620, margin=dict(l=0, r=0, t=0, b=0), legend=dict(orientation="h", y=-0.02))
    from council.figures.maps import underlay

    # Province outlines under the lines, framed on the provinces listed (council.figures.maps).
    underlay(fig, [p["code"] for p in points if p.get("code")], t=lambda key: t(key, lang), height=620)
    return fig


def bar(frame: pd.DataFrame, x: str, y: str, height: int = 280) -> go.Figure:
    # graph_objects, not plotly.express: the same bars at a fraction of the build time.
    fig = go.Figure(
        go.Bar(
            x=frame[x],
            y=frame[y],
            orientation="h",
            marker_color="#636efa",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=10, b=0))
    fig.update_yaxes(autorange="reversed")
    return fig

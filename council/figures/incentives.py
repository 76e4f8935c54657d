"""Figures of the incentive monitor: data (plain dicts from council.incentive_monitor) -> plotly
figure. Values are VND million per VND 1 billion invested (NPV)."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from council.numbers import format_number

BEYOND_COLOUR = "#c0392b"
WITHIN_COLOUR = "#1a7f37"
NO_FLOOR_COLOUR = "#d1d5db"
CHANGE_COLOURS = {"first": "#1f3b73", "deepened": "#c0392b", "eased": "#1a7f37", "same": "#6b7280"}


def deviation_matrix(cells: dict[tuple[str, str], dict], lang: str, labels: dict[str, str]) -> go.Figure:
    """Sector × province, each cell coloured by the deviation from the floor (red beyond, green
    within, grey where the sector has no floor); the text is the package's foregone revenue.
    ``cells``: (sector, province) -> monitor row. ``labels``: value."""
    sectors = sorted({s for s, _ in cells})
    provinces = sorted({p for _, p in cells})
    z, text = [], []
    bound = (
        max((abs(r["deviation"]) for r in cells.values() if r["deviation"] is not None), default=1.0) or 1.0
    )
    for sector in sectors:
        zrow: list[float | None] = []
        trow: list[str] = []
        for province in provinces:
            row = cells.get((sector, province))
            if row is None:
                zrow.append(None)
                trow.append("")
                continue
            zrow.append(row["deviation"] if row["deviation"] is not None else math.nan)
            trow.append(format_number(row["foregone"], lang, 1))
        z.append(zrow)
        text.append(trow)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=provinces,
            y=sectors,
            text=text,
            texttemplate="%{text}",
            zmin=-bound,
            zmax=bound,
            colorscale=[[0, WITHIN_COLOUR], [0.5, "#f7f7f7"], [1, BEYOND_COLOUR]],
            colorbar=dict(title=labels["value"]),
            hoverongaps=False,
        )
    )
    fig.update_layout(
        plot_bgcolor=NO_FLOOR_COLOUR, margin=dict(l=10, r=10, t=30, b=10), height=120 + 40 * len(sectors)
    )
    return fig


def timeline(rows: list[dict], lang: str, labels: dict[str, str]) -> go.Figure:
    """Packages by the date they take effect, one line per province, markers coloured by the
    change against the province's previous package for the sector. ``labels``: the change codes'
    words (first, deepened, eased, same), value, date."""
    fig = go.Figure()
    province_key = "province" if lang == "vi" else "province_en"
    sector_key = "sector" if lang == "vi" else "sector_en"
    for change, colour in CHANGE_COLOURS.items():
        items = [r for r in rows if r.get("change") == change]
        if not items:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r["effective_from"] for r in items],
                y=[r[province_key] for r in items],
                mode="markers",
                name=labels[change],
                marker=dict(color=colour, size=12),
                text=[f"{r[sector_key]}: {format_number(r['foregone'], lang, 1)}" for r in items],
                hovertemplate="%{y} · %{x|%d/%m/%Y}<br>%{text}<extra></extra>",
            )
        )
    fig.update_layout(xaxis_title=labels["date"], margin=dict(l=10, r=10, t=30, b=10), height=360)
    return fig


def per_province_bars(rows: list[dict], lang: str, labels: dict[str, str]) -> go.Figure:
    """Per province: the largest and the mean foregone revenue of its packages.
    ``labels``: max, mean, value."""
    names = [r["province" if lang == "vi" else "province_en"] for r in rows]
    fig = go.Figure(
        [
            go.Bar(
                x=names, y=[r["max_foregone"] for r in rows], name=labels["max"], marker_color=BEYOND_COLOUR
            ),
            go.Bar(
                x=names, y=[r["mean_foregone"] for r in rows], name=labels["mean"], marker_color="#f2a33a"
            ),
        ]
    )
    fig.update_layout(
        barmode="group", yaxis_title=labels["value"], margin=dict(l=10, r=10, t=30, b=10), height=360
    )
    return fig

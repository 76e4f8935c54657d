"""Plotly figures of the province link graph, as plain functions (testable without a browser).

Geographic layout: the provinces' real administrative-centre coordinates on plotly's built-in,
offline geo base (``scatter_geo`` traces; no tile server). Force layout: networkx
``spring_layout`` with a fixed seed, so the picture is the same on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import plotly.graph_objects as go

from council.i18n import fmt_number
from council.network import LAYER_COUNT, LAYERS

LAYOUT_SEED = 7
LAYER_STYLE = {  # colour, dash; borders are drawn first, underneath
    "border": ("#9e9e9e", "dot"),
    "project": ("#1f77b4", "solid"),
    "agreement": ("#2ca02c", "solid"),
    "conflict": ("#d62728", "dash"),
}
REGION_COLOURS = {
    "TDMNPB": "#8c564b",
    "DBSH": "#d62728",
    "BTB": "#ff7f0e",
    "DHNTB_TN": "#2ca02c",
    "DNB": "#1f77b4",
    "DBSCL": "#9467bd",
}
PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
    "#b2df8a",
)
MIN_SIZE, MAX_SIZE = 8, 34


def region_groups(g: nx.Graph, lang: str) -> tuple[dict[int, str], dict[str, str]]:
    """Node -> region name, and region name -> its colour (the same colours on every page view)."""
    key = "region_vi" if lang == "vi" else "region_en"
    groups = {n: d[key] for n, d in g.nodes(data=True)}
    colours = {d[key]: REGION_COLOURS.get(d["region_code"], PALETTE[0]) for _, d in g.nodes(data=True)}
    return groups, colours


def force_positions(g: nx.Graph) -> dict[int, tuple[float, float]]:
    if g.number_of_nodes() == 0:
        return {}
    return {
        n: (float(x), float(y))
        for n, (x, y) in nx.spring_layout(
            g, seed=LAYOUT_SEED, weight="ties" if g.number_of_edges() else None
        ).items()
    }


def geo_positions(g: nx.Graph) -> dict[int, tuple[float, float]]:
    """(lon, lat) of each province's administrative centre; provinces without coordinates are left out."""
    return {
        n: (d["lon"], d["lat"])
        for n, d in g.nodes(data=True)
        if d.get("lon") is not None and d.get("lat") is not None
    }


def scale_sizes(values: dict[int, float]) -> dict[int, float]:
    """Marker sizes between MIN_SIZE and MAX_SIZE, proportional to the values' range."""
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high == low:
        return dict.fromkeys(values, (MIN_SIZE + MAX_SIZE) / 2)
    return {n: MIN_SIZE + (v - low) / (high - low) * (MAX_SIZE - MIN_SIZE) for n, v in values.items()}


def edge_hover(d: dict, t: Callable[..., str], lang: str) -> str:
    parts = []
    if d["border"]:
        parts.append(t("network.hover.border", km=fmt_number(d["border_km"], lang)))
    if d["projects"]:
        parts.append(
            t("network.hover.projects", n=d["projects"], investment=fmt_number(d["investment"], lang, 0))
        )
    if d["agreements"]:
        parts.append(t("network.hover.agreements", n=d["agreements"]))
    if d["conflicts"]:
        parts.append(t("network.hover.conflicts", n=d["conflicts"]))
    return "<br>".join(parts)


def _trace(geo: bool, xs, ys, **kwargs):
    return go.Scattergeo(lon=xs, lat=ys, **kwargs) if geo else go.Scatter(x=xs, y=ys, **kwargs)


def graph_figure(
    g: nx.Graph,
    *,
    layers,
    geo: bool,
    t: Callable[..., str],
    lang: str,
    size: dict[int, float] | None = None,
    colour_groups: dict[int, str] | None = None,
    group_colours: dict[str, str] | None = None,
    colour_values: dict[int, float] | None = None,
    colour_title: str = "",
    node_hover: dict[int, str] | None = None,
    highlight: int | None = None,
    height: int = 720,
) -> go.Figure:
    """The graph: one line trace per layer and width class, invisible midpoints carrying the edge
    hover, then the provinces. Colour either by group (legend) or by value (colour bar)."""
    pos = geo_positions(g) if geo else force_positions(g)
    fig = go.Figure()
    mid_x, mid_y, mid_text = [], [], []
    for layer in [x for x in LAYERS if x in set(layers)]:
        colour, dash = LAYER_STYLE[layer]
        by_width: dict[float, list[tuple[int, int]]] = {}
        for a, b, d in g.edges(data=True):
            if d[LAYER_COUNT[layer]] and a in pos and b in pos:
                width = 1.0 if layer == "border" else 1.5 + min(d[LAYER_COUNT[layer]], 6) * 0.75
                by_width.setdefault(width, []).append((a, b))
        first = True
        for width, pairs in sorted(by_width.items()):
            xs, ys = [], []
            for a, b in pairs:
                xs += [pos[a][0], pos[b][0], None]
                ys += [pos[a][1], pos[b][1], None]
            fig.add_trace(
                _trace(
                    geo,
                    xs,
                    ys,
                    mode="lines",
                    line=dict(width=width, color=colour, dash=dash),
                    opacity=0.75,
                    hoverinfo="skip",
                    name=t(f"network.layer.{layer}"),
                    legendgroup=layer,
                    showlegend=first,
                )
            )
            first = False
    for a, b, d in g.edges(data=True):
        if a in pos and b in pos:
            mid_x.append((pos[a][0] + pos[b][0]) / 2)
            mid_y.append((pos[a][1] + pos[b][1]) / 2)
            mid_text.append(
                f"<b>{g.nodes[a]['name_vi']} – {g.nodes[b]['name_vi']}</b><br>{edge_hover(d, t, lang)}"
            )
    if mid_x:
        fig.add_trace(
            _trace(
                geo,
                mid_x,
                mid_y,
                mode="markers",
                marker=dict(size=8, opacity=0),
                hovertext=mid_text,
                hoverinfo="text",
                showlegend=False,
            )
        )
    nodes = [n for n in g.nodes if n in pos]
    sizes = scale_sizes({n: (size or {}).get(n, 1.0) for n in nodes})
    hover = node_hover or {}

    def node_trace(members, name, colour, showlegend, **marker_extra):
        return _trace(
            geo,
            [pos[n][0] for n in members],
            [pos[n][1] for n in members],
            mode="markers+text",
            text=[g.nodes[n]["name_vi"] for n in members],
            textposition="top center",
            textfont=dict(size=10),
            hovertext=[hover.get(n, g.nodes[n]["name_vi"]) for n in members],
            hoverinfo="text",
            name=name,
            showlegend=showlegend,
            customdata=members,
            marker=dict(
                size=[sizes[n] for n in members],
                color=colour,
                line=dict(width=0.5, color="#000000"),
                **marker_extra,
            ),
        )

    if colour_values is not None:
        fig.add_trace(
            node_trace(
                nodes,
                colour_title,
                [colour_values.get(n, 0) for n in nodes],
                False,
                colorscale="Viridis",
                showscale=True,
                colorbar=dict(title=colour_title),
            )
        )
    else:
        groups: dict[str, list[int]] = {}
        for n in nodes:
            groups.setdefault((colour_groups or {}).get(n, ""), []).append(n)
        for i, (label, members) in enumerate(sorted(groups.items())):
            colour = (group_colours or {}).get(label) or PALETTE[i % len(PALETTE)]
            fig.add_trace(node_trace(members, label or " ", colour, bool(label)))
    if highlight in pos:
        # A ring around the chosen province (per-point line widths do not render on geo maps).
        fig.add_trace(
            _trace(
                geo,
                [pos[highlight][0]],
                [pos[highlight][1]],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker=dict(
                    size=sizes[highlight] + 10, symbol="circle-open", color="#000000", line=dict(width=3)
                ),
            )
        )
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=10, b=0),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0),
        hoverlabel=dict(align="left"),
    )
    if geo:
        from council.figures.maps import underlay

        # Province outlines under the links, framed on the provinces shown (council.figures.maps).
        underlay(fig, [g.nodes[n]["code"] for n in nodes if "code" in g.nodes[n]], t=t, height=height)
    else:
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False, scaleanchor="x")
        fig.update_layout(plot_bgcolor="#ffffff")
    return fig


def node_hover_text(d: dict, row: dict, t: Callable[..., str], lang: str) -> str:
    """A province's hover: region, population and its place in the graph."""
    from council.i18n import fmt_number

    return (
        f"<b>{d['name_vi']}</b><br>{t('network.hover.region')}: "
        f"{d['region_vi'] if lang == 'vi' else d['region_en']}<br>"
        f"{t('network.hover.population')}: {fmt_number(d['population'], lang, 0)}<br>"
        f"{t('network.col.degree')}: {row['degree']} · {t('network.col.ties')}: {row['ties']}<br>"
        f"{t('network.col.pagerank')}: {fmt_number(row['pagerank'], lang, 3)} · "
        f"{t('network.col.betweenness')}: {fmt_number(row['betweenness'], lang, 3)}<br>"
        f"{t('network.col.community')}: {row['community']}"
    )


def province_graph(
    g: nx.Graph,
    rows: dict[int, dict],
    *,
    layers,
    geo: bool,
    size_by: str,
    colour_by: str,
    t: Callable[..., str],
    lang: str,
    highlight: int | None = None,
    height: int = 720,
) -> go.Figure:
    """The graph page's figure: node size by a metric of ``rows`` (or "none"), colour by region,
    community or a metric, and a hover per province."""
    size = {n: rows[n][size_by] for n in g.nodes} if size_by != "none" else None
    kwargs: dict = {}
    if colour_by == "region":
        kwargs["colour_groups"], kwargs["group_colours"] = region_groups(g, lang)
    elif colour_by == "community":
        kwargs["colour_groups"] = {n: t("network.community", n=rows[n]["community"]) for n in g.nodes}
    else:
        kwargs["colour_values"] = {n: rows[n][colour_by] for n in g.nodes}
        kwargs["colour_title"] = t(f"network.col.{colour_by}")
    return graph_figure(
        g,
        layers=layers,
        geo=geo,
        t=t,
        lang=lang,
        size=size,
        node_hover={n: node_hover_text(g.nodes[n], rows[n], t, lang) for n in g.nodes},
        highlight=highlight,
        height=height,
        **kwargs,
    )

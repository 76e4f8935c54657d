"""Province boundary maps, drawn offline from the GeoJSON shipped in ``data/maps/``.

Every map here is a plotly ``choropleth`` (and ``scattergeo`` for labels, points and links) over
the province boundaries. Frames, label points and the archipelagos are computed from
``data/maps/vn34_provinces.geojson``; the browser draws a simplified copy served by the app itself,
``static/maps/vn34_provinces.geojson`` (``council.figures.simplify_maps``), which each trace names by
a relative URL (``BOUNDARY_URL``): plotly.js fetches it once and keeps it for the visit, so the
~0.3 MB of geometry is not re-sent inside every map of every rerun. Nothing is fetched from a tile
server or the internet; the world base layer comes from ``./static`` too (``council.ui.charts``).
Features are keyed by the province code (``properties.code``).

Rules:
- Every country-scale map shows the Hoàng Sa (in Đà Nẵng) and Trường Sa (in Khánh Hòa)
  archipelagos, drawn from the boundary file and named on the map.
- The frame is set from the geometry shown, with a margin, so labels stay inside it.
- A province without a value is drawn in grey and named "no figure", never left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from council.config import DATA_DIR, PROJECT_ROOT

GEOJSON_PATH = DATA_DIR / "maps" / "vn34_provinces.geojson"
# What the browser draws: the simplified boundaries served from ./static (server.enableStaticServing)
# at /app/static/; relative to the page URL like council.ui.charts.TOPOJSON_URL, so it also works
# under a reverse-proxy path prefix.
BOUNDARY_FILE = PROJECT_ROOT / "static" / "maps" / "vn34_provinces.geojson"
BOUNDARY_URL = "app/static/maps/vn34_provinces.geojson"
FEATURE_KEY = "properties.code"
# The two archipelagos: the province whose feature holds them, and the part of that feature
# (east of this longitude) that is the archipelago.
ARCHIPELAGOS: dict[str, dict[str, Any]] = {
    "hoang_sa": {"province_code": "48", "east_of": 110.5},  # Đà Nẵng
    "truong_sa": {"province_code": "56", "east_of": 111.0},  # Khánh Hòa
}
OUTLINE_COLOUR = "#8a8270"
FILL_COLOUR = "#f3efe6"
NO_VALUE_COLOUR = "#d9d9d9"
# A light halo keeps names readable on dark fills.
LABEL_FONT = dict(size=10, color="#222222", shadow="0px 0px 3px #ffffff")
# Margin around the shown geometry, in degrees, so labels are not cut at the frame.
FRAME_MARGIN = 0.6


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def provinces_geojson(path: Path = GEOJSON_PATH) -> dict:
    """The 34 province boundaries (a FeatureCollection; do not mutate it)."""
    return _load(str(path))


def _polygons(feature: dict) -> list[list[list[float]]]:
    """The outer rings of a feature's polygons."""
    geom = feature["geometry"]
    if geom["type"] == "Polygon":
        return [geom["coordinates"][0]]
    return [poly[0] for poly in geom["coordinates"]]


def features(codes: Iterable[str] | None = None, geojson: dict | None = None) -> dict:
    """The FeatureCollection restricted to ``codes`` (all 34 when None)."""
    geojson = geojson or provinces_geojson()
    if codes is None:
        return geojson
    keep = set(codes)
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["code"] in keep],
    }


def bounds(
    codes: Iterable[str] | None = None, geojson: dict | None = None
) -> tuple[float, float, float, float]:
    """(lon_min, lon_max, lat_min, lat_max) of the provinces' geometry."""
    xs, ys = [], []
    for f in features(codes, geojson)["features"]:
        for ring in _polygons(f):
            xs += [p[0] for p in ring]
            ys += [p[1] for p in ring]
    if not xs:
        raise ValueError("no geometry for these provinces")
    return min(xs), max(xs), min(ys), max(ys)


def archipelago_points(geojson: dict | None = None) -> dict[str, tuple[float, float]]:
    """Where each archipelago's name goes: the centre of its parts' bounding box (lon, lat)."""
    geojson = geojson or provinces_geojson()
    out = {}
    for key, spec in ARCHIPELAGOS.items():
        feature = next(f for f in geojson["features"] if f["properties"]["code"] == spec["province_code"])
        xs, ys = [], []
        for ring in _polygons(feature):
            if min(p[0] for p in ring) > spec["east_of"]:
                xs += [p[0] for p in ring]
                ys += [p[1] for p in ring]
        out[key] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return out


def label_points(geojson: dict | None = None) -> dict[str, tuple[float, float]]:
    """A label point per province: the centre of its largest mainland polygon (lon, lat)."""
    geojson = geojson or provinces_geojson()
    out = {}
    for f in geojson["features"]:
        ring = max(_polygons(f), key=_ring_area)
        out[f["properties"]["code"]] = _centroid(ring)
    return out


def _ring_area(ring) -> float:
    return abs(_signed_area(ring))


def _signed_area(ring) -> float:
    return 0.5 * math.fsum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def _centroid(ring) -> tuple[float, float]:
    a = _signed_area(ring)
    if a == 0:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    cx = math.fsum(
        (x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    cy = math.fsum(
        (y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return cx / (6 * a), cy / (6 * a)


def outline_trace(
    codes: Iterable[str] | None = None, *, names: Mapping[str, str] | None = None, fill: str = FILL_COLOUR
) -> go.Choropleth:
    """The province outlines (one flat fill), to draw under lines and points."""
    geo = features(codes)
    ids = [f["properties"]["code"] for f in geo["features"]]
    names = names or {f["properties"]["code"]: f["properties"]["name_vi"] for f in geo["features"]}
    return go.Choropleth(
        geojson=BOUNDARY_URL,
        featureidkey=FEATURE_KEY,
        locations=ids,
        z=[0] * len(ids),
        colorscale=[[0, fill], [1, fill]],
        showscale=False,
        marker_line_color=OUTLINE_COLOUR,
        marker_line_width=0.6,
        text=[names.get(i, i) for i in ids],
        hoverinfo="text",
        showlegend=False,
        name="",
    )


def archipelago_labels(t: Callable[[str], str]) -> go.Scattergeo:
    """The names of Hoàng Sa and Trường Sa, on their islands."""
    points = archipelago_points()
    keys = list(ARCHIPELAGOS)
    return go.Scattergeo(
        lon=[points[k][0] for k in keys],
        lat=[points[k][1] for k in keys],
        mode="markers+text",
        marker=dict(size=4, color="#555555"),
        text=[t(f"maps.archipelago.{k}") for k in keys],
        textposition="bottom center",
        textfont=LABEL_FONT,
        hoverinfo="text",
        showlegend=False,
        name="archipelagos",
        meta="archipelagos",
    )


# The sea's colour (council.ui.charts draws the land in FILL_COLOUR).
SEA_COLOUR = "#e8f1f8"


def sea_as_background(fig: go.Figure) -> go.Figure:
    """Draw the sea as the map's background colour instead of the base layer's ocean polygons
    (most of the browser's time drawing a map at 1:50m). The land, coast and borders are still
    drawn over it, and every frame here is a rectangle, so the picture is the same."""
    if any(trace.type in ("choropleth", "scattergeo") for trace in fig.data):
        fig.update_geos(showocean=False, bgcolor=SEA_COLOUR)
    return fig


def frame(
    fig: go.Figure, codes: Iterable[str] | None = None, *, country: bool = False, height: int = 560
) -> go.Figure:
    """Set the map frame on the geometry shown (the whole country, islands included, when
    ``country``), with a margin so labels stay inside; no base-map fetch beyond ./static."""
    lon0, lon1, lat0, lat1 = bounds(None if country else codes)
    m = FRAME_MARGIN
    fig.update_geos(
        projection_type="mercator",
        lonaxis_range=[lon0 - m, lon1 + m * 2.5],  # the labels sit right of and below their points
        lataxis_range=[lat0 - m, lat1 + m],
        showframe=False,
        visible=True,
    )
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=10, b=0))
    return fig


# A map whose provinces span this many degrees of latitude is a country-scale map (framed on the
# whole country with both archipelagos), even when some provinces are not among them.
COUNTRY_SPAN_DEG = 8.0


def is_country(codes: Iterable[str] | None) -> bool:
    """Every province, or provinces spread over most of the country's length."""
    if codes is None:
        return True
    codes = set(codes)
    if len(codes) >= len(provinces_geojson()["features"]):
        return True
    if not codes:
        return False
    _, _, lat0, lat1 = bounds(codes)
    return lat1 - lat0 >= COUNTRY_SPAN_DEG


def value_choropleth(
    values: Mapping[str, float | None],
    *,
    names: Mapping[str, str],
    t: Callable[[str], str],
    title: str = "",
    codes: Iterable[str] | None = None,
    fmt: Callable[[float], str] = lambda v: f"{v:,.2f}",
    colorscale: str = "Viridis",
    labels: bool = True,
    height: int = 560,
) -> go.Figure:
    """A value per province as a choropleth over ``codes`` (default: every province in
    ``values``); provinces without a value in grey. Country-scale maps name both archipelagos."""
    codes = list(codes if codes is not None else values)
    have = [c for c in codes if _known(values.get(c))]
    lacking = [c for c in codes if c not in set(have)]
    fig = go.Figure()
    if lacking:
        fig.add_trace(
            go.Choropleth(
                geojson=BOUNDARY_URL,
                featureidkey=FEATURE_KEY,
                locations=lacking,
                z=[0] * len(lacking),
                colorscale=[[0, NO_VALUE_COLOUR], [1, NO_VALUE_COLOUR]],
                showscale=False,
                marker_line_color=OUTLINE_COLOUR,
                marker_line_width=0.6,
                text=[f"{names.get(c, c)}: {t('maps.no_value')}" for c in lacking],
                hoverinfo="text",
                name=t("maps.no_value"),
                showlegend=False,
            )
        )
    if have:
        colorbar: dict[str, Any] = dict(title=title, thickness=12)
        shown = [float(values[c] or 0) for c in have]
        if all(v.is_integer() for v in shown):  # counts: whole-number ticks only
            colorbar.update(tickformat="d", dtick=max(1, math.ceil(max(shown) / 5)))
        fig.add_trace(
            go.Choropleth(
                geojson=BOUNDARY_URL,
                featureidkey=FEATURE_KEY,
                locations=have,
                z=[float(values[c] or 0) for c in have],  # every code in `have` has a value
                colorscale=colorscale,
                marker_line_color=OUTLINE_COLOUR,
                marker_line_width=0.6,
                text=[f"{names.get(c, c)}: {fmt(float(values[c] or 0))}" for c in have],
                hoverinfo="text",
                colorbar=colorbar,
                name=title,
            )
        )
    return _finish(fig, codes, names=names, t=t, labels=labels, height=height)


def category_choropleth(
    categories: Mapping[str, str | None],
    *,
    names: Mapping[str, str],
    colours: Mapping[str, str],
    legend: Mapping[str, str],
    t: Callable[[str], str],
    codes: Iterable[str] | None = None,
    hover: Mapping[str, str] | None = None,
    labels: bool = True,
    height: int = 560,
) -> go.Figure:
    """A category per province (e.g. a target status), one legend entry per category in the
    order of ``colours``; a province with no category is grey."""
    codes = list(codes if codes is not None else categories)
    hover = hover or {}
    fig = go.Figure()
    order = [*colours, None]
    for cat in order:
        members = [
            c for c in codes if categories.get(c) == cat or (cat is None and categories.get(c) not in colours)
        ]
        if not members:
            continue
        colour = colours.get(cat, NO_VALUE_COLOUR) if cat is not None else NO_VALUE_COLOUR
        label = legend.get(cat, cat) if cat is not None else t("maps.no_value")
        fig.add_trace(
            go.Choropleth(
                geojson=BOUNDARY_URL,
                featureidkey=FEATURE_KEY,
                locations=members,
                z=[1] * len(members),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker_line_color=OUTLINE_COLOUR,
                marker_line_width=0.6,
                text=[hover.get(c, f"{names.get(c, c)}: {label}") for c in members],
                hoverinfo="text",
                name=label,
                showlegend=True,
            )
        )
    fig.update_layout(legend=dict(orientation="h", y=-0.02))
    return _finish(fig, codes, names=names, t=t, labels=labels, height=height)


def _known(v) -> bool:
    return v is not None and isinstance(v, int | float) and math.isfinite(v)


def _finish(fig, codes, *, names, t, labels: bool, height: int) -> go.Figure:
    if labels:
        add_labels(fig, codes, names)
    country = is_country(codes)
    if country:
        fig.add_trace(archipelago_labels(t))
    return frame(fig, codes, country=country, height=height)


def add_labels(fig: go.Figure, codes: Iterable[str], names: Mapping[str, str]) -> go.Figure:
    """Province names at their label points."""
    points = label_points()
    shown = [c for c in codes if c in points]
    fig.add_trace(
        go.Scattergeo(
            lon=[points[c][0] for c in shown],
            lat=[points[c][1] for c in shown],
            mode="text",
            text=[names.get(c, c) for c in shown],
            textfont=LABEL_FONT,
            hoverinfo="skip",
            showlegend=False,
            name="labels",
        )
    )
    return fig


def base_map(
    codes: Iterable[str] | None,
    *,
    names: Mapping[str, str],
    t: Callable[[str], str],
    highlight: Iterable[str] = (),
    labels: bool = False,
    height: int = 560,
) -> go.Figure:
    """Province outlines to draw lines and points on (the graph, the project map): the whole
    country with both archipelagos named, or the provinces ``codes`` with their neighbours' context."""
    all_codes = [f["properties"]["code"] for f in provinces_geojson()["features"]]
    fig = go.Figure()
    fig.add_trace(outline_trace(all_codes, names=names))
    marked = [c for c in highlight if c in set(all_codes)]
    if marked:
        fig.add_trace(outline_trace(marked, names=names, fill="#e6dcc3"))
    if labels:
        add_labels(fig, codes if codes is not None else all_codes, names)
    country = codes is None or is_country(codes)
    if country:
        fig.add_trace(archipelago_labels(t))
    return frame(fig, codes, country=country, height=height)


def underlay(
    fig: go.Figure,
    codes: Iterable[str],
    *,
    t: Callable[[str], str],
    names: Mapping[str, str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """Put the province outlines under an existing geo figure (graph, project lines), shade the
    provinces ``codes`` shown, frame the map on them (the whole country with both archipelagos
    named when they are all 34), and keep every label inside the frame."""
    all_codes = [f["properties"]["code"] for f in provinces_geojson()["features"]]
    codes = [c for c in codes if c in set(all_codes)]
    under = [outline_trace(all_codes, names=names)]
    country = is_country(codes)
    if codes and not country:
        under.append(outline_trace(codes, names=names, fill="#e6dcc3"))
    fig.add_traces(under)
    k = len(under)
    fig.data = fig.data[-k:] + fig.data[:-k]  # drawn first, so underneath
    if country or not codes:
        fig.add_trace(archipelago_labels(t))
    return frame(fig, codes or None, country=country or not codes, height=height or fig.layout.height or 560)


def drawn_geojson() -> dict:
    """The boundaries the browser draws (``BOUNDARY_URL``), for checks and tests."""
    return _load(str(BOUNDARY_FILE))

"""Charts shared by pages. Maps must work offline: plotly.js fetches its base map (TopoJSON)
from a CDN unless told otherwise, so every geo chart goes through ``show_chart``.

Figures that cost a lot to build (the province graph, the maps) are built once per data version
and kept per process (``cached_figure``): building a plotly figure validates every property and
took most of a warm rerun of the graph page (~150 ms at ×10)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date

import streamlit as st

# Served by Streamlit from ./static (server.enableStaticServing). Relative to the page URL, so it
# also works under a reverse-proxy path prefix.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


GEO_TRACES = {"scattergeo", "choropleth"}
# Figures kept per process (each a few tens of kB now that maps name their boundary file).
MAX_FIGURES = 64

_figures: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def _styled(fig):
    """The app's land and sea colours on geo figures (idempotent)."""
    if any(trace.type in GEO_TRACES for trace in fig.data):
        fig.update_geos(
            resolution=50,
            showcountries=True,
            showland=True,
            landcolor="#f3efe6",
            countrycolor="#b9b2a3",
            showocean=True,
            oceancolor="#e8f1f8",
            showlakes=False,
        )
    return fig


def show_chart(fig, key: str, **kwargs):
    """st.plotly_chart with the offline base map; geo figures also get the app's land and sea colours."""
    if not getattr(fig, "_council_styled", False):
        _styled(fig)
    return st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, **kwargs)


def cached_figure(build: Callable[[], object], *key: Hashable):
    """``build()``'s figure, built once per ``key`` in this process and shared by every rerun and
    session. ``key`` must name everything the figure shows: either the values themselves (a map's
    values per province, its title, the language), or the data version with the options (the
    graph). A data version must be read *before* the data the figure is drawn from
    (``PageContext.data_version``): a commit in between then only makes the next rerun build it
    again, never keeps an older figure under a newer version. The figure is shared: never change it
    after this call (``show_chart`` does not)."""
    full = (date.today().isoformat(), *key)
    with _lock:
        fig = _figures.get(full)
        if fig is not None:
            _figures.move_to_end(full)
            return fig
    fig = _styled(build())
    fig._council_styled = True  # type: ignore[attr-defined]
    with _lock:
        _figures[full] = fig
        while len(_figures) > MAX_FIGURES:
            _figures.popitem(last=False)
    return fig

"""Charts shared by pages. Maps must work offline: plotly.js fetches its base map (TopoJSON)
from a CDN unless told otherwise, so every geo chart goes through ``show_chart``.

Figures that cost a lot to build (the province graph, the maps) are built once per version of the
data they are drawn from and kept per process (``cached_figure``): building a plotly figure validates every property and
took most of a warm rerun of the graph page (~150 ms at ×10)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

from council.figures.maps import SEA_COLOUR, sea_as_background

# Served by Streamlit from ./static (server.enableStaticServing). Relative to the page URL, so it
# also works under a reverse-proxy path prefix.
TOPOJSON_URL = "app/static/topojson/"
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}


GEO_TRACES = {"scattergeo", "choropleth"}
# Figures and frames kept per process (a figure is a few tens of kB now that maps name their
# boundary file).
MAX_SHARED = 96
T = TypeVar("T")

_shared: OrderedDict[tuple, Any] = OrderedDict()
_lock = threading.Lock()


def _styled(fig):
    """The app's land and sea colours on geo figures (idempotent). The base layer is Asia's, not the
    world's: drawing the world's 1:50m land, sea and borders took 1-2.5 s of the browser's time per
    map (every map is of Vietnam); Asia's at the same resolution draws in a fifth of that. The sea
    is then the map's background colour, not the base layer's ocean polygons
    (``council.figures.maps.sea_as_background``: the same picture in a third to a half of the
    browser's time; every map here is framed as a mercator rectangle)."""
    if any(trace.type in GEO_TRACES for trace in fig.data):
        fig.update_geos(
            scope="asia",
            resolution=50,
            showcountries=True,
            showland=True,
            landcolor="#f3efe6",
            countrycolor="#b9b2a3",
            showocean=True,
            oceancolor=SEA_COLOUR,
            showlakes=False,
        )
        sea_as_background(fig)
    return fig


def show_chart(fig, key: str, **kwargs):
    """st.plotly_chart with the offline base map; geo figures also get the app's land and sea colours."""
    if not getattr(fig, "_council_styled", False):
        _styled(fig)
    return st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, **kwargs)


def cached_figure(build: Callable[[], object], *key: Hashable):
    """``build()``'s figure, built once per ``key`` in this process and shared by every rerun and
    session. ``key`` must name everything the figure shows: either the values themselves (a map's
    values per province, its title, the language), or the version of the cached view it is drawn
    from with the options (the graph: ``PageContext.cached_versioned`` returns the view and the
    version it was read at, from one snapshot). The figure is shared: never change it after this
    call (``show_chart`` does not)."""

    def styled():
        fig = _styled(build())
        fig._council_styled = True
        return fig

    return shared(styled, "figure", *key)


def shared(build: Callable[[], T], *key: Hashable) -> T:
    """``build()``, once per ``key`` and day in this process, the same object for every rerun and
    session (figures, frames handed to Streamlit unchanged); the rules of ``cached_figure``."""
    from council.ui.cache import cache_day

    full = (cache_day(), *key)
    with _lock:
        if full in _shared:
            _shared.move_to_end(full)
            return _shared[full]
    value = build()
    with _lock:
        _shared[full] = value
        while len(_shared) > MAX_SHARED:
            _shared.popitem(last=False)
    return value

"""Geo figures built once per key and shared (``cached_map``).

Every map the app draws has the sea as its background colour, not the 1:50m ocean polygons of the
base layer (``council.ui.charts._styled``). Measured in Chromium on the app's own figures
(plotly.js alone, median of 7 draws, the same minutes): the region map of home 297 -> 118 ms, a
country map 371 -> 172 ms; the picture is the same pixel for pixel, because the base layer's land,
coast and borders are still drawn over a background of the sea's colour (the map's frame is a
rectangle in the mercator projection).

``cached_map`` is ``council.ui.charts.cached_figure`` for such a figure, under its own keys: built
and styled once per key, shared by every rerun and session, marked styled so ``show_chart`` leaves
it as it is."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from council.ui import charts


def cached_map(build: Callable[[], object], *key: Hashable):
    """``build()``'s geo figure with the app's base layer and the sea as its background, once per
    ``key`` in this process (the rules of ``cached_figure``: the key names everything shown; never
    change the figure after this call)."""
    return charts.cached_figure(build, "map", *key)

"""Figures and frames shared between reruns (council.ui.charts.cached_figure / shared): built once
per key, built again for another key, the oldest dropped past the cap."""

from __future__ import annotations

import plotly.graph_objects as go

from council.ui import charts


def test_a_figure_is_built_once_per_key_and_styled_once():
    built = []

    def build():
        built.append(1)
        return go.Figure(go.Scattergeo(lon=[105.8], lat=[21.0]))

    first = charts.cached_figure(build, "test-fig", ("db", 7), "vi")
    again = charts.cached_figure(build, "test-fig", ("db", 7), "vi")
    assert again is first and len(built) == 1
    assert first.layout.geo.showland is True and first._council_styled
    assert first.layout.geo.scope == "asia"  # Asia's base layer, not the world's (5x faster to draw)
    moved = charts.cached_figure(build, "test-fig", ("db", 8), "vi")  # the data version moved
    other_language = charts.cached_figure(build, "test-fig", ("db", 8), "en")
    assert moved is not first and other_language is not moved and len(built) == 3


def test_the_oldest_entries_are_dropped_past_the_cap():
    for i in range(charts.MAX_SHARED + 5):
        charts.shared(lambda i=i: [i], "test-cap", i)
    assert len(charts._shared) <= charts.MAX_SHARED
    rebuilt = []
    charts.shared(lambda: rebuilt.append(0) or [0], "test-cap", 0)
    assert rebuilt == [0]  # the first one was dropped, so it is built again
    kept = charts.shared(lambda: rebuilt.append(1) or [1], "test-cap", charts.MAX_SHARED + 4)
    assert kept == [charts.MAX_SHARED + 4] and rebuilt == [0]

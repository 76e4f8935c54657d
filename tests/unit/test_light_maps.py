"""Maps drawn with the sea as their background (council.ui.maps.cached_map): the app's base layer
(Asia's land and borders, its colours), no ocean polygons, the sea's colour behind; built once per
key and left alone by show_chart."""

from __future__ import annotations

import plotly.graph_objects as go

from council.figures.maps import SEA_COLOUR, sea_as_background, value_choropleth
from council.ui import charts
from council.ui.maps import cached_map


def _map():
    return value_choropleth({"01": 3.0, "31": None}, names={"01": "Hà Nội", "31": "Hải Phòng"}, t=str)


def test_a_map_keeps_the_apps_land_and_borders_and_draws_the_sea_as_background():
    built = []

    def build():
        built.append(1)
        return _map()

    fig = cached_map(build, "test-light-map", "vi", (("01", 3.0),))
    again = cached_map(build, "test-light-map", "vi", (("01", 3.0),))
    assert again is fig and len(built) == 1 and fig._council_styled
    geo = fig.layout.geo
    assert geo.scope == "asia" and geo.resolution == 50
    assert geo.showland is True and geo.showcountries is True and geo.landcolor == "#f3efe6"
    assert geo.showocean is False and geo.bgcolor == SEA_COLOUR
    # The same sea colour the base layer used to draw (council.ui.charts).
    assert SEA_COLOUR == charts._styled(_map()).layout.geo.oceancolor
    other = cached_map(build, "test-light-map", "en", (("01", 3.0),))
    assert other is not fig and len(built) == 2


def test_show_chart_does_not_restyle_it_and_a_figure_without_a_map_is_left_alone(monkeypatch):
    fig = cached_map(_map, "test-light-map-shown", "vi")
    sent = []
    monkeypatch.setattr(charts.st, "plotly_chart", lambda f, **kw: sent.append(f))
    charts.show_chart(fig, key="k")
    assert sent[0].layout.geo.showocean is False  # not switched back on by show_chart's styling
    bars = sea_as_background(go.Figure(go.Bar(x=[1], y=[2])))
    assert bars.layout.geo.bgcolor is None and not bars.layout.geo.showocean


def test_every_map_shown_draws_the_sea_as_background_cached_or_not(monkeypatch):
    # The facilities map (cached_figure), a project's cost-share map and the register's map of
    # places (shown directly) are drawn as cheaply as the cached maps.
    sent = []
    monkeypatch.setattr(charts.st, "plotly_chart", lambda f, **kw: sent.append(f))
    charts.show_chart(_map(), key="direct")
    shared = charts.cached_figure(_map, "test-light-map-figure")
    charts.show_chart(shared, key="shared")
    for fig in sent:
        assert fig.layout.geo.showocean is False and fig.layout.geo.bgcolor == SEA_COLOUR
        assert fig.layout.geo.showland is True and fig.layout.geo.scope == "asia"

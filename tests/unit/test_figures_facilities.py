"""The facilities map: a point per facility (open when at the province centre), route lines, and
each flagged pair drawn, over the offline outlines."""

from __future__ import annotations

from council.figures.facilities import facilities_map


def test_points_routes_and_pairs_are_drawn():
    points = [
        {"kind": "airport", "name": "Long Thành", "lat": 10.77, "lon": 107.05, "approximate": False},
        {"kind": "airport", "name": "Sân bay X", "lat": 11.1, "lon": 107.2, "approximate": True},
        {"kind": "road", "name": "Tuyến A", "lat": 21.0, "lon": 105.8, "end_lat": 21.2, "end_lon": 106.0},
    ]
    pairs = [{"points": [(10.77, 107.05), (10.82, 106.66)], "label": "Trùng lặp"}]
    fig = facilities_map(points, pairs, names={}, t=lambda key: key)
    metas = [tr.meta for tr in fig.data]
    assert "kind:airport" in metas and "kind:road" in metas and "route" in metas
    airport = fig.data[metas.index("kind:airport")]
    assert list(airport.marker.symbol) == ["circle", "circle-open"]
    assert "facilities.approximate" in airport.text[1]
    pair = fig.data[metas.index("pair")]
    assert list(pair.lat) == [10.77, 10.82] and pair.line.dash == "dash"
    assert fig.data[0].type == "choropleth"  # the outlines underneath


def test_no_facilities_is_an_outline_map():
    fig = facilities_map([], [], names={}, t=lambda key: key)
    assert all(tr.meta not in ("pair", "route") for tr in fig.data)

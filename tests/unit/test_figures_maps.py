"""Province boundary maps (council.figures.maps): the 34 provinces from data/maps, Hoàng Sa and
Trường Sa on every country-scale map, frames that keep labels inside, nothing fetched."""

from __future__ import annotations

import csv
import json

import plotly.graph_objects as go
import pytest

from council.config import DATA_DIR
from council.figures import maps as M
from council.network import route_pairs

NAMES = {r["code"]: r["name_vi"] for r in csv.DictReader((DATA_DIR / "provinces.csv").open(encoding="utf-8"))}
T = {
    "maps.archipelago.hoang_sa": "Quần đảo Hoàng Sa (Đà Nẵng)",
    "maps.archipelago.truong_sa": "Quần đảo Trường Sa (Khánh Hòa)",
}


def t(key: str, **_) -> str:
    return T.get(key, key)


def _geo_features(fig: go.Figure) -> dict[str, dict]:
    """The features each choropleth draws: its locations in the boundary file it names."""
    drawn = {f["properties"]["code"]: f for f in M.drawn_geojson()["features"]}
    out = {}
    for tr in fig.data:
        if tr.type == "choropleth":
            assert tr.geojson == M.BOUNDARY_URL
            for code in tr.locations:
                out[code] = drawn[code]
    return out


def _has_islands(feature: dict, east_of: float, lat_range: tuple[float, float]) -> bool:
    rings = M._polygons(feature)
    return any(min(p[0] for p in r) > east_of and lat_range[0] <= r[0][1] <= lat_range[1] for r in rings)


def test_the_boundary_file_has_the_34_provinces_keyed_by_code():
    codes = {f["properties"]["code"] for f in M.provinces_geojson()["features"]}
    assert codes == set(NAMES) and len(codes) == 34


def test_country_map_has_both_archipelagos_drawn_named_and_inside_the_frame():
    fig = M.value_choropleth({c: float(i) for i, c in enumerate(NAMES)}, names=NAMES, t=t, title="x")
    feats = _geo_features(fig)
    assert set(feats) == set(NAMES)
    assert _has_islands(feats["48"], 111.0, (15.5, 17.5)), "Hoàng Sa (Đà Nẵng)"
    assert _has_islands(feats["56"], 111.5, (6.5, 12.5)), "Trường Sa (Khánh Hòa)"
    named = [tr for tr in fig.data if tr.type == "scattergeo" and tr.meta == "archipelagos"]
    assert len(named) == 1 and list(named[0].text) == list(T.values())
    hs, ts = M.archipelago_points()
    (lon0, lon1), (lat0, lat1) = fig.layout.geo.lonaxis.range, fig.layout.geo.lataxis.range
    for lon, lat in (M.archipelago_points()[hs], M.archipelago_points()[ts]):
        assert lon0 < lon < lon1 and lat0 < lat < lat1
    # The whole country with a margin: the northern tip (Hà Giang, ~23.4° N) and Trường Sa's reefs.
    assert lat1 > 23.39 + 0.3 and lat0 < 6.95 - 0.3 and lon1 > 116.9 + 0.3


def test_a_region_map_frames_its_provinces_and_greys_the_missing_ones():
    region = ["01", "31", "33", "24", "22", "37"]  # Đồng bằng sông Hồng
    fig = M.value_choropleth({"01": 8.16, "31": 11.2, "33": None}, codes=region, names=NAMES, t=t)
    grey = next(tr for tr in fig.data if tr.type == "choropleth" and tr.showscale is False)
    assert set(grey.locations) == {"33", "24", "22", "37"}
    assert all("Không" in x or "maps.no_value" in x for x in grey.text)
    assert not any(tr.meta == "archipelagos" for tr in fig.data)
    lon0, lon1, lat0, lat1 = M.bounds(region)
    assert fig.layout.geo.lonaxis.range[0] < lon0 and fig.layout.geo.lonaxis.range[1] > lon1
    assert fig.layout.geo.lataxis.range[0] < lat0 and fig.layout.geo.lataxis.range[1] > lat1
    assert fig.layout.geo.lonaxis.range[1] - fig.layout.geo.lonaxis.range[0] < 6  # not the whole country
    labels = next(tr for tr in fig.data if tr.name == "labels")
    assert set(labels.text) == {NAMES[c] for c in region}


def test_category_map_one_legend_entry_per_status_in_order():
    colours = {"off_track": "#d62728", "on_track": "#2ca02c"}
    fig = M.category_choropleth(
        {"01": "on_track", "31": "off_track", "33": None},
        names=NAMES,
        colours=colours,
        legend={"off_track": "Chậm", "on_track": "Đúng"},
        t=t,
    )
    traces = [tr for tr in fig.data if tr.type == "choropleth"]
    assert [tr.name for tr in traces] == ["Chậm", "Đúng", "maps.no_value"]
    assert [list(tr.locations) for tr in traces] == [["31"], ["01"], ["33"]]


def test_underlay_puts_outlines_first_and_names_the_islands_on_country_graphs():
    fig = go.Figure(go.Scattergeo(lon=[105.8], lat=[21.0], mode="markers+text", text=["Hà Nội"]))
    M.underlay(fig, list(NAMES), t=t)
    assert fig.data[0].type == "choropleth" and len(fig.data[0].locations) == 34
    assert any(tr.meta == "archipelagos" for tr in fig.data)
    region = M.underlay(go.Figure(go.Scattergeo(lon=[105.8], lat=[21.0])), ["01", "31"], t=t)
    assert not any(tr.meta == "archipelagos" for tr in region.data)
    assert [tr.type for tr in region.data[:2]] == ["choropleth", "choropleth"]


def test_maps_name_the_apps_own_boundary_file_and_fetch_nothing_else():
    """The geometry is not inside the figure (it was ~1 MB per map per rerun): each choropleth names
    the simplified file the app serves from ./static, by a relative URL (no internet)."""
    fig = M.value_choropleth({c: 1.0 for c in NAMES}, names=NAMES, t=t)
    spec = json.loads(fig.to_json())
    assert len(fig.to_json()) < 50_000
    for tr in spec["data"]:
        if tr["type"] == "choropleth":
            assert tr["geojson"] == M.BOUNDARY_URL == "app/static/maps/vn34_provinces.geojson"
    assert M.BOUNDARY_FILE.is_file() and M.BOUNDARY_FILE.parts[-3:] == (
        "static",
        "maps",
        "vn34_provinces.geojson",
    )
    assert "http" not in json.dumps(spec)
    assert not any(
        tr["type"] in ("scattermapbox", "choroplethmapbox", "scattermap", "choroplethmap")
        for tr in spec["data"]
    )


def test_corridor_route_links_neighbours_and_joins_pieces_by_the_closest_pair():
    # 1-2-3 share borders in a row; 4 touches none of them: joined to the closest (3).
    borders = {frozenset((1, 2)), frozenset((2, 3))}
    pos = {1: (0.0, 0.0), 2: (1.0, 0.0), 3: (2.0, 0.0), 4: (2.5, 0.5)}
    assert route_pairs([3, 1, 2, 4], borders, pos) == [(1, 2), (2, 3), (3, 4)]
    assert route_pairs([1, 3], borders, pos) == [(1, 3)]  # two participants: their one link
    n = 20
    chain = {frozenset((i, i + 1)) for i in range(n - 1)}
    line = {i: (float(i), 0.0) for i in range(n)}
    assert len(route_pairs(list(range(n)), chain, line)) == n - 1  # not 190


@pytest.mark.parametrize("code", ["48", "56"])
def test_archipelago_provinces_keep_their_mainland_label_point(code):
    lon, lat = M.label_points()[code]
    assert lon < 110  # the province's name sits on the mainland, the archipelago has its own


def test_a_count_map_has_whole_number_ticks():
    """Projects per province had colour-bar ticks at 0.5, 1.5 (issue 15)."""
    from council.figures.maps import value_choropleth

    fig = value_choropleth({"01": 4, "24": 1, "31": 0}, names={}, t=lambda k: k)
    bar = [tr for tr in fig.data if tr.type == "choropleth" and tr.showscale is not False][0].colorbar
    assert bar.tickformat == "d" and bar.dtick == 1
    shares = value_choropleth({"01": 60.5, "24": 39.5}, names={}, t=lambda k: k)
    bar = [tr for tr in shares.data if tr.type == "choropleth" and tr.showscale is not False][0].colorbar
    assert bar.tickformat is None


def test_the_drawn_boundaries_are_the_source_simplified_with_every_part_and_both_archipelagos():
    source = {f["properties"]["code"]: f for f in M.provinces_geojson()["features"]}
    drawn = {f["properties"]["code"]: f for f in M.drawn_geojson()["features"]}
    assert set(drawn) == set(source)
    for code, f in drawn.items():
        assert len(M._polygons(f)) == len(M._polygons(source[code])), code  # no island dropped
        a, b = M.bounds([code], M.drawn_geojson()), M.bounds([code])
        assert all(abs(x - y) < 0.02 for x, y in zip(a, b, strict=True)), code
    assert _has_islands(drawn["48"], 111.0, (15.5, 17.5)), "Hoàng Sa (Đà Nẵng)"
    assert _has_islands(drawn["56"], 111.5, (6.5, 12.5)), "Trường Sa (Khánh Hòa)"
    points = sum(len(r) for f in drawn.values() for r in M._polygons(f))
    assert points < sum(len(r) for f in source.values() for r in M._polygons(f)) / 2

"""Every chart, maps included, is drawn with the app's own base map: the council's machines may
have no internet, and plotly.js otherwise fetches its TopoJSON from a CDN."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from council.figures.maps import BOUNDARY_URL, drawn_geojson
from council.ui.charts import TOPOJSON_URL
from tests.app.conftest import goto, signed_in

ROOT = Path(__file__).resolve().parents[2]


def test_charts_are_shown_only_through_show_chart():
    calls = []
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "council").rglob("*.py")]:
        if path == ROOT / "council/ui/charts.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "plotly_chart":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == [], "use council.ui.charts.show_chart (offline base map)"


def _charts(at) -> list[tuple[dict, dict]]:
    """(figure, config) of every plotly chart on the page."""
    out = []
    for element in at.get("plotly_chart"):
        out.append((json.loads(element.proto.spec), json.loads(element.proto.config)))
    return out


@pytest.mark.parametrize(
    ("url_path", "view"), [("home", None), ("projects", "map"), ("network", None), ("targets", "map")]
)
def test_geo_charts_use_the_local_base_map(app_users, url_path, view):
    at = signed_in(app_users["secretariat"])
    if url_path != "home":  # the default page, open after sign-in
        goto(at, url_path)
    if url_path == "targets":
        at.radio(key="targets_view").set_value(view).run()
    elif view:
        at.button_group(key=f"{url_path}_view").set_value(view).run()
    assert not at.exception
    charts = _charts(at)
    geo = [
        (fig, cfg)
        for fig, cfg in charts
        if any(t.get("type") in ("scattergeo", "choropleth") for t in fig.get("data", []))
    ]
    assert geo, f"no map on {url_path}"
    for _, cfg in charts:
        assert cfg.get("topojsonURL") == TOPOJSON_URL
    for fig, _ in geo:
        assert fig["layout"]["geo"]["showland"] is True


TILE_TRACES = {
    "scattermapbox",
    "choroplethmapbox",
    "densitymapbox",
    "scattermap",
    "choroplethmap",
    "densitymap",
}


def _island_parts(feature: dict, east_of: float) -> int:
    geom = feature["geometry"]
    polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return sum(1 for poly in polys if min(p[0] for p in poly[0]) > east_of)


def test_the_country_map_draws_and_names_hoang_sa_and_truong_sa(app_users):
    """The graph page on the whole country: the boundary file's Đà Nẵng and Khánh Hòa features with
    their archipelagos, both named, inside the frame."""
    at = signed_in(app_users["secretariat"])
    goto(at, "network")
    at.radio(key="network_scope").set_value("country").run()
    assert not at.exception
    fig = next(f for f, _ in _charts(at) if any(t.get("type") == "choropleth" for t in f["data"]))
    drawn = {f["properties"]["code"]: f for f in drawn_geojson()["features"]}
    features = {
        code: drawn[code]
        for t in fig["data"]
        if t.get("type") == "choropleth" and t["geojson"] == BOUNDARY_URL
        for code in t["locations"]
    }
    assert len(features) == 34
    assert _island_parts(features["48"], 111.0) > 0  # Hoàng Sa, in Đà Nẵng
    assert _island_parts(features["56"], 111.5) > 0  # Trường Sa, in Khánh Hòa
    names = [x for t in fig["data"] if t.get("meta") == "archipelagos" for x in t["text"]]
    assert any("Hoàng Sa" in x for x in names) and any("Trường Sa" in x for x in names)
    lon0, lon1 = fig["layout"]["geo"]["lonaxis"]["range"]
    lat0, lat1 = fig["layout"]["geo"]["lataxis"]["range"]
    assert lon1 > 116.9 and lat0 < 7.0 and lat1 > 23.4  # Trường Sa's reefs and the northern tip inside


def test_the_graph_opens_on_the_selected_region(app_users):
    at = signed_in(app_users["secretariat"])
    goto(at, "network")
    assert at.radio(key="network_scope").value == "region"
    fig = next(f for f, _ in _charts(at) if any(t.get("type") == "choropleth" for t in f["data"]))
    lon0, lon1 = fig["layout"]["geo"]["lonaxis"]["range"]
    assert lon1 - lon0 < 10  # framed on the region, not the whole country


@pytest.mark.parametrize(
    ("url_path", "view"), [("home", None), ("projects", "map"), ("network", None), ("targets", "map")]
)
def test_no_map_fetches_anything_from_the_internet(app_users, url_path, view):
    """The boundaries come from the app's own ./static (a relative URL the browser fetches once,
    not geometry re-sent in every figure), so does the base layer, and no tile-server trace is used."""
    at = signed_in(app_users["secretariat"])
    if url_path != "home":
        goto(at, url_path)
    if url_path == "targets":
        at.radio(key="targets_view").set_value(view).run()
    elif view:
        at.button_group(key=f"{url_path}_view").set_value(view).run()
    assert not at.exception
    charts = _charts(at)
    maps = [
        (f, cfg) for f, cfg in charts if any(t.get("type") in ("scattergeo", "choropleth") for t in f["data"])
    ]
    assert maps
    assert any(t.get("type") == "choropleth" for f, _ in maps for t in f["data"]), "no province boundaries"
    for fig, cfg in maps:
        assert cfg["topojsonURL"] == TOPOJSON_URL and not TOPOJSON_URL.startswith("http")
        assert (ROOT / "static" / "topojson").is_dir()
        for trace in fig["data"]:
            assert trace.get("type") not in TILE_TRACES
            if trace.get("type") == "choropleth":
                assert trace["geojson"] == BOUNDARY_URL and BOUNDARY_URL.startswith("app/static/")
                assert (ROOT / "static" / BOUNDARY_URL.removeprefix("app/static/")).is_file()
        layout = json.dumps(fig["layout"])
        assert "mapbox" not in layout and "http" not in layout

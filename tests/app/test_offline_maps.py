"""Every chart, maps included, is drawn with the app's own base map: the council's machines may
have no internet, and plotly.js otherwise fetches its TopoJSON from a CDN."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

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

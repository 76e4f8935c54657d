"""The graph page's figure: size, colour and hover chosen from the metrics rows."""

import networkx as nx
import pytest

from council.figures import network as figures
from council.i18n import t


def _graph():
    g = nx.Graph()
    for n, (name, region) in enumerate((("Hà Nội", "DBSH"), ("Hưng Yên", "DBSH"), ("Huế", "BTB")), start=1):
        g.add_node(
            n,
            name_vi=name,
            region_code=region,
            region_vi=region,
            region_en=region,
            population=1000 * n,
            lat=20.0 + n,
            lon=105.0 + n,
        )
    g.add_edge(1, 2, border=1, projects=2, agreements=0, conflicts=0, border_km=10.0, investment=5.0)
    g.add_edge(2, 3, border=0, projects=1, agreements=0, conflicts=0, border_km=0.0, investment=0.0)
    return g


ROWS = {
    n: {"degree": d, "ties": d, "pagerank": p, "betweenness": b, "community": k, "clustering": 0.0}
    for n, d, p, b, k in ((1, 1, 0.2, 0.0, 1), (2, 2, 0.5, 1.0, 1), (3, 1, 0.3, 0.0, 2))
}


def _nodes(fig):
    return next(tr for tr in reversed(fig.data) if tr.text is not None and len(tr.text) == 3)


def _tr(key, **params):
    return t(key, "vi", **params)


@pytest.mark.parametrize("colour_by", ["region", "community", "pagerank"])
def test_every_province_is_drawn_with_its_hover(colour_by):
    fig = figures.province_graph(
        _graph(),
        ROWS,
        layers=("border", "project"),
        geo=False,
        size_by="pagerank",
        colour_by=colour_by,
        t=_tr,
        lang="vi",
    )
    hovers = [h for tr in fig.data if tr.mode == "markers+text" for h in tr.hovertext]
    assert sorted(h.split("</b>")[0][3:] for h in hovers) == ["Huế", "Hà Nội", "Hưng Yên"]
    # The edges carry their own hover (one invisible midpoint per pair).
    edges = [h for tr in fig.data if tr.mode == "markers" for h in tr.hovertext]
    assert sorted(h.split("</b>")[0][3:] for h in edges) == ["Hà Nội – Hưng Yên", "Hưng Yên – Huế"]


def test_colour_by_a_metric_gives_a_colour_bar_and_size_none_gives_equal_markers():
    fig = figures.province_graph(
        _graph(),
        ROWS,
        layers=("project",),
        geo=True,
        size_by="none",
        colour_by="betweenness",
        t=_tr,
        lang="vi",
    )
    nodes = [tr for tr in fig.data if getattr(tr.marker, "colorbar", None) and tr.marker.colorbar.title.text]
    assert nodes and nodes[0].marker.colorbar.title.text == _tr("network.col.betweenness")
    # Province outlines (a choropleth layer) under the scattergeo nodes and edges.
    assert all(tr.type in ("scattergeo", "choropleth") for tr in fig.data)
    assert any(tr.type == "scattergeo" for tr in fig.data)


def test_hover_text_names_region_population_and_metrics():
    g = _graph()
    text = figures.node_hover_text(g.nodes[2], ROWS[2], _tr, "vi")
    assert text.startswith("<b>Hưng Yên</b>") and "Dân số: 2.000" in text and "PageRank: 0,5 " in text

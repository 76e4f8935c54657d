"""The province link graph: layers built from the database, metrics, communities, missing links,
the cache keyed on the data version, exports and figures."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from sqlmodel import Session, select

from council import agreements, audit, network
from council.auth import SYSTEM
from council.db import init_db, read_session, write_session
from council.figures.network import force_positions, graph_figure, scale_sizes
from council.models import (
    Agreement,
    AgreementProvince,
    Border,
    Conflict,
    ConflictParty,
    Project,
    ProjectProvince,
    Province,
    Region,
)
from tests.conftest import province_id


@pytest.fixture
def blank_engine(tableless_engine):
    """An empty database with the tables (no seed), on SQLite and PostgreSQL."""
    init_db(tableless_engine)
    return tableless_engine


def _project(
    s: Session,
    code: str,
    members: list[int],
    total: float | None,
    status: str = "approved",
    shares: list[float | None] | None = None,
) -> int:
    p = Project(code=code, name_vi=f"Dự án {code}", status=status, total_investment=total)
    s.add(p)
    s.flush()
    for i, pid in enumerate(members):
        s.add(ProjectProvince(project_id=p.id, province_id=pid, cost_share_pct=(shares or [None] * 9)[i]))
    return p.id


def _group(s: Session, model, member_model, fk: str, code: str, status: str, members: list[int]) -> int:
    obj = model(code=code, title=f"{code}", status=status)
    s.add(obj)
    s.flush()
    for pid in members:
        s.add(member_model(**{fk: obj.id, "province_id": pid}))
    return obj.id


@pytest.fixture
def small(blank_engine):
    """Two regions: R1 = A, B, C and R2 = D, E, with borders A–B, B–C, C–D, D–E and:
    P1 (A, B, C; 300 bn, no shares), P2 (A, B; 100 bn, shares 70/30), P3 rejected (C, D),
    P4 (C, D; no total), agreement G1 signed (A, C, D), G2 draft (B, D),
    conflict K1 open (A, B), K2 resolved (C, D)."""
    with write_session(blank_engine) as s:
        r1, r2 = (
            Region(code="R1", name_vi="Vùng một", name_en="Region one", sort_order=1),
            Region(code="R2", name_vi="Vùng hai", name_en="Region two", sort_order=2),
        )
        s.add_all([r1, r2])
        s.flush()
        ids = {}
        for i, (name, region) in enumerate([("A", r1), ("B", r1), ("C", r1), ("D", r2), ("E", r2)]):
            p = Province(
                code=f"0{i}",
                name_vi=f"Tỉnh {name}",
                name_en=f"Province {name}",
                kind="province",
                region_id=region.id,
                population=1000 * (i + 1),
                lat=10.0 + i,
                lon=105.0 + i,
            )
            s.add(p)
            s.flush()
            ids[name] = p.id
        A, B, C, D, E = (ids[k] for k in "ABCDE")
        for a, b, km in [(A, B, 10.0), (B, C, 20.0), (C, D, 30.0), (D, E, 40.0)]:
            s.add(Border(province_a_id=min(a, b), province_b_id=max(a, b), length_km=km))
        ids["P1"] = _project(s, "P1", [A, B, C], 300)
        ids["P2"] = _project(s, "P2", [A, B], 100, shares=[70, 30])
        ids["P3"] = _project(s, "P3", [C, D], 50, status="rejected")
        ids["P4"] = _project(s, "P4", [C, D], None)
        ids["G1"] = _group(s, Agreement, AgreementProvince, "agreement_id", "G1", "signed", [A, C, D])
        ids["G2"] = _group(s, Agreement, AgreementProvince, "agreement_id", "G2", "draft", [B, D])
        ids["K1"] = _group(s, Conflict, ConflictParty, "conflict_id", "K1", "in_mediation", [A, B])
        ids["K2"] = _group(s, Conflict, ConflictParty, "conflict_id", "K2", "resolved", [C, D])
    return blank_engine, ids


def _layer_edges(g: nx.Graph, attr: str) -> dict[frozenset, float]:
    return {frozenset((a, b)): d[attr] for a, b, d in g.edges(data=True) if d[attr]}


def test_graph_of_a_small_known_dataset_has_exactly_the_expected_edges_and_weights(small):
    engine, ids = small
    A, B, C, D, E = (ids[k] for k in "ABCDE")
    with read_session(engine) as s:
        g = network.build_graph(s)
    assert set(g.nodes) == {A, B, C, D, E}
    assert (
        g.nodes[A]["region_code"] == "R1" and g.nodes[E]["population"] == 5000 and g.nodes[C]["lat"] == 12.0
    )
    pair = frozenset
    assert _layer_edges(g, "border_km") == {
        pair((A, B)): 10.0,
        pair((B, C)): 20.0,
        pair((C, D)): 30.0,
        pair((D, E)): 40.0,
    }
    # P1, P2 and P4 (P3 is rejected); P1's 300 bn split equally (100 each), P2 by its shares (70/30).
    assert _layer_edges(g, "projects") == {pair((A, B)): 2, pair((A, C)): 1, pair((B, C)): 1, pair((C, D)): 1}
    assert _layer_edges(g, "investment") == {
        pair((A, B)): pytest.approx(200 + 100),
        pair((A, C)): pytest.approx(200),
        pair((B, C)): pytest.approx(200),
    }
    assert sorted(g.edges[A, B]["project_ids"]) == sorted([ids["P1"], ids["P2"]])
    # Only the signed agreement links; the draft does not.
    assert _layer_edges(g, "agreements") == {pair((A, C)): 1, pair((A, D)): 1, pair((C, D)): 1}
    # Only the open conflict.
    assert _layer_edges(g, "conflicts") == {pair((A, B)): 1}
    assert g.edges[A, B]["conflict_ids"] == [ids["K1"]]
    assert set(map(frozenset, g.edges)) == {
        pair((A, B)),
        pair((B, C)),
        pair((C, D)),
        pair((D, E)),
        pair((A, C)),
        pair((A, D)),
    }


def test_province_shares_use_recorded_shares_else_split_equally():
    assert network.province_shares(300, [(1, None), (2, None), (3, None)]) == {1: 100, 2: 100, 3: 100}
    assert network.province_shares(100, [(1, 70), (2, 30)]) == {1: 70, 2: 30}
    # One share missing: the recorded ones are not trusted alone, the total is split equally.
    assert network.province_shares(100, [(1, 70), (2, None)]) == {1: 50, 2: 50}
    assert network.province_shares(None, [(1, None), (2, None)]) == {}


def test_layer_view_keeps_only_the_chosen_layers_and_counts_ties(small):
    engine, ids = small
    A, B, C, D, E = (ids[k] for k in "ABCDE")
    with read_session(engine) as s:
        g = network.build_graph(s)
    view = network.layer_view(g, ["border", "project"])
    assert set(view.nodes) == set(g.nodes)
    assert {frozenset(e): d["ties"] for *e, d in view.edges(data=True)} == {
        frozenset((A, B)): 3,
        frozenset((B, C)): 2,
        frozenset((C, D)): 2,
        frozenset((D, E)): 1,
        frozenset((A, C)): 1,
    }
    conflicts = network.layer_view(g, ["conflict"])
    assert [frozenset(e) for e in conflicts.edges] == [frozenset((A, B))]


def _toy(edges, region_of) -> nx.Graph:
    g = nx.Graph()
    for n, region in region_of.items():
        g.add_node(
            n,
            code=str(n),
            name_vi=f"T{n}",
            name_en=f"T{n}",
            region_code=region,
            region_vi=region,
            region_en=region,
            region_id=hash(region) % 97,
        )
    for a, b, layers in edges:
        e = network._empty_edge()
        e.update(layers)
        g.add_edge(a, b, **e)
    return g


def test_metrics_on_a_hand_checked_path():
    # 1 - 2 - 3: borders, and one joint project 1-2.
    g = _toy(
        [
            (1, 2, {"border": 1, "border_km": 5.0, "projects": 1, "investment": 10.0}),
            (2, 3, {"border": 1, "border_km": 7.0}),
        ],
        {1: "X", 2: "X", 3: "Y"},
    )
    m = network.compute_metrics(g, ("border",))
    rows = {r["id"]: r for r in m.rows}
    assert [rows[n]["degree"] for n in (1, 2, 3)] == [1, 2, 1]
    assert rows[2]["betweenness"] == pytest.approx(1.0) and rows[1]["betweenness"] == 0
    # PageRank with damping 0.85 on a path of three, solved by hand:
    # y = 0.05 + 0.85 * 2x, x = 0.05 + 0.85 * y / 2  =>  y = 0.135 / 0.2775, x = 0.05 + 0.425 y.
    y = 0.135 / 0.2775
    assert rows[2]["pagerank"] == pytest.approx(y, abs=1e-8)
    assert rows[1]["pagerank"] == pytest.approx(0.05 + 0.425 * y, abs=1e-8)
    assert m.rows[0]["id"] == 2
    assert rows[2]["clustering"] == 0
    assert rows[1]["weight_project"] == 1 and rows[3]["weight_project"] == 0
    assert rows[2]["border_km"] == 12.0 and rows[1]["investment"] == 10.0
    assert rows[2]["degree_project"] == 1 and rows[2]["degree_border"] == 2


def test_metrics_weighted_ties_and_clustering_on_a_triangle_with_a_tail():
    edges = [
        (1, 2, {"border": 1, "projects": 2}),
        (2, 3, {"border": 1}),
        (1, 3, {"border": 1}),
        (3, 4, {"agreements": 1}),
    ]
    g = _toy(edges, {1: "X", 2: "X", 3: "X", 4: "Y"})
    rows = {r["id"]: r for r in network.compute_metrics(g).rows}
    assert rows[1]["ties"] == 4 and rows[3]["ties"] == 3 and rows[4]["ties"] == 1
    assert rows[1]["clustering"] == 1.0 and rows[3]["clustering"] == pytest.approx(1 / 3)
    # Without the agreement layer, province 4 is isolated.
    rows = {r["id"]: r for r in network.compute_metrics(g, ("border", "project")).rows}
    assert rows[4]["degree"] == 0 and rows[4]["betweenness"] == 0
    assert sum(r["pagerank"] for r in rows.values()) == pytest.approx(1.0)


def test_pagerank_of_a_regular_graph_is_uniform_and_sums_to_one():
    g = nx.cycle_graph(6)
    rank = network.pagerank(g, weight="none")
    assert all(v == pytest.approx(1 / 6) for v in rank.values())
    assert network.pagerank(nx.Graph()) == {}


def test_adjusted_rand_index_hand_checked():
    assert network.adjusted_rand_index([0, 0, 1, 1], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    # Contingency (0,0):2 (1,1):1 (1,2):1 -> index 1, expected 2*1/6, maximum 1.5: (2/3)/(7/6) = 4/7.
    assert network.adjusted_rand_index([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(4 / 7)
    with pytest.raises(ValueError):
        network.adjusted_rand_index([0], [0, 1])


def test_communities_split_two_cliques_joined_by_one_edge():
    edges = [(a, b, {"projects": 1}) for a, b in [(1, 2), (1, 3), (2, 3), (4, 5), (4, 6), (5, 6), (3, 4)]]
    g = _toy(edges, {1: "X", 2: "X", 3: "X", 4: "Y", 5: "Y", 6: "Y"})
    m = network.compute_metrics(g, ("project",))
    assert sorted(map(sorted, m.communities)) == [[1, 2, 3], [4, 5, 6]]
    assert m.ari == pytest.approx(1.0)
    assert sorted(sum(v.values()) for v in m.crosstab.values()) == [3, 3]


def test_communities_are_a_partition_of_the_provinces(engine):
    with read_session(engine) as s:
        g = network.build_graph(s)
    for layers in (network.COOPERATION_LAYERS, ("border",), ("project",)):
        m = network.compute_metrics(g, layers)
        members = [n for c in m.communities for n in c]
        assert sorted(members) == sorted(g.nodes), layers
        assert len(members) == len(set(members))
        assert {r["id"]: r["community"] for r in m.rows} == {
            n: i + 1 for i, c in enumerate(m.communities) for n in c
        }
        assert -1 <= m.ari <= 1


def test_missing_link_rules_on_crafted_cases(small):
    engine, ids = small
    A, B, C, D, E = (ids[k] for k in "ABCDE")
    with read_session(engine) as s:
        found = network.missing_links(network.build_graph(s))
    by_reason = {}
    for m in found:
        by_reason.setdefault(m["reason"], []).append(m)
    # D–E share a border with no project and no agreement; C–D have P4; A–B, B–C have P1/P2.
    assert [(m["a"], m["b"]) for m in by_reason["border_no_cooperation"]] == [(D, E)]
    # A and B work only with R1 provinces; C also works with D (R2); D's partner C is outside R2.
    assert sorted(m["a"] for m in by_reason["projects_only_in_region"]) == sorted([A, B])
    only_a = next(m for m in by_reason["projects_only_in_region"] if m["a"] == A)
    assert only_a["partners"] == ["Tỉnh B", "Tỉnh C"]
    assert sorted(only_a["project_ids"]) == sorted([ids["P1"], ids["P2"]])
    # A–B share projects and an open conflict; C–D's conflict is resolved.
    conflict = by_reason["project_in_conflict"]
    assert [(m["a"], m["b"], m["conflict_ids"]) for m in conflict] == [(A, B, [ids["K1"]])]
    assert sorted(conflict[0]["project_ids"]) == sorted([ids["P1"], ids["P2"]])


def _pairs(groups) -> set[frozenset]:
    return {frozenset((a, b)) for group in groups for a in group for b in group if a != b}


def test_missing_links_on_the_real_data_are_the_borders_without_joint_projects(engine):
    """Neighbours with neither a joint project nor one of the 17 real agreements (seeded)."""
    from council.models import AgreementProvince

    with read_session(engine) as s:
        found = network.missing_links(network.build_graph(s))
        members, signed = {}, {}
        for pp in s.exec(select(ProjectProvince)):
            members.setdefault(pp.project_id, set()).add(pp.province_id)
        for ap in s.exec(select(AgreementProvince)):
            signed.setdefault(ap.agreement_id, set()).add(ap.province_id)
        joint, agreed = _pairs(members.values()), _pairs(signed.values())
        borders = {frozenset((b.province_a_id, b.province_b_id)) for b in s.exec(select(Border))}
        ids = {p.name_vi: p.id for p in s.exec(select(Province))}
    listed = {frozenset((m["a"], m["b"])) for m in found if m["reason"] == "border_no_cooperation"}
    assert listed == borders - joint - agreed and listed
    # Cao Bằng – Lạng Sơn share a border and the 2026 three-province memorandum (AG14).
    assert frozenset((ids["Cao Bằng"], ids["Lạng Sơn"])) in agreed & borders
    assert frozenset((ids["Cao Bằng"], ids["Lạng Sơn"])) not in listed
    names = {(m["a_name"], m["b_name"]) for m in found if m["reason"] == "border_no_cooperation"}
    assert ("Bắc Ninh", "Quảng Ninh") in names
    # An Giang – Đồng Tháp: no joint project, but both signed the HCMC–Mekong programme (AG05).
    assert ("An Giang", "Đồng Tháp") not in names


def _add_project(engine, members: list[int], code: str = "DA-T01") -> None:
    """What the project register does: write and audit in one transaction."""
    with write_session(engine) as s:
        p = Project(code=code, name_vi="Cầu thử nghiệm", status="approved", total_investment=1000)
        s.add(p)
        s.flush()
        for pid in members:
            s.add(ProjectProvince(project_id=p.id, province_id=pid))
        audit.record(s, SYSTEM, "create", "project", p.id, None, p)


def test_cache_is_reused_until_a_project_or_an_agreement_changes(engine, monkeypatch):
    builds = []
    real_build = network.build_graph
    monkeypatch.setattr(network, "build_graph", lambda s: builds.append(1) or real_build(s))
    network._cache.clear()
    # Neighbours with no joint project and none of the real agreements.
    ag, dt = province_id(engine, "Bắc Ninh"), province_id(engine, "Quảng Ninh")
    with read_session(engine) as s:
        first = network.cached_graph(s)
    with read_session(engine) as s:
        assert network.cached_graph(s) is first
    assert len(builds) == 1 and first.edges[ag, dt]["projects"] == 0
    assert first.edges[ag, dt]["agreements"] == 0

    _add_project(engine, [ag, dt])
    with read_session(engine) as s:
        second = network.cached_graph(s)
        agreement_ties = network.network_summary(s)["counts"]["agreement"]
    assert second is not first and len(builds) == 2
    assert second.edges[ag, dt]["projects"] == 1

    with write_session(engine) as s:
        agreements.create_agreement(
            s,
            SYSTEM,
            title="Liên kết thử",
            province_ids=[ag, dt],
            form="service_contract",
            status="signed",
            date_signed=date(2025, 8, 1),
        )
    with read_session(engine) as s:
        third = network.cached_graph(s)
        summary = network.network_summary(s)
    assert third is not second and third.edges[ag, dt]["agreements"] == 1
    assert len(builds) == 3  # the summary used the cached graph
    assert summary["counts"]["agreement"] == agreement_ties + 1
    assert ("Bắc Ninh", "Quảng Ninh") not in {(m["a_name"], m["b_name"]) for m in summary["missing"]}


def test_scopes_region_and_region_with_partners(engine):
    with read_session(engine) as s:
        region = s.exec(select(Region).where(Region.code == "DBSH")).one()
        inside = {p.id for p in s.exec(select(Province).where(Province.region_id == region.id))}
        full = network.cached_graph(s)
        only = network.network_summary(s, scope="region", region_id=region.id)
        partners = network.network_summary(s, scope="region_partners", region_id=region.id)
        country = network.network_summary(s, scope="country", region_id=region.id)
    assert set(only["graph"].nodes) == inside
    assert set(partners["graph"].nodes) > inside
    assert set(partners["full"].nodes) == inside | {m for n in inside for m in full.neighbors(n)}
    for a, b in partners["full"].edges:
        assert a in inside or b in inside
    assert country["graph"].number_of_nodes() == 34
    assert only["metrics"].ari is None and country["metrics"].ari is not None
    # Missing links of a region view concern at least one of its provinces.
    assert only["missing"] and all(m["a"] in inside or m["b"] in inside for m in only["missing"])


def test_ego_graph_lists_what_lies_behind_each_link(engine):
    hn, bn = province_id(engine, "Hà Nội"), province_id(engine, "Bắc Ninh")
    with read_session(engine) as s:
        g = network.layer_view(network.cached_graph(s), network.COOPERATION_LAYERS)
        ego = network.ego(s, g, hn)
    assert set(ego["graph"].nodes) == {hn, *g.neighbors(hn)}
    link = next(x for x in ego["links"] if x["b"] == bn)
    assert link["a"] == hn and link["border"] and link["border_km"] > 0
    assert "DA-001" in {p["code"] for p in link["projects"]}
    assert link["agreements"] == [] and link["conflicts"] == []


def test_graphml_export_round_trips(small):
    engine, ids = small
    with read_session(engine) as s:
        g = network.build_graph(s)
    back = nx.read_graphml(__import__("io").BytesIO(network.to_graphml(g)))
    assert back.number_of_nodes() == 5 and back.number_of_edges() == g.number_of_edges()
    a, b = g.nodes[ids["A"]]["code"], g.nodes[ids["B"]]["code"]
    assert back.edges[a, b]["projects"] == 2 and back.nodes[a]["name_vi"] == "Tỉnh A"
    assert sorted(map(int, back.edges[a, b]["project_ids"].split(","))) == sorted([ids["P1"], ids["P2"]])


def _t(key, **params):
    from council.i18n import t

    return t(key, "vi", **params)


def test_geographic_figure_places_provinces_on_their_real_coordinates(engine):
    with read_session(engine) as s:
        g = network.layer_view(network.cached_graph(s), network.COOPERATION_LAYERS)
        coords = {p.name_vi: (p.lon, p.lat) for p in s.exec(select(Province))}
    fig = graph_figure(g, layers=network.COOPERATION_LAYERS, geo=True, t=_t, lang="vi")
    # Province outlines (choropleth from data/maps) under the links and points.
    assert {type(tr).__name__ for tr in fig.data} == {"Scattergeo", "Choropleth"}
    assert fig.data[0].type == "choropleth" and len(fig.data[0].locations) == 34
    assert any(tr.meta == "archipelagos" for tr in fig.data)  # the whole country: both named
    nodes = [
        tr
        for tr in fig.data
        if tr.type == "scattergeo" and tr.mode == "markers+text" and tr.meta != "archipelagos"
    ]
    placed = {
        name: (lon, lat) for tr in nodes for name, lon, lat in zip(tr.text, tr.lon, tr.lat, strict=True)
    }
    assert placed == coords and len(placed) == 34
    names = {tr.name for tr in fig.data if tr.type == "scattergeo" and tr.mode == "lines"}
    assert names == {"Giáp ranh", "Dự án chung", "Thỏa thuận hợp tác"}  # the 17 real agreements
    hover = next(tr for tr in fig.data if tr.type == "scattergeo" and tr.mode == "markers" and tr.hovertext)
    assert any("Hà Nội – Bắc Ninh" in h or "Bắc Ninh – Hà Nội" in h for h in hover.hovertext)
    lon0, lon1 = fig.layout.geo.lonaxis.range
    assert lon0 < min(x for x, _ in coords.values()) and lon1 > 116.9  # labels and Trường Sa inside
    # The chosen province gets a ring of its own: per-point line widths leave a geo map blank.
    hn = province_id(engine, "Hà Nội")
    ringed = graph_figure(g, layers=network.COOPERATION_LAYERS, geo=True, t=_t, lang="vi", highlight=hn)
    ring = next(tr for tr in ringed.data if tr.type == "scattergeo" and tr.marker.symbol == "circle-open")
    assert (ring.lon[0], ring.lat[0]) == coords["Hà Nội"] and ring.marker.symbol == "circle-open"
    assert all(not isinstance(tr.marker.line.width, tuple | list) for tr in ringed.data if tr.marker.line)


def test_force_layout_is_stable_and_sizes_follow_the_metric(small):
    engine, ids = small
    with read_session(engine) as s:
        g = network.layer_view(network.build_graph(s), network.LAYERS)
    assert force_positions(g) == force_positions(g)
    sizes = scale_sizes({1: 0.0, 2: 5.0, 3: 10.0})
    assert sizes[1] < sizes[2] < sizes[3]
    fig = graph_figure(
        g,
        layers=network.LAYERS,
        geo=False,
        t=_t,
        lang="vi",
        colour_values={n: n for n in g.nodes},
        colour_title="PageRank",
        highlight=ids["A"],
    )
    assert {type(tr).__name__ for tr in fig.data} == {"Scatter"}
    assert {tr.name for tr in fig.data if tr.mode == "lines"} == {
        "Giáp ranh",
        "Dự án chung",
        "Thỏa thuận hợp tác",
        "Xung đột đang mở",
    }

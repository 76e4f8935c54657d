"""The province link graph: who is linked to whom, through borders, projects, agreements, conflicts.

One undirected ``networkx.Graph`` over the provinces, computed from the database (never typed in):

- node attributes: code, names, region (id, code, names), population, area, centre coordinates;
- edge attributes per layer (an edge exists when at least one layer links the pair):
  ``border`` (shared border, ``border_km``), ``projects`` (number of joint projects) and
  ``investment`` (VND billion the pair carries in them), ``agreements`` (cooperation agreements
  signed or in force), ``conflicts`` (open conflicts between the two), with the ids behind each.

Investment of a joint project: each participating province carries its recorded cost share of
the project's total investment; when the shares are not all recorded, the total is split equally
across the participating provinces. The investment a pair shares is the sum, over their joint
projects, of the two provinces' parts.

The graph is cached per database and rebuilt only when a table it is read from changes
(``council.dataversion``: a project, an agreement or a conflict saved does; a sign-in or a new
user account does not), never on a timer.
"""

from __future__ import annotations

import io
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from sqlmodel import Session, col, select

from council import dataversion
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
from council.regions import OPEN_CONFLICT_STATUSES
from council.textutil import vi_sort_key

LAYERS = ("border", "project", "agreement", "conflict")
# Layers that are cooperation (or its potential); conflicts are friction and stay out of the
# default metrics.
COOPERATION_LAYERS = ("border", "project", "agreement")
# Agreements that link provinces in the graph: drafts are proposals, expired/terminated ones are over.
LINKING_AGREEMENT_STATUSES = ("signed", "in_force")
# A rejected project links nobody.
NON_LINKING_PROJECT_STATUSES = ("rejected",)
# Edge attribute holding the layer's weight (count of ties of that layer).
LAYER_COUNT = {"border": "border", "project": "projects", "agreement": "agreements", "conflict": "conflicts"}
SCOPES = ("country", "region", "region_partners")
PAGERANK_ALPHA = 0.85
COMMUNITY_SEED = 42


# --- building ---------------------------------------------------------------------


def province_shares(total: float | None, participants: list[tuple[int, float | None]]) -> dict[int, float]:
    """Province id -> part of ``total`` it carries: the recorded cost share when every participant
    has one, else an equal split. No total: nothing to split (empty dict)."""
    if total is None or not participants:
        return {}
    if all(pct is not None for _, pct in participants):
        return {pid: total * pct / 100 for pid, pct in participants}
    return {pid: total / len(participants) for pid, _ in participants}


def _empty_edge() -> dict:
    return {
        "border": 0,
        "border_km": 0.0,
        "projects": 0,
        "investment": 0.0,
        "agreements": 0,
        "conflicts": 0,
        "project_ids": [],
        "agreement_ids": [],
        "conflict_ids": [],
        # The same projects drawn along their route (``route_pairs``), not between every pair.
        "route_projects": 0,
        "route_investment": 0.0,
        "route_project_ids": [],
    }


def route_pairs(
    members: list[int], borders: set[frozenset], positions: Mapping[int, tuple[float, float]]
) -> list[tuple[int, int]]:
    """The links of a corridor project along its route: every pair of participants that share a
    border, then, while the participants still fall into separate pieces, the closest pair
    (centre to centre) joining two pieces, so every participant stays linked. Two participants
    always give their one link; all pairs remain available as the project layer itself."""
    members = sorted(set(members))
    pairs = [(a, b) for a, b in combinations(members, 2) if frozenset((a, b)) in borders]
    piece = {m: m for m in members}

    def find(x: int) -> int:
        while piece[x] != x:
            piece[x] = piece[piece[x]]
            x = piece[x]
        return x

    for a, b in pairs:
        piece[find(a)] = find(b)

    def distance(a: int, b: int) -> float:
        if a not in positions or b not in positions:
            return math.inf
        (x0, y0), (x1, y1) = positions[a], positions[b]
        return math.hypot(x0 - x1, y0 - y1)

    candidates = sorted(
        (distance(a, b), a, b) for a, b in combinations(members, 2) if frozenset((a, b)) not in borders
    )
    for _, a, b in candidates:
        if find(a) != find(b):
            piece[find(a)] = find(b)
            pairs.append((a, b))
    return sorted(pairs)


def build_graph(session: Session) -> nx.Graph:
    """The graph of all provinces with every layer, read from the database (columns, not ORM
    objects: the graph is rebuilt from thousands of project rows after every change)."""
    g = nx.Graph()
    regions = {
        rid: (code, vi, en)
        for rid, code, vi, en in session.exec(select(Region.id, Region.code, Region.name_vi, Region.name_en))
    }
    for p in session.exec(
        select(
            Province.id,
            Province.code,
            Province.name_vi,
            Province.name_en,
            Province.kind,
            Province.region_id,
            Province.population,
            Province.area_km2,
            Province.lat,
            Province.lon,
        )
    ):
        code, vi, en = regions.get(p.region_id, ("", "", ""))
        g.add_node(
            p.id,
            code=p.code,
            name_vi=p.name_vi,
            name_en=p.name_en,
            kind=p.kind,
            region_id=p.region_id,
            region_code=code,
            region_vi=vi,
            region_en=en,
            population=p.population,
            area_km2=p.area_km2,
            lat=p.lat,
            lon=p.lon,
        )

    def edge(a: int, b: int) -> dict:
        if not g.has_edge(a, b):
            g.add_edge(a, b, **_empty_edge())
        return g.edges[a, b]

    borders: set[frozenset] = set()
    for a, b, length in session.exec(select(Border.province_a_id, Border.province_b_id, Border.length_km)):
        e = edge(a, b)
        e["border"] = 1
        e["border_km"] = length or 0.0
        borders.add(frozenset((a, b)))
    centres = {n: (d["lon"], d["lat"]) for n, d in g.nodes(data=True) if d["lon"] is not None}

    participants: dict[int, list[tuple[int, float | None]]] = defaultdict(list)
    for project_id, province_id, pct in session.exec(
        select(ProjectProvince.project_id, ProjectProvince.province_id, ProjectProvince.cost_share_pct)
    ):
        participants[project_id].append((province_id, pct))
    projects = session.exec(
        select(Project.id, Project.total_investment)
        .where(col(Project.status).not_in(NON_LINKING_PROJECT_STATUSES))
        .order_by(col(Project.id))
    )
    for project_id, total in projects:
        rows = sorted(participants.get(project_id, []))
        shares = province_shares(total, rows)
        for (a, _), (b, _) in combinations(rows, 2):
            e = edge(a, b)
            e["projects"] += 1
            e["investment"] += shares.get(a, 0.0) + shares.get(b, 0.0)
            e["project_ids"].append(project_id)
        for a, b in route_pairs([pid for pid, _ in rows], borders, centres):
            e = edge(a, b)
            e["route_projects"] += 1
            e["route_investment"] += shares.get(a, 0.0) + shares.get(b, 0.0)
            e["route_project_ids"].append(project_id)

    _add_groups(
        edge,
        "agreements",
        "agreement_ids",
        session.exec(
            select(AgreementProvince.agreement_id, AgreementProvince.province_id)
            .join(Agreement, Agreement.id == AgreementProvince.agreement_id)
            .where(col(Agreement.status).in_(LINKING_AGREEMENT_STATUSES))
        ),
    )
    _add_groups(
        edge,
        "conflicts",
        "conflict_ids",
        session.exec(
            select(ConflictParty.conflict_id, ConflictParty.province_id)
            .join(Conflict, Conflict.id == ConflictParty.conflict_id)
            .where(col(Conflict.status).in_(OPEN_CONFLICT_STATUSES))
        ),
    )
    return g


def _add_groups(edge, count_attr: str, ids_attr: str, rows) -> None:
    """Every pair of provinces in the same group (agreement, conflict) gets one tie per group."""
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, province_id in rows:
        members[group_id].append(province_id)
    for group_id, provinces in sorted(members.items()):
        for a, b in combinations(sorted(set(provinces)), 2):
            e = edge(a, b)
            e[count_attr] += 1
            e[ids_attr].append(group_id)


# --- cache keyed on the versions of the tables the graph is read from ---------------------

CACHE_DATABASES = 8  # one app serves one database; tests and tools open many
_cache: dict[str, tuple[tuple, nx.Graph]] = {}
_cache_lock = threading.Lock()


def cached_graph(session: Session) -> nx.Graph:
    """``build_graph`` for this database, rebuilt only when a table it is read from changed since
    (``council.dataversion``: a user account created or a notification read leaves it). Pass a
    snapshot session (``read_session(engine, snapshot=True)``, as ``council.ui.cache`` does) so the
    versions and the graph are read from the same state.
    Callers must not mutate the returned graph (take ``.copy()`` first)."""
    key = session.get_bind().url.render_as_string(hide_password=True)
    counters = dataversion.current_all(session)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None and all(counters.get(name, 0) == value for name, value in hit[0]):
        dataversion.note_reads(name for name, _ in hit[0])  # a view built on it depends on them too
        return hit[1]
    with dataversion.tracking_reads() as read:
        graph = build_graph(session)
    versions = dataversion.versions_of(counters, dataversion.depends(read))
    graph.graph["data_version"] = versions
    with _cache_lock:
        _cache.pop(key, None)
        _cache[key] = (versions, graph)
        while len(_cache) > CACHE_DATABASES:  # the least recently rebuilt database goes first
            _cache.pop(next(iter(_cache)))
    return graph


# --- views ----------------------------------------------------------------------------


PROJECT_LINKS = ("route", "all_pairs")


def route_view(g: nx.Graph) -> nx.Graph:
    """The graph with each project drawn along its route (``route_pairs``): the project layer of
    an edge counts the projects whose route passes between the two provinces. Metrics stay on the
    all-pairs graph; this is for drawing, so a 20-province corridor is 19 links, not 190."""
    h = g.copy()
    for _, _, d in h.edges(data=True):
        d["projects"] = d["route_projects"]
        d["investment"] = d["route_investment"]
        d["project_ids"] = list(d["route_project_ids"])
    return h


def layer_view(g: nx.Graph, layers: tuple[str, ...] | list[str]) -> nx.Graph:
    """A copy with all nodes and only the edges present in one of ``layers``; each edge gets
    ``ties`` = the number of ties across those layers (a border counts one)."""
    layers = [x for x in LAYERS if x in set(layers)]
    out = nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for a, b, d in g.edges(data=True):
        ties = sum(d[LAYER_COUNT[x]] for x in layers)
        if ties:
            out.add_edge(a, b, **{**d, "ties": ties})
    return out


def scope_nodes(g: nx.Graph, scope: str, region_id: int | None) -> set[int]:
    """Nodes of a view: the whole country, one region, or one region with the provinces outside
    it that are linked to it (so inter-regional links stay visible)."""
    if scope == "country" or region_id is None:
        return set(g.nodes)
    inside = {n for n, d in g.nodes(data=True) if d["region_id"] == region_id}
    if scope == "region":
        return inside
    return inside | {m for n in inside for m in g.neighbors(n)}


def scoped_view(g: nx.Graph, layers, scope: str = "country", region_id: int | None = None) -> nx.Graph:
    view = layer_view(g, layers)
    nodes = scope_nodes(view, scope, region_id)
    if scope == "region_partners" and region_id is not None:
        # Keep only links that touch the region: links between two outside partners are not its business.
        sub = nx.Graph()
        sub.add_nodes_from((n, view.nodes[n]) for n in nodes)
        sub.add_edges_from(
            (a, b, d)
            for a, b, d in view.edges(data=True)
            if a in nodes
            and b in nodes
            and region_id in (view.nodes[a]["region_id"], view.nodes[b]["region_id"])
        )
        return sub
    return view.subgraph(nodes).copy()


# --- metrics --------------------------------------------------------------------------


def pagerank(
    g: nx.Graph, weight: str = "ties", alpha: float = PAGERANK_ALPHA, tol: float = 1e-10, max_iter: int = 1000
) -> dict[int, float]:
    """Weighted PageRank by power iteration (pure Python: networkx's own needs scipy, which the
    app does not depend on). Isolated nodes spread their rank evenly, as in networkx."""
    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    strength = {v: sum(d.get(weight, 1) for _, _, d in g.edges(v, data=True)) for v in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = sum(rank[v] for v in nodes if strength[v] == 0)
        new = dict.fromkeys(nodes, (1 - alpha) / n + alpha * dangling / n)
        for v in nodes:
            if strength[v] == 0:
                continue
            for _, u, d in g.edges(v, data=True):
                new[u] += alpha * rank[v] * d.get(weight, 1) / strength[v]
        if sum(abs(new[v] - rank[v]) for v in nodes) < n * tol:
            return new
        rank = new
    return rank


def communities(g: nx.Graph, weight: str = "ties") -> list[set[int]]:
    """Modularity-based communities (Louvain, fixed seed so the page is stable), largest first."""
    if g.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(g, weight=weight, seed=COMMUNITY_SEED)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def adjusted_rand_index(labels_a: list, labels_b: list) -> float:
    """Agreement of two partitions of the same items, corrected for chance (1 = identical,
    about 0 = no better than chance). Hubert & Arabie (1985)."""
    if len(labels_a) != len(labels_b):
        raise ValueError("partitions of different sizes")
    n = len(labels_a)
    if n < 2:
        return 1.0

    def pairs(k: int) -> float:
        return k * (k - 1) / 2

    both = sum(pairs(k) for k in Counter(zip(labels_a, labels_b, strict=True)).values())
    sum_a = sum(pairs(k) for k in Counter(labels_a).values())
    sum_b = sum(pairs(k) for k in Counter(labels_b).values())
    expected = sum_a * sum_b / pairs(n)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return (both - expected) / (maximum - expected)


@dataclass
class Metrics:
    rows: list[dict]  # one per province, sorted by PageRank (highest first)
    communities: list[list[int]]
    crosstab: dict[int, dict[str, int]]  # community number -> region code -> provinces
    ari: float | None  # adjusted Rand index communities vs official regions
    layers: tuple[str, ...] = field(default_factory=tuple)


def compute_metrics(g: nx.Graph, layers=COOPERATION_LAYERS) -> Metrics:
    """Per province: degree and weighted degree in each layer of ``g`` (a graph from
    ``build_graph``/``scoped_view``), and on the union of ``layers``: degree, ties, betweenness
    (hops), PageRank (weighted by ties), clustering and community; plus the communities compared
    with the official regions."""
    view = layer_view(g, layers)
    betweenness = nx.betweenness_centrality(view)
    rank = pagerank(view)
    clustering = nx.clustering(view)
    comms = communities(view)
    community_of = {n: i + 1 for i, c in enumerate(comms) for n in c}
    rows = []
    for n, d in g.nodes(data=True):
        row = {
            "id": n,
            "code": d["code"],
            "name_vi": d["name_vi"],
            "name_en": d["name_en"],
            "region_code": d["region_code"],
            "region_vi": d["region_vi"],
            "region_en": d["region_en"],
        }
        for layer in LAYERS:
            attr = LAYER_COUNT[layer]
            row[f"degree_{layer}"] = sum(1 for _, _, e in g.edges(n, data=True) if e[attr])
            row[f"weight_{layer}"] = sum(e[attr] for _, _, e in g.edges(n, data=True))
        row["border_km"] = sum(e["border_km"] for _, _, e in g.edges(n, data=True))
        row["investment"] = sum(e["investment"] for _, _, e in g.edges(n, data=True))
        row["degree"] = view.degree(n)
        row["ties"] = view.degree(n, weight="ties")
        row["betweenness"] = betweenness.get(n, 0.0)
        row["pagerank"] = rank.get(n, 0.0)
        row["clustering"] = clustering.get(n, 0.0)
        row["community"] = community_of.get(n)
        rows.append(row)
    rows.sort(key=lambda r: (-r["pagerank"], vi_sort_key(r["name_vi"])))
    crosstab: dict[int, dict[str, int]] = {}
    for r in rows:
        crosstab.setdefault(r["community"], Counter())[r["region_code"]] += 1
    ordered = sorted(g.nodes)
    regions = [g.nodes[n]["region_code"] for n in ordered]
    # Against a single region the comparison says nothing.
    ari = adjusted_rand_index([community_of[n] for n in ordered], regions) if len(set(regions)) > 1 else None
    return Metrics(
        rows=rows,
        communities=[sorted(c) for c in comms],
        crosstab={k: dict(v) for k, v in sorted(crosstab.items())},
        ari=ari,
        layers=tuple(layers),
    )


# --- missing links ----------------------------------------------------------------------


def missing_links(g: nx.Graph) -> list[dict]:
    """What the council may want to act on, each with its reason code:

    - ``border_no_cooperation``: neighbours (shared border) with no joint project and no agreement;
    - ``projects_only_in_region``: a province whose joint projects all stay inside its own region;
    - ``project_in_conflict``: a pair linked by a joint project but in open conflict.
    """
    out = []
    for a, b, d in g.edges(data=True):
        pair = _pair(g, a, b)
        if d["border"] and not d["projects"] and not d["agreements"]:
            out.append(
                {
                    **pair,
                    "reason": "border_no_cooperation",
                    "border_km": d["border_km"],
                    "project_ids": [],
                    "conflict_ids": [],
                }
            )
        if d["projects"] and d["conflicts"]:
            out.append(
                {
                    **pair,
                    "reason": "project_in_conflict",
                    "border_km": d["border_km"],
                    "project_ids": list(d["project_ids"]),
                    "conflict_ids": list(d["conflict_ids"]),
                }
            )
    for n, nd in g.nodes(data=True):
        partners = [m for m in g.neighbors(n) if g.edges[n, m]["projects"]]
        if partners and all(g.nodes[m]["region_id"] == nd["region_id"] for m in partners):
            ids = sorted({p for m in partners for p in g.edges[n, m]["project_ids"]})
            out.append(
                {
                    "a": n,
                    "b": None,
                    "a_name": nd["name_vi"],
                    "b_name": "",
                    "region_a": nd["region_code"],
                    "region_b": "",
                    "reason": "projects_only_in_region",
                    "border_km": 0.0,
                    "project_ids": ids,
                    "conflict_ids": [],
                    "partners": sorted((g.nodes[m]["name_vi"] for m in partners), key=vi_sort_key),
                }
            )
    order = {"project_in_conflict": 0, "border_no_cooperation": 1, "projects_only_in_region": 2}
    out.sort(key=lambda r: (order[r["reason"]], vi_sort_key(r["a_name"]), vi_sort_key(r["b_name"])))
    return out


def _pair(g: nx.Graph, a: int, b: int) -> dict:
    # Alphabetical order, so a pair reads the same wherever it appears.
    if vi_sort_key(g.nodes[b]["name_vi"]) < vi_sort_key(g.nodes[a]["name_vi"]):
        a, b = b, a
    return {
        "a": a,
        "b": b,
        "a_name": g.nodes[a]["name_vi"],
        "b_name": g.nodes[b]["name_vi"],
        "region_a": g.nodes[a]["region_code"],
        "region_b": g.nodes[b]["region_code"],
    }


# --- ego graph and what lies behind an edge ---------------------------------------------


def edge_details(session: Session, g: nx.Graph, a: int, b: int) -> dict:
    """The border, projects, agreements and open conflicts behind the link a–b, as plain dicts."""
    d = g.edges[a, b] if g.has_edge(a, b) else _empty_edge()
    projects = [session.get(Project, i) for i in d["project_ids"]]
    agreements = [session.get(Agreement, i) for i in d["agreement_ids"]]
    conflicts = [session.get(Conflict, i) for i in d["conflict_ids"]]
    return {
        "a": a,
        "b": b,
        "a_name": g.nodes[a]["name_vi"],
        "b_name": g.nodes[b]["name_vi"],
        "border": bool(d["border"]),
        "border_km": d["border_km"],
        "investment": d["investment"],
        "projects": [
            {
                "id": p.id,
                "code": p.code,
                "name_vi": p.name_vi,
                "name_en": p.name_en,
                "type": p.type,
                "status": p.status,
                "total_investment": p.total_investment,
            }
            for p in projects
            if p
        ],
        "agreements": [
            {
                "id": x.id,
                "code": x.code,
                "title": x.title,
                "form": x.form,
                "status": x.status,
                "date_signed": x.date_signed,
            }
            for x in agreements
            if x
        ],
        "conflicts": [
            {
                "id": x.id,
                "code": x.code,
                "title": x.title,
                "type": x.type,
                "severity": x.severity,
                "status": x.status,
            }
            for x in conflicts
            if x
        ],
    }


def ego(session: Session, g: nx.Graph, province_id: int) -> dict:
    """A province's neighbourhood in ``g``: the ego graph and, per neighbour, what links them."""
    sub = nx.ego_graph(g, province_id, radius=1)
    links = [edge_details(session, g, province_id, m) for m in g.neighbors(province_id)]
    links.sort(key=lambda x: (-len(x["projects"]) - len(x["agreements"]), vi_sort_key(x["b_name"])))
    return {"graph": sub, "links": links}


# --- export -----------------------------------------------------------------------------


def to_graphml(g: nx.Graph) -> bytes:
    """GraphML of ``g`` (lists of ids become comma-separated text; missing numbers are left out)."""
    out = nx.Graph()
    for n, d in g.nodes(data=True):
        out.add_node(d["code"], id=n, **{k: v for k, v in d.items() if v is not None and not _nan(v)})
    for a, b, d in g.edges(data=True):
        out.add_edge(
            g.nodes[a]["code"],
            g.nodes[b]["code"],
            **{k: (",".join(map(str, v)) if isinstance(v, list) else v) for k, v in d.items()},
        )
    buf = io.BytesIO()
    nx.write_graphml(out, buf, encoding="utf-8")
    return buf.getvalue()


def _nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def network_summary(
    session: Session, *, layers=COOPERATION_LAYERS, scope: str = "country", region_id: int | None = None
) -> dict:
    """What the graph page shows for one choice of layers and scope, from the cached graph."""
    full = cached_graph(session)
    view = scoped_view(full, LAYERS, scope, region_id)
    shown = layer_view(view, layers)
    # Missing links are judged on the whole country (a province's partners outside the view
    # still count), then kept when they concern a province of the view.
    missing = [m for m in missing_links(full) if m["a"] in view or m["b"] in view]
    project_codes = dict(session.exec(select(Project.id, Project.code)).all())
    conflict_codes = dict(session.exec(select(Conflict.id, Conflict.code)).all())
    for m in missing:
        m["project_codes"] = [project_codes.get(i, str(i)) for i in m["project_ids"]]
        m["conflict_codes"] = [conflict_codes.get(i, str(i)) for i in m["conflict_ids"]]
    return {
        "graph": shown,
        "full": view,
        "metrics": compute_metrics(view, layers),
        "missing": missing,
        "counts": {
            layer: sum(1 for *_, d in view.edges(data=True) if d[LAYER_COUNT[layer]]) for layer in LAYERS
        },
        "data_version": full.graph.get("data_version", ()),
    }

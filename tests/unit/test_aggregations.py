"""The dashboards' aggregations in SQL and vectorised pandas give what a straightforward
computation over the rows gives, on synthetic data (``council synth``, scale 1: 200 projects,
500 conflicts, 3,060 figures), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import combinations

import pytest
from sqlmodel import Session, select

from council import conflicts, network, projects, targets
from council.db import make_engine
from council.models import (
    Conflict,
    ConflictParty,
    Indicator,
    Observation,
    Project,
    ProjectProvince,
    Province,
    Region,
)
from council.projects import ProjectFilter
from council.synth import generate

# The synthetic databases (module-scoped) are built once: the module stays on one xdist worker.
pytestmark = pytest.mark.xdist_group("aggregations")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def synth_engine(request, tmp_path_factory):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('synth') / 'synth.db'}")
    else:
        dbs = request.getfixturevalue("pg_databases")
        engine = make_engine(dbs.url(dbs.new(seeded=False)))
    generate(engine, scale=1)
    yield engine
    engine.dispose()


def close(a, b, path="") -> None:
    """Equal, floats to a millionth (sums taken in another order differ in the last bits)."""
    if isinstance(a, dict):
        assert set(a) == set(b), (path, set(a) ^ set(b))
        for k in a:
            close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert b == pytest.approx(a, rel=1e-9, abs=1e-6), path
    else:
        assert a == b, path


def _filters(s: Session) -> list[ProjectFilter]:
    regions = s.exec(select(Region.id).order_by(Region.id)).all()
    provinces = s.exec(select(Province.id).order_by(Province.id)).all()
    return [
        ProjectFilter(),
        *(ProjectFilter(region_id=r, include_interregional=i) for r in regions for i in (True, False)),
        ProjectFilter(province_ids=[provinces[0], provinces[7]]),
        ProjectFilter(types=["road", "bridge", "expressway"], statuses=["approved", "proposed"]),
        ProjectFilter(funding=["oda", "ppp"]),
        ProjectFilter(year_from=2025, year_to=2027),
        ProjectFilter(year_to=2024),
        ProjectFilter(region_id=regions[0], year_from=2030),
        ProjectFilter(search="tổng hợp"),
        ProjectFilter(late_only=True),
    ]


def test_register_tiles_are_the_dashboard_of_the_listed_projects(synth_engine):
    with Session(synth_engine) as s:
        for flt in _filters(s):
            reference = projects.dashboard(projects.list_projects(s, flt))
            close(reference, projects.register_tiles(s, flt), repr(flt))
        # The synthetic data exercises every part: split projects, unsplit ones, late ones.
        everything = projects.register_tiles(s, ProjectFilter())
        assert everything["per_province"] and everything["unallocated"]["count"] and everything["late"]


def test_conflict_tiles_are_the_dashboard_of_the_listed_conflicts(synth_engine):
    with Session(synth_engine) as s:
        regions = s.exec(select(Region.id).order_by(Region.id)).all()
        first_province = s.exec(select(Province.id).order_by(Province.id)).first()
        cases = [{}, {"type": "water_basin"}, {"severity": "high", "status": "reported"}]
        cases += [
            {"overdue": True},
            {"overdue": False, "region_id": regions[1]},
            {"province_id": first_province},
        ]
        cases += [{"region_id": r} for r in regions]
        cases += [{"search": "tổng hợp"}]
        for kw in cases:
            names = None
            if "region_id" in kw:
                names = dict(
                    s.exec(
                        select(Province.id, Province.name_vi).where(Province.region_id == kw["region_id"])
                    ).all()
                )
            reference = conflicts.dashboard(conflicts.list_conflicts(s, **kw), names)
            got = conflicts.tiles(s, provinces=names, **kw)
            assert got == reference, kw
            assert list(got["by_province"]) == list(reference["by_province"]), kw
        assert conflicts.tiles(s)["open"] > 0


def test_the_conflict_list_filters_by_region_in_sql_as_the_parties_say(synth_engine):
    """Reference: every conflict, kept when one of its parties lies in the region."""
    with Session(synth_engine) as s:
        region_of = dict(s.exec(select(Province.id, Province.region_id)).all())
        parties = defaultdict(set)
        for conflict_id, province_id in s.exec(select(ConflictParty.conflict_id, ConflictParty.province_id)):
            parties[conflict_id].add(province_id)
        every = conflicts.list_conflicts(s)
        assert len(every) == len(s.exec(select(Conflict.id)).all())
        today = conflicts.local_today()  # the council's day (Vietnam), as the list counts overdue
        for region in sorted(set(region_of.values())):
            expected = [r["id"] for r in every if any(region_of[p] == region for p in parties[r["id"]])]
            assert [r["id"] for r in conflicts.list_conflicts(s, region_id=region)] == expected
            late = [
                r["id"]
                for r in every
                if r["id"] in set(expected)
                and r["due_on"]
                and r["due_on"] < today
                and r["status"] not in conflicts.SETTLED
            ]
            assert [r["id"] for r in conflicts.list_conflicts(s, region_id=region, overdue=True)] == late
            assert [r["id"] for r in conflicts.list_conflicts(s, region_id=region, overdue=False)] == [
                i for i in expected if i not in set(late)
            ]


def test_the_targets_series_are_the_aggregates_of_every_approved_figure(synth_engine):
    """Reference: all approved figures read as objects, aggregated year by year with the
    indicator's rule over the provinces each target covers."""
    with Session(synth_engine) as s:
        series = {
            "population": dict(s.exec(select(Province.id, Province.population)).all()),
            "grdp": dict(s.exec(select(Province.id, Province.grdp_weight)).all()),
        }
        weight_of = {i.id: targets.weight_series(i) for i in s.exec(select(Indicator))}
        values = defaultdict(lambda: defaultdict(dict))
        for o in s.exec(select(Observation).where(Observation.status == "approved")):
            if o.value is not None:
                values[o.indicator_id][o.province_id][o.year] = o.value
        listed = targets.list_targets(s)
        assert listed
        for t in listed:
            covered = [c["province_id"] for c in t["coverage"]]
            by_year = values.get(t["indicator_id"], {})
            years = sorted({y for p in covered for y in by_year.get(p, {})})
            expected = []
            for y in years:
                vals = {p: by_year[p][y] for p in covered if y in by_year.get(p, {})}
                weights = series[weight_of[t["indicator_id"]]]  # population or GRDP, per indicator
                expected.append((y, targets.aggregate(vals, t["aggregation"], weights), len(vals)))
            assert [(r["year"], r["value"], r["reporting"]) for r in t["series"]] == expected, t["id"]
        region = s.exec(select(Region.id).order_by(Region.id)).first()
        heat = targets.heatmap(s, region)
        regional = {c["target_id"]: c["status"] for c in heat["cells"] if c["province_id"] is None}
        assert regional == {
            t["id"]: t["progress"]["status"] for t in targets.list_targets(s, region) if t["id"] in regional
        }


def test_the_graph_holds_every_joint_project_with_its_investment(synth_engine):
    """Reference: projects and participants read as objects, each pair of participants tied."""
    with Session(synth_engine) as s:
        g = network.build_graph(s)
        members = defaultdict(list)
        for pp in s.exec(select(ProjectProvince)):
            members[pp.project_id].append((pp.province_id, pp.cost_share_pct))
        ties: Counter = Counter()
        money: Counter = Counter()
        ids = defaultdict(list)
        for p in sorted(s.exec(select(Project)).all(), key=lambda p: p.id):
            if p.status in network.NON_LINKING_PROJECT_STATUSES:
                continue
            rows = sorted(members[p.id])
            shares = network.province_shares(p.total_investment, rows)
            for (a, _), (b, _) in combinations(rows, 2):
                ties[a, b] += 1
                money[a, b] += shares.get(a, 0.0) + shares.get(b, 0.0)
                ids[a, b].append(p.id)
        assert ties
        for (a, b), n in ties.items():
            assert g.edges[a, b]["projects"] == n
            assert g.edges[a, b]["investment"] == pytest.approx(money[a, b])
            assert g.edges[a, b]["project_ids"] == ids[a, b]
        assert sum(d["projects"] for *_, d in g.edges(data=True)) == sum(ties.values())


def test_late_flags_match_the_rule_row_by_row(synth_engine):
    with Session(synth_engine) as s:
        rows = projects.list_projects(s)
        for day in (date.today(), date(2026, 6, 30), date.today() + timedelta(days=900)):
            expected = sum(1 for r in rows if projects.late_reason(r, day))
            assert projects.register_tiles(s, ProjectFilter(), today=day)["late"] == expected


def test_the_home_page_counts_the_projects_touching_the_region(synth_engine):
    """Reference: the register's projects with at least one province in the region."""
    from council.regions import region_overview

    with Session(synth_engine) as s:
        for region in s.exec(select(Region.id)).all():
            listed = projects.list_projects(s, ProjectFilter(region_id=region, include_interregional=True))
            view = region_overview(s, region)
            assert view["projects"] == len(listed)
            assert view["projects_by_status"] == dict(Counter(r["status"] for r in listed))
            per_province = Counter(p for r in listed for p in r["province_ids"])
            assert {p["id"]: p["projects"] for p in view["provinces"]} == {
                p["id"]: per_province.get(p["id"], 0) for p in view["provinces"]
            }

"""Cost-sharing formulas: shares add up to exactly 100 %, amounts to exactly the total."""

import random

import pytest
from sqlmodel import Session, select

from council import costshare
from council.costshare import formula, split
from council.models import Project, ProjectProvince, Province


def test_split_rounds_by_largest_remainder():
    assert split({1: 1, 2: 1, 3: 1}, 100) == {1: 33.34, 2: 33.33, 3: 33.33}
    assert split({"a": 1, "b": 2}, 10.01) == {"a": 3.34, "b": 6.67}
    assert split({"a": 0, "b": 5}, 7) == {"a": 0.0, "b": 7.0}


def test_split_always_adds_up_exactly():
    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(2, 9)
        weights = {i: rng.choice([rng.random() * 1e6, rng.randint(1, 5), 0.001]) for i in range(n)}
        total = round(rng.random() * 250_000, 2)
        parts = split(weights, total)
        assert round(sum(parts.values()) * 100) == round(total * 100)
        assert all(round(v * 100) == v * 100 or abs(round(v, 2) - v) < 1e-9 for v in parts.values())
        # No part is more than one unit (0.01) away from its exact proportional value.
        exact = {k: total * w / sum(weights.values()) for k, w in weights.items()}
        assert all(abs(parts[k] - exact[k]) < 0.01 + 1e-9 for k in weights)


def test_split_refuses_bad_weights():
    with pytest.raises(ValueError):
        split({1: 0, 2: 0}, 10)
    with pytest.raises(ValueError):
        split({1: -1, 2: 2}, 10)


def _p(pid, name, population=None, km=None, grdp=None, share=None):
    return {
        "province_id": pid,
        "name": name,
        "population": population,
        "km": km,
        "grdp": grdp,
        "grdp_year": 2024 if grdp else None,
        "share": share,
        "role": "partner",
    }


def test_each_formula_weights_by_its_figure():
    people = [
        _p(1, "A", population=300, km=10, grdp=1000, share=50),
        _p(2, "B", population=100, km=30, grdp=3000, share=50),
    ]
    assert formula("equal", people, 1000).pct == {1: 50.0, 2: 50.0}
    assert formula("population", people, 1000).amounts == {1: 750.0, 2: 250.0}
    assert formula("km", people, 1000).pct == {1: 25.0, 2: 75.0}
    grdp = formula("grdp", people, 1000)
    assert grdp.pct == {1: 25.0, 2: 75.0} and grdp.note == {1: "2024", 2: "2024"}
    assert formula("negotiated", people, 1000).amounts == {1: 500.0, 2: 500.0}


def test_a_formula_without_the_figure_says_why():
    people = [_p(1, "Hà Nội", population=8_000_000), _p(2, "Hưng Yên", population=None)]
    f = formula("population", people, 100)
    assert not f.available and f.missing == ["Hưng Yên"] and f.reason == "projects.formula.missing.population"
    assert not formula("km", people, 100).available
    assert not formula("grdp", people, 100).available
    assert not formula("negotiated", people, 100).available
    # Without a total investment the shares still compare, with no amounts.
    assert formula("equal", people, None).amounts is None


def test_compare_uses_real_population_and_latest_grdp(engine):
    """The keys are the statistical series: the statistics office's population (never the
    merger-resolution figure) and the 2024 GRDP derived for all 34 provinces."""
    with Session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-001")).one()
        result = costshare.compare(s, project.id)
        names = {p["province_id"]: p["name"] for p in result["participants"]}
        assert sorted(names.values()) == ["Bắc Ninh", "Hà Nội", "Hưng Yên"]
        pop = result["formulas"]["population"]
        assert pop["available"]
        populations = {pid: s.get(Province, pid).population for pid in names}
        assert pop["weights"] == {pid: float(v) for pid, v in populations.items()}
        assert all(s.get(Province, pid).population_year == 2024 for pid in names)
        biggest = max(populations, key=populations.get)
        assert max(pop["pct"], key=pop["pct"].get) == biggest
        assert round(sum(pop["pct"].values()), 2) == 100.0
        assert round(sum(pop["amounts"].values()), 2) == project.total_investment
        # The seed records no length per province: the km formula is not available, and says for whom.
        assert not result["formulas"]["km"]["available"]
        assert sorted(result["formulas"]["km"]["missing"]) == sorted(names.values())
        grdp = result["formulas"]["grdp"]
        assert grdp["available"]
        assert grdp["weights"] == {pid: s.get(Province, pid).grdp_weight for pid in names}
        assert all(p["grdp_year"] == 2024 for p in result["participants"])


def test_compare_km_when_lengths_are_recorded(engine):
    with Session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-001")).one()
        rows = s.exec(select(ProjectProvince).where(ProjectProvince.project_id == project.id)).all()
        for pp, km in zip(rows, (50.0, 40.0, 22.8), strict=True):
            pp.length_km = km
            s.add(pp)
        s.commit()
        km = costshare.compare(s, project.id)["formulas"]["km"]
        assert km["available"]
        assert round(sum(km["amounts"].values()), 2) == project.total_investment
        assert (
            km["pct"][rows[0].province_id] == round(100 * 50 / 112.8, 2)
            or abs(km["pct"][rows[0].province_id] - 100 * 50 / 112.8) < 0.01
        )

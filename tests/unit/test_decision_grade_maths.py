"""The maths' edge cases of issue 16, each reproduced, and the coverage rule of regional statuses.
Every test here failed on the code before the fix."""

from __future__ import annotations

import csv
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from council import targets as T
from council.config import DATA_DIR
from council.costshare import split
from council.db import read_session, write_session
from council.models import Indicator, Observation, Province, Region, Target

# --- progress_status ----------------------------------------------------------------------------


def test_baseline_not_before_the_latest_figure_gives_no_status_from_pre_plan_figures():
    """{2021: 100, 2023: 110, 2025: 120}, 200 by 2030, baseline (2025, 120): before the fix the
    baseline was dropped and the status came out off track (R 0.58) from 2021; Open SDG gives none."""
    s = T.progress_status(
        {2021: 100.0, 2023: 110.0, 2025: 120.0},
        direction="increase",
        target=200.0,
        target_year=2030,
        baseline_year=2025,
        baseline_value=120.0,
    )
    assert s["status"] == T.NO_DATA and s["reason"] == "no_observation_after_baseline"
    assert s["ratio"] is None and s["baseline_year"] == 2025


def test_figures_before_the_baseline_year_are_not_the_baseline():
    s = T.progress_status(
        {2019: 50.0, 2022: 110.0, 2025: 120.0},
        direction="increase",
        target=200.0,
        target_year=2030,
        baseline_year=2020,
    )
    assert s["baseline_year"] == 2022 and s["baseline_source"] == "observed"


@pytest.mark.parametrize(
    ("direction", "target", "values", "expected"),
    [
        # Less is better, target ≤ 2, mean −1: better than the target (was off track: R = 2 / −1).
        ("decrease", 2.0, {2026: -1.0}, T.ON_TRACK),
        # More is better, target 2, mean −1: short of it.
        ("increase", 2.0, {2026: -1.0}, T.OFF_TRACK),
        # More is better, target −2 (shrink less than 2 %), mean −1: beyond it (was R 0.5, off track).
        ("increase", -2.0, {2026: -1.0}, T.ON_TRACK),
        # Zero target: met at zero.
        ("decrease", 0.0, {2026: 0.0}, T.ON_TRACK),
    ],
)
def test_yearly_rate_with_a_non_positive_target_or_mean(direction, target, values, expected):
    s = T.progress_status(
        values, direction=direction, target=target, target_year=2030, baseline_year=2025, annual_rate=True
    )
    assert s["status"] == expected
    assert s["rate_method"] == "difference" and s["ratio"] is None


def test_yearly_rate_with_positive_values_keeps_the_ratio():
    s = T.progress_status(
        {2026: 9.0, 2027: 10.0}, direction="increase", target=10.0, target_year=2030, annual_rate=True
    )
    assert s["rate_method"] == "ratio" and s["ratio"] == pytest.approx(0.95)
    assert s["notes"] == []


def test_one_year_of_a_multi_year_average_is_noted():
    s = T.progress_status(
        {2025: 9.5}, direction="increase", target=9.0, target_year=2030, baseline_year=2020, annual_rate=True
    )
    assert s["status"] == T.ON_TRACK and "single_year_of_average" in s["notes"]


def test_nan_is_filtered_from_the_series_and_the_aggregate():
    nan = float("nan")
    s = T.progress_status(
        {2022: 110.0, 2025: nan},
        direction="increase",
        target=200.0,
        target_year=2030,
        baseline_year=2020,
        baseline_value=100.0,
    )
    assert s["latest_year"] == 2022 and s["status"] != T.NO_DATA and math.isfinite(s["ratio"])
    assert T.progress_status({2025: nan}, direction="increase", target=1.0, target_year=2030)["reason"] == (
        "no_observation"
    )
    assert T.progress_status({2025: 1.0}, direction="increase", target=nan, target_year=2030)["reason"] == (
        "no_target"
    )
    assert T.aggregate({1: 10.0, 2: nan}, "weighted_mean", {1: 1.0, 2: 1.0}) == 10.0


def test_a_province_lacking_its_weight_is_named_excluded_not_weighted_zero():
    weights = {1: 100.0, 2: None, 3: 300.0}
    d = T.aggregate_detail({1: 10.0, 2: 50.0, 3: 20.0}, "weighted_mean", weights)
    assert d["excluded_no_weight"] == [2] and d["used"] == [1, 3]
    assert d["value"] == pytest.approx((100 * 10 + 300 * 20) / 400)
    c = T.contributions({1: 1.0, 2: 1.0, 3: 1.0}, {1: 2.0, 2: 5.0, 3: 2.0}, "weighted_mean", weights)
    assert c["excluded_no_weight"] == [2] and c["provinces"] == [1, 3]
    assert 2 not in T.shares({1: 1.0, 2: 1.0, 3: 1.0}, "weighted_mean", weights)


# --- costshare.split: exact remainders ------------------------------------------------------------


def hamilton(weights: dict, total, decimals: int = 2) -> dict:
    """An independent exact largest-remainder (Hamilton) split with rationals: ties to the earlier key."""
    scale = 10**decimals
    units = round(Fraction(str(total)) * scale)
    ws = {k: Fraction(str(w)) for k, w in weights.items()}
    s = sum(ws.values())
    quota = {k: units * w / s for k, w in ws.items()}
    base = {k: math.floor(q) for k, q in quota.items()}
    rest = units - sum(base.values())
    keys = list(weights)
    ranked = sorted(keys, key=lambda k: (-(quota[k] - base[k]), keys.index(k)))
    for k in ranked[:rest]:
        base[k] += 1
    return {k: Fraction(v, scale) for k, v in base.items()}


def test_split_ties_go_to_the_earlier_province_exactly():
    """{11, 11, 12, 4, 4} of 31,299.18: the two 11s (and the two 4s) have exactly equal remainders;
    float noise used to hand the extra unit to the later one."""
    weights = {"a": 11, "b": 11, "c": 12, "d": 4, "e": 4}
    parts = split(weights, 31299.18)
    assert {k: Fraction(str(v)) for k, v in parts.items()} == hamilton(weights, 31299.18)
    assert parts["a"] >= parts["b"] and parts["d"] >= parts["e"]
    assert round(sum(parts.values()) * 100) == 3129918


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=40), min_size=2, max_size=8),
    st.integers(min_value=1, max_value=10**9),
)
def test_split_matches_an_exact_rational_hamilton_split(ints, cents):
    """Integer weights make ties common: the split must agree with the exact rational one."""
    weights = {i: w for i, w in enumerate(ints)}
    total = cents / 100
    parts = split(weights, total)
    assert {k: Fraction(str(v)) for k, v in parts.items()} == hamilton(weights, total)


# --- the coverage rule and the GRDP weights on the real data ------------------------------------

TDMNPB = "Trung du và miền núi phía Bắc"


def _old_region_mean_target(engine, aggregation: str, weight_by: str = "") -> tuple[int, list[int]]:
    """A yearly-rate target over the 10 provinces the old TDMNPB region covers."""
    with write_session(engine) as s:
        ind = Indicator(
            code=f"test_rate_{aggregation}",
            name_vi="Tăng thử",
            name_en="Test growth",
            unit="%/năm",
            aggregation=aggregation,
            weight_by=weight_by,
        )
        s.add(ind)
        s.flush()
        t = Target(
            indicator_id=ind.id,
            plan_region=TDMNPB,
            target_year=2030,
            target_low=8.0,
            target_high=8.0,
            baseline_year=2020,
            period="2021-2030",
        )
        s.add(t)
        s.flush()
        ids = (t.id, ind.id)
    with read_session(engine) as s:
        covered = [c["province_id"] for c in T.target_detail(s, ids[0])["coverage"]]
    return ids, covered


def _report(engine, indicator_id: int, province_ids: list[int], value: float = 9.5) -> None:
    with write_session(engine) as s:
        for pid in province_ids:
            s.add(
                Observation(
                    province_id=pid, indicator_id=indicator_id, year=2025, value=value, status="approved"
                )
            )


def test_mean_target_with_6_of_10_provinces_reporting_is_partial_not_on_track(engine):
    (target_id, indicator_id), covered = _old_region_mean_target(engine, "mean")
    assert len(covered) == 10
    _report(engine, indicator_id, covered[:6])
    with read_session(engine) as s:
        p = T.target_detail(s, target_id)["progress"]
    assert p["status"] == T.NO_DATA and p["reason"] == "partial_coverage"
    assert p["coverage_note"] == {"year": 2025, "reporting": 6, "covered": 10, "share": 0.6, "minimum": 0.8}
    _report(engine, indicator_id, covered[6:])
    with read_session(engine) as s:
        p = T.target_detail(s, target_id)["progress"]
    assert p["status"] == T.ON_TRACK and "coverage_note" not in p


def test_the_minimum_coverage_is_configurable_per_indicator(engine):
    (target_id, indicator_id), covered = _old_region_mean_target(engine, "mean")
    _report(engine, indicator_id, covered[:6])
    with write_session(engine) as s:
        ind = s.get(Indicator, indicator_id)
        ind.min_coverage = 0.6
        s.add(ind)
    with read_session(engine) as s:
        assert T.target_detail(s, target_id)["progress"]["status"] == T.ON_TRACK


def test_population_weighted_coverage_uses_the_statistical_population(engine):
    (target_id, indicator_id), covered = _old_region_mean_target(engine, "weighted_mean", "population")
    with read_session(engine) as s:
        pop = {p.id: p.population for p in s.exec(select(Province))}
    small = sorted(covered, key=pop.get)[:6]
    _report(engine, indicator_id, small)
    with read_session(engine) as s:
        d = T.target_detail(s, target_id)
    share = sum(pop[p] for p in small) / sum(pop[p] for p in covered)
    assert share < 0.8
    assert d["progress"]["reason"] == "partial_coverage"
    assert d["progress"]["coverage_note"]["share"] == pytest.approx(share)
    assert d["weight_by"] == "population"


def _csv(name: str) -> list[dict]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_regional_grdp_growth_is_the_grdp_weighted_mean_by_hand_for_2025(engine):
    """Đồng bằng sông Hồng, 2025: Σ growth × GRDP 2024 / Σ GRDP 2024 over the provinces reporting,
    computed here from the CSV files, not the population-weighted mean."""
    members = {r["name_vi"] for r in _csv("provinces.csv") if r["region_official"] == "Đồng bằng sông Hồng"}
    grdp = {r["name_vi"]: float(r["grdp_current_bn_vnd"]) for r in _csv("grdp_2024_derived.csv")}
    pop = {r["name_vi"]: float(r["population_gso"]) for r in _csv("population_gso.csv")}
    growth = {
        r["province"]: float(r["value"])
        for r in _csv("observations.csv")
        if r["indicator"] == "GRDP growth rate (constant prices, y/y)"
        and r["year"] == "2025"
        and r["province"] in members
    }
    by_grdp = sum(growth[p] * grdp[p] for p in growth) / sum(grdp[p] for p in growth)
    by_pop = sum(growth[p] * pop[p] for p in growth) / sum(pop[p] for p in growth)
    assert abs(by_grdp - by_pop) > 0.01  # the two weights give different regional values
    with read_session(engine) as s:
        region = s.exec(select(Region).where(Region.name_vi == "Đồng bằng sông Hồng")).one()
        ind = s.exec(select(Indicator).where(Indicator.code == "grdp_growth")).one()
        target = next(
            t
            for t in s.exec(
                select(Target).where(Target.indicator_id == ind.id, Target.region_id == region.id)
            )
            if t.period.startswith("2026")
        )
        d = T.target_detail(s, target.id)
    row = next(r for r in d["series"] if r["year"] == 2025)
    assert row["reporting"] == len(growth) and row["covered"] == len(members)
    assert row["value"] == pytest.approx(by_grdp, abs=1e-9)
    assert d["weight_by"] == "grdp"


def test_target_one_on_a_single_year_says_so(engine):
    with read_session(engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.code == "grdp_growth")).one()
        t = s.exec(
            select(Target).where(
                Target.indicator_id == ind.id, Target.plan_region == TDMNPB, Target.period == "2021-2030"
            )
        ).first()
        p = T.target_detail(s, t.id)["progress"]
    assert p["years_used"] == [2025] and "single_year_of_average" in p["notes"]


def test_the_secretariat_sets_the_weight_and_minimum_coverage_of_an_indicator(engine, users):
    from council.errors import ValidationError

    sec = users["secretariat"]
    with write_session(engine) as s:
        ind = s.exec(select(Indicator).where(Indicator.code == "labour_productivity_growth")).one()
        ind_id, version = ind.id, ind.version
        assert ind.weight_by == "population"
    with write_session(engine) as s:
        T.save_indicator(
            s, sec, indicator_id=ind_id, expected_version=version, weight_by="grdp", min_coverage="0,9"
        )
    with read_session(engine) as s:
        ind = s.get(Indicator, ind_id)
        assert (ind.weight_by, ind.min_coverage) == ("grdp", 0.9)
        assert T.min_coverage(ind) == 0.9 and T.weight_basis(ind) == "grdp"
    for bad in ({"weight_by": "area"}, {"min_coverage": "1,5"}, {"min_coverage": "abc"}):
        with pytest.raises(ValidationError), write_session(engine) as s:
            T.save_indicator(s, sec, indicator_id=ind_id, expected_version=version + 1, **bad)

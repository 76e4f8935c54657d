"""Cost-sharing formulas for a project's participating provinces.

Each formula turns one weight per province into percentages (two decimals, adding
up to exactly 100.00) and amounts (VND billion, two decimals, adding up to exactly
the total investment). Rounding uses the largest-remainder method: every part is
rounded down to the unit, then the units left over go one each to the parts with
the largest fractions (ties to the earlier province), so nothing is lost or invented.

Formulas:
- ``equal``: the same weight for every province.
- ``population``: Province.population, the statistics office's 2024 average population (not the
  merger-resolution figure, which counts temporary residents).
- ``km``: ProjectProvince.length_km, the project's length inside the province.
- ``grdp``: Province.grdp_weight, the 2024 GRDP derived on one basis for all 34 provinces
  (data/SOURCES.md); the provincial estimates among the figures are a different series and mix years.
- ``negotiated``: the cost shares recorded on the project.

A formula is available only when every participant has a positive weight; otherwise
it says why (which provinces lack the figure) and offers no split.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from sqlmodel import Session, select

from council.errors import NotFound
from council.models import Project, ProjectProvince, Province
from council.textutil import vi_sort_key

METHODS = ("equal", "population", "km", "grdp", "negotiated")
PCT_DECIMALS = 2
AMOUNT_DECIMALS = 2


def _exact(x: float | int) -> Fraction:
    """The number as written (0.1 is one tenth, not the nearest binary fraction)."""
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(repr(float(x)))


def split(weights: Mapping[Hashable, float], total: float, decimals: int = 2) -> dict[Hashable, float]:
    """``total`` split in proportion to ``weights``, each part rounded to ``decimals`` and the
    parts adding up to ``round(total, decimals)`` exactly (largest remainder). Quotas and
    remainders are exact rationals, so equal remainders are equal and a tie goes to the earlier
    province (in the order of ``weights``), never to float noise."""
    if not weights:
        return {}
    if any(w is None or w < 0 or not math.isfinite(w) for w in weights.values()):
        raise ValueError("weights must be finite and non-negative")
    exact = {k: _exact(w) for k, w in weights.items()}
    weight_sum = sum(exact.values(), Fraction(0))
    if weight_sum <= 0:
        raise ValueError("weights must not all be zero")
    scale = 10**decimals
    units = round(_exact(total) * scale)
    keys = list(weights)
    quotas = [units * exact[k] / weight_sum for k in keys]
    floors = [math.floor(q) for q in quotas]
    left = units - sum(floors)
    order = sorted(range(len(keys)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return {k: floors[i] / scale for i, k in enumerate(keys)}


@dataclass
class Formula:
    method: str
    available: bool
    reason: str = ""  # message key when not available
    missing: list[str] = field(default_factory=list)  # provinces lacking the figure
    weights: dict[int, float] = field(default_factory=dict)
    pct: dict[int, float] = field(default_factory=dict)
    amounts: dict[int, float] | None = None  # None when the total investment is unknown
    note: dict[int, str] = field(default_factory=dict)  # e.g. the GRDP year used


def formula(method: str, participants: list[dict], total: float | None) -> Formula:
    """One formula for ``participants`` (dicts with province_id, name, population, km,
    grdp, grdp_year, share)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    field_of = {"equal": None, "population": "population", "km": "km", "grdp": "grdp", "negotiated": "share"}[
        method
    ]
    if field_of is None:
        weights = {p["province_id"]: 1.0 for p in participants}
    else:
        # A negotiated share may be 0 %; a population, length or GRDP must be positive.
        floor_ok = (lambda v: v >= 0) if method == "negotiated" else (lambda v: v > 0)
        missing = [p["name"] for p in participants if p.get(field_of) is None or not floor_ok(p[field_of])]
        if missing or not participants:
            return Formula(method, False, reason=f"projects.formula.missing.{method}", missing=missing)
        weights = {p["province_id"]: float(p[field_of]) for p in participants}
    if not weights:
        return Formula(method, False, reason="projects.formula.missing.participants")
    result = Formula(method, True, weights=weights, pct=split(weights, 100.0, PCT_DECIMALS))
    if total is not None:
        result.amounts = split(weights, total, AMOUNT_DECIMALS)
    if method == "grdp":
        result.note = {p["province_id"]: str(p["grdp_year"]) for p in participants}
    return result


def participants_for(session: Session, project_id: int) -> tuple[Project, list[dict]]:
    """The project and its participants with every figure a formula may use."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound("project", project_id)
    rows = session.exec(
        select(ProjectProvince, Province)
        .join(Province, Province.id == ProjectProvince.province_id)
        .where(ProjectProvince.project_id == project_id)
    ).all()
    out = []
    for pp, pr in rows:
        value, year = pr.grdp_weight, pr.grdp_weight_year
        out.append(
            {
                "province_id": pr.id,
                "name": pr.name_vi,
                "population": pr.population,
                "km": pp.length_km,
                "grdp": value,
                "grdp_year": year,
                "share": pp.cost_share_pct,
                "role": pp.role,
            }
        )
    out.sort(key=lambda p: vi_sort_key(p["name"]))
    return project, out


def compare(session: Session, project_id: int) -> dict:
    """Every formula side by side for one project: what the calculator shows."""
    project, participants = participants_for(session, project_id)
    formulas = {m: formula(m, participants, project.total_investment) for m in METHODS}
    return {
        "project_id": project.id,
        "code": project.code,
        "total_investment": project.total_investment,
        "version": project.version,
        "participants": participants,
        "formulas": {m: f.__dict__ for m, f in formulas.items()},
    }

"""The overlap and mismatch detector (issue 19, item 5): early-warning rules on facility plans.

- ``facilities.duplicate``: two facilities of the same kind in different provinces whose
  locations are within the kind's distance (settings ``distance.<kind>``; defaults airport 100 km,
  seaport 50 km, logistics centre 30 km, dry port 30 km, industrial park 20 km) and whose periods
  overlap (a missing year is open-ended). The distance is the great-circle (haversine) distance
  between the coordinates; a facility recorded with its province only stands at the province
  centre (facilities.province_centres) and the candidate says so ("approximate: province centre").
- ``facilities.over_capacity``: for each forecast the secretariat entered (region, kind, year,
  capacity), the planned capacity of that kind in the region's provinces in service that year
  (start ≤ year ≤ end, missing years open) is above the forecast by more than
  ``overcapacity_margin_pct`` (default 20 %): total > forecast × (1 + margin/100), and at least two
  provinces plan that capacity.
- ``facilities.connection``: a route (road or railway) a province plans to its border with a
  neighbour, whose border end has no route of the same kind in the neighbour, planned to the first
  province's border, with its border end within ``connection_km`` (default 10 km): *no
  counterpart*; or the nearest counterpart within that distance has a different grade.

Duplicate and over-capacity flags are of conflict type ``planning_overlap``; connection mismatches
``connection_mismatch``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from council import early_warning
from council.early_warning import Flag
from council.facilities import POINT_KINDS, UNITS, province_centres, settings
from council.facilities_models import FacilityForecast, PlannedFacility
from council.i18n import t
from council.models import Province, Region
from council.numbers import format_number

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)
RULE_DUPLICATE = "facilities.duplicate"
RULE_OVER = "facilities.over_capacity"
RULE_CONNECTION = "facilities.connection"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points on a sphere of the mean Earth radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class Num(float):
    """A number that formats itself for the reader: ``{distance:vi}`` / ``{distance:en}``."""

    def __format__(self, spec: str) -> str:
        if spec in ("vi", "en"):
            return format_number(float(self), spec, 1)
        return float.__format__(self, spec)


class Bi(str):
    """A name in Vietnamese with its English form: ``{name:en}`` gives the English one."""

    en: str

    def __new__(cls, vi: str, en: str | None = None) -> Bi:
        obj = super().__new__(cls, vi)
        obj.en = en or vi
        return obj

    def __format__(self, spec: str) -> str:
        return self.en if spec == "en" else str(self)


def _label(key: str) -> Bi:
    return Bi(t(key, "vi"), t(key, "en"))


@dataclass(frozen=True)
class Candidate:
    """A flag with what the page draws: ``reason`` (duplicate | over_capacity | no_counterpart |
    different_grade), the distance (km) and the threshold it was compared with, ``approximate``
    when a province centre stood in for a location, the points to draw ((lat, lon) pairs)."""

    flag: Flag
    reason: str
    distance_km: float | None
    threshold: float
    approximate: bool
    points: tuple[tuple[float, float], ...] = ()


def _location(f: PlannedFacility, codes: dict[int, str]) -> tuple[tuple[float, float] | None, bool]:
    if f.lat is not None and f.lon is not None:
        return (f.lat, f.lon), False
    centre = province_centres().get(codes.get(f.province_id, ""))
    return centre, True


def _overlap(a: PlannedFacility, b: PlannedFacility) -> bool:
    lo = max(a.start_year or -(10**6), b.start_year or -(10**6))
    hi = min(a.end_year or 10**6, b.end_year or 10**6)
    return lo <= hi


def _links(facilities: list[PlannedFacility]) -> tuple[tuple[tuple[str, int], ...], tuple[int, ...]]:
    projects = tuple(sorted({f.project_id for f in facilities if f.project_id is not None}))
    links = tuple(("facility", int(f.id or 0)) for f in facilities) + tuple(("project", p) for p in projects)
    return links, projects


def duplicates(session: Session, facilities, provinces, conf) -> list[Candidate]:
    codes = {pid: p.code for pid, p in provinces.items()}
    out = []
    by_kind: dict[str, list[PlannedFacility]] = {}
    for f in facilities:
        if f.kind in POINT_KINDS:
            by_kind.setdefault(f.kind, []).append(f)
    for kind, items in sorted(by_kind.items()):
        limit = conf[f"distance.{kind}"]
        items = sorted(items, key=lambda f: f.id or 0)
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.province_id == b.province_id or not _overlap(a, b):
                    continue
                (pa, approx_a), (pb, approx_b) = _location(a, codes), _location(b, codes)
                if pa is None or pb is None:
                    continue
                km = haversine_km(*pa, *pb)
                if km > limit:
                    continue
                approximate = approx_a or approx_b
                pair = (a, b)
                links, project_ids = _links(list(pair))
                flag = Flag(
                    rule=RULE_DUPLICATE,
                    subject=f"{a.id}-{b.id}",
                    conflict_type="planning_overlap",
                    province_ids=tuple(sorted({a.province_id, b.province_id})),
                    fingerprint=early_warning.fingerprint(
                        kind,
                        [(f.id, f.province_id, f.lat, f.lon, f.start_year, f.end_year) for f in pair],
                        limit,
                    ),
                    message_key="facilities.flag.duplicate_approx"
                    if approximate
                    else "facilities.flag.duplicate",
                    params={
                        "kind": _label(f"facilities.kind.{kind}"),
                        "a": a.name,
                        "b": b.name,
                        "province_a": Bi(provinces[a.province_id].name_vi, provinces[a.province_id].name_en),
                        "province_b": Bi(provinces[b.province_id].name_vi, provinces[b.province_id].name_en),
                        "distance": Num(round(km, 1)),
                        "limit": Num(limit),
                    },
                    project_ids=project_ids,
                    links=links,
                )
                out.append(Candidate(flag, "duplicate", km, limit, approximate, (pa, pb)))
    return out


def _in_service(f: PlannedFacility, year: int) -> bool:
    return (f.start_year is None or f.start_year <= year) and (f.end_year is None or f.end_year >= year)


def over_capacity(session: Session, facilities, provinces, conf) -> list[Candidate]:
    margin = conf["overcapacity_margin_pct"]
    regions = {r.id: r for r in session.exec(select(Region))}
    out = []
    for fc in session.exec(select(FacilityForecast).order_by(col(FacilityForecast.id))):
        members = [
            f
            for f in facilities
            if f.kind == fc.kind
            and f.capacity is not None
            and provinces[f.province_id].region_id == fc.region_id
            and _in_service(f, fc.year)
        ]
        total = sum(f.capacity for f in members)
        # Planned by two provinces at least: one province's own over-planning is no overlap between
        # provinces (and a conflict needs two parties).
        if len({f.province_id for f in members}) < 2 or total <= fc.capacity * (1 + margin / 100):
            continue
        excess = (total / fc.capacity - 1) * 100 if fc.capacity > 0 else None
        members.sort(key=lambda f: f.id)
        links, project_ids = _links(members)
        region = regions[fc.region_id]
        flag = Flag(
            rule=RULE_OVER,
            subject=f"{fc.region_id}-{fc.kind}-{fc.year}",
            conflict_type="planning_overlap",
            province_ids=tuple(sorted({f.province_id for f in members})),
            fingerprint=early_warning.fingerprint(
                fc.capacity, margin, [(f.id, f.capacity, f.start_year, f.end_year) for f in members]
            ),
            message_key="facilities.flag.over_capacity",
            params={
                "kind": _label(f"facilities.kind.{fc.kind}"),
                "region": Bi(region.name_vi, region.name_en),
                "year": fc.year,
                "total": Num(total),
                "forecast": Num(fc.capacity),
                "unit": _label(f"facilities.unit.{UNITS[fc.kind]}"),
                "excess": Num(round(excess, 1) if excess is not None else 0.0),
                "margin": Num(margin),
                "count": len(members),
            },
            project_ids=project_ids,
            links=links,
        )
        out.append(Candidate(flag, "over_capacity", None, margin, False, ()))
    return out


def connections(session: Session, facilities, provinces, conf) -> list[Candidate]:
    limit = conf["connection_km"]
    routes = [f for f in facilities if f.border_province_id is not None and f.end_lat is not None]
    out = []
    graded: set[tuple[int, int]] = set()
    for a in sorted(routes, key=lambda f: f.id or 0):
        mates = [
            b
            for b in routes
            if b.province_id == a.border_province_id
            and b.border_province_id == a.province_id
            and b.kind == a.kind
        ]
        nearest = None
        if mates:
            nearest = min(
                ((haversine_km(a.end_lat, a.end_lon, b.end_lat, b.end_lon), b.id, b) for b in mates),
                key=lambda x: (x[0], x[1]),
            )
        pa, pb = provinces[a.province_id], provinces[a.border_province_id]
        names = {
            "a": a.name,
            "province_a": Bi(pa.name_vi, pa.name_en),
            "province_b": Bi(pb.name_vi, pb.name_en),
            "limit": Num(limit),
        }
        if nearest is None or nearest[0] > limit:
            links, project_ids = _links([a])
            km = nearest[0] if nearest else None
            params = names | {"kind": _label(f"facilities.kind.{a.kind}")}
            if nearest is not None:
                params["distance"] = Num(round(nearest[0], 1))
                params["b"] = nearest[2].name
            flag = Flag(
                rule=RULE_CONNECTION,
                subject=f"{a.id}",
                conflict_type="connection_mismatch",
                province_ids=tuple(sorted({a.province_id, a.border_province_id})),
                fingerprint=early_warning.fingerprint(
                    a.kind,
                    a.end_lat,
                    a.end_lon,
                    a.border_province_id,
                    limit,
                    sorted((b.id, b.end_lat, b.end_lon) for b in mates),
                ),
                message_key="facilities.flag.no_counterpart_far"
                if km is not None
                else "facilities.flag.no_counterpart",
                params=params,
                project_ids=project_ids,
                links=links,
            )
            points = ((a.end_lat, a.end_lon),) + (
                ((nearest[2].end_lat, nearest[2].end_lon),) if nearest else ()
            )
            out.append(Candidate(flag, "no_counterpart", km, limit, False, points))
            continue
        km, _, b = nearest
        pair = tuple(sorted((a.id, b.id)))
        if a.grade == b.grade or pair in graded:
            continue
        graded.add(pair)
        first, second = (a, b) if a.id < b.id else (b, a)
        links, project_ids = _links([first, second])
        p1, p2 = provinces[first.province_id], provinces[second.province_id]
        flag = Flag(
            rule=RULE_CONNECTION,
            subject=f"{first.id}-{second.id}",
            conflict_type="connection_mismatch",
            province_ids=tuple(sorted({first.province_id, second.province_id})),
            fingerprint=early_warning.fingerprint(
                [(f.id, f.grade, f.lanes, f.end_lat, f.end_lon) for f in (first, second)], limit
            ),
            message_key="facilities.flag.different_grade",
            params={
                "a": first.name,
                "b": second.name,
                "province_a": Bi(p1.name_vi, p1.name_en),
                "province_b": Bi(p2.name_vi, p2.name_en),
                "grade_a": _label(f"facilities.grade.{first.grade}"),
                "grade_b": _label(f"facilities.grade.{second.grade}"),
                "distance": Num(round(km, 1)),
            },
            project_ids=project_ids,
            links=links,
        )
        out.append(
            Candidate(
                flag,
                "different_grade",
                km,
                limit,
                False,
                ((first.end_lat, first.end_lon), (second.end_lat, second.end_lon)),
            )
        )
    return out


def candidates(session: Session, today: date | None = None) -> list[Candidate]:
    """Every candidate of the three rules, in a stable order (rule, subject)."""
    facilities = list(session.exec(select(PlannedFacility)).all())
    if not facilities:
        return []
    provinces = {p.id: p for p in session.exec(select(Province))}
    conf = settings(session)
    found = (
        duplicates(session, facilities, provinces, conf)
        + over_capacity(session, facilities, provinces, conf)
        + connections(session, facilities, provinces, conf)
    )
    return sorted(found, key=lambda c: c.flag.key)


@early_warning.register("facilities")
def provide(session: Session, today: date) -> list[Flag]:
    return [c.flag for c in candidates(session, today)]

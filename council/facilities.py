"""Facility plans (issue 19, item 4): the facilities the provincial plans list — seaports,
airports, industrial parks, logistics centres, dry ports — and routes (roads, railways) with their
ends, their grade and, for a route that runs to the province's border, the neighbour it meets.

Representatives record their own province's facilities, the secretariat all (``facility.edit``);
the secretariat keeps the regional plan's capacity forecasts and the detector's settings
(``facility.settings``). Every change is audited; edits are compare-and-set on ``version``; an
Excel/CSV import is checked whole and lands nothing when a row is bad, naming each row and field.

The detector (item 5) is council/facilities_rules.py.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pandas as pd
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.errors import NotFound, PermissionDenied, ValidationError
from council.facilities_models import (
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    FacilityForecast,
    FacilitySettings,
    PlannedFacility,
)
from council.i18n import t
from council.io import ImportRejected, RowError, read_table, require_columns
from council.models import Border, Project, Province, Region
from council.numbers import NumberInputError, parse_number
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import delete_versioned, load_for_edit, save_versioned

ENTITY = "facility"
POINT_KINDS = ("seaport", "airport", "industrial_park", "logistics_centre", "dry_port")
ROUTE_KINDS = ("road", "rail")
KINDS = POINT_KINDS + ROUTE_KINDS
# The unit of a kind's capacity (catalog key facilities.unit.<unit>); routes have lanes instead.
UNITS = {
    "seaport": "mt_year",  # million tonnes of cargo a year
    "airport": "mpax_year",  # million passengers a year
    "industrial_park": "ha",  # hectares of industrial land
    "logistics_centre": "kt_year",  # thousand tonnes a year
    "dry_port": "kteu_year",  # thousand TEU a year
}
GRADES = ("expressway", "national_road", "provincial_road", "railway")
MAX_NAME = 300
MAX_TEXT = 2000
YEAR_MIN, YEAR_MAX = 1900, 2200
CODE_PREFIX = "CT-"

# The detector's settings and their defaults (km, %).
DEFAULT_SETTINGS: dict[str, float] = {
    "distance.airport": 100.0,
    "distance.seaport": 50.0,
    "distance.logistics_centre": 30.0,
    "distance.dry_port": 30.0,
    "distance.industrial_park": 20.0,
    "overcapacity_margin_pct": 20.0,
    "connection_km": 10.0,
}
SETTING_MAX = {"overcapacity_margin_pct": 1000.0}
SETTING_MAX_KM = 2000.0

FIELDS = (
    "kind",
    "name",
    "province_id",
    "lat",
    "lon",
    "capacity",
    "area_ha",
    "start_year",
    "end_year",
    "source",
    "grade",
    "lanes",
    "end_lat",
    "end_lon",
    "border_province_id",
    "project_id",
    "note",
)


# --- checking a facility ---------------------------------------------------------------------


def _number(value, field: str, out: list, *, minimum: float | None = None, integer: bool = False):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        out.append((field, "error.not_a_number", {"value": str(value)}))
        return None
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except NumberInputError:
            out.append((field, "error.not_a_number", {"value": value}))
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        out.append((field, "error.not_a_number", {"value": str(value)}))
        return None
    if number != number or abs(number) > 1e15:
        out.append((field, "error.not_finite", {"value": str(value)}))
        return None
    if minimum is not None and number < minimum:
        out.append((field, "error.too_small", {"value": str(value), "min": minimum}))
        return None
    if integer:
        if number != int(number):
            out.append((field, "facilities.error.whole_number", {"value": str(value)}))
            return None
        return int(number)
    return number


def neighbours(session: Session, province_id: int) -> set[int]:
    """The provinces sharing a border with ``province_id`` (Border)."""
    rows = session.exec(
        select(Border.province_a_id, Border.province_b_id).where(
            (Border.province_a_id == province_id) | (Border.province_b_id == province_id)
        )
    ).all()
    return {b if a == province_id else a for a, b in rows}


def check(session: Session, raw: dict) -> tuple[dict, list[tuple[str, str, dict]]]:
    """The cleaned values of a facility and its problems as (field, message key, params)."""
    out: list[tuple[str, str, dict]] = []
    v: dict = {}
    kind = nfc(raw.get("kind"))
    if kind not in KINDS:
        out.append(("kind", "facilities.error.bad_kind", {"value": kind}))
    v["kind"] = kind
    name = nfc(raw.get("name"))
    if not name:
        out.append(("name", "error.required", {"field": "name"}))
    elif len(name) > MAX_NAME:
        out.append(("name", "facilities.error.too_long", {"limit": MAX_NAME}))
    v["name"] = name
    pid = raw.get("province_id")
    if pid is None or session.get(Province, pid) is None:
        out.append(("province_id", "error.required", {"field": "province"}))
    v["province_id"] = pid
    for a, b in (("lat", "lon"), ("end_lat", "end_lon")):
        v[a] = _number(raw.get(a), a, out)
        v[b] = _number(raw.get(b), b, out)
        if (v[a] is None) != (v[b] is None) and not any(f in (a, b) for f, _, _ in out):
            out.append((b if v[b] is None else a, "facilities.error.both_coordinates", {}))
        if v[a] is not None and not LAT_MIN <= v[a] <= LAT_MAX:
            out.append((a, "facilities.error.outside_vietnam", {"value": v[a]}))
        if v[b] is not None and not LON_MIN <= v[b] <= LON_MAX:
            out.append((b, "facilities.error.outside_vietnam", {"value": v[b]}))
    v["capacity"] = _number(raw.get("capacity"), "capacity", out, minimum=0)
    v["area_ha"] = _number(raw.get("area_ha"), "area_ha", out, minimum=0)
    for f in ("start_year", "end_year"):
        v[f] = _number(raw.get(f), f, out, integer=True)
        if v[f] is not None and not YEAR_MIN <= v[f] <= YEAR_MAX:
            out.append((f, "facilities.error.bad_year", {"value": v[f]}))
            v[f] = None
    if v["start_year"] is not None and v["end_year"] is not None and v["start_year"] > v["end_year"]:
        out.append(("end_year", "facilities.error.period", {}))
    for f, limit in (("source", MAX_TEXT), ("note", MAX_TEXT)):
        v[f] = nfc(raw.get(f))
        if len(v[f]) > limit:
            out.append((f, "facilities.error.too_long", {"limit": limit}))
    v["grade"] = nfc(raw.get("grade"))
    v["lanes"] = _number(raw.get("lanes"), "lanes", out, minimum=1, integer=True)
    v["border_province_id"] = raw.get("border_province_id")
    v["project_id"] = raw.get("project_id")
    if v["project_id"] is not None and session.get(Project, v["project_id"]) is None:
        out.append(("project_id", "facilities.error.unknown_project", {"value": v["project_id"]}))
    if kind in ROUTE_KINDS:
        if v["grade"] not in GRADES:
            out.append(("grade", "facilities.error.bad_grade", {"value": v["grade"]}))
        if v["capacity"] is not None:
            out.append(("capacity", "facilities.error.route_no_capacity", {}))
        border = v["border_province_id"]
        if border is not None:
            if pid is None or border not in neighbours(session, pid):
                out.append(("border_province_id", "facilities.error.not_neighbour", {}))
            if v["end_lat"] is None:
                out.append(("end_lat", "facilities.error.border_end", {}))
    elif kind in POINT_KINDS:
        for f in ("grade", "lanes", "end_lat", "end_lon", "border_province_id"):
            if v[f] not in (None, ""):
                out.append((f, "facilities.error.route_only", {}))
    return v, out


def _raise_first(problems: list[tuple[str, str, dict]]) -> None:
    if problems:
        field, key, params = problems[0]
        raise ValidationError(key, field=field, **params)


def _next_code(session: Session) -> str:
    codes = session.exec(select(PlannedFacility.code)).all()
    numbers = [int(c[len(CODE_PREFIX) :]) for c in codes if re.fullmatch(r"CT-\d+", c or "")]
    return f"{CODE_PREFIX}{(max(numbers) if numbers else 0) + 1:04d}"


# --- services --------------------------------------------------------------------------------


def create_facility(session: Session, actor: Actor, **values) -> dict:
    """Record a planned facility; a representative only in their own province."""
    authorize(actor, "facility.edit", [int(values.get("province_id") or 0)])
    clean, problems = check(session, values)
    _raise_first(problems)
    return _insert(session, actor, clean)


def _insert(session: Session, actor: Actor, clean: dict, code: str = "") -> dict:
    row = PlannedFacility(code=code or _next_code(session), updated_by=actor.username, **clean)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", ENTITY, row.id, None, row)
    return {"id": row.id, "code": row.code}


def update_facility(
    session: Session, actor: Actor, facility_id: int, *, expected_version: int, **values
) -> dict:
    """Change a facility (compare-and-set on ``expected_version``). A representative changes only
    their own province's facilities, and cannot move one to another province."""
    row = session.get(PlannedFacility, facility_id)
    if row is None:
        raise NotFound(ENTITY, facility_id)
    authorize(actor, "facility.edit", [row.province_id])
    merged = {f: getattr(row, f) for f in FIELDS} | values
    authorize(actor, "facility.edit", [merged["province_id"]])
    row = load_for_edit(session, PlannedFacility, facility_id, expected_version, ENTITY)
    clean, problems = check(session, merged)
    _raise_first(problems)
    before = audit.snapshot(row)
    save_versioned(session, row, expected_version, ENTITY, actor.username, clean)
    audit.record(
        session, actor, "update", ENTITY, facility_id, before, session.get(PlannedFacility, facility_id)
    )
    return {"id": facility_id, "version": expected_version + 1}


def delete_facility(session: Session, actor: Actor, facility_id: int, *, expected_version: int) -> None:
    row = session.get(PlannedFacility, facility_id)
    if row is None:
        raise NotFound(ENTITY, facility_id)
    authorize(actor, "facility.edit", [row.province_id])
    row = load_for_edit(session, PlannedFacility, facility_id, expected_version, ENTITY)
    before = audit.snapshot(row)
    delete_versioned(session, row, expected_version, ENTITY)
    audit.record(session, actor, "delete", ENTITY, facility_id, before, None)


def save_forecast(
    session: Session, actor: Actor, *, region_id: int, kind: str, year, capacity, source: str = ""
) -> dict:
    """Set the regional plan's forecast capacity of ``kind`` in ``region_id`` for ``year``
    (a new forecast, or the same region, kind and year changed)."""
    authorize(actor, "facility.settings")
    problems: list = []
    if session.get(Region, region_id) is None:
        problems.append(("region_id", "error.required", {"field": "region"}))
    if kind not in UNITS:
        problems.append(("kind", "facilities.error.bad_kind", {"value": kind}))
    year_n = _number(year, "year", problems, integer=True)
    if year_n is not None and not YEAR_MIN <= year_n <= YEAR_MAX:
        problems.append(("year", "facilities.error.bad_year", {"value": year_n}))
    if year_n is None and not any(f == "year" for f, _, _ in problems):
        problems.append(("year", "error.required", {"field": "year"}))
    value = _number(capacity, "capacity", problems, minimum=0)
    if value is None and not any(f == "capacity" for f, _, _ in problems):
        problems.append(("capacity", "error.required", {"field": "capacity"}))
    _raise_first(problems)
    row = session.exec(
        select(FacilityForecast).where(
            FacilityForecast.region_id == region_id,
            FacilityForecast.kind == kind,
            FacilityForecast.year == year_n,
        )
    ).first()
    if row is None:
        row = FacilityForecast(
            region_id=region_id,
            kind=kind,
            year=year_n,
            capacity=value,
            source=nfc(source),
            updated_by=actor.username,
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "facility_forecast", row.id, None, row)
        return {"id": row.id}
    before = audit.snapshot(row)
    save_versioned(
        session,
        row,
        row.version,
        "facility_forecast",
        actor.username,
        {"capacity": value, "source": nfc(source)},
    )
    audit.record(
        session, actor, "update", "facility_forecast", row.id, before, session.get(FacilityForecast, row.id)
    )
    return {"id": row.id}


def delete_forecast(session: Session, actor: Actor, forecast_id: int) -> None:
    authorize(actor, "facility.settings")
    row = session.get(FacilityForecast, forecast_id)
    if row is None:
        raise NotFound("facility_forecast", forecast_id)
    before = audit.snapshot(row)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "delete", "facility_forecast", forecast_id, before, None)


def settings(session: Session) -> dict:
    """The detector's settings (defaults where none saved) and their ``version`` (0: never saved)."""
    row = session.get(FacilitySettings, 1)
    values = dict(DEFAULT_SETTINGS)
    if row is not None:
        values.update({k: float(v) for k, v in json.loads(row.values).items() if k in DEFAULT_SETTINGS})
    values["version"] = row.version if row is not None else 0
    return values


def save_settings(session: Session, actor: Actor, *, expected_version: int, **values) -> dict:
    """Change the detector's settings (km, %), compare-and-set on ``expected_version``."""
    authorize(actor, "facility.settings")
    current = settings(session)
    problems: list = []
    new = {k: current[k] for k in DEFAULT_SETTINGS}
    for name, raw in values.items():
        if name not in DEFAULT_SETTINGS:
            raise ValidationError("facilities.error.unknown_setting", field=name)
        number = _number(raw, name, problems, minimum=0)
        if number is None and not any(f == name for f, _, _ in problems):
            problems.append((name, "error.required", {"field": name}))
        elif number is not None and number > SETTING_MAX.get(name, SETTING_MAX_KM):
            problems.append(
                (name, "error.too_large", {"value": str(raw), "max": SETTING_MAX.get(name, SETTING_MAX_KM)})
            )
        elif number is not None:
            new[name] = number
    _raise_first(problems)
    row = session.get(FacilitySettings, 1)
    before = {k: current[k] for k in DEFAULT_SETTINGS}
    if row is None:
        if expected_version != 0:
            raise ValidationError("facilities.error.settings_changed", field="version")
        row = FacilitySettings(id=1, values=json.dumps(new, sort_keys=True), updated_by=actor.username)
        session.add(row)
        session.flush()
    else:
        save_versioned(
            session,
            row,
            expected_version,
            "facility_settings",
            actor.username,
            {"values": json.dumps(new, sort_keys=True)},
        )
    audit.record(session, actor, "update", "facility_settings", 1, before, new)
    return {"version": expected_version + 1}


# --- reading ---------------------------------------------------------------------------------


def _province_names(session: Session) -> dict[int, Province]:
    return {int(p.id or 0): p for p in session.exec(select(Province))}


def list_facilities(session: Session, province_id: int | None = None) -> list[dict]:
    """Every facility as a dict (province's names and code, the project's code), by province and name."""
    provinces = _province_names(session)
    q = select(PlannedFacility)
    if province_id is not None:
        q = q.where(PlannedFacility.province_id == province_id)
    projects = {
        p.id: p.code
        for p in session.exec(
            select(Project).where(
                col(Project.id).in_([f.project_id for f in session.exec(q) if f.project_id is not None])
            )
        )
    }
    out = []
    for f in session.exec(q):
        d = f.model_dump()
        p = provinces[f.province_id]
        d["province"] = p.name_vi
        d["province_code"] = p.code
        d["border_province"] = provinces[f.border_province_id].name_vi if f.border_province_id else ""
        d["project_code"] = projects.get(f.project_id, "")
        out.append(d)
    return sorted(out, key=lambda d: (vi_sort_key(d["province"]), vi_sort_key(d["name"]), d["id"]))


def list_forecasts(session: Session) -> list[dict]:
    regions = {r.id: r for r in session.exec(select(Region))}
    rows = session.exec(select(FacilityForecast)).all()
    return sorted(
        [r.model_dump() | {"region": regions[r.region_id].name_vi} for r in rows],
        key=lambda d: (d["region_id"], d["kind"], d["year"]),
    )


# --- province centres ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def province_centres() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each province's centre by province code: the centroid (shapely) of the
    largest polygon of its offline outline (data/maps/vn34_provinces.geojson, the file the map
    figures draw), so the islands do not pull it out to sea."""
    from shapely.geometry import shape

    from council.figures.maps import provinces_geojson

    out = {}
    for feature in provinces_geojson()["features"]:
        geom = shape(feature["geometry"])
        parts = list(getattr(geom, "geoms", [geom]))
        main = max(parts, key=lambda g: g.area)
        c = main.centroid
        out[feature["properties"]["code"]] = (c.y, c.x)
    return out


# --- import and export -----------------------------------------------------------------------

COLUMNS = (
    "code",
    "kind",
    "name",
    "province",
    "lat",
    "lon",
    "capacity",
    "area_ha",
    "start_year",
    "end_year",
    "source",
    "grade",
    "lanes",
    "end_lat",
    "end_lon",
    "border_province",
    "project_code",
    "note",
)
REQUIRED_COLUMNS = ("kind", "name", "province")


def export_frame(session: Session) -> pd.DataFrame:
    rows = list_facilities(session)
    return pd.DataFrame([{c: r.get(c) for c in COLUMNS} for r in rows], columns=list(COLUMNS))


def export_excel(session: Session) -> bytes:
    from council.io import to_excel

    return to_excel({"facilities": export_frame(session)})


def import_facilities(session: Session, actor: Actor, data: bytes, filename: str) -> dict:
    """Import facilities (.xlsx or .csv, columns :data:`COLUMNS`; ``kind``, ``name``, ``province``
    required). A row whose ``code`` exists updates that facility; the others are added. The whole
    file is checked first: any bad row and field refuses it whole and nothing lands. A
    representative's file may hold only their own province's rows (a row of another province is
    refused and the refusal logged)."""
    authorize(actor, "facility.edit", [actor.province_id] if actor.province_id else None)
    rows = read_table(data, filename)
    if not rows:
        raise ImportRejected([RowError(1, "file", "facilities.error.empty_file", {})])
    require_columns(rows, REQUIRED_COLUMNS, set(rows[0]))
    provinces = {}
    for p in session.exec(select(Province)):
        provinces[fold(p.name_vi)] = p.id
        provinces[fold(p.name_en)] = p.id
    projects = {p.code: p.id for p in session.exec(select(Project))}
    existing = {f.code: f for f in session.exec(select(PlannedFacility))}
    errors: list[RowError] = []
    refused: PermissionDenied | None = None
    plan: list[tuple[PlannedFacility | None, dict, str]] = []
    seen: dict[str, int] = {}
    kinds = {fold(k): k for k in KINDS} | {
        fold(t(f"facilities.kind.{k}", lang)): k for k in KINDS for lang in ("vi", "en")
    }
    grades = {fold(g): g for g in GRADES} | {
        fold(t(f"facilities.grade.{g}", lang)): g for g in GRADES for lang in ("vi", "en")
    }
    for r in rows:
        n = r["__row__"]
        raw: dict = {
            f: r.get(f, "")
            for f in (
                "name",
                "lat",
                "lon",
                "capacity",
                "area_ha",
                "start_year",
                "end_year",
                "source",
                "lanes",
                "end_lat",
                "end_lon",
                "note",
            )
        }
        raw["kind"] = kinds.get(fold(r.get("kind")), nfc(r.get("kind")))
        raw["grade"] = grades.get(fold(r.get("grade")), nfc(r.get("grade")))
        before = len(errors)
        for column, target in (("province", "province_id"), ("border_province", "border_province_id")):
            name = nfc(r.get(column))
            raw[target] = provinces.get(fold(name)) if name else None
            if name and raw[target] is None:
                errors.append(RowError(n, column, "error.unknown_province", {"province": name}))
        pcode = nfc(r.get("project_code"))
        raw["project_id"] = projects.get(pcode) if pcode else None
        if pcode and raw["project_id"] is None:
            errors.append(RowError(n, "project_code", "facilities.error.unknown_project", {"value": pcode}))
        code = nfc(r.get("code"))
        if code and code in seen:
            errors.append(
                RowError(n, "code", "facilities.error.code_twice", {"value": code, "first": seen[code]})
            )
        if code:
            seen.setdefault(code, n)
        target_row = existing.get(code) if code else None
        if code and target_row is None and not re.fullmatch(r"[A-Za-z0-9._-]{1,32}", code):
            errors.append(RowError(n, "code", "facilities.error.bad_code", {"value": code}))
        if raw["province_id"] is None and not any(e.row == n and e.field == "province" for e in errors):
            errors.append(RowError(n, "province", "error.required", {"field": "province"}))
        clean, problems = check(session, raw)
        column_of = {
            "province_id": "province",
            "border_province_id": "border_province",
            "project_id": "project_code",
        }
        for field, key, params in problems:
            column = column_of.get(field, field)
            if not any(e.row == n and e.field == column for e in errors[before:]):
                errors.append(RowError(n, column, key, params))
        concerned = [raw["province_id"]] + ([target_row.province_id] if target_row is not None else [])
        for pid in concerned:
            if pid is not None and not can(actor, "facility.edit", [pid]):
                errors.append(RowError(n, "province", "facilities.error.not_your_province", {}))
                refused = refused or PermissionDenied("facility.edit", actor.username, provinces=[pid])
                break
        plan.append((target_row, clean, code))
    if errors:
        raise ImportRejected(errors, refusal=refused)
    created = updated = 0
    for target_row, clean, code in plan:
        if target_row is None:
            _insert(session, actor, clean, code)
            created += 1
        elif any(getattr(target_row, f) != clean[f] for f in FIELDS):
            update_facility(
                session, actor, int(target_row.id or 0), expected_version=target_row.version, **clean
            )
            updated += 1
    counts = {"created": created, "updated": updated, "unchanged": len(plan) - created - updated}
    audit.record(session, actor, "import", ENTITY, "", None, counts)
    return counts


def page_data(session: Session, lang: str) -> dict:
    """What the page shows: the facilities (with the point the map draws), the candidates (reason,
    distance, message in ``lang``, points), the province choices and the map's names."""
    from council.facilities_rules import candidates

    items = list_facilities(session)
    centres = province_centres()
    for f in items:
        f["approximate"] = f["lat"] is None
        if f["lat"] is None and f["province_code"] in centres:
            f["lat"], f["lon"] = centres[f["province_code"]]
    found = [
        {
            "key": c.flag.key,
            "rule": c.flag.rule,
            "reason": c.reason,
            "message": c.flag.message(lang),
            "distance_km": None if c.distance_km is None else round(c.distance_km, 1),
            "threshold": c.threshold,
            "approximate": c.approximate,
            "points": list(c.points),
            "province_ids": list(c.flag.province_ids),
        }
        for c in candidates(session)
    ]
    provinces = sorted(session.exec(select(Province)).all(), key=lambda p: vi_sort_key(p.name_vi))
    return {
        "facilities": items,
        "candidates": found,
        "provinces": [{"id": p.id, "name": p.name_vi, "code": p.code} for p in provinces],
        "map_names": {p.code: p.name_vi for p in provinces},
        "regions": [
            {"id": r.id, "name": r.name_vi}
            for r in session.exec(select(Region).order_by(col(Region.sort_order)))
        ],
        "forecasts": list_forecasts(session),
        "settings": settings(session),
    }

"""Investment incentives (issue 19, items 1-3): the register of each province's packages, the
council's regional standard per sector (the harmonised floor), the regional plan's sector
assignments and the monitor's settings; Excel import and export, all or nothing.

Who may do what (auth.PERMISSIONS): a representative records their own province's packages and
the secretariat every province's (``incentive.edit``); the secretariat keeps the sector list, the
standard, the plan's assignments and the settings (``incentive.standard``). Every change is
audited; packages and sectors are compare-and-set on their ``version``; a standard is never
changed in place: a new decision is a new revision, the history stays.

The monitor (foregone revenue, deviation, flags) is council/incentive_monitor.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.bounds import check_date
from council.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from council.i18n import t
from council.incentives_models import Incentive, IncentiveSetting, IncentiveStandard, Sector, SectorAssignment
from council.io import ImportRejected, RowError, read_table, require_columns, to_excel
from council.models import Province, Region, utcnow
from council.numbers import NumberInputError, parse_number
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

ACTION_EDIT = "incentive.edit"
ACTION_STANDARD = "incentive.standard"
ENTITY = "incentive"
MAX_TEXT = 2000

# The package's numeric terms: (field, lowest, highest, whole number).
TERMS: tuple[tuple[str, float, float, bool], ...] = (
    ("cit_exempt_years", 0, 50, False),
    ("cit_reduced_rate", 0, 100, False),
    ("cit_reduced_years", 0, 50, False),
    ("land_exempt_years", 0, 99, False),
    ("land_rent_price", 0, 1e14, False),
    ("processing_days", 0, 3650, True),
)
TEXTS = ("area", "infrastructure_support", "training_support", "legal_basis", "source_url", "note")
STANDARD_TERMS: tuple[tuple[str, float, float], ...] = (
    ("max_cit_exempt_years", 0, 50),
    ("min_cit_rate", 0, 100),
    ("max_cit_reduced_years", 0, 50),
    ("max_land_exempt_years", 0, 99),
    ("min_land_rent_price", 0, 1e14),
)

# The monitor's settings: key -> (default, lowest, highest). Documented in the README.
SETTINGS: dict[str, tuple[float, float, float]] = {
    "discount_rate_pct": (8.0, 0.0, 50.0),
    "profit_share_pct": (10.0, 0.0, 100.0),
    "standard_cit_rate_pct": (20.0, 0.0, 100.0),
    "land_m2_per_billion": (60.0, 0.0, 1e6),
    "horizon_years": (20.0, 1.0, 99.0),
    "escalation_months": (6.0, 1.0, 60.0),
}


# --- small checks ----------------------------------------------------------------------------


def _text(value, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = nfc(value)
    if required and not value:
        raise ValidationError("error.required", field=field)
    if len(value) > limit:
        raise ValidationError("incentives.error.too_long", field=field, max=limit)
    return value


def _number(value, field: str, low: float, high: float, *, integer: bool = False) -> float | int | None:
    """A number typed the reader's way ("18,5"), or a number; None for blank; bounds named."""
    if isinstance(value, str):
        try:
            value = parse_number(value)
        except NumberInputError:
            raise ValidationError("error.not_a_number", field=field, value=value) from None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValidationError("error.not_a_number", field=field, value=str(value))
    if not low <= value <= high:
        raise ValidationError("incentives.error.range", field=field, value=value, low=low, high=high)
    if integer:
        if value != int(value):
            raise ValidationError("error.field_not_a_whole_number", field=field, value=value)
        return int(value)
    return float(value)


def _date(value, field: str, *, required: bool = False) -> date | None:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            value = None
        else:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise ValidationError("incentives.error.bad_date", field=field, value=value) from None
    if value is None:
        if required:
            raise ValidationError("error.required", field=field)
        return None
    if not isinstance(value, date):
        raise ValidationError("incentives.error.bad_date", field=field, value=str(value))
    return check_date(value, field)


# --- sectors ---------------------------------------------------------------------------------


def list_sectors(session: Session) -> list[dict]:
    rows = [s.model_dump() for s in session.exec(select(Sector))]
    return sorted(rows, key=lambda s: vi_sort_key(s["name_vi"]))


def save_sector(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name_vi: str,
    name_en: str = "",
    sector_id: int | None = None,
    expected_version: int | None = None,
) -> dict:
    """Add a sector to the list (or rename one, compare-and-set). Secretariat only."""
    authorize(actor, ACTION_STANDARD)
    code = _text(code, "code", required=True, limit=32)
    values = {
        "code": code,
        "name_vi": _text(name_vi, "name_vi", required=True, limit=200),
        "name_en": _text(name_en, "name_en", limit=200),
    }
    clash = session.exec(select(Sector).where(Sector.code == code)).first()
    if clash is not None and clash.id != sector_id:
        raise ValidationError("incentives.error.sector_code_taken", field="code", value=code)
    if sector_id is None:
        row = Sector(**values, updated_by=actor.username)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "sector", row.id, None, row)
        return row.model_dump()
    row = load_for_edit(session, Sector, sector_id, expected_version or 0, "sector")
    before = audit.snapshot(row)
    save_versioned(session, row, expected_version or 0, "sector", actor.username, values)
    fresh = session.get(Sector, sector_id)
    audit.record(session, actor, "update", "sector", sector_id, before, fresh)
    return fresh.model_dump() if fresh else {}


# --- incentive packages ----------------------------------------------------------------------


def _clean_package(session: Session, data: dict) -> dict:
    """The package's values checked (every field named on refusal)."""
    province = session.get(Province, data.get("province_id"))
    if province is None:
        raise ValidationError(
            "incentives.error.unknown_province", field="province_id", value=data.get("province_id")
        )
    sector = session.get(Sector, data.get("sector_id"))
    if sector is None:
        raise ValidationError(
            "incentives.error.unknown_sector", field="sector_id", value=data.get("sector_id")
        )
    out: dict = {"province_id": province.id, "sector_id": sector.id}
    for name, low, high, integer in TERMS:
        out[name] = _number(data.get(name), name, low, high, integer=integer)
    for name in TEXTS:
        out[name] = _text(data.get(name), name, limit=200 if name == "area" else MAX_TEXT)
    out["effective_from"] = _date(data.get("effective_from"), "effective_from", required=True)
    out["effective_to"] = _date(data.get("effective_to"), "effective_to")
    if out["effective_to"] is not None and out["effective_to"] < out["effective_from"]:
        raise ValidationError("incentives.error.dates", field="effective_to")
    if out["cit_reduced_years"] and out["cit_reduced_rate"] is None:
        raise ValidationError("incentives.error.rate_needed", field="cit_reduced_rate")
    if not any(out[name] is not None for name, *_ in TERMS) and not (
        out["infrastructure_support"] or out["training_support"]
    ):
        raise ValidationError("incentives.error.empty_package", field="cit_exempt_years")
    return out


def create_incentive(session: Session, actor: Actor, **data) -> dict:
    """Record a package. A representative records their own province's only."""
    authorize(actor, ACTION_EDIT, [data.get("province_id")] if data.get("province_id") else None)
    values = _clean_package(session, data)
    row = Incentive(**values, updated_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", ENTITY, row.id, None, row)
    return row.model_dump()


def update_incentive(
    session: Session, actor: Actor, incentive_id: int, *, expected_version: int, **data
) -> dict:
    """Change a package (compare-and-set). The province it belongs to and the one it is moved
    to must both be the representative's own."""
    row = session.get(Incentive, incentive_id)
    if row is None:
        raise NotFound(ENTITY, incentive_id)
    authorize(actor, ACTION_EDIT, [row.province_id])
    merged = {**row.model_dump(), **data}
    authorize(actor, ACTION_EDIT, [merged["province_id"]])
    values = _clean_package(session, merged)
    row = load_for_edit(session, Incentive, incentive_id, expected_version, ENTITY)
    before = audit.snapshot(row)
    save_versioned(session, row, expected_version, ENTITY, actor.username, values)
    fresh = session.get(Incentive, incentive_id)
    audit.record(session, actor, "update", ENTITY, incentive_id, before, fresh)
    return fresh.model_dump() if fresh else {}


def delete_incentive(session: Session, actor: Actor, incentive_id: int, *, expected_version: int) -> None:
    """Remove a package recorded by mistake (compare-and-set); the audit log keeps it."""
    from council.versioning import delete_versioned

    row = session.get(Incentive, incentive_id)
    if row is None:
        raise NotFound(ENTITY, incentive_id)
    authorize(actor, ACTION_EDIT, [row.province_id])
    before = audit.snapshot(row)
    if row.version != expected_version:
        raise StaleEdit(ENTITY, by=row.updated_by, at=row.updated_at)
    delete_versioned(session, row, expected_version, ENTITY)
    audit.record(session, actor, "delete", ENTITY, incentive_id, before, None)


def list_incentives(session: Session, region_id: int | None = None) -> list[dict]:
    """Every package (of the region's provinces), with province and sector names."""
    provinces = {p.id: p for p in session.exec(select(Province))}
    sectors = {s.id: s for s in session.exec(select(Sector))}
    out = []
    for row in session.exec(select(Incentive).order_by(col(Incentive.effective_from), col(Incentive.id))):
        p = provinces.get(row.province_id)
        if p is None or (region_id is not None and p.region_id != region_id):
            continue
        s = sectors[row.sector_id]
        out.append(
            {
                **row.model_dump(),
                "province": p.name_vi,
                "province_en": p.name_en or p.name_vi,
                "region_id": p.region_id,
                "sector_code": s.code,
                "sector": s.name_vi,
                "sector_en": s.name_en or s.name_vi,
            }
        )
    return out


# --- the regional standard -------------------------------------------------------------------


def current_standards(session: Session) -> dict[tuple[int, int], IncentiveStandard]:
    """(region id, sector id) -> the latest revision."""
    out: dict[tuple[int, int], IncentiveStandard] = {}
    for row in session.exec(select(IncentiveStandard).order_by(col(IncentiveStandard.revision))):
        out[(row.region_id, row.sector_id)] = row
    return out


def list_standards(session: Session, region_id: int | None = None, history: bool = False) -> list[dict]:
    """The current floors (or every revision with ``history``), with the sector's names."""
    sectors = {s.id: s for s in session.exec(select(Sector))}
    rows = (
        list(session.exec(select(IncentiveStandard).order_by(col(IncentiveStandard.id))))
        if history
        else list(current_standards(session).values())
    )
    out = []
    for row in rows:
        if region_id is not None and row.region_id != region_id:
            continue
        s = sectors[row.sector_id]
        out.append({**row.model_dump(), "sector": s.name_vi, "sector_en": s.name_en or s.name_vi})
    return sorted(out, key=lambda r: (vi_sort_key(r["sector"]), r["revision"]))


def set_standard(
    session: Session,
    actor: Actor,
    *,
    region_id: int,
    sector_id: int,
    expected_revision: int = 0,
    decision_ref: str = "",
    decided_on: date | str | None = None,
    note: str = "",
    **terms,
) -> dict:
    """Set the region's floor for a sector: a new revision (``expected_revision`` is the one the
    form showed, 0 for none; another in between refuses it). Secretariat only."""
    authorize(actor, ACTION_STANDARD)
    if session.get(Region, region_id) is None:
        raise NotFound("region", region_id)
    if session.get(Sector, sector_id) is None:
        raise NotFound("sector", sector_id)
    values = {name: _number(terms.get(name), name, low, high) for name, low, high in STANDARD_TERMS}
    unknown = set(terms) - {n for n, *_ in STANDARD_TERMS}
    if unknown:
        raise ValidationError("incentives.error.unknown_field", field=sorted(unknown)[0])
    if all(v is None for v in values.values()):
        raise ValidationError("incentives.error.empty_standard", field="max_cit_exempt_years")
    current = current_standards(session).get((region_id, sector_id))
    have = current.revision if current else 0
    if have != expected_revision:
        raise StaleEdit(
            "incentive_standard", by=current.set_by if current else "?", at=current.set_at if current else ""
        )
    row = IncentiveStandard(
        region_id=region_id,
        sector_id=sector_id,
        revision=have + 1,
        decision_ref=_text(decision_ref, "decision_ref", limit=500),
        decided_on=_date(decided_on, "decided_on"),
        note=_text(note, "note"),
        set_by=actor.username,
        **values,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same revision saved at the same moment
        raise StaleEdit("incentive_standard", by="?", at="") from None
    audit.record(session, actor, "create", "incentive_standard", row.id, audit.snapshot(current), row)
    return row.model_dump()


# --- the regional plan's sector assignments --------------------------------------------------


def list_assignments(session: Session, region_id: int | None = None) -> list[dict]:
    provinces = {p.id: p for p in session.exec(select(Province))}
    sectors = {s.id: s for s in session.exec(select(Sector))}
    out = []
    for row in session.exec(select(SectorAssignment).order_by(col(SectorAssignment.id))):
        if region_id is not None and row.region_id != region_id:
            continue
        out.append(
            {
                **row.model_dump(),
                "province": provinces[row.province_id].name_vi,
                "sector": sectors[row.sector_id].name_vi,
            }
        )
    return out


def assign_sector(
    session: Session,
    actor: Actor,
    *,
    region_id: int,
    sector_id: int,
    province_ids: list[int],
    source: str = "",
) -> list[dict]:
    """Record that the regional plan lists ``sector`` for these provinces of the region."""
    authorize(actor, ACTION_STANDARD)
    if session.get(Sector, sector_id) is None:
        raise NotFound("sector", sector_id)
    if not province_ids:
        raise ValidationError("error.required", field="province_ids")
    source = _text(source, "source", limit=500)
    out = []
    for pid in dict.fromkeys(province_ids):
        p = session.get(Province, pid)
        if p is None or p.region_id != region_id:
            raise ValidationError("incentives.error.not_in_region", field="province_ids", value=pid)
        exists = session.exec(
            select(SectorAssignment).where(
                SectorAssignment.region_id == region_id,
                SectorAssignment.sector_id == sector_id,
                SectorAssignment.province_id == pid,
            )
        ).first()
        if exists is not None:
            continue
        row = SectorAssignment(
            region_id=region_id,
            sector_id=sector_id,
            province_id=pid,
            source=source,
            created_by=actor.username,
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "sector_assignment", row.id, None, row)
        out.append(row.model_dump())
    return out


def remove_assignment(session: Session, actor: Actor, assignment_id: int) -> None:
    authorize(actor, ACTION_STANDARD)
    row = session.get(SectorAssignment, assignment_id)
    if row is None:
        raise NotFound("sector_assignment", assignment_id)
    before = audit.snapshot(row)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "delete", "sector_assignment", assignment_id, before, None)


# --- settings --------------------------------------------------------------------------------


def settings(session: Session) -> dict[str, float]:
    """The monitor's settings, defaults where none is saved."""
    out = {k: v[0] for k, v in SETTINGS.items()}
    for row in session.exec(select(IncentiveSetting)):
        if row.key in out:
            try:
                out[row.key] = float(row.value)
            except ValueError:
                pass
    return out


def set_setting(session: Session, actor: Actor, key: str, value) -> float:
    """Change a setting of the monitor (secretariat). Bounds in SETTINGS."""
    authorize(actor, ACTION_STANDARD)
    if key not in SETTINGS:
        raise ValidationError("incentives.error.unknown_field", field=key)
    _, low, high = SETTINGS[key]
    number = _number(value, key, low, high)
    if number is None:
        raise ValidationError("error.required", field=key)
    row = session.get(IncentiveSetting, key)
    before = audit.snapshot(row)
    if row is None:
        row = IncentiveSetting(key=key, value=repr(number))
    row.value, row.updated_at, row.updated_by = repr(number), utcnow(), actor.username
    session.add(row)
    session.flush()
    audit.record(session, actor, "update" if before else "create", "incentive_setting", key, before, row)
    return number


# --- Excel import and export -----------------------------------------------------------------

COLUMNS = (
    "id",
    "province",
    "sector",
    "area",
    "cit_exempt_years",
    "cit_reduced_rate",
    "cit_reduced_years",
    "land_exempt_years",
    "land_rent_price",
    "infrastructure_support",
    "training_support",
    "processing_days",
    "legal_basis",
    "effective_from",
    "effective_to",
    "source_url",
    "note",
)
REQUIRED_COLUMNS = ("province", "sector", "effective_from")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def export_frame(rows: list[dict]) -> pd.DataFrame:
    """Packages in the import layout (province names, sector codes), so an export imports back."""
    out = []
    for r in rows:
        out.append(
            {
                "id": r["id"],
                "province": r["province"],
                "sector": r["sector_code"],
                **{c: r[c] for c in COLUMNS if c not in ("id", "province", "sector")},
            }
        )
    return pd.DataFrame(out, columns=list(COLUMNS))


def export_excel(session: Session, region_id: int | None = None) -> bytes:
    return to_excel({"incentives": export_frame(list_incentives(session, region_id))})


def template_excel(lang: str = "vi") -> bytes:
    help_rows = [
        {
            "column": c,
            "required": "x" if c in REQUIRED_COLUMNS else "",
            "meaning": t(f"incentives.col.{c}", lang),
        }
        for c in COLUMNS
    ]
    return to_excel({"incentives": pd.DataFrame(columns=list(COLUMNS)), "help": pd.DataFrame(help_rows)})


def _import_date(text: str, n: int, name: str, errors: list[RowError]) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        m = _DMY.fullmatch(text)
        value = date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(text[:10])
        return check_date(value, name, n)
    except ValueError:
        errors.append(RowError(n, name, "incentives.error.bad_date", {"value": text}))
    except ValidationError as exc:
        errors.append(RowError(n, name, exc.key, exc.params))
    return None


def _import_number(text: str, n: int, name: str, errors: list[RowError], low: float, high: float):
    """A cell read the Vietnamese way first ("20.000" is twenty thousand, "18,5" is 18.5)."""
    try:
        value = parse_number(text)
    except NumberInputError:
        errors.append(RowError(n, name, "error.not_a_number", {"value": text}))
        return None
    if value is not None and not low <= value <= high:
        errors.append(RowError(n, name, "incentives.error.range", {"value": text, "low": low, "high": high}))
        return None
    return value


@dataclass
class _Row:
    row: int
    values: dict
    target: Incentive | None


def import_incentives(session: Session, actor: Actor, data: bytes, filename: str) -> dict:
    """Create (blank ``id``) or update (``id`` of a package, its version as read now) packages
    from an Excel or CSV file. The whole file is checked first: any bad row refuses it whole with
    every bad row and field named (ImportRejected), nothing written. A representative's rows of
    another province are refused by row, and the refusal is logged."""
    authorize(actor, ACTION_EDIT, [actor.province_id] if actor.province_id else None)
    rows = read_table(data, filename)
    require_columns(rows, REQUIRED_COLUMNS)
    provinces: dict[str, Province] = {}
    for p in session.exec(select(Province)):
        provinces[fold(p.name_vi)] = p
        provinces[fold(p.code)] = p
        if p.name_en:
            provinces[fold(p.name_en)] = p
    sectors: dict[str, Sector] = {}
    for s in session.exec(select(Sector)):
        sectors[fold(s.code)] = s
        sectors[fold(s.name_vi)] = s
    errors: list[RowError] = []
    foreign: set[str] = set()
    plan: list[_Row] = []
    for r in rows:
        n = r["__row__"]
        before = len(errors)
        prov = provinces.get(fold(r.get("province", "")))
        if prov is None:
            errors.append(
                RowError(n, "province", "error.unknown_province", {"province": r.get("province", "")})
            )
        elif not can(actor, ACTION_EDIT, [prov.id]):
            errors.append(
                RowError(n, "province", "incentives.error.not_your_province", {"province": prov.name_vi})
            )
            foreign.add(prov.name_vi)
        sector = sectors.get(fold(r.get("sector", "")))
        if sector is None:
            errors.append(
                RowError(n, "sector", "incentives.error.unknown_sector", {"value": r.get("sector", "")})
            )
        target = None
        ident = (r.get("id") or "").strip()
        if ident:
            target = session.get(Incentive, int(ident)) if ident.isdigit() else None
            if target is None:
                errors.append(RowError(n, "id", "incentives.error.unknown_id", {"value": ident}))
            elif not can(actor, ACTION_EDIT, [target.province_id]):
                name = session.get(Province, target.province_id).name_vi
                errors.append(
                    RowError(n, "province", "incentives.error.not_your_province", {"province": name})
                )
                foreign.add(name)
        values: dict = {}
        for name, low, high, integer in TERMS:
            values[name] = _import_number(r.get(name, ""), n, name, errors, low, high)
            if integer and values[name] is not None:
                if values[name] != int(values[name]):
                    errors.append(
                        RowError(n, name, "error.field_not_a_whole_number", {"field": name, "value": r[name]})
                    )
                values[name] = int(values[name])
        values["effective_from"] = _import_date(r.get("effective_from", ""), n, "effective_from", errors)
        if values["effective_from"] is None and not any(
            e.row == n and e.field == "effective_from" for e in errors
        ):
            errors.append(RowError(n, "effective_from", "error.required", {"field": "effective_from"}))
        values["effective_to"] = _import_date(r.get("effective_to", ""), n, "effective_to", errors)
        for name in TEXTS:
            values[name] = r.get(name, "")
        if len(errors) > before:
            continue
        values["province_id"], values["sector_id"] = prov.id, sector.id
        try:
            values = _clean_package(session, values)
        except ValidationError as exc:
            errors.append(RowError(n, exc.field or "?", exc.key, exc.params))
            continue
        plan.append(_Row(n, values, target))
    if errors:
        raise ImportRejected(
            sorted(errors, key=lambda e: e.row),
            refusal=PermissionDenied(ACTION_EDIT, actor.username, provinces=", ".join(sorted(foreign)))
            if foreign
            else None,
        )
    created = updated = unchanged = 0
    for item in plan:
        if item.target is None:
            row = Incentive(**item.values, updated_by=actor.username)
            session.add(row)
            session.flush()
            audit.record(session, actor, "create", ENTITY, row.id, None, row, note="import")
            created += 1
            continue
        current = item.target.model_dump()
        if all(current[k] == v for k, v in item.values.items()):
            unchanged += 1
            continue
        before_row = audit.snapshot(item.target)
        version = item.target.version
        save_versioned(session, item.target, version, ENTITY, actor.username, item.values)
        audit.record(
            session,
            actor,
            "update",
            ENTITY,
            item.target.id,
            before_row,
            session.get(Incentive, current["id"]),
            note="import",
        )
        updated += 1
    counts = {"created": created, "updated": updated, "unchanged": unchanged}
    audit.record(session, actor, "import", ENTITY, "", None, counts, note=filename)
    return counts

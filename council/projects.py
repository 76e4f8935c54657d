"""The project register: list and filters, detail, create / edit with validation,
proposals by representatives, the status workflow, cost shares and their acceptance,
funding lines, milestones, the late flag, import / export and the dashboard figures.

Every write checks permission first, validates, writes, and records the change in
the audit log under entity ``project`` and the project's id, in one transaction.
Pages get plain dicts, never ORM objects.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import String, func, type_coerce
from sqlmodel import Session, col, select

from council import audit, bounds, costshare
from council.auth import Actor, authorize
from council.errors import NotFound, ValidationError
from council.i18n import t
from council.io import ImportRejected, RowError, parse_float, require_columns
from council.models import (
    FUNDING_SOURCES,
    PARTICIPANT_ROLES,
    PROJECT_STATUSES,
    PROJECT_TYPES,
    AuditEntry,
    Conflict,
    ConflictProject,
    FundingLine,
    Milestone,
    Project,
    ProjectProvince,
    Province,
    utcnow,
)
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import load_for_edit, lock_version, save_versioned

ENTITY = "project"
SHARE_TOLERANCE = 0.01  # cost shares must add up to 100 % within this many points
LATE_TOLERANCE_PCT = 10.0  # physical progress may trail the linear schedule by this many points
ACTIVE_STATUSES = ("proposed", "approved", "under_construction")
# The workflow. "suspended" goes back to the status it was suspended from (see _allowed_from).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("approved", "rejected", "suspended"),
    "approved": ("under_construction", "suspended"),
    "under_construction": ("completed", "suspended"),
    "suspended": ACTIVE_STATUSES,
    "completed": (),
    "rejected": (),
}
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$")


# --- input --------------------------------------------------------------------------


@dataclass
class Participant:
    province_id: int
    role: str = "partner"
    cost_share_pct: float | None = None
    length_km: float | None = None


@dataclass
class ProjectInput:
    """What the create / edit form and an import row carry. ``status`` is used on create
    only (edits change status through :func:`transition`)."""

    code: str
    name_vi: str
    name_en: str = ""
    type: str = "other"
    status: str = "proposed"
    length_km: float | None = None
    total_investment: float | None = None
    investment_note: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    progress_physical: float = 0
    progress_disbursed: float = 0
    status_note: str = ""
    source_url: str = ""
    # False for works that were inter-provincial only before the 1/7/2025 mergers (now inside one
    # province): they stay on the register with a single province.
    cross_province_after_2025: bool = True
    participants: list[Participant] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> ProjectInput:
        data = dict(data)
        data["participants"] = [
            p if isinstance(p, Participant) else Participant(**p) for p in data.get("participants", [])
        ]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def project_values(self) -> dict:
        return {
            "code": nfc(self.code),
            "name_vi": nfc(self.name_vi),
            "name_en": nfc(self.name_en),
            "type": self.type,
            "length_km": self.length_km,
            "total_investment": self.total_investment,
            "investment_note": nfc(self.investment_note),
            "planned_start": self.planned_start,
            "planned_end": self.planned_end,
            "actual_start": self.actual_start,
            "actual_end": self.actual_end,
            "progress_physical": float(self.progress_physical or 0),
            "progress_disbursed": float(self.progress_disbursed or 0),
            "status_note": nfc(self.status_note),
            "source_url": nfc(self.source_url),
            "cross_province_after_2025": bool(self.cross_province_after_2025),
        }


Problem = tuple[str, str, dict]  # (field, message key, params)


@dataclass
class Known:
    """What an import looks up once instead of once per row: project ids by code, province ids."""

    codes: dict[str, int]
    province_ids: set[int]


WEB_SCHEMES = ("http://", "https://")


def problems(
    session: Session, data: ProjectInput, project_id: int | None = None, known: Known | None = None
) -> list[Problem]:
    """Every rule the input breaks, in form order; empty when it may be saved."""
    out: list[Problem] = []
    code = nfc(data.code)
    if not code:
        out.append(("code", "projects.error.required", {}))
    elif not _CODE.match(code):
        out.append(("code", "projects.error.code_format", {"value": code}))
    else:
        other = (
            known.codes.get(code)
            if known
            else session.exec(select(Project.id).where(Project.code == code)).first()
        )
        if other is not None and other != project_id:
            out.append(("code", "projects.error.code_taken", {"value": code}))
    if not nfc(data.name_vi):
        out.append(("name_vi", "projects.error.required", {}))
    if data.type not in PROJECT_TYPES:
        out.append(("type", "projects.error.bad_code", {"value": data.type}))
    if data.status not in PROJECT_STATUSES:
        out.append(("status", "projects.error.bad_code", {"value": data.status}))
    for name in ("total_investment", "length_km"):
        value = getattr(data, name)
        if value is not None and not bounds.is_finite(value):
            out.append((name, "error.not_finite", {"value": str(value)}))
        elif value is not None and value < 0:
            out.append((name, "projects.error.negative", {"value": value}))
    for name in ("progress_physical", "progress_disbursed"):
        value = getattr(data, name)
        if value is None or not bounds.is_finite(value) or not 0 <= value <= 100:
            out.append((name, "projects.error.progress_range", {"value": value}))
    # Sources are shown as links: only web addresses, never javascript:, data: or a file path.
    for address in (u.strip() for u in nfc(data.source_url).split(" ; ")):
        if address and not address.lower().startswith(WEB_SCHEMES):
            out.append(("source_url", "projects.error.url", {"value": address[:80]}))
            break
    for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
        value = getattr(data, name)
        if value is not None and not bounds.date_in_range(value):
            out.append(
                (
                    name,
                    "error.date_out_of_range",
                    {"value": value.isoformat(), "first": bounds.DATE_MIN.year, "last": bounds.DATE_MAX.year},
                )
            )
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        a, b = getattr(data, start), getattr(data, end)
        if a is not None and b is not None and b < a:
            out.append(
                (end, "projects.error.end_before_start", {"start": a.isoformat(), "end": b.isoformat()})
            )
    out.extend(
        participant_problems(
            session,
            data.participants,
            2 if data.cross_province_after_2025 else 1,
            known.province_ids if known else None,
        )
    )
    return out


def participant_problems(
    session: Session, participants: list[Participant], minimum: int = 2, province_ids: set[int] | None = None
) -> list[Problem]:
    out: list[Problem] = []
    ids = [p.province_id for p in participants]
    if len(set(ids)) < minimum:
        out.append(("provinces", "projects.error.two_provinces", {"minimum": minimum}))
    if len(set(ids)) != len(ids):
        out.append(("provinces", "projects.error.duplicate_province", {}))
    if province_ids is not None:
        known = province_ids
    else:
        known = (
            set(session.exec(select(Province.id).where(col(Province.id).in_(ids))).all()) if ids else set()
        )
    for pid in ids:
        if pid not in known:
            out.append(("provinces", "projects.error.unknown_province", {"value": pid}))
    for p in participants:
        if p.role not in PARTICIPANT_ROLES:
            out.append(("role", "projects.error.bad_code", {"value": p.role}))
        if p.length_km is not None and p.length_km < 0:
            out.append(("length_km", "projects.error.negative", {"value": p.length_km}))
        if p.cost_share_pct is not None and not 0 <= p.cost_share_pct <= 100:
            out.append(("cost_share_pct", "projects.error.share_range", {"value": p.cost_share_pct}))
    if sum(1 for p in participants if p.role == "lead") > 1:
        out.append(("role", "projects.error.one_lead", {}))
    shares = [p.cost_share_pct for p in participants]
    given = [s for s in shares if s is not None]
    if given and len(given) != len(shares):
        out.append(("cost_share_pct", "projects.error.shares_partial", {}))
    elif given and abs(sum(given) - 100) > SHARE_TOLERANCE + 1e-9:  # 1e-9: float noise
        out.append(("cost_share_pct", "projects.error.shares_sum", {"total": round(sum(given), 4)}))
    return out


def share_balance(shares: Iterable[float | None]) -> tuple[float, float] | None:
    """The running total of the cost shares typed so far and what is left to 100 % (negative:
    over 100 %); None when none is typed yet."""
    given = [s for s in shares if s is not None]
    if not given:
        return None
    total = round(sum(given), 4)
    return total, round(100 - total, 4)


def _raise_first(found: list[Problem]) -> None:
    if found:
        field_name, key, params = found[0]
        raise ValidationError(key, field=field_name, **params)


# --- reading --------------------------------------------------------------------------


def late_reason(project: Project | dict, today: date | None = None) -> str:
    """'' when on time; 'overdue' when the planned end has passed and the project is not
    completed; 'behind' when reported physical progress trails the linear schedule between
    planned start and end by more than LATE_TOLERANCE_PCT points. 0 % counts as not yet
    reported (the seeded sources give no progress), so the schedule test starts with the
    first reported figure."""
    get = project.get if isinstance(project, dict) else (lambda k: getattr(project, k))
    today = today or date.today()
    status, start, end = get("status"), get("planned_start"), get("planned_end")
    if status in ("completed", "rejected"):
        return ""
    if end is not None and end < today:
        return "overdue"
    progress = get("progress_physical") or 0
    if start is not None and end is not None and end > start and start <= today and progress > 0:
        expected = min(100.0, 100.0 * (today - start).days / (end - start).days)
        if progress < expected - LATE_TOLERANCE_PCT:
            return "behind"
    return ""


def expected_progress(
    planned_start: date | None, planned_end: date | None, today: date | None = None
) -> float | None:
    if planned_start is None or planned_end is None or planned_end <= planned_start:
        return None
    today = today or date.today()
    return max(0.0, min(100.0, 100.0 * (today - planned_start).days / (planned_end - planned_start).days))


def _participants_by_project(session: Session, project_ids: list[int] | None = None) -> dict[int, list[dict]]:
    # Columns, not ORM objects: the register reads thousands of rows on every rerun.
    q = select(
        ProjectProvince.project_id,
        Province.id,
        Province.name_vi,
        Province.name_en,
        Province.region_id,
        Province.lat,
        Province.lon,
        ProjectProvince.role,
        ProjectProvince.cost_share_pct,
        ProjectProvince.length_km,
        ProjectProvince.accepted_at,
        Province.code,
    ).join(Province, Province.id == ProjectProvince.province_id)
    if project_ids is not None:
        q = q.where(col(ProjectProvince.project_id).in_(project_ids))
    out: dict[int, list[dict]] = defaultdict(list)
    keys = (
        "province_id",
        "name_vi",
        "name_en",
        "region_id",
        "lat",
        "lon",
        "role",
        "cost_share_pct",
        "length_km",
        "accepted_at",
        "code",
    )
    for project_id, *values in session.exec(q):
        out[project_id].append(dict(zip(keys, values, strict=True)))
    for rows in out.values():
        rows.sort(
            key=lambda r: (
                PARTICIPANT_ROLES.index(r["role"]) if r["role"] in PARTICIPANT_ROLES else 9,
                vi_sort_key(r["name_vi"]),
            )
        )
    return out


def _funding_by_project(session: Session, project_ids: list[int] | None = None) -> dict[int, list[dict]]:
    q = select(*FundingLine.__table__.columns).order_by(col(FundingLine.year), col(FundingLine.id))
    if project_ids is not None:
        q = q.where(col(FundingLine.project_id).in_(project_ids))
    out: dict[int, list[dict]] = defaultdict(list)
    for line in session.exec(q).mappings():
        out[line["project_id"]].append(dict(line))
    return out


def _years(row: dict) -> tuple[int, int] | None:
    start, end = row["planned_start"], row["planned_end"]
    if start is None and end is None:
        return None
    return (start or end).year, (end or start).year


@dataclass
class ProjectFilter:
    """What the list can be narrowed by. ``region_id``: projects whose participants are all
    in that region, plus, with ``include_interregional``, those with at least one there."""

    region_id: int | None = None
    include_interregional: bool = False
    province_ids: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    late_only: bool = False
    search: str = ""


def list_projects(
    session: Session, flt: ProjectFilter | None = None, today: date | None = None
) -> list[dict]:
    """Rows of the register, filtered, sorted by code. Each row carries its participants,
    lead province, funding sources, region flags and late reason."""
    flt = flt or ProjectFilter()
    today = today or date.today()
    projects = session.exec(select(*Project.__table__.columns).order_by(col(Project.code))).mappings().all()
    parts = _participants_by_project(session)
    funding = _funding_by_project(session)
    needle = fold(nfc(flt.search))
    rows = []
    for p in projects:
        row = dict(p)
        members = parts.get(row["id"], [])
        regions = {m["region_id"] for m in members}
        row["participants"] = members
        row["province_ids"] = [m["province_id"] for m in members]
        row["lead"] = next((m for m in members if m["role"] == "lead"), None)
        row["interregional"] = len(regions) > 1
        row["region_ids"] = sorted(regions)
        row["funding_lines"] = funding.get(row["id"], [])
        row["funding_sources"] = sorted(
            {f["source"] for f in row["funding_lines"]}, key=FUNDING_SOURCES.index
        )
        row["has_shares"] = bool(members) and all(m["cost_share_pct"] is not None for m in members)
        row["late"] = late_reason(row, today)
        if _keep(row, regions, flt, needle):
            rows.append(row)
    return rows


def count_projects(session: Session, flt: ProjectFilter | None = None, today: date | None = None) -> int:
    """How many rows ``list_projects`` gives for ``flt``: a cached count is one number to copy on
    every rerun, not the register's thousands of rows."""
    return len(list_projects(session, flt, today))


def _keep(row: dict, regions: set[int], flt: ProjectFilter, needle: str) -> bool:
    if flt.region_id is not None:
        if flt.region_id not in regions:
            return False
        if row["interregional"] and not flt.include_interregional:
            return False
    if flt.province_ids and not set(flt.province_ids) & set(row["province_ids"]):
        return False
    if flt.types and row["type"] not in flt.types:
        return False
    if flt.statuses and row["status"] not in flt.statuses:
        return False
    if flt.funding and not set(flt.funding) & set(row["funding_sources"]):
        return False
    if flt.year_from is not None or flt.year_to is not None:
        span = _years(row)
        if span is None:
            return False
        if flt.year_from is not None and span[1] < flt.year_from:
            return False
        if flt.year_to is not None and span[0] > flt.year_to:
            return False
    if flt.late_only and not row["late"]:
        return False
    if (
        needle
        and needle not in fold(row["name_vi"])
        and needle not in fold(row["name_en"])
        and needle not in fold(row["code"])
    ):
        return False
    return True


def project_detail(session: Session, project_id: int, today: date | None = None) -> dict:
    """Everything about one project: fields, participants, funding, milestones, linked
    conflicts, late reason, acceptance of the split and the change history."""
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(ENTITY, project_id)
    row = project.model_dump()
    row["participants"] = _participants_by_project(session, [project_id]).get(project_id, [])
    row["lead"] = next((m for m in row["participants"] if m["role"] == "lead"), None)
    row["has_shares"] = bool(row["participants"]) and all(
        m["cost_share_pct"] is not None for m in row["participants"]
    )
    row["funding_lines"] = _funding_by_project(session, [project_id]).get(project_id, [])
    row["milestones"] = [
        m.model_dump()
        for m in session.exec(
            select(Milestone)
            .where(Milestone.project_id == project_id)
            .order_by(col(Milestone.due_date), col(Milestone.id))
        )
    ]
    row["conflicts"] = [
        c.model_dump()
        for c in session.exec(
            select(Conflict)
            .join(ConflictProject, ConflictProject.conflict_id == Conflict.id)
            .where(ConflictProject.project_id == project_id)
            .order_by(col(Conflict.code))
        )
    ]
    row["late"] = late_reason(project, today)
    row["expected_progress"] = expected_progress(project.planned_start, project.planned_end, today)
    row["allowed_transitions"] = allowed_transitions(session, project)
    row["history"] = audit.list_entries(session, entity=ENTITY, entity_id=str(project_id), limit=200)
    return row


def project_choices(session: Session) -> list[dict]:
    """Every project's id, code and name, by code: what a picker needs, without the register's work."""
    return [
        {"id": i, "code": code, "name_vi": name}
        for i, code, name in session.exec(
            select(Project.id, Project.code, Project.name_vi).order_by(col(Project.code))
        )
    ]


def province_choices(session: Session) -> list[dict]:
    rows = [
        {"id": p.id, "name_vi": p.name_vi, "name_en": p.name_en, "region_id": p.region_id}
        for p in session.exec(select(Province))
    ]
    return sorted(rows, key=lambda r: vi_sort_key(r["name_vi"]))


# --- writing --------------------------------------------------------------------------


def _audit(
    session: Session, actor: Actor, action: str, project_id: int, before, after, note: str = ""
) -> None:
    audit.record(session, actor, action, ENTITY, project_id, before, after, note=note)


def _full_snapshot(session: Session, project: Project) -> dict:
    snap = audit.snapshot(project)
    snap["participants"] = [
        {k: v for k, v in pp.model_dump().items() if k not in ("id", "project_id")}
        for pp in session.exec(
            select(ProjectProvince)
            .where(ProjectProvince.project_id == project.id)
            .order_by(col(ProjectProvince.province_id))
        )
    ]
    return snap


def _write_participants(session: Session, project_id: int, participants: list[Participant]) -> None:
    """Replace the participants, keeping a province's acceptance only while its share is unchanged."""
    existing = {
        pp.province_id: pp
        for pp in session.exec(select(ProjectProvince).where(ProjectProvince.project_id == project_id))
    }
    wanted = {p.province_id for p in participants}
    for pid, pp in existing.items():
        if pid not in wanted:
            session.delete(pp)
    shares_changed = (
        any(
            (
                existing.get(p.province_id) is None
                or existing[p.province_id].cost_share_pct != p.cost_share_pct
            )
            for p in participants
        )
        or set(existing) != wanted
    )
    for p in participants:
        pp = existing.get(p.province_id) or ProjectProvince(project_id=project_id, province_id=p.province_id)
        pp.role, pp.cost_share_pct, pp.length_km = p.role, p.cost_share_pct, p.length_km
        if shares_changed:
            # A new split (or a new set of provinces) must be accepted again by everyone.
            pp.accepted_at = None
        session.add(pp)
    session.flush()


def create_project(session: Session, actor: Actor, data: ProjectInput | dict) -> dict:
    """Secretariat: a new project in any status (to record existing works)."""
    authorize(actor, "project.edit")
    data = data if isinstance(data, ProjectInput) else ProjectInput.from_dict(data)
    return _insert(session, actor, data, proposed_by=None)


def propose_project(session: Session, actor: Actor, data: ProjectInput | dict) -> dict:
    """A representative proposes a project that involves their own province; it starts
    as 'proposed' and the secretariat approves or rejects it through the workflow."""
    data = data if isinstance(data, ProjectInput) else ProjectInput.from_dict(data)
    authorize(actor, "project.propose", [p.province_id for p in data.participants])
    data.status = "proposed"
    return _insert(session, actor, data, proposed_by=actor.id)


def _insert(session: Session, actor: Actor, data: ProjectInput, proposed_by: int | None) -> dict:
    _raise_first(problems(session, data))
    project = _insert_checked(session, actor, [data], proposed_by)[0]
    return {"id": project.id, "code": project.code, "version": project.version}


def _insert_checked(
    session: Session, actor: Actor, items: list[ProjectInput], proposed_by: int | None = None
) -> list[Project]:
    """Insert projects that passed ``problems`` in this transaction, with their participants and a
    'create' audit entry each, in batched statements (an import lands thousands at once)."""
    today = date.today()
    made = [
        Project(
            **d.project_values(),
            status=d.status,
            status_date=today,
            proposed_by_id=proposed_by,
            updated_by=actor.username,
        )
        for d in items
    ]
    session.add_all(made)
    session.flush()
    groups = [
        [
            ProjectProvince(
                project_id=project.id,
                province_id=p.province_id,
                role=p.role,
                cost_share_pct=p.cost_share_pct,
                length_km=p.length_km,
            )
            for p in d.participants
        ]
        for project, d in zip(made, items, strict=True)
    ]
    session.add_all([pp for group in groups for pp in group])
    session.flush()
    for project, group in zip(made, groups, strict=True):
        snap = audit.snapshot(project)
        snap["participants"] = [
            {k: v for k, v in pp.model_dump().items() if k not in ("id", "project_id")}
            for pp in sorted(group, key=lambda pp: pp.province_id)
        ]
        _audit(session, actor, "create", project.id, None, snap)
    return made


@dataclass
class _NewRows:
    """New projects of an import prepared outside the write lock: column values, participants,
    and each audit entry's JSON (all but the id, which only the insert gives)."""

    rows: list[dict]
    members: list[list[dict]]
    after_json: list[str]
    # SQLite: the same values already converted for the driver (what SQLAlchemy would do per
    # parameter at execute time), so the write transaction only runs executemany.
    driver: dict | None = None


def _driver_values(dialect, table, columns: list[str], rows: list[dict]) -> list[tuple]:
    """Rows as tuples of driver-ready values: each column's own bind processing (dates to text on
    SQLite, UTC for time stamps), done here once instead of inside the write transaction."""
    procs = [table.c[c].type._cached_bind_processor(dialect) for c in columns]
    return [tuple(p(r[c]) if p else r[c] for c, p in zip(columns, procs, strict=True)) for r in rows]


def _insert_sql(dialect, table, columns: list[str]) -> str:
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )


def _prepare_new(actor: Actor, items: list[ProjectInput], dialect=None) -> _NewRows:
    if not items:
        return _NewRows([], [], [])
    today = date.today()
    # The columns' Python-side defaults (created_at, version ...), from one instance built once.
    defaults = Project(
        **items[0].project_values(), status=items[0].status, status_date=today, updated_by=actor.username
    ).model_dump(exclude={"id"})
    rows, members, after = [], [], []
    for d in items:
        row = {
            **defaults,
            **d.project_values(),
            "status": d.status,
            "status_date": today,
            "proposed_by_id": None,
            "updated_by": actor.username,
        }
        bounds.check_values("project", row)
        group = [
            {
                "province_id": p.province_id,
                "role": p.role,
                "cost_share_pct": p.cost_share_pct,
                "length_km": p.length_km,
                "accepted_at": None,
            }
            for p in d.participants
        ]
        snap = {**row, "participants": sorted(group, key=lambda m: m["province_id"])}
        rows.append(row)
        members.append(group)
        after.append(audit.dumps(audit.snapshot(snap)))
    prepared = _NewRows(rows, members, after)
    if dialect is not None and dialect.name == "sqlite":
        p_cols = list(rows[0])
        m_cols = ["province_id", "role", "cost_share_pct", "length_km", "accepted_at"]
        pp = ProjectProvince.__table__
        prepared.driver = {
            "project_sql": _insert_sql(dialect, Project.__table__, ["id", *p_cols]),
            "project_rows": _driver_values(dialect, Project.__table__, p_cols, rows),
            "member_sql": _insert_sql(dialect, pp, ["project_id", *m_cols]),
            "member_rows": [_driver_values(dialect, pp, m_cols, group) for group in members],
        }
    return prepared


def _bulk_insert_checked(session: Session, actor: Actor, new: _NewRows) -> int:
    """What ``_insert_checked`` does for one project, for thousands (an import), in a few
    batched Core statements on values prepared beforehand (``_prepare_new``). On SQLite, which
    this transaction holds the write lock of, the ids are given here (no RETURNING round trips);
    on PostgreSQL they come back from the insert."""
    from sqlalchemy import func, insert

    if not new.rows:
        return 0
    conn = session.connection()  # Core statements: no ORM bookkeeping for rows nobody loads
    table = Project.__table__
    if conn.dialect.name == "sqlite" and new.driver is not None:
        d = new.driver
        first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(new.rows)))
        conn.exec_driver_sql(d["project_sql"], [(i, *t) for i, t in zip(ids, d["project_rows"], strict=True)])
        conn.exec_driver_sql(
            d["member_sql"],
            [(i, *t) for i, group in zip(ids, d["member_rows"], strict=True) for t in group],
        )
    else:
        if conn.dialect.name == "sqlite":
            first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            ids = list(range(first, first + len(new.rows)))
            conn.execute(insert(table), [{"id": i, **row} for i, row in zip(ids, new.rows, strict=True)])
        else:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = conn.execute(statement, new.rows).scalars().all()
        conn.execute(
            insert(ProjectProvince.__table__),
            [{"project_id": i, **m} for i, group in zip(ids, new.members, strict=True) for m in group],
        )
    now = utcnow()
    actor_id, actor_name = getattr(actor, "id", None), actor.username
    if new.driver is not None and conn.dialect.name == "sqlite":
        audit_table = AuditEntry.__table__
        columns = ["at", "actor_id", "actor_name", "action", "entity", "entity_id", "before", "after", "note"]
        (at,) = _driver_values(conn.dialect, audit_table, ["at"], [{"at": now}])[0]
        conn.exec_driver_sql(
            _insert_sql(conn.dialect, audit_table, columns),
            [
                (at, actor_id, actor_name, "create", ENTITY, str(i), None, f'{{"id": {i}, {body[1:]}', "")
                for i, body in zip(ids, new.after_json, strict=True)
            ],
        )
        return len(ids)
    conn.execute(
        insert(AuditEntry.__table__),
        [
            {
                "at": now,
                "actor_id": actor_id,
                "actor_name": actor_name,
                "action": "create",
                "entity": ENTITY,
                "entity_id": str(i),
                "before": None,
                "after": f'{{"id": {i}, {body[1:]}',
                "note": "",
            }
            for i, body in zip(ids, new.after_json, strict=True)
        ],
    )
    return len(ids)


def update_project(
    session: Session, actor: Actor, project_id: int, expected_version: int, data: ProjectInput | dict
) -> dict:
    """Edit fields and participants. Refused with StaleEdit if the project changed since
    ``expected_version`` was read; the status is not changed here (see transition)."""
    authorize(actor, "project.edit")
    data = data if isinstance(data, ProjectInput) else ProjectInput.from_dict(data)
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    data.status = project.status
    _raise_first(problems(session, data, project_id))
    return _apply_update(session, actor, project, expected_version, data)


def _apply_update(
    session: Session,
    actor: Actor,
    project: Project,
    expected_version: int,
    data: ProjectInput,
    note: str = "",
) -> dict:
    before = _full_snapshot(session, project)
    values = data.project_values()
    if data.status != project.status:
        # A status recorded in the app: its source is the app (and its audit entry), confirmed.
        values.update(status=data.status, status_date=date.today(), status_source="", status_scheduled=False)
    save_versioned(session, project, expected_version, ENTITY, actor.username, values)
    _write_participants(session, project.id, data.participants)
    project = session.get(Project, project.id)
    _audit(session, actor, "update", project.id, before, _full_snapshot(session, project), note)
    return {"id": project.id, "code": project.code, "version": project.version}


def _suspended_from(session: Session, project_id: int) -> str | None:
    for entry in audit.list_entries(session, entity=ENTITY, entity_id=str(project_id), limit=500):
        if entry["action"] == "transition" and (entry["after"] or {}).get("status") == "suspended":
            return (entry["before"] or {}).get("status")
    return None


def allowed_transitions(session: Session, project: Project) -> list[str]:
    """The statuses the project may move to now. A suspended project goes back to the
    status it was suspended from (any active status when that is not on record)."""
    if project.status == "suspended":
        previous = _suspended_from(session, project.id)
        return [previous] if previous in ACTIVE_STATUSES else list(ACTIVE_STATUSES)
    return list(TRANSITIONS.get(project.status, ()))


def transition(
    session: Session, actor: Actor, project_id: int, expected_version: int, to_status: str, note: str = ""
) -> dict:
    authorize(actor, "project.edit")
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    if to_status not in allowed_transitions(session, project):
        raise ValidationError("projects.error.transition", field="status", frm=project.status, to=to_status)
    before = {"status": project.status, "status_note": project.status_note}
    values = {
        "status": to_status,
        "status_date": date.today(),
        "status_source": "",
        "status_scheduled": False,
    }
    if note.strip():
        values["status_note"] = nfc(note)
    if to_status == "under_construction" and project.actual_start is None:
        values["actual_start"] = date.today()
    if to_status == "completed" and project.actual_end is None:
        values["actual_end"] = date.today()
    save_versioned(session, project, expected_version, ENTITY, actor.username, values)
    _audit(
        session,
        actor,
        "transition",
        project_id,
        before,
        {"status": to_status, "status_note": values.get("status_note", project.status_note)},
        note,
    )
    return {"id": project_id, "status": to_status, "version": expected_version + 1}


def set_progress(
    session: Session,
    actor: Actor,
    project_id: int,
    expected_version: int,
    *,
    physical: float,
    disbursed: float,
) -> dict:
    authorize(actor, "project.edit")
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    found = [
        (name, "projects.error.progress_range", {"value": v})
        for name, v in (("progress_physical", physical), ("progress_disbursed", disbursed))
        if v is None or not 0 <= v <= 100
    ]
    _raise_first(found)
    before = {
        "progress_physical": project.progress_physical,
        "progress_disbursed": project.progress_disbursed,
    }
    after = {"progress_physical": float(physical), "progress_disbursed": float(disbursed)}
    save_versioned(session, project, expected_version, ENTITY, actor.username, after)
    _audit(session, actor, "update", project_id, before, after, "progress")
    return {"id": project_id, "version": expected_version + 1}


def set_funding_lines(
    session: Session, actor: Actor, project_id: int, expected_version: int, lines: list[dict]
) -> dict:
    """Replace the project's funding lines (source, year, planned and actual amounts)."""
    authorize(actor, "project.edit")
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    found: list[Problem] = []
    clean = []
    for line in lines:
        source = line.get("source")
        if source not in FUNDING_SOURCES:
            found.append(("source", "projects.error.bad_code", {"value": source}))
        year = line.get("year")
        if year is not None and not 1900 <= int(year) <= 2100:
            found.append(("year", "projects.error.bad_year", {"value": year}))
        for name in ("planned_amount", "actual_amount"):
            v = line.get(name)
            if v is not None and v < 0:
                found.append((name, "projects.error.negative", {"value": v}))
        clean.append(
            FundingLine(
                project_id=project_id,
                source=source,
                year=int(year) if year is not None else None,
                planned_amount=line.get("planned_amount"),
                actual_amount=line.get("actual_amount"),
            )
        )
    _raise_first(found)
    return _replace_children(
        session, actor, project, expected_version, FundingLine, clean, "funding_lines", "funding"
    )


def _replace_children(
    session: Session,
    actor: Actor,
    project: Project,
    expected_version: int,
    model,
    rows: list,
    name: str,
    note: str,
) -> dict:
    """Swap the project's ``model`` rows for ``rows``, bump its version and audit before -> after."""
    old = session.exec(select(model).where(model.project_id == project.id)).all()
    before = [audit.snapshot(x, exclude=("id", "project_id")) for x in old]
    for x in old:
        session.delete(x)
    for x in rows:
        session.add(x)
    save_versioned(session, project, expected_version, ENTITY, actor.username, {})
    _audit(
        session,
        actor,
        "update",
        project.id,
        {name: before},
        {name: [audit.snapshot(x, exclude=("id", "project_id")) for x in rows]},
        note,
    )
    return {"id": project.id, "version": expected_version + 1}


def set_milestones(
    session: Session, actor: Actor, project_id: int, expected_version: int, milestones: list[dict]
) -> dict:
    """Replace the project's milestones (title, due date, done date)."""
    authorize(actor, "project.edit")
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    found: list[Problem] = []
    clean = []
    for m in milestones:
        title = nfc(m.get("title") or "")
        if not title:
            found.append(("title", "projects.error.required", {}))
        clean.append(
            Milestone(
                project_id=project_id, title=title, due_date=m.get("due_date"), done_date=m.get("done_date")
            )
        )
    _raise_first(found)
    return _replace_children(
        session, actor, project, expected_version, Milestone, clean, "milestones", "milestones"
    )


def adopt_formula(
    session: Session, actor: Actor, project_id: int, expected_version: int, method: str
) -> dict:
    """Write the split of one cost-sharing formula as the project's shares (resets acceptances)."""
    authorize(actor, "project.edit")
    project = load_for_edit(session, Project, project_id, expected_version, ENTITY)
    _, participants = costshare.participants_for(session, project_id)
    result = costshare.formula(method, participants, project.total_investment)
    if not result.available:
        raise ValidationError(result.reason, field="method", missing=", ".join(result.missing))
    new = [
        Participant(
            province_id=p["province_id"],
            role=p["role"],
            cost_share_pct=result.pct[p["province_id"]],
            length_km=p["km"],
        )
        for p in participants
    ]
    data = ProjectInput.from_dict({**project.model_dump(), "participants": new})
    return _apply_update(session, actor, project, expected_version, data, note=f"formula:{method}")


def accept_share(
    session: Session, actor: Actor, project_id: int, province_id: int, *, expected_version: int
) -> dict:
    """A participating province (its representative, or the secretariat on its behalf)
    records that it accepts the adopted split. ``expected_version`` is the project version whose
    split the user saw: if the split moved since (a new formula, an edit), StaleEdit, nothing
    written. The project row stays locked (shared) until the acceptance commits, so a change of
    the split cannot slip in between."""
    authorize(actor, "project.accept_share", [province_id])
    lock_version(session, Project, project_id, expected_version, ENTITY)
    pp = session.exec(
        select(ProjectProvince).where(
            ProjectProvince.project_id == project_id, ProjectProvince.province_id == province_id
        )
    ).first()
    if pp is None:
        raise ValidationError("projects.error.not_participant", field="province")
    if pp.cost_share_pct is None:
        raise ValidationError("projects.error.no_shares", field="cost_share_pct")
    before = {"province_id": province_id, "accepted_at": pp.accepted_at}
    pp.accepted_at = utcnow()
    session.add(pp)
    _audit(
        session,
        actor,
        "accept_share",
        project_id,
        before,
        {
            "province_id": province_id,
            "accepted_at": pp.accepted_at,
            "cost_share_pct": pp.cost_share_pct,
            "project_version": expected_version,
        },
    )
    return {"project_id": project_id, "province_id": province_id, "accepted_at": pp.accepted_at}


# --- dashboard ----------------------------------------------------------------------------


def dashboard(rows: list[dict]) -> dict:
    """Counts and money of the listed projects by status and type, the late ones, and the
    investment per province: each project's total split by its cost shares (largest
    remainder, so the parts add up to the total); projects without shares are summed apart."""
    by_status: dict[str, dict] = {s: {"count": 0, "investment": 0.0} for s in PROJECT_STATUSES}
    by_type: dict[str, dict] = {}
    per_province: Counter = Counter()
    names: dict[int, str] = {}
    unallocated = {"count": 0, "investment": 0.0}
    no_amount = 0
    for r in rows:
        money = r["total_investment"]
        by_status[r["status"]]["count"] += 1
        by_status[r["status"]]["investment"] += money or 0
        slot = by_type.setdefault(r["type"], {"count": 0, "investment": 0.0})
        slot["count"] += 1
        slot["investment"] += money or 0
        if money is None:
            no_amount += 1
        elif r["has_shares"] and sum(m["cost_share_pct"] for m in r["participants"]) > 0:
            parts = costshare.split({m["province_id"]: m["cost_share_pct"] for m in r["participants"]}, money)
            for m in r["participants"]:
                names[m["province_id"]] = m["name_vi"]
                per_province[m["province_id"]] += parts[m["province_id"]]
        else:
            unallocated["count"] += 1
            unallocated["investment"] += money
    provinces = sorted(
        (
            {"province_id": pid, "name_vi": names[pid], "investment": round(v, 2)}
            for pid, v in per_province.items()
        ),
        key=lambda x: -x["investment"],
    )
    return {
        "count": len(rows),
        "investment": round(sum(r["total_investment"] or 0 for r in rows), 2),
        "late": sum(1 for r in rows if r["late"]),
        "by_status": {k: v for k, v in by_status.items() if v["count"]},
        "by_type": by_type,
        "per_province": provinces,
        "unallocated": unallocated,
        "no_amount": no_amount,
    }


def _filter_conditions(flt: ProjectFilter) -> list | None:
    """``flt`` as SQL conditions on Project (what ``list_projects`` keeps), or None when a filter
    needs Python (the accent-folding search, the late flag)."""
    if flt.search.strip() or flt.late_only:
        return None
    where = []
    in_region = select(ProjectProvince.project_id).join(Province, Province.id == ProjectProvince.province_id)
    if flt.region_id is not None:
        where.append(col(Project.id).in_(in_region.where(Province.region_id == flt.region_id)))
        if not flt.include_interregional:
            where.append(col(Project.id).not_in(in_region.where(Province.region_id != flt.region_id)))
    if flt.province_ids:
        where.append(
            col(Project.id).in_(
                select(ProjectProvince.project_id).where(
                    col(ProjectProvince.province_id).in_(list(flt.province_ids))
                )
            )
        )
    if flt.types:
        where.append(col(Project.type).in_(list(flt.types)))
    if flt.statuses:
        where.append(col(Project.status).in_(list(flt.statuses)))
    if flt.funding:
        where.append(
            col(Project.id).in_(
                select(FundingLine.project_id).where(col(FundingLine.source).in_(list(flt.funding)))
            )
        )
    if flt.year_from is not None:
        where.append(func.coalesce(Project.planned_end, Project.planned_start) >= date(flt.year_from, 1, 1))
    if flt.year_to is not None:
        where.append(func.coalesce(Project.planned_start, Project.planned_end) <= date(flt.year_to, 12, 31))
    if flt.year_from is not None or flt.year_to is not None:
        where.append(func.coalesce(Project.planned_start, Project.planned_end).is_not(None))
    return where


def _day_numbers(values) -> np.ndarray:
    """Dates (ISO text or ``date``, or None) as day numbers, NaN for None, converted as a whole
    column (numpy parses text in C; from ``date`` objects it takes ~3 ms per thousand)."""
    days = np.array(values, dtype="datetime64[D]")  # None -> NaT
    out = days.astype("int64").astype(float)
    out[np.isnat(days)] = np.nan
    return out


def _late_flags(status: np.ndarray, start, end, progress, today: date) -> np.ndarray:
    """``late_reason(...) != ""`` for whole columns at once."""
    s, e = _day_numbers(start), _day_numbers(end)
    now = float((np.datetime64(today, "D") - np.datetime64(0, "D")).astype(int))
    progress = np.nan_to_num(np.asarray(progress, dtype=object).astype(float), nan=0.0)
    open_ = ~np.isin(status, ("completed", "rejected"))
    with np.errstate(invalid="ignore", divide="ignore"):
        overdue = e < now
        span = e - s
        expected = np.minimum(100.0, 100.0 * (now - s) / np.where(span > 0, span, np.nan))
        behind = (span > 0) & (s <= now) & (progress > 0) & (progress < expected - LATE_TOLERANCE_PCT)
    return open_ & (overdue | behind)


def register_tiles(session: Session, flt: ProjectFilter | None = None, today: date | None = None) -> dict:
    """``dashboard(list_projects(session, flt))`` computed from two column reads with the filters
    in SQL and the counts, sums and splits done on whole columns (numpy), without a Python loop
    over the projects."""
    flt = flt or ProjectFilter()
    today = today or date.today()
    where = _filter_conditions(flt)
    if where is None:
        return dashboard(list_projects(session, flt, today))
    conn = session.connection()
    rows = conn.execute(
        select(
            Project.id,
            Project.code,
            Project.status,
            Project.type,
            Project.total_investment,
            # As the driver returns them, without SQLAlchemy's per-row date conversion: SQLite's
            # ISO text, which numpy reads as dates far faster than date objects (PostgreSQL's
            # driver returns dates either way).
            type_coerce(Project.planned_start, String),
            type_coerce(Project.planned_end, String),
            Project.progress_physical,
        ).where(*where)
    ).fetchall()
    if not rows:
        return dashboard([])
    id_col, code_col, status_col, kind_col, total_col, start, end, progress = zip(*rows, strict=True)
    ids = np.array(id_col, dtype=np.int64)
    codes, status, kind = (np.array(v, dtype=object) for v in (code_col, status_col, kind_col))
    total = np.array(total_col, dtype=float)  # None -> NaN
    money = np.nan_to_num(total, nan=0.0)

    def by(labels: np.ndarray, order: tuple[str, ...] | None = None) -> dict:
        keys, inverse = np.unique(labels.astype(str), return_inverse=True)
        counts = np.bincount(inverse, minlength=len(keys))
        sums = np.bincount(inverse, weights=money, minlength=len(keys))
        found = {
            k: {"count": int(n), "investment": float(v)} for k, n, v in zip(keys, counts, sums, strict=True)
        }
        return {k: found[k] for k in order if k in found} if order else found

    parts = conn.execute(
        select(
            ProjectProvince.project_id,
            ProjectProvince.province_id,
            ProjectProvince.role,
            ProjectProvince.cost_share_pct,
        ).where(col(ProjectProvince.project_id).in_(select(Project.id).where(*where)))
    ).fetchall()
    per_province, allocated = _split_by_shares(session, ids, codes, total, parts)
    unallocated = ~np.isnan(total) & ~np.isin(ids, allocated)
    return {
        "count": len(ids),
        "investment": round(float(money.sum()), 2),
        "late": int(_late_flags(status.astype(str), start, end, progress, today).sum()),
        "by_status": by(status, PROJECT_STATUSES),
        "by_type": by(kind),
        "per_province": per_province,
        "unallocated": {"count": int(unallocated.sum()), "investment": float(total[unallocated].sum())},
        "no_amount": int(np.isnan(total).sum()),
    }


def _split_by_shares(
    session: Session, ids: np.ndarray, codes: np.ndarray, total: np.ndarray, parts: list
) -> tuple[list[dict], np.ndarray]:
    """Per province, the projects' totals split by their cost shares with the largest remainder
    (``costshare.split``: the same rounding, the same sums in the same order, the same tie order:
    the participants as the register lists them, by role then Vietnamese name), on whole columns;
    and the ids of the projects so split."""
    if not parts:
        return [], np.array([], dtype=np.int64)
    names = dict(session.connection().execute(select(Province.id, Province.name_vi)).fetchall())
    by_name = sorted(names, key=lambda pid: vi_sort_key(names[pid]))
    name_rank = np.zeros(max(names) + 1, dtype=np.int64)
    name_rank[by_name] = np.arange(len(by_name))
    project, province, role, pct = zip(*parts, strict=True)
    project = np.array(project, dtype=np.int64)
    province = np.array(province, dtype=np.int64)
    pct = np.array(pct, dtype=float)
    roles = np.array(role, dtype=object).astype(str)
    role_rank = np.full(len(roles), len(PARTICIPANT_ROLES), dtype=np.int64)
    for i, r in enumerate(PARTICIPANT_ROLES):
        role_rank[roles == r] = i
    order = role_rank * 1000 + name_rank[province]
    # Each project's money, and each project's place in the register (by code).
    by_id = np.argsort(ids)
    row_of = by_id[np.searchsorted(ids, project, sorter=by_id)]
    code_rank = np.empty(len(ids), dtype=np.int64)
    code_rank[np.argsort(codes.astype(str), kind="stable")] = np.arange(len(ids))
    money = total[row_of]
    # Participants in the register's order within each project.
    sort = np.lexsort((order, project))
    project, province, pct, order, money, row_of = (
        a[sort] for a in (project, province, pct, order, money, row_of)
    )
    groups, group = np.unique(project, return_inverse=True)
    members = np.bincount(group)
    shared = np.bincount(group, weights=~np.isnan(pct))
    weight_sum = np.bincount(group, weights=np.nan_to_num(pct))  # summed in the same order
    group_money = np.bincount(group, weights=np.nan_to_num(money)) / members
    eligible = (shared == members) & (weight_sum > 0) & ~np.isnan(np.bincount(group, weights=money))
    keep = eligible[group]
    if not keep.any():
        return [], np.array([], dtype=np.int64)
    project, province, pct, order, group, row_of = (
        a[keep] for a in (project, province, pct, order, group, row_of)
    )
    units = np.rint(group_money * 100)  # round half to even, as costshare.split's round()
    quota = units[group] * pct / weight_sum[group]
    floors = np.floor(quota)
    left = units - np.bincount(group, weights=floors, minlength=len(units))
    # Within each project the largest fractions (ties: the earlier participant) get one unit more.
    ranked = np.lexsort((order, -(quota - floors), group))
    first = np.searchsorted(group[ranked], group[ranked], side="left")
    position = np.empty(len(ranked), dtype=np.int64)
    position[ranked] = np.arange(len(ranked)) - first
    amount = (floors + (position < left[group])) / 100
    totals = np.bincount(province, weights=amount)
    # Equal amounts keep the order in which the register first names the province.
    seen = np.lexsort((order, code_rank[row_of]))
    _, first_at = np.unique(province[seen], return_index=True)
    in_order = province[seen][np.sort(first_at)]
    provinces = sorted(
        (
            {"province_id": int(pid), "name_vi": names[int(pid)], "investment": round(float(totals[pid]), 2)}
            for pid in in_order
        ),
        key=lambda x: -x["investment"],
    )
    return provinces, groups[eligible]


# --- import / export --------------------------------------------------------------------------

COLUMNS = (
    "code",
    "name_vi",
    "name_en",
    "type",
    "status",
    "provinces",
    "lead_province",
    "cost_shares_pct",
    "total_investment",
    "length_km",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "progress_physical",
    "progress_disbursed",
    "investment_note",
    "status_note",
    "source_url",
)
REQUIRED_COLUMNS = ("code", "name_vi", "provinces")
_COLUMN_OF_FIELD = {"cost_share_pct": "cost_shares_pct", "role": "lead_province"}
_LIST_SEP = re.compile(r"\s*[;\n]\s*")


def export_frame(rows: list[dict], lang: str = "vi") -> pd.DataFrame:
    """The listed projects in the import layout (codes, not labels), so an export can be
    edited and imported back."""
    out = []
    for r in rows:
        members = r["participants"]
        out.append(
            {
                "code": r["code"],
                "name_vi": r["name_vi"],
                "name_en": r["name_en"],
                "type": r["type"],
                "status": r["status"],
                "provinces": "; ".join(m["name_vi"] for m in members),
                "lead_province": r["lead"]["name_vi"] if r["lead"] else "",
                "cost_shares_pct": "; ".join(_num(m["cost_share_pct"]) for m in members)
                if r["has_shares"]
                else "",
                "total_investment": r["total_investment"],
                "length_km": r["length_km"],
                "planned_start": r["planned_start"],
                "planned_end": r["planned_end"],
                "actual_start": r["actual_start"],
                "actual_end": r["actual_end"],
                "progress_physical": r["progress_physical"],
                "progress_disbursed": r["progress_disbursed"],
                "investment_note": r["investment_note"],
                "status_note": r["status_note"],
                "source_url": r["source_url"],
                "late": t(f"projects.late.{r['late']}", lang) if r["late"] else "",
                "funding_sources": "; ".join(r["funding_sources"]),
            }
        )
    return pd.DataFrame(out, columns=[*COLUMNS, "late", "funding_sources"])


def template_frames(lang: str = "vi") -> dict[str, pd.DataFrame]:
    """The import template: an empty sheet with the columns, and a sheet explaining each."""
    help_rows = [
        {
            "column": c,
            "required": "x" if c in REQUIRED_COLUMNS else "",
            "meaning": t(f"projects.import.col.{c}", lang),
        }
        for c in COLUMNS
    ]
    help_rows.append({"column": "type", "required": "", "meaning": ", ".join(PROJECT_TYPES)})
    help_rows.append({"column": "status", "required": "", "meaning": ", ".join(PROJECT_STATUSES)})
    return {"projects": pd.DataFrame(columns=list(COLUMNS)), "help": pd.DataFrame(help_rows)}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _code_lookup(codes: tuple[str, ...], prefix: str) -> dict[str, str]:
    """Codes accepted as written, or as their Vietnamese or English label."""
    out = {fold(c): c for c in codes}
    for c in codes:
        for lang in ("vi", "en"):
            out[fold(t(f"{prefix}.{c}", lang))] = c
    return out


def parse_date(
    text: str, row: int, field_name: str, errors: list[RowError], *, end: bool = False
) -> date | None:
    """yyyy-mm-dd (Excel dates too), dd/mm/yyyy, or a bare year (1 January, or 31 December for an end)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            d, m, y = (int(x) for x in text.split("/"))
            return date(y, m, d)
        return (
            datetime.fromisoformat(text[:19]).date()
            if "T" in text or " " in text
            else date.fromisoformat(text)
        )
    except ValueError:
        errors.append(RowError(row, field_name, "projects.error.bad_date", {"value": text}))
        return None


def _row_input(
    row: dict,
    n: int,
    errors: list[RowError],
    provinces: dict[str, int],
    types: dict[str, str],
    statuses: dict[str, str],
) -> ProjectInput:
    def code_of(col_name: str, lookup: dict[str, str], default: str) -> str:
        raw = row.get(col_name, "").strip()
        if not raw:
            return default
        if fold(raw) not in lookup:
            errors.append(RowError(n, col_name, "projects.error.bad_code", {"value": raw}))
            return default
        return lookup[fold(raw)]

    names = [x for x in _LIST_SEP.split(row.get("provinces", "").strip()) if x]
    ids = []
    for name in names:
        pid = provinces.get(fold(name))
        if pid is None:
            errors.append(RowError(n, "provinces", "projects.error.unknown_province", {"value": name}))
        else:
            ids.append(pid)
    lead_name = row.get("lead_province", "").strip()
    lead = provinces.get(fold(lead_name)) if lead_name else None
    if lead_name and lead not in ids:
        errors.append(
            RowError(n, "lead_province", "projects.error.lead_not_participant", {"value": lead_name})
        )
    share_texts = [x for x in _LIST_SEP.split(row.get("cost_shares_pct", "").strip()) if x]
    shares: list[float | None] = [None] * len(ids)
    if share_texts:
        if len(share_texts) != len(names):
            errors.append(
                RowError(
                    n,
                    "cost_shares_pct",
                    "projects.error.shares_count",
                    {"shares": len(share_texts), "provinces": len(names)},
                )
            )
        else:
            parsed = [
                parse_float(s, n, "cost_shares_pct", errors, minimum=0, maximum=100) for s in share_texts
            ]
            if len(ids) == len(parsed):
                shares = parsed
    participants = [
        Participant(province_id=pid, role="lead" if pid == lead else "partner", cost_share_pct=s)
        for pid, s in zip(ids, shares, strict=False)
    ]
    return ProjectInput(
        code=row.get("code", ""),
        name_vi=row.get("name_vi", ""),
        name_en=row.get("name_en", ""),
        type=code_of("type", types, "other"),
        status=code_of("status", statuses, "proposed"),
        total_investment=parse_float(
            row.get("total_investment", ""), n, "total_investment", errors, minimum=0
        ),
        length_km=parse_float(row.get("length_km", ""), n, "length_km", errors, minimum=0),
        planned_start=parse_date(row.get("planned_start", ""), n, "planned_start", errors),
        planned_end=parse_date(row.get("planned_end", ""), n, "planned_end", errors, end=True),
        actual_start=parse_date(row.get("actual_start", ""), n, "actual_start", errors),
        actual_end=parse_date(row.get("actual_end", ""), n, "actual_end", errors, end=True),
        progress_physical=parse_float(
            row.get("progress_physical", ""), n, "progress_physical", errors, minimum=0, maximum=100
        )
        or 0,
        progress_disbursed=parse_float(
            row.get("progress_disbursed", ""), n, "progress_disbursed", errors, minimum=0, maximum=100
        )
        or 0,
        investment_note=row.get("investment_note", ""),
        status_note=row.get("status_note", ""),
        source_url=row.get("source_url", ""),
        participants=participants,
    )


def import_projects(
    session: Session, actor: Actor, rows: list[dict], header: list[str] | None = None
) -> dict:
    """Create or update projects by code from rows of ``council.io.read_table``. The whole
    file is checked first; any error raises ImportRejected listing every bad row and field,
    and nothing is written. A status change must be an allowed workflow step. (The app calls
    ``import_projects_file``: the same, with the checking outside the write lock.)"""
    return _land_projects(session, actor, _plan_projects(session, actor, rows, header))


def import_projects_file(engine, actor: Actor, rows: list[dict], header: list[str] | None = None) -> dict:
    """``import_projects`` in two steps, so a big file never holds the write lock while it is
    checked: every row is validated (and compared with the register) in a read-only session,
    then the new and changed projects land in one short write transaction. A project created or
    changed by someone in between refuses the import whole (error.import_changed)."""
    from council.db import checked_read_session, write_session

    with checked_read_session(engine) as session:
        plan = _plan_projects(session, actor, rows, header)
    with write_session(engine) as session:
        return _land_projects(session, actor, plan)


@dataclass
class _ProjectPlan:
    new: list[ProjectInput]
    prepared: _NewRows
    changed: list[tuple[int, int, ProjectInput]]  # (project id, version read, input)
    unchanged: int


def _plan_projects(
    session: Session, actor: Actor, rows: list[dict], header: list[str] | None
) -> _ProjectPlan:
    authorize(actor, "project.edit")
    authorize(actor, "data.import")
    require_columns(rows, REQUIRED_COLUMNS, header)
    provinces = {fold(p.name_vi): p.id for p in session.exec(select(Province))}
    provinces.update({fold(p.name_en): p.id for p in session.exec(select(Province)) if p.name_en})
    types, statuses = _code_lookup(PROJECT_TYPES, "ptype"), _code_lookup(PROJECT_STATUSES, "pstatus")
    existing = {p.code: p for p in session.exec(select(Project))}
    known = Known(codes={code: p.id for code, p in existing.items()}, province_ids=set(provinces.values()))
    errors: list[RowError] = []
    plan: list[tuple[ProjectInput, Project | None]] = []
    seen: dict[str, int] = {}
    for row in rows:
        n = row["__row__"]
        data = _row_input(row, n, errors, provinces, types, statuses)
        code = nfc(data.code)
        if code in seen:
            errors.append(
                RowError(n, "code", "projects.error.code_twice", {"value": code, "first": seen[code]})
            )
        seen.setdefault(code, n)
        target = existing.get(code)
        if target is not None:
            data.cross_province_after_2025 = target.cross_province_after_2025
            # The file has no length per province: keep the recorded ones.
            km = {
                pp.province_id: pp.length_km
                for pp in session.exec(select(ProjectProvince).where(ProjectProvince.project_id == target.id))
            }
            for p in data.participants:
                p.length_km = km.get(p.province_id)
            if not row.get("status", "").strip():
                data.status = target.status
        for field_name, key, params in problems(session, data, target.id if target else None, known):
            field_name = _COLUMN_OF_FIELD.get(field_name, field_name)
            if not any(e.row == n and e.field == field_name for e in errors):
                errors.append(RowError(n, field_name, key, params))
        if (
            target is not None
            and data.status != target.status
            and data.status not in allowed_transitions(session, target)
        ):
            errors.append(
                RowError(n, "status", "projects.error.transition", {"frm": target.status, "to": data.status})
            )
        plan.append((data, target))
    if errors:
        raise ImportRejected(errors)
    new = [data for data, target in plan if target is None]
    changed, unchanged = [], 0
    for data, target in plan:
        if target is None:
            continue
        if _same(session, target, data):
            unchanged += 1
        else:
            changed.append((target.id, target.version, data))
    return _ProjectPlan(new, _prepare_new(actor, new, session.get_bind().dialect), changed, unchanged)


def _land_projects(session: Session, actor: Actor, plan: _ProjectPlan) -> dict:
    """Write a checked plan: new projects in batched statements, changed ones by compare-and-set
    on the version the plan read. A code taken or a project saved in between: error.import_changed."""
    authorize(actor, "project.edit")
    authorize(actor, "data.import")
    codes = [nfc(d.code) for d in plan.new]
    # All codes in one scan, compared here: an IN list of a whole file's codes would pass SQLite's
    # limit of bound parameters (32,766).
    taken = sorted(set(session.exec(select(Project.code)).all()) & set(codes)) if codes else []
    if taken:
        raise ValidationError(
            "error.import_changed", field="file", count=len(taken), entity=ENTITY, ident=taken[0]
        )
    created = _bulk_insert_checked(session, actor, plan.prepared)
    if plan.changed:
        ids = [ident for ident, _, _ in plan.changed]
        current = {}
        for start in range(0, len(ids), 10_000):  # under SQLite's limit of bound parameters
            chunk = ids[start : start + 10_000]
            current.update({p.id: p for p in session.exec(select(Project).where(col(Project.id).in_(chunk)))})
        moved = [
            ident
            for ident, version, _ in plan.changed
            if getattr(current.get(ident), "version", None) != version
        ]
        if moved:
            p = current.get(moved[0])
            raise ValidationError(
                "error.import_changed",
                field="file",
                count=len(moved),
                entity=ENTITY,
                ident=p.code if p else moved[0],
            )
        for ident, version, data in plan.changed:
            _apply_update(session, actor, current[ident], version, data, note="import")
    counts = {"created": created, "updated": len(plan.changed), "unchanged": plan.unchanged}
    audit.record(session, actor, "import", ENTITY, "", None, counts)
    return counts


def _same(session: Session, project: Project, data: ProjectInput) -> bool:
    """True when importing ``data`` would change nothing (roles, shares and provinces included)."""
    current = project.model_dump()
    if data.status != project.status or any(current[k] != v for k, v in data.project_values().items()):
        return False
    have = {
        (pp.province_id, pp.role, pp.cost_share_pct)
        for pp in session.exec(select(ProjectProvince).where(ProjectProvince.project_id == project.id))
    }
    return have == {(p.province_id, p.role, p.cost_share_pct) for p in data.participants}

"""Regions and provinces: read-only views used by every page."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from council.models import Border, Conflict, ConflictParty, Project, ProjectProvince, Province, Region, Target
from council.textutil import vi_sort_key

OPEN_CONFLICT_STATUSES = ("reported", "under_review", "in_mediation", "escalated")


def list_regions(session: Session) -> list[dict]:
    return [r.model_dump() for r in session.exec(select(Region).order_by(Region.sort_order))]


def region_by_code(session: Session, code: str) -> Region | None:
    return session.exec(select(Region).where(Region.code == code)).first()


def list_provinces(session: Session, region_id: int | None = None) -> list[dict]:
    q = select(Province)
    if region_id is not None:
        q = q.where(Province.region_id == region_id)
    rows = [p.model_dump() for p in session.exec(q)]
    return sorted(rows, key=lambda p: vi_sort_key(p["name_vi"]))


def province_names(session: Session) -> dict[int, str]:
    return {p.id: p.name_vi for p in session.exec(select(Province))}


def neighbours(session: Session) -> dict[int, set[int]]:
    """Province id -> ids of the provinces it shares a border with (symmetric)."""
    out: dict[int, set[int]] = {}
    for b in session.exec(select(Border)):
        out.setdefault(b.province_a_id, set()).add(b.province_b_id)
        out.setdefault(b.province_b_id, set()).add(b.province_a_id)
    return out


def region_project_ids(session: Session, region_id: int) -> set[int]:
    q = (
        select(ProjectProvince.project_id)
        .join(Province, Province.id == ProjectProvince.province_id)
        .where(Province.region_id == region_id)
    )
    return set(session.exec(q).all())


def region_overview(session: Session, region_id: int) -> dict:
    """What the home page shows: provinces with their numbers, projects by status, open conflicts, targets."""
    region = session.get(Region, region_id)
    provinces = list_provinces(session, region_id)
    nb = neighbours(session)
    # Counted in SQL over the region's projects as a subquery (not an IN list of their ids).
    in_region = (
        select(ProjectProvince.project_id)
        .join(Province, Province.id == ProjectProvince.province_id)
        .where(Province.region_id == region_id)
    )
    per_province = dict(
        session.exec(
            select(ProjectProvince.province_id, func.count())
            .where(col(ProjectProvince.project_id).in_(in_region))
            .group_by(ProjectProvince.province_id)
        ).all()
    )
    for p in provinces:
        p["neighbours"] = len(nb.get(p["id"], ()))
        p["projects"] = per_province.get(p["id"], 0)
    by_status = dict(
        session.exec(
            select(Project.status, func.count())
            .where(col(Project.id).in_(in_region))
            .group_by(Project.status)
        ).all()
    )
    province_ids = [p["id"] for p in provinces]
    open_conflicts = session.exec(
        select(func.count(func.distinct(Conflict.id)))
        .join(ConflictParty, ConflictParty.conflict_id == Conflict.id)
        .where(
            col(ConflictParty.province_id).in_(province_ids), col(Conflict.status).in_(OPEN_CONFLICT_STATUSES)
        )
    ).one()
    plan_regions = {p["plan_region_2021"] for p in provinces} | {region.name_vi}
    targets = session.exec(
        select(func.count()).select_from(Target).where(col(Target.plan_region).in_(plan_regions))
    ).one()
    return {
        "region": region.model_dump(),
        "provinces": provinces,
        "population": sum(p["population"] or 0 for p in provinces),
        "area_km2": sum(p["area_km2"] or 0 for p in provinces),
        "projects": sum(by_status.values()),
        "projects_by_status": by_status,
        "open_conflicts": open_conflicts,
        "targets": targets,
    }

"""Test data for meetings and "my province", built in code (never in the default database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from council.db import write_session
from council.models import (
    Comment,
    Conflict,
    ConflictParty,
    Observation,
    Project,
    ProjectProvince,
    Province,
    User,
)

_counter = {"n": 0}


def _code(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}-T{_counter['n']:04d}"


def pid(engine, name_vi: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Province.id).where(Province.name_vi == name_vi)).one()


def region_of(engine, name_vi: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Province.region_id).where(Province.name_vi == name_vi)).one()


def project(
    engine,
    name: str,
    provinces: list[str],
    *,
    status: str = "under_construction",
    planned_start: date | None = None,
    planned_end: date | None = None,
    progress: float = 0,
    shares: dict[str, float] | None = None,
    accepted: tuple[str, ...] = (),
) -> int:
    with write_session(engine) as s:
        p = Project(
            code=_code("PRJ"),
            name_vi=name,
            status=status,
            planned_start=planned_start,
            planned_end=planned_end,
            progress_physical=progress,
        )
        s.add(p)
        s.flush()
        for name_vi in provinces:
            province = s.exec(select(Province).where(Province.name_vi == name_vi)).one()
            s.add(
                ProjectProvince(
                    project_id=p.id,
                    province_id=province.id,
                    cost_share_pct=(shares or {}).get(name_vi),
                    accepted_at=datetime(2026, 1, 5, tzinfo=UTC) if name_vi in accepted else None,
                )
            )
        return p.id


def conflict(
    engine, title: str, parties: list[str], *, status: str = "reported", due_on: date | None = None
) -> int:
    with write_session(engine) as s:
        c = Conflict(code=_code("XD"), title=title, status=status, due_on=due_on, opened_on=date(2025, 6, 1))
        s.add(c)
        s.flush()
        for name_vi in parties:
            province = s.exec(select(Province).where(Province.name_vi == name_vi)).one()
            s.add(ConflictParty(conflict_id=c.id, province_id=province.id))
        return c.id


def conflict_code(engine, conflict_id: int) -> str:
    with Session(engine) as s:
        return s.get(Conflict, conflict_id).code


def comment(engine, conflict_id: int, author_id: int, body: str, at: datetime) -> int:
    with write_session(engine) as s:
        cm = Comment(conflict_id=conflict_id, author_id=author_id, body=body, created_at=at)
        s.add(cm)
        s.flush()
        return cm.id


def observation(engine, province: str, indicator_id: int, year: int, status: str, reason: str = "") -> int:
    with write_session(engine) as s:
        province_id = s.exec(select(Province.id).where(Province.name_vi == province)).one()
        o = s.exec(
            select(Observation).where(
                Observation.province_id == province_id,
                Observation.indicator_id == indicator_id,
                Observation.year == year,
            )
        ).first()
        if o is None:
            o = Observation(province_id=province_id, indicator_id=indicator_id, year=year)
        o.value, o.status, o.return_reason = 1.0, status, reason
        s.add(o)
        s.flush()
        return o.id


def user_id(engine, username: str) -> int:
    with Session(engine) as s:
        return s.exec(select(User.id).where(User.username == username)).one()

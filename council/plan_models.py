"""Tables of plan execution (issue 17): projects credited to plan targets, the priority
projects of a regional plan decision, and the reporting due dates.

Imported by the last line of council/models.py so that SQLModel.metadata (and Alembic) see
them; the services live in council/plan.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow


class ProjectTarget(SQLModel, table=True):
    """A project credited to a plan target: ``quantity`` is what the project delivers towards
    the target, in the target's unit (km of expressway, airports, seaports, MW...)."""

    __table_args__ = (
        UniqueConstraint("project_id", "target_id"),
        CheckConstraint("quantity >= 0", name="ck_project_target_quantity"),
    )
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    target_id: int = Field(foreign_key="target.id", index=True)
    quantity: float
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class PriorityProject(SQLModel, table=True):
    """One priority project listed by a regional plan decision (e.g. "287/QĐ-TTg"), matched to
    a register project (``project_id``) or not in the register (None)."""

    __table_args__ = (
        UniqueConstraint("decision_code", "name_key"),
        CheckConstraint(
            "period_start IS NULL OR period_end IS NULL OR period_start <= period_end",
            name="ck_priority_period",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    decision_code: str = Field(index=True, max_length=64)
    name_vi: str
    # The name folded (no diacritics, lower case, single spaces): one entry per decision and name.
    name_key: str = Field(index=True)
    type: str = "other"
    period_start: int | None = None
    period_end: int | None = None
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True, ondelete="SET NULL")
    match_basis: str = ""  # "" (not matched) | code | name | manual
    note: str = ""
    source_url: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class PriorityProjectProvince(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("priority_id", "province_id"),)
    id: int | None = Field(default=None, primary_key=True)
    priority_id: int = Field(foreign_key="priorityproject.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)


class ReportingDeadline(SQLModel, table=True):
    """When the figures of year Y are due: day ``day`` of month ``month`` of year Y +
    ``year_offset``. The row without an indicator is the default; a row with one overrides it."""

    __table_args__ = (
        UniqueConstraint("indicator_id"),
        CheckConstraint("month >= 1 AND month <= 12", name="ck_deadline_month"),
        CheckConstraint("day >= 1 AND day <= 31", name="ck_deadline_day"),
        CheckConstraint("year_offset >= 0 AND year_offset <= 2", name="ck_deadline_offset"),
    )
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int | None = Field(default=None, foreign_key="indicator.id", ondelete="CASCADE")
    month: int
    day: int
    year_offset: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class PlanSetting(SQLModel, table=True):
    """A setting of plan execution (e.g. ``not_started_years``). Kept apart from AppSetting on
    purpose: it is council data, so changing it moves the data version and refreshes the views."""

    key: str = Field(primary_key=True, max_length=64)
    value: str
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""

"""SQLModel tables for the whole domain.

Codes (status, type, role...) are stored as language-neutral strings and
translated on display; the allowed values live in the constants below so the
services, the forms and the tests share one list.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- codes -----------------------------------------------------------------

ROLES = ("secretariat", "province_rep", "statistics_officer", "expert", "observer")
# Roles bound to one province (the user's province_id is required).
PROVINCE_ROLES = ("province_rep", "statistics_officer")
PROJECT_TYPES = (
    "expressway",
    "ring_road",
    "road",
    "railway",
    "airport",
    "seaport",
    "bridge",
    "power",
    "water",
    "dike",
    "digital",
    "logistics",
    "other",
)
PROJECT_STATUSES = ("proposed", "approved", "under_construction", "completed", "suspended", "rejected")
PARTICIPANT_ROLES = ("lead", "partner", "affected")
FUNDING_SOURCES = ("central_budget", "provincial_budget", "ppp", "oda", "other", "regional_fund")
# "regional_fund": a line written by the council's allocation decision (council/allocation.py).
AGREEMENT_STATUSES = ("draft", "signed", "in_force", "expired", "terminated")
CONFLICT_TYPES = (
    "planning_overlap",
    "investment_competition",
    "water_basin",
    "environment",
    "connection_mismatch",
    "urban_services",
    "revenue_sharing",
    "land_resettlement",
    "other",
)
SEVERITIES = ("low", "medium", "high", "critical")
CONFLICT_STATUSES = ("reported", "under_review", "in_mediation", "resolved", "escalated", "closed")
STANCES = ("support", "oppose", "conditional", "information")
DIRECTIONS = ("increase", "decrease")
AGGREGATIONS = ("sum", "weighted_mean", "mean")
# "verified": checked by the provincial statistics officer, awaiting the representative's sign-off
# (provinces with two sign-off levels, council/signoff.py).
OBSERVATION_STATUSES = ("draft", "verified", "submitted", "approved", "returned")


# --- geography ---------------------------------------------------------------


class Region(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=16)
    name_vi: str
    name_en: str
    sort_order: int = 0


class Province(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("area_km2 >= 0", name="ck_province_area"),
        CheckConstraint("population >= 0", name="ck_province_population"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=4)
    name_vi: str = Field(unique=True)
    name_en: str
    kind: str  # province | city
    region_id: int = Field(foreign_key="region.id", index=True)
    # The pre-2025 region the province's constituents mostly belonged to (inferred in
    # data/SOURCES.md); the 2021-2030 regional plans were set for those regions.
    plan_region_2021: str = ""
    area_km2: float | None = None
    population: int | None = None
    lat: float | None = None
    lon: float | None = None
    merged_from: str = ""
    admin_centre_ward: str = ""
    wards_communes: str = ""
    # Since migration 0003_data: ``population`` is the statistics office's average population
    # (``population_year``, ``population_source``), the weight of every population-weighted mean,
    # per-capita value and population cost key. The merger resolutions' figure (NQ 202/2025,
    # counting temporary residents) is a different quantity, kept as ``population_resolution``.
    population_year: int | None = None
    population_source: str = ""
    population_resolution: int | None = None
    # GRDP at current prices (VND billion), the weight of GRDP-weighted means (data/SOURCES.md:
    # grdp_2024_derived.csv, derived for all 34 provinces on one basis).
    grdp_weight: float | None = None
    grdp_weight_year: int | None = None


class ProvinceConstituent(SQLModel, table=True):
    """A pre-2025 province merged into a province, with the pre-2025 region it belonged to.
    The 2021-2030 regional targets cover those old provinces, so this says which new
    provinces a target covers, wholly or in part."""

    __table_args__ = (UniqueConstraint("old_name"),)
    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    old_name: str
    plan_region_2021: str


class Border(SQLModel, table=True):
    """One row per unordered pair of neighbouring provinces (a < b)."""

    __table_args__ = (
        UniqueConstraint("province_a_id", "province_b_id"),
        CheckConstraint("province_a_id < province_b_id", name="ck_border_order"),
        CheckConstraint("length_km >= 0", name="ck_border_length"),
    )
    id: int | None = Field(default=None, primary_key=True)
    province_a_id: int = Field(foreign_key="province.id", index=True)
    province_b_id: int = Field(foreign_key="province.id", index=True)
    length_km: float | None = None


# --- people ------------------------------------------------------------------


class User(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            "role IN ('secretariat','province_rep','statistics_officer','expert','observer')",
            name="ck_user_role",
        ),
        CheckConstraint("role <> 'province_rep' OR province_id IS NOT NULL", name="ck_user_rep_province"),
        # Since migration 0005_signoff: the provincial statistics officer is bound to a province too.
        CheckConstraint(
            "role <> 'statistics_officer' OR province_id IS NOT NULL", name="ck_user_officer_province"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=64)
    display_name: str = ""
    password_hash: str
    role: str
    province_id: int | None = Field(default=None, foreign_key="province.id")
    region_id: int | None = Field(default=None, foreign_key="region.id")
    affiliation: str = ""  # experts: declared employer / possible conflict of interest
    is_active: bool = True
    failed_attempts: int = 0
    last_failed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Who last changed the account (since migration 0002), named when a stale save is refused.
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 1


class AuthToken(SQLModel, table=True):
    """A remember-me token: signed cookie value carries the id; sign-out revokes it."""

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    issued_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class AppSetting(SQLModel, table=True):
    """Installation-wide values kept in the database (e.g. the token signing key)."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class AuditEntry(SQLModel, table=True):
    """Append-only: the services insert, nothing updates or deletes."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    actor_name: str = ""
    action: str = Field(index=True)  # create | update | delete | transition | sign_in | refused ...
    entity: str = Field(index=True)
    entity_id: str = ""
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    note: str = ""


# --- projects ----------------------------------------------------------------


class Project(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("total_investment IS NULL OR total_investment >= 0", name="ck_project_investment"),
        CheckConstraint("length_km IS NULL OR length_km >= 0", name="ck_project_length"),
        CheckConstraint("progress_physical >= 0 AND progress_physical <= 100", name="ck_project_progress"),
        CheckConstraint("progress_disbursed >= 0 AND progress_disbursed <= 100", name="ck_project_disbursed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    name_vi: str
    name_en: str = ""
    type: str = "other"
    status: str = "proposed"
    length_km: float | None = None
    total_investment: float | None = None  # VND billion (tỷ đồng)
    investment_note: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    progress_physical: float = 0
    progress_disbursed: float = 0
    status_note: str = ""
    status_date: date | None = None
    # Since migration 0003_data: where the status comes from, and whether it only reports a
    # scheduled event (a report written before it) rather than one confirmed after it.
    status_source: str = ""
    status_scheduled: bool = False
    source_url: str = ""
    cross_province_after_2025: bool = True
    proposed_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class ProjectProvince(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("project_id", "province_id"),
        CheckConstraint(
            "cost_share_pct IS NULL OR (cost_share_pct >= 0 AND cost_share_pct <= 100)", name="ck_pp_share"
        ),
        CheckConstraint("length_km IS NULL OR length_km >= 0", name="ck_pp_length"),
    )
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)
    role: str = "partner"
    cost_share_pct: float | None = None
    length_km: float | None = None
    accepted_at: datetime | None = None  # the province accepted its cost share


class FundingLine(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("planned_amount IS NULL OR planned_amount >= 0", name="ck_funding_planned"),
        CheckConstraint("actual_amount IS NULL OR actual_amount >= 0", name="ck_funding_actual"),
    )
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    source: str = "central_budget"
    year: int | None = None
    planned_amount: float | None = None  # VND billion
    actual_amount: float | None = None


class Milestone(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    title: str
    due_date: date | None = None
    done_date: date | None = None


# --- agreements --------------------------------------------------------------


class Agreement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    title: str
    date_signed: date | None = None
    status: str = "signed"
    form: str = "informal_cooperation"
    note: str = ""
    source_url: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class AgreementProvince(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("agreement_id", "province_id"),)
    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)


# --- conflicts ---------------------------------------------------------------


class Conflict(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    title: str
    description: str = Field(default="", sa_column=Column(Text))
    type: str = "other"
    severity: str = "medium"
    status: str = "reported"
    opened_on: date | None = None
    due_on: date | None = None
    owner_id: int | None = Field(default=None, foreign_key="user.id")
    resolution_note: str = Field(default="", sa_column=Column(Text))
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class ConflictParty(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("conflict_id", "province_id"),)
    id: int | None = Field(default=None, primary_key=True)
    conflict_id: int = Field(foreign_key="conflict.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)
    position: str = Field(default="", sa_column=Column(Text))


class ConflictProject(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("conflict_id", "project_id"),)
    id: int | None = Field(default=None, primary_key=True)
    conflict_id: int = Field(foreign_key="conflict.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True)


class ConflictEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conflict_id: int = Field(foreign_key="conflict.id", index=True, ondelete="CASCADE")
    from_status: str | None = None
    to_status: str
    note: str = Field(default="", sa_column=Column(Text))
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    actor_name: str = ""
    at: datetime = Field(default_factory=utcnow)


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    conflict_id: int = Field(foreign_key="conflict.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    depth: int = 0
    author_id: int = Field(foreign_key="user.id", index=True)
    stance: str = "information"
    body: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(default="", sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    edited_at: datetime | None = None
    hidden_at: datetime | None = None
    hidden_by_id: int | None = Field(default=None, foreign_key="user.id")
    hidden_reason: str = ""
    # The author's own conflict-of-interest declaration for this comment (experts: e.g. "I advise
    # province X"); shown next to their name with User.affiliation.
    interest_declared: str = ""
    version: int = 1


class CommentRevision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", index=True, ondelete="CASCADE")
    body: str = Field(sa_column=Column(Text, nullable=False))
    stance: str = ""
    reason: str = Field(default="", sa_column=Column(Text))
    replaced_at: datetime = Field(default_factory=utcnow)


# --- targets -----------------------------------------------------------------


class Indicator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=64)
    name_vi: str
    name_en: str
    unit: str = ""
    direction: str = "increase"
    aggregation: str = "weighted_mean"
    # Since migration 0003_data: the series a weighted mean is weighted by ("population" or
    # "grdp"; "" = population), and the share of that weight the reporting provinces must cover
    # for a regional status (None = council.targets.DEFAULT_MIN_COVERAGE).
    weight_by: str = ""
    min_coverage: float | None = None
    # Edited by the secretariat (since migration 0002); seeded rows start at version 1.
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 1


class Target(SQLModel, table=True):
    """A regional plan target. ``plan_region`` is the region as named by the source
    decision (the 2021-2030 plans use the pre-2025 regions); ``region_id`` is set
    only when that name is one of today's six regions."""

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)
    plan_region: str = ""
    label: str = ""  # the indicator as the source words it
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_year: int
    target_text: str = ""  # as published: "8.5-9.0", "~9", ">140"
    target_low: float | None = None
    target_high: float | None = None
    period: str = ""
    source_document: str = ""
    source_kind: str = ""
    source_url: str = ""
    # Who last saved it (since migration 0002; seeded targets keep none).
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 1


class ProvinceTarget(SQLModel, table=True):
    """A province's own figure for an indicator: a quota split from a regional
    target, or a province-level target published by the province or ministry."""

    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    target_id: int | None = Field(default=None, foreign_key="target.id")
    label: str = ""
    target_text: str = ""
    target_low: float | None = None
    target_high: float | None = None
    period: str = ""
    source_document: str = ""
    source_url: str = ""
    version: int = 1


class Observation(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("province_id", "indicator_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    year: int = Field(index=True)
    value: float | None = None
    status: str = "draft"
    label: str = ""  # the indicator as the source words it, for seeded figures
    basis: str = ""
    source_url: str = ""
    comment: str = ""
    follow_up: bool = False
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    return_reason: str = ""
    version: int = 1


# --- meetings ----------------------------------------------------------------

MEETING_KINDS = ("plenary", "standing", "thematic")
MEETING_STATUSES = ("open", "closed")
FOLLOW_UP_STATUSES = ("open", "done", "superseded")


class Meeting(SQLModel, table=True):
    """A meeting of a region's council; closing it freezes its decisions."""

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    title: str = ""
    meeting_date: date
    place: str = ""
    kind: str = "plenary"
    status: str = "open"
    closed_at: datetime | None = None
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class AgendaItem(SQLModel, table=True):
    """One item of a meeting's agenda: generated from a record (``ref_entity`` + ``ref_id``)
    by a rule (``kind``), or added by hand (kind ``manual``). Dropped items are kept."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int = 0
    kind: str = "manual"
    ref_entity: str = ""
    ref_id: str = ""
    title: str
    summary: str = Field(default="", sa_column=Column(Text))
    dropped: bool = False
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class Decision(SQLModel, table=True):
    """The council's decision on an agenda item. After the meeting is closed a decision is
    never changed: a correction is a new Decision whose ``corrects_id`` names the one it replaces."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agenda_item_id: int = Field(foreign_key="agendaitem.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    responsible_bodies: str = ""
    deadline: date | None = None
    corrects_id: int | None = Field(default=None, foreign_key="decision.id")
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class DecisionProvince(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("decision_id", "province_id"),)
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)


class FollowUp(SQLModel, table=True):
    """What a decision asks to be done, shown on the linked record and on the next
    meeting's draft agenda until it is marked done."""

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    ref_entity: str = ""
    ref_id: str = ""
    status: str = "open"
    done_at: datetime | None = None
    done_by: str = ""
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class UserVisit(SQLModel, table=True):
    """When a user last opened "my province"/"what changed", and the visit before (the
    baseline of "since my last visit")."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    last_seen_at: datetime | None = None
    previous_seen_at: datetime | None = None


MODEL_BY_ENTITY: dict[str, type[SQLModel]] = {
    "region": Region,
    "province": Province,
    "border": Border,
    "user": User,
    "project": Project,
    "project_province": ProjectProvince,
    "funding_line": FundingLine,
    "milestone": Milestone,
    "agreement": Agreement,
    "conflict": Conflict,
    "comment": Comment,
    "indicator": Indicator,
    "target": Target,
    "province_target": ProvinceTarget,
    "observation": Observation,
    "meeting": Meeting,
    "agenda_item": AgendaItem,
    "decision": Decision,
    "follow_up": FollowUp,
}

# Tables and checks defined in their capability's own module (imported last: they use the above).
from council import (  # noqa: E402
    bounds_models,  # noqa: E402,F401  (CHECK: finite numbers, dates 1900..2200)
    read_indexes,  # noqa: E402,F401  (indexes for the dashboards)
)
from council.allocation_models import *  # noqa: E402,F403  allocation round and regional fund (issue 20)
from council.auth_models import SignInCounter  # noqa: E402,F401
from council.dataversion_models import DataVersion  # noqa: E402,F401  (data version counters)
from council.early_warning_models import *  # noqa: E402,F403  early-warning decisions (issue 19)
from council.facilities_models import *  # noqa: E402,F403  facility plans (issue 19)
from council.incentives_models import *  # noqa: E402,F403  investment incentives (issue 19)
from council.notify_models import *  # noqa: E402,F403  following and notifications (issue 21)
from council.plan_models import *  # noqa: E402,F403  plan execution tables (issue 17)
from council.sharing_models import *  # noqa: E402,F403  revenue and cost sharing tables (issue 18)
from council.signoff_models import *  # noqa: E402,F403  sign-off levels, progress settings (issue 21)

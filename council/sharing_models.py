"""Tables of revenue and cost sharing (issue 18): a sharing arrangement attached to an
agreement or a project, its participating provinces with their baseline revenue, the yearly
revenue it generates, the cost lines of each year, the saved scenarios (keys for the increment,
compared side by side before one is adopted) and each province's acceptance of a year's
settlement, naming the settlement version it saw.

Imported by the last line of council/models.py so that SQLModel.metadata (and Alembic) see
them; the services live in council/sharing.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow


class SharingArrangement(SQLModel, table=True):
    """``version`` is the settlement version: every change to the terms (participants' baselines,
    revenue, cost lines, the adopted key) moves it on and clears the acceptances it affects."""

    __table_args__ = (
        CheckConstraint("kind IN ('standard', 'relocation')", name="ck_sharing_kind"),
        CheckConstraint("shortfall_rule IN ('pro_rata', 'host_first')", name="ck_sharing_shortfall"),
        CheckConstraint("due_month >= 1 AND due_month <= 12", name="ck_sharing_due_month"),
        CheckConstraint("due_day >= 1 AND due_day <= 31", name="ck_sharing_due_day"),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    title: str
    agreement_id: int | None = Field(
        default=None, foreign_key="agreement.id", index=True, ondelete="SET NULL"
    )
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True, ondelete="SET NULL")
    kind: str = "standard"  # standard | relocation
    host_province_id: int | None = Field(default=None, foreign_key="province.id")
    base_year: int
    shortfall_rule: str = "pro_rata"  # pro_rata | host_first
    # A year's settlement is due on this day of the following year.
    due_month: int = 3
    due_day: int = 31
    adopted_scenario_id: int | None = None
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class SharingParticipant(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("arrangement_id", "province_id"),
        CheckConstraint("baseline_revenue >= 0", name="ck_sharing_baseline"),
    )
    id: int | None = Field(default=None, primary_key=True)
    arrangement_id: int = Field(foreign_key="sharingarrangement.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)
    baseline_revenue: float = 0.0  # VND billion a year, kept by the province
    baseline_source: str = ""  # "entered" | "budget_revenue <year>"


class SharingRevenue(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("arrangement_id", "year"),
        CheckConstraint("revenue >= 0", name="ck_sharing_revenue"),
    )
    id: int | None = Field(default=None, primary_key=True)
    arrangement_id: int = Field(foreign_key="sharingarrangement.id", index=True, ondelete="CASCADE")
    year: int
    revenue: float  # VND billion the arrangement generates in the year (baselines included)


class SharingScenario(SQLModel, table=True):
    """A key for the increment; ``weights`` (JSON {province_id: weight}) for a negotiated key."""

    __table_args__ = (UniqueConstraint("arrangement_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    arrangement_id: int = Field(foreign_key="sharingarrangement.id", index=True, ondelete="CASCADE")
    name: str
    key: str  # equal | population | grdp | grdp_per_capita | negotiated
    weights: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""


class SharingCostLine(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("amount >= 0", name="ck_sharing_cost_amount"),
        CheckConstraint("cost_type IN ('full', 'marginal')", name="ck_sharing_cost_type"),
    )
    id: int | None = Field(default=None, primary_key=True)
    arrangement_id: int = Field(foreign_key="sharingarrangement.id", index=True, ondelete="CASCADE")
    year: int
    category: str  # capital | operation | maintenance
    amount: float  # VND billion
    key: str  # as SharingScenario.key
    weights: str = ""
    cost_type: str = "full"  # full | marginal
    note: str = ""


class SharingAcceptance(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("arrangement_id", "province_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    arrangement_id: int = Field(foreign_key="sharingarrangement.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)
    year: int
    settlement_version: int  # the arrangement's version the representative saw
    accepted_at: datetime = Field(default_factory=utcnow)
    accepted_by: str = ""


class AgreementStep(SQLModel, table=True):
    """One of the six steps of building an agreement in preparation (seed 004): 1 stakeholders,
    2 problem and strengths, 3 consultation, 4 options, 5 campaign, 6 implementation and results.
    ``details`` is the step's own content as JSON (the rated stakeholder groups, the consultation
    summary and file name, the linked scenarios, the results log)."""

    __table_args__ = (
        UniqueConstraint("agreement_id", "step"),
        CheckConstraint("step >= 1 AND step <= 6", name="ck_agreement_step"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="ck_agreement_step_status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int = Field(foreign_key="agreement.id", index=True, ondelete="CASCADE")
    step: int
    owner: str = ""
    start_date: date | None = None
    end_date: date | None = None
    status: str = "not_started"
    notes: str = ""
    details: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1

"""Tables of the allocation of resources (issue 20): a region's yearly allocation round (the
envelope, the council's criteria and weights, the members' contributions to the regional fund),
what is entered per proposal (readiness, the amount asked of the fund, manual scores), and the
awards the council decided, each recorded as a meeting decision and a funding line.

Imported by the last line of council/models.py so that SQLModel.metadata (and Alembic) see
them; the services live in council/allocation.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.bounds import add_constraints
from council.models import utcnow


class AllocationRound(SQLModel, table=True):
    """One region's round of one year. ``version`` moves with every change to the envelope,
    the criteria and weights, or the contributions (compare-and-set)."""

    __table_args__ = (
        UniqueConstraint("region_id", "year"),
        CheckConstraint("envelope >= 0", name="ck_allocation_envelope"),
        CheckConstraint("method IN ('knapsack', 'greedy')", name="ck_allocation_method"),
        CheckConstraint("status IN ('open', 'decided')", name="ck_allocation_status"),
        CheckConstraint(
            "contribution_total IS NULL OR contribution_total >= 0", name="ck_allocation_contribution"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    year: int
    envelope: float = 0.0  # VND billion the fund may allocate this year
    method: str = "knapsack"  # the selection the decision takes by default
    status: str = "open"
    decision_id: int | None = Field(default=None, foreign_key="decision.id")
    contribution_total: float | None = None  # VND billion paid in by the members this year
    contribution_key: str = ""  # grdp | budget_revenue | equal | negotiated
    contribution_basis: str = ""  # e.g. "grdp 2024", "budget_revenue 2026", "entered"
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class AllocationCriterion(SQLModel, table=True):
    """A criterion of a round: computed from the data (``kind`` computed, ``code`` one of
    council.allocation.COMPUTED) or scored by hand on [scale_min, scale_max] (kind manual)."""

    __table_args__ = (
        UniqueConstraint("round_id", "code"),
        CheckConstraint("weight >= 0", name="ck_allocation_weight"),
        CheckConstraint("kind IN ('computed', 'manual')", name="ck_allocation_kind"),
        CheckConstraint("direction IN ('higher', 'lower')", name="ck_allocation_direction"),
        CheckConstraint("scale_max > scale_min", name="ck_allocation_scale"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="allocationround.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=40)
    kind: str = "computed"
    name_vi: str = ""
    name_en: str = ""
    weight: float = 1.0
    direction: str = "higher"
    scale_min: float = 0.0
    scale_max: float = 10.0
    position: int = 0


class AllocationEntry(SQLModel, table=True):
    """What is entered for one proposal in one round: readiness, the amount asked of the fund
    (None: the project's total investment) and the manual criteria's scores (JSON {code: value})."""

    __table_args__ = (
        UniqueConstraint("round_id", "project_id"),
        CheckConstraint(
            "land_cleared_pct IS NULL OR (land_cleared_pct >= 0 AND land_cleared_pct <= 100)",
            name="ck_allocation_land",
        ),
        CheckConstraint("requested_amount IS NULL OR requested_amount > 0", name="ck_allocation_requested"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="allocationround.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    policy_approved: bool = False
    land_cleared_pct: float | None = None
    requested_amount: float | None = None
    scores: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class FundContribution(SQLModel, table=True):
    """A member province's contribution to the regional fund in a round's year (VND billion),
    stored when the split is made so later figures never rewrite what was paid."""

    __table_args__ = (
        UniqueConstraint("round_id", "province_id"),
        CheckConstraint("amount >= 0", name="ck_fund_contribution_amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="allocationround.id", index=True, ondelete="CASCADE")
    province_id: int = Field(foreign_key="province.id", index=True)
    weight: float = 0.0
    amount: float = 0.0


class AllocationAward(SQLModel, table=True):
    """A project the council funded from the regional fund: the amount, the decision that
    records it and the funding line written on the project (its id, kept as a plain number:
    the project's funding lines may be replaced later by the register's editor)."""

    __table_args__ = (
        UniqueConstraint("round_id", "project_id"),
        CheckConstraint("amount > 0", name="ck_allocation_award_amount"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="allocationround.id", index=True, ondelete="CASCADE")
    project_id: int = Field(foreign_key="project.id", index=True)
    amount: float
    score: float = 0.0
    rank: int = 0
    decision_id: int = Field(foreign_key="decision.id", index=True)
    funding_line_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""


# The finite-number bounds of council.bounds (FLOAT_COLUMNS) on these tables too.
add_constraints(SQLModel.metadata)

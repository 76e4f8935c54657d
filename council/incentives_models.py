"""Tables of the investment-incentive monitor (issue 19, items 1-3): the sector list the
secretariat keeps, each province's incentive packages, the regional standard (the harmonised
floor) per sector with its history, the regional plan's sector assignments and the monitor's
settings.

Imported by the last lines of council/models.py so that SQLModel.metadata (and Alembic) see them;
the services live in council/incentives.py.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow


class Sector(SQLModel, table=True):
    """A sector investors are courted for (electronics, textiles, logistics, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    name_vi: str
    name_en: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class Incentive(SQLModel, table=True):
    """One province's package for a sector (in an area, optionally), in force from
    ``effective_from`` (to ``effective_to`` when it ends). Rates in percent, years in years,
    land rent in VND per m² a year."""

    __table_args__ = (
        CheckConstraint(
            "cit_exempt_years IS NULL OR (cit_exempt_years >= 0 AND cit_exempt_years <= 50)",
            name="ck_incentive_cit_exempt_years",
        ),
        CheckConstraint(
            "cit_reduced_rate IS NULL OR (cit_reduced_rate >= 0 AND cit_reduced_rate <= 100)",
            name="ck_incentive_cit_reduced_rate",
        ),
        CheckConstraint(
            "cit_reduced_years IS NULL OR (cit_reduced_years >= 0 AND cit_reduced_years <= 50)",
            name="ck_incentive_cit_reduced_years",
        ),
        CheckConstraint(
            "land_exempt_years IS NULL OR (land_exempt_years >= 0 AND land_exempt_years <= 99)",
            name="ck_incentive_land_exempt_years",
        ),
        CheckConstraint(
            "land_rent_price IS NULL OR (land_rent_price >= 0 AND land_rent_price < 1e15)",
            name="ck_incentive_land_rent_price",
        ),
        CheckConstraint(
            "processing_days IS NULL OR (processing_days >= 0 AND processing_days <= 3650)",
            name="ck_incentive_processing_days",
        ),
        CheckConstraint(
            "effective_from >= '1900-01-01' AND effective_from <= '2200-12-31'",
            name="ck_incentive_effective_from_range",
        ),
        CheckConstraint(
            "effective_to IS NULL OR (effective_to >= '1900-01-01' AND effective_to <= '2200-12-31')",
            name="ck_incentive_effective_to_range",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    sector_id: int = Field(foreign_key="sector.id", index=True)
    area: str = ""  # industrial park or economic zone, optional
    cit_exempt_years: float | None = None
    cit_reduced_rate: float | None = None  # percent, in the years after the exemption
    cit_reduced_years: float | None = None
    land_exempt_years: float | None = None
    land_rent_price: float | None = None  # VND per m² a year, after the exemption
    infrastructure_support: str = ""
    training_support: str = ""
    processing_days: int | None = None  # promised days to process an investment licence
    legal_basis: str = ""
    effective_from: date
    effective_to: date | None = None
    source_url: str = ""
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class IncentiveStandard(SQLModel, table=True):
    """The council's harmonised floor for a sector in its region. Never updated: a new decision
    is a new row with the next ``revision`` (the history stays); the current floor is the row
    with the highest revision. Blank terms are not set by the standard."""

    __table_args__ = (
        UniqueConstraint("region_id", "sector_id", "revision"),
        CheckConstraint(
            "max_cit_exempt_years IS NULL OR (max_cit_exempt_years >= 0 AND max_cit_exempt_years <= 50)",
            name="ck_standard_max_cit_exempt_years",
        ),
        CheckConstraint(
            "min_cit_rate IS NULL OR (min_cit_rate >= 0 AND min_cit_rate <= 100)",
            name="ck_standard_min_cit_rate",
        ),
        CheckConstraint(
            "max_cit_reduced_years IS NULL OR (max_cit_reduced_years >= 0 AND max_cit_reduced_years <= 50)",
            name="ck_standard_max_cit_reduced_years",
        ),
        CheckConstraint(
            "max_land_exempt_years IS NULL OR (max_land_exempt_years >= 0 AND max_land_exempt_years <= 99)",
            name="ck_standard_max_land_exempt_years",
        ),
        CheckConstraint(
            "min_land_rent_price IS NULL OR (min_land_rent_price >= 0 AND min_land_rent_price < 1e15)",
            name="ck_standard_min_land_rent_price",
        ),
        CheckConstraint("revision >= 1", name="ck_standard_revision"),
    )
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    sector_id: int = Field(foreign_key="sector.id", index=True)
    revision: int = 1
    max_cit_exempt_years: float | None = None
    min_cit_rate: float | None = None
    max_cit_reduced_years: float | None = None
    max_land_exempt_years: float | None = None
    min_land_rent_price: float | None = None
    decision_ref: str = ""  # the council's decision setting it
    decided_on: date | None = None
    note: str = ""
    set_at: datetime = Field(default_factory=utcnow)
    set_by: str = ""


class SectorAssignment(SQLModel, table=True):
    """The regional plan lists ``sector`` for ``province`` (entered by the secretariat)."""

    __table_args__ = (UniqueConstraint("region_id", "sector_id", "province_id"),)
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    sector_id: int = Field(foreign_key="sector.id", index=True)
    province_id: int = Field(foreign_key="province.id", index=True)
    source: str = ""  # the plan and its article
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""


class IncentiveSetting(SQLModel, table=True):
    """A setting of the monitor (discount rate, profit share, ...): council data, so a change
    moves the data version and refreshes the views."""

    key: str = Field(primary_key=True, max_length=64)
    value: str
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""

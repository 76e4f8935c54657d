"""Tables of issue 21 items 4 and 5: how many signatures a province's figures need before the
council's secretariat sees them (``ProvinceSignoff``: one level, the representative, or two:
the provincial statistics officer verifies, then the representative signs off), and each
indicator's own progress settings (``IndicatorProgress``: the method and the two thresholds of
the on-track / at-risk status). A province or an indicator without a row keeps the defaults
(one level; the method of its unit and the thresholds 0.95 / 0.60).

Imported by the last line of council/models.py so that SQLModel.metadata (and Alembic) see
them; the services live in council/signoff.py and council/targets.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow

SIGNOFF_LEVELS = (1, 2)
# "" = the default: the yearly-rate mean for a '%/năm' unit, the CAGR ratio otherwise.
PROGRESS_METHODS = ("", "cagr", "linear", "yearly_mean")
# Bounds of a threshold (a ratio of observed to required progress): above 0, at most 5.
THRESHOLD_MAX = 5.0


class ProvinceSignoff(SQLModel, table=True):
    __table_args__ = (CheckConstraint("levels IN (1, 2)", name="ck_province_signoff_levels"),)
    id: int | None = Field(default=None, primary_key=True)
    province_id: int = Field(foreign_key="province.id", unique=True, index=True)
    levels: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class IndicatorProgress(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            "method IN ('', 'cagr', 'linear', 'yearly_mean')", name="ck_indicator_progress_method"
        ),
        CheckConstraint(
            "on_track IS NULL OR (on_track > 0 AND on_track <= 5)", name="ck_indicator_progress_on_track"
        ),
        CheckConstraint(
            "at_risk IS NULL OR (at_risk > 0 AND at_risk <= 5)", name="ck_indicator_progress_at_risk"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", unique=True, index=True, ondelete="CASCADE")
    method: str = ""
    on_track: float | None = None  # None = council.targets.ON_TRACK_RATIO
    at_risk: float | None = None  # None = council.targets.AT_RISK_RATIO
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


__all__ = ["IndicatorProgress", "ProvinceSignoff"]

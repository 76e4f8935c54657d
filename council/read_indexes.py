"""Indexes that serve the dashboards' aggregations (see the migration 0003_version)."""

from __future__ import annotations

from sqlalchemy import Index

from council.models import Observation

# Sums of figures by indicator and year read the index alone (a covering index: no table rows,
# no sort), several times faster than a scan of the figures at x10.
OBSERVATION_SUMS = Index(
    "ix_observation_indicator_year_value",
    Observation.__table__.c.indicator_id,
    Observation.__table__.c.year,
    Observation.__table__.c.value,
)

"""Tables of facility plans (issue 19, items 4–5): the facilities the provincial plans list
(seaports, airports, industrial parks, logistics centres, dry ports, and routes — roads and
railways with their two ends or their border end), the regional plan's capacity forecasts the
secretariat enters, and the detector's settings (one row, versioned).

Imported by the last lines of council/models.py so that SQLModel.metadata (and Alembic) see them;
the services live in council/facilities.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from council.models import utcnow

# Vietnam's bounds, the islands included (Trường Sa reaches 117.8° E, Cà Mau's cape 8.4° N, the
# northern tip 23.4° N, the western border 102.1° E); a coordinate outside is a typing error.
LAT_MIN, LAT_MAX = 6.0, 23.5
LON_MIN, LON_MAX = 102.0, 118.0

_BOUNDS = f"BETWEEN {LAT_MIN} AND {LAT_MAX}"
_LON = f"BETWEEN {LON_MIN} AND {LON_MAX}"


class PlannedFacility(SQLModel, table=True):
    """A facility of a provincial plan. ``lat``/``lon``: its location (for a route: its first end);
    both empty when only the province is known. A route (``road``/``rail``) may have its other end
    (``end_lat``/``end_lon``) and ``border_province_id``, the neighbour at whose border it ends."""

    __table_args__ = (
        CheckConstraint(f"lat IS NULL OR lat {_BOUNDS}", name="ck_facility_lat"),
        CheckConstraint(f"lon IS NULL OR lon {_LON}", name="ck_facility_lon"),
        CheckConstraint(f"end_lat IS NULL OR end_lat {_BOUNDS}", name="ck_facility_end_lat"),
        CheckConstraint(f"end_lon IS NULL OR end_lon {_LON}", name="ck_facility_end_lon"),
        CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="ck_facility_point"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="ck_facility_capacity"),
        CheckConstraint("area_ha IS NULL OR area_ha >= 0", name="ck_facility_area"),
        CheckConstraint("lanes IS NULL OR lanes >= 1", name="ck_facility_lanes"),
        CheckConstraint(
            "start_year IS NULL OR end_year IS NULL OR start_year <= end_year", name="ck_facility_period"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=32)
    kind: str = Field(index=True, max_length=32)
    name: str
    province_id: int = Field(foreign_key="province.id", index=True)
    lat: float | None = None
    lon: float | None = None
    capacity: float | None = None  # in the kind's unit (facilities.UNITS)
    area_ha: float | None = None
    start_year: int | None = None
    end_year: int | None = None
    source: str = ""  # the provincial plan's decision
    # Routes
    grade: str = ""  # expressway | national_road | provincial_road | railway
    lanes: int | None = None
    end_lat: float | None = None
    end_lon: float | None = None
    border_province_id: int | None = Field(default=None, foreign_key="province.id")
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True, ondelete="SET NULL")
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class FacilityForecast(SQLModel, table=True):
    """The regional plan's forecast of the capacity a region needs of a kind in a year."""

    __table_args__ = (
        UniqueConstraint("region_id", "kind", "year"),
        CheckConstraint("capacity >= 0", name="ck_forecast_capacity"),
    )
    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    kind: str = Field(max_length=32)
    year: int
    capacity: float
    source: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1


class FacilitySettings(SQLModel, table=True):
    """The detector's settings (one row, id 1): ``values`` is JSON {name: number}."""

    id: int | None = Field(default=None, primary_key=True)
    values: str = "{}"
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""
    version: int = 1

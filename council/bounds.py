"""Bounds every stored number and date keeps (issue 14, item 5): numbers are finite (no NaN, no
infinity, nothing past the double range such as 1e309) and dates lie in 1900..2200.

Checked three times over: in the services' own validation (``check_number``, ``check_date``,
used by imports and forms), for every ORM write (a ``before_flush`` hook: no service can store
a bad value by forgetting to check) and for compare-and-set updates (``check_values``), and by
CHECK constraints in the database (migration 0003_integrity; ``add_constraints`` gives the
models the same), so a value written by any other path is refused too."""

from __future__ import annotations

import math
from datetime import date, datetime

from sqlalchemy import CheckConstraint, MetaData, event
from sqlalchemy.orm import Session

from council.errors import ValidationError

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)
# The largest magnitude a stored number may have: below the double range (1.8e308), so that
# infinity and overflowed input (1e309) are out, on SQLite and PostgreSQL alike.
NUMBER_LIMIT = 1e308

# The user-entered numbers and dates of the schema (the system's own timestamps are not typed by
# anyone). A new table's float or date column is added here and to a migration.
FLOAT_COLUMNS: dict[str, tuple[str, ...]] = {
    "province": ("area_km2", "lat", "lon"),
    "border": ("length_km",),
    "target": ("baseline_value", "target_low", "target_high"),
    "provincetarget": ("target_low", "target_high"),
    "observation": ("value",),
    "project": ("length_km", "total_investment", "progress_physical", "progress_disbursed"),
    "projectprovince": ("cost_share_pct", "length_km"),
    "fundingline": ("planned_amount", "actual_amount"),
    # Allocation of resources (council/allocation_models.py, migration 0005_allocation).
    "allocationround": ("envelope", "contribution_total"),
    "allocationcriterion": ("weight", "scale_min", "scale_max"),
    "allocationentry": ("land_cleared_pct", "requested_amount"),
    "fundcontribution": ("weight", "amount"),
    "allocationaward": ("amount", "score"),
}
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "agreement": ("date_signed",),
    "meeting": ("meeting_date",),
    "conflict": ("opened_on", "due_on"),
    "decision": ("deadline",),
    "project": ("planned_start", "planned_end", "actual_start", "actual_end", "status_date"),
    "milestone": ("due_date", "done_date"),
}


def constraint_name(table: str, column: str, kind: str) -> str:
    return f"ck_{table}_{column}_{kind}"


def finite_sql(column: str) -> str:
    # PostgreSQL orders NaN above every number and SQLite stores it as NULL: either way a NaN
    # or an infinity fails the range test.
    return f"{column} IS NULL OR ({column} > -{NUMBER_LIMIT:g} AND {column} < {NUMBER_LIMIT:g})"


def date_sql(column: str) -> str:
    # ISO text on SQLite, a date on PostgreSQL: the same comparison holds on both.
    return (
        f"{column} IS NULL OR ({column} >= '{DATE_MIN.isoformat()}' AND {column} <= '{DATE_MAX.isoformat()}')"
    )


def checks() -> list[tuple[str, str, str]]:
    """(table, constraint name, condition) of every bound."""
    out = []
    for table, columns in FLOAT_COLUMNS.items():
        out += [(table, constraint_name(table, c, "finite"), finite_sql(c)) for c in columns]
    for table, columns in DATE_COLUMNS.items():
        out += [(table, constraint_name(table, c, "range"), date_sql(c)) for c in columns]
    return out


def add_constraints(metadata: MetaData) -> None:
    """Give the models' tables the CHECK constraints the migration creates."""
    for table, name, condition in checks():
        t = metadata.tables.get(table)
        if t is None:  # a capability's table not defined yet: its models module calls this again
            continue
        if not any(getattr(c, "name", None) == name for c in t.constraints):
            t.append_constraint(CheckConstraint(condition, name=name))


# --- validation -----------------------------------------------------------------------------


def is_finite(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and abs(value) < NUMBER_LIMIT


def check_number(value, field: str, row: int | None = None):
    """``value`` if None or a finite number in range, else ValidationError naming the field."""
    if value is None or isinstance(value, bool):
        return value
    if not is_finite(value):
        raise ValidationError("error.not_finite", field=field, row=row, value=str(value))
    return value


def date_in_range(value) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return DATE_MIN <= day <= DATE_MAX


def check_date(value, field: str, row: int | None = None):
    """``value`` if None or a date in 1900..2200, else ValidationError naming the field."""
    if value is None:
        return value
    if isinstance(value, date) and not date_in_range(value):
        raise ValidationError(
            "error.date_out_of_range",
            field=field,
            row=row,
            value=value.isoformat(),
            first=DATE_MIN.year,
            last=DATE_MAX.year,
        )
    return value


def check_values(table: str, values: dict) -> None:
    """Check the bounded columns of ``table`` among ``values`` (a row about to be written)."""
    for column in FLOAT_COLUMNS.get(table, ()):
        if column in values:
            check_number(values[column], column)
    for column in DATE_COLUMNS.get(table, ()):
        if column in values:
            check_date(values[column], column)


@event.listens_for(Session, "before_flush")
def _check_flushed(session: Session, _context, _instances) -> None:
    """Every ORM insert or update of a bounded column is checked before it reaches the database."""
    for obj in list(session.new) + list(session.dirty):
        table = getattr(obj, "__tablename__", None)
        if table in FLOAT_COLUMNS or table in DATE_COLUMNS:
            check_values(
                table,
                {
                    c: getattr(obj, c, None)
                    for c in FLOAT_COLUMNS.get(table, ()) + DATE_COLUMNS.get(table, ())
                },
            )

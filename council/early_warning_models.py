"""Tables of the early-warning core (issue 19): a flag the secretariat dismissed (with the reason
and the fingerprint of the data it was computed from) and a flag turned into a conflict case.

A flag itself is not stored: it is recomputed from the data each time (council/early_warning.py),
so it can never disagree with the data. What is stored is what people decided about it.

Imported by the last lines of council/models.py so that SQLModel.metadata (and Alembic) see them.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from council.models import utcnow


class WarningDismissal(SQLModel, table=True):
    """A dismissed flag stays hidden while its fingerprint (the data it rests on) is unchanged."""

    id: int | None = Field(default=None, primary_key=True)
    flag_key: str = Field(index=True, max_length=300)
    fingerprint: str = Field(max_length=64)
    reason: str
    dismissed_by_id: int | None = Field(default=None, foreign_key="user.id")
    dismissed_by: str = ""
    dismissed_at: datetime = Field(default_factory=utcnow)


class WarningCase(SQLModel, table=True):
    """A flag opened as a conflict case: the case stands for the flag while the data is unchanged."""

    id: int | None = Field(default=None, primary_key=True)
    flag_key: str = Field(index=True, max_length=300)
    fingerprint: str = Field(max_length=64)
    conflict_id: int | None = Field(default=None, foreign_key="conflict.id", index=True, ondelete="SET NULL")
    opened_by_id: int | None = Field(default=None, foreign_key="user.id")
    opened_at: datetime = Field(default_factory=utcnow)

"""Tables of the sign-in defences: bounded failure counters (no row per attempt)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class SignInCounter(SQLModel, table=True):
    """Failed sign-ins counted in fixed windows, one row per (scope, key): ``account`` (keyed by
    a keyed hash of the typed name, so unknown names are counted like real ones without being
    stored), ``device`` (a browser where the account signed in before), ``client`` (a network
    address, hashed) and ``global`` (one row). A new window restarts the count in place, and rows
    of unknown names are deleted once their window is over, so the table stays small however many
    attempts arrive. ``user_id`` is set when the name is an existing account: the secretariat
    can see that account's recent and total failures."""

    scope: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=64)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    window_start: datetime
    failures: int = 0
    total_failures: int = 0
    last_failure_at: datetime | None = None

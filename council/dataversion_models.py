"""The counters that say when the database last changed (see ``council.dataversion``)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """One row per counter: ``data`` moves with every committed change to the council's data,
    ``log`` with every committed audit entry (sign-ins and refusals included), ``t:<table>`` with
    every committed change to that table. Each is
    incremented in the transaction it counts, so its value is visible exactly when that
    transaction's changes are."""

    name: str = Field(primary_key=True, max_length=64)
    value: int = 0

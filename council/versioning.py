"""Optimistic locking: every editable record has ``version``; an edit names the
version its form was opened with, and the UPDATE only matches that version."""

from __future__ import annotations

from sqlalchemy import inspect, update
from sqlmodel import Session, SQLModel

from council.errors import NotFound, StaleEdit
from council.models import utcnow


def load_for_edit(session: Session, model: type[SQLModel], ident, expected_version: int, entity: str):
    """The record, or StaleEdit naming who changed it and when if its version moved on."""
    obj = session.get(model, ident)
    if obj is None:
        raise NotFound(entity, ident)
    if obj.version != expected_version:
        raise StaleEdit(entity, by=getattr(obj, "updated_by", ""), at=getattr(obj, "updated_at", ""))
    return obj


def save_versioned(
    session: Session, obj: SQLModel, expected_version: int, entity: str, actor_name: str, values: dict
) -> None:
    """Write ``values`` with ``UPDATE ... WHERE id = :id AND version = :expected`` and bump the
    version. Zero rows matched means another session saved first: StaleEdit, nothing written."""
    model = type(obj)
    values = dict(values)
    if hasattr(model, "updated_at"):
        values.setdefault("updated_at", utcnow())
    if hasattr(model, "updated_by"):
        values.setdefault("updated_by", actor_name)
    values["version"] = expected_version + 1
    ident = _ident(obj)
    result = session.exec(
        update(model).where(model.id == ident, model.version == expected_version).values(**values)
    )
    session.expire(obj)
    if result.rowcount != 1:
        raise _stale(session, model, ident, entity)


def _ident(obj: SQLModel):
    """The record's id from the session's identity map, never by loading it: reading ``obj.id`` off
    an expired object whose row another session just deleted raises ObjectDeletedError instead of
    the message the user should see."""
    identity = inspect(obj).identity
    return identity[0] if identity else obj.id


def _stale(session: Session, model: type[SQLModel], ident, entity: str) -> StaleEdit | NotFound:
    """StaleEdit naming who saved first, or NotFound when someone deleted the record meanwhile."""
    fresh = session.get(model, ident, populate_existing=True)
    if fresh is None:
        return NotFound(entity, ident)
    by = getattr(fresh, "updated_by", "") or getattr(fresh, "entered_by", "")
    at = getattr(fresh, "updated_at", None) or getattr(fresh, "entered_at", None) or ""
    return StaleEdit(entity, by=by, at=at)


def lock_version(
    session: Session, model: type[SQLModel], ident, expected_version: int, entity: str, *, share: bool = True
) -> SQLModel:
    """The record locked at ``expected_version`` for the rest of the transaction, or StaleEdit.

    For a write that depends on a record without changing it (accepting a project's split names
    the project version the user saw): ``SELECT ... WHERE id = :id AND version = :v FOR SHARE`` on
    PostgreSQL, so a concurrent change of the record waits for this transaction or, if it
    committed first, makes this one refused. SQLite's write transactions are serialised already
    (BEGIN IMMEDIATE) and it has no row locks; the version test is the same."""
    from sqlmodel import select

    q = select(model).where(model.id == ident, model.version == expected_version)
    q = q.with_for_update(read=share)
    obj = session.exec(q.execution_options(populate_existing=True)).first()
    if obj is None:
        if session.get(model, ident) is None:
            raise NotFound(entity, ident)
        raise _stale(session, model, ident, entity)
    return obj


def delete_versioned(session: Session, obj: SQLModel, expected_version: int, entity: str) -> None:
    """``DELETE ... WHERE id = :id AND version = :expected``: zero rows means someone saved first."""
    from sqlalchemy import delete

    model = type(obj)
    ident = _ident(obj)
    result = session.exec(delete(model).where(model.id == ident, model.version == expected_version))
    if result.rowcount != 1:
        raise _stale(session, model, ident, entity)

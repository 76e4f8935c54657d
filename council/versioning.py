"""Optimistic locking: every editable record has ``version``; an edit names the
version its form was opened with, and the UPDATE only matches that version."""

from __future__ import annotations

from sqlalchemy import update
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
    if hasattr(obj, "updated_at"):
        values.setdefault("updated_at", utcnow())
    if hasattr(obj, "updated_by"):
        values.setdefault("updated_by", actor_name)
    values["version"] = expected_version + 1
    result = session.exec(
        update(model).where(model.id == obj.id, model.version == expected_version).values(**values)
    )
    if result.rowcount != 1:
        session.expire(obj)
        fresh = session.get(model, obj.id)
        raise StaleEdit(entity, by=getattr(fresh, "updated_by", ""), at=getattr(fresh, "updated_at", ""))
    session.expire(obj)

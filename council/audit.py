"""Append-only audit log, written in the same transaction as the change."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from council.models import AuditEntry


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def snapshot(obj: SQLModel | dict | None, exclude: tuple[str, ...] = ("password_hash",)) -> dict | None:
    if obj is None:
        return None
    data = obj if isinstance(obj, dict) else obj.model_dump()
    return {k: v for k, v in data.items() if k not in exclude}


def dumps(data: dict | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, default=_default, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    actor,
    action: str,
    entity: str,
    entity_id: Any = "",
    before: dict | SQLModel | None = None,
    after: dict | SQLModel | None = None,
    note: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id if entity_id is not None else ""),
        before=dumps(snapshot(before)),
        after=dumps(snapshot(after)),
        note=note,
    )
    session.add(entry)
    return entry


def changed_fields(before: dict | None, after: dict | None) -> list[str]:
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def list_entries(
    session: Session,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    actor_name: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[dict]:
    """Plain dicts, newest first, with the parsed before/after and the changed fields."""
    q = select(AuditEntry)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    if actor_name:
        q = q.where(AuditEntry.actor_name == actor_name)
    if action:
        q = q.where(AuditEntry.action == action)
    if since:
        q = q.where(AuditEntry.at >= since)
    if until:
        q = q.where(AuditEntry.at <= until)
    q = q.order_by(col(AuditEntry.id).desc()).limit(limit)
    rows = []
    for e in session.exec(q):
        before = json.loads(e.before) if e.before else None
        after = json.loads(e.after) if e.after else None
        rows.append(
            {
                "id": e.id,
                "at": e.at,
                "actor": e.actor_name,
                "action": e.action,
                "entity": e.entity,
                "entity_id": e.entity_id,
                "changed": changed_fields(before, after),
                "before": before,
                "after": after,
                "note": e.note,
            }
        )
    return rows


def filter_choices(session: Session) -> dict[str, list[str]]:
    """The kinds of record, the people and the actions the log holds (for the log's filters)."""
    return {
        name: sorted(set(session.exec(select(column).distinct()).all()))
        for name, column in (
            ("entities", AuditEntry.entity),
            ("actors", AuditEntry.actor_name),
            ("actions", AuditEntry.action),
        )
    }


def data_version(session: Session) -> int:
    """Moves with every committed change to the council's data, never with a sign-in, a visit or
    a refusal: the cache key of derived data (``council.dataversion`` says how and why)."""
    from council import dataversion

    return dataversion.current(session, dataversion.DATA)


def log_version(session: Session) -> int:
    """Moves with every committed audit entry (sign-ins and refusals included): the cache key of
    the audit log's own views."""
    from council import dataversion

    return dataversion.current(session, dataversion.LOG)

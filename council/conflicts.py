"""Conflicts between localities: the record, its parties and positions, linked projects, the
status workflow with its timeline, overdue and ageing, the comment thread (threaded replies,
stances, edit history, moderation), the views (board, table, dashboard, detail) and exports.

Every writing service checks permission first (``authorize``), validates, writes, and audits in
the caller's transaction. Pages get plain dicts, never ORM objects.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import case, delete, func
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from council.i18n import LOCAL_TZ, code_label, fmt_date, local_time, t
from council.io import to_excel
from council.models import (
    CONFLICT_STATUSES,
    CONFLICT_TYPES,
    SEVERITIES,
    STANCES,
    Comment,
    CommentRevision,
    Conflict,
    ConflictEvent,
    ConflictParty,
    ConflictProject,
    Project,
    Province,
    User,
    utcnow,
)
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

# The workflow, written out: from each status, the statuses a conflict may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "reported": ("under_review",),
    "under_review": ("in_mediation", "escalated"),
    "in_mediation": ("resolved", "escalated"),
    # Escalated to the Prime Minister / ministries: their decision resolves it, or the file is closed.
    "escalated": ("resolved", "closed"),
    "resolved": ("closed",),
    "closed": (),
}
NOTE_REQUIRED = ("resolved", "escalated")  # a written resolution / escalation note
SETTLED = ("resolved", "closed")  # a due date no longer matters
OPEN_STATUSES = tuple(s for s in CONFLICT_STATUSES if s not in SETTLED)
MAX_DEPTH = 3  # levels of a thread: a comment (depth 0), a reply (1), a reply to a reply (2)
AGE_BUCKETS = ((30, "lt30"), (90, "30_90"), (180, "90_180"), (None, "gt180"))
MAX_TITLE = 200
MAX_TEXT = 10_000

assert set(TRANSITIONS) == set(CONFLICT_STATUSES)


# --- helpers -------------------------------------------------------------------


def local_today() -> date:
    """Today in Vietnam: opening dates, due dates and ageing follow the council's calendar."""
    return datetime.now(ZoneInfo(LOCAL_TZ)).date()


def _text(value: str | None, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = nfc(value)
    if required and not value:
        raise ValidationError("error.required", field=field)
    if len(value) > limit:
        raise ValidationError("conflicts.error.too_long", field=field, max=limit)
    return value


def _code_in(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise ValidationError("conflicts.error.bad_code", field=field, value=value)
    return value


def _get_conflict(session: Session, conflict_id: int) -> Conflict:
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise NotFound("conflict", conflict_id)
    return conflict


def party_ids(session: Session, conflict_id: int) -> list[int]:
    return list(
        session.exec(select(ConflictParty.province_id).where(ConflictParty.conflict_id == conflict_id))
    )


def _user_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.display_name or user.username


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Due date passed and the conflict is neither resolved nor closed."""
    return due_on is not None and due_on < today and status not in SETTLED


def age_days(opened_on: date | None, today: date) -> int | None:
    return None if opened_on is None else max((today - opened_on).days, 0)


def age_bucket(days: int | None) -> str | None:
    if days is None:
        return None
    for limit, bucket in AGE_BUCKETS:
        if limit is None or days < limit:
            return bucket
    return None  # pragma: no cover (the last bucket has no limit)


def _validate_parties(session: Session, parties: list[dict]) -> list[tuple[int, str]]:
    """[(province_id, position)], at least two distinct provinces, each with its stated position."""
    ids = [party.get("province_id") for party in parties]
    for pid in ids:
        if pid is None or session.get(Province, pid) is None:
            raise ValidationError("error.unknown_province", field="parties", province=pid)
    if len(set(ids)) != len(ids):
        raise ValidationError("conflicts.error.party_twice", field="parties")
    if len(ids) < 2:
        raise ValidationError("conflicts.error.two_parties", field="parties")
    return [
        (party["province_id"], _text(party.get("position"), "position", required=True)) for party in parties
    ]


def _validate_projects(session: Session, project_ids: list[int]) -> list[int]:
    ids = list(dict.fromkeys(project_ids or []))
    for pid in ids:
        if session.get(Project, pid) is None:
            raise ValidationError("conflicts.error.unknown_project", field="projects", project=pid)
    return ids


def _validate_owner(session: Session, owner_id: int | None) -> int | None:
    if owner_id is None:
        return None
    owner = session.get(User, owner_id)
    if owner is None or owner.role != "secretariat" or not owner.is_active:
        raise ValidationError("conflicts.error.owner_not_secretariat", field="owner")
    return owner_id


def _validate_dates(opened_on: date, due_on: date | None) -> None:
    if due_on is not None and due_on < opened_on:
        raise ValidationError("conflicts.error.due_before_opened", field="due_on")


def _next_code(session: Session, year: int) -> str:
    prefix = f"C-{year}-"
    codes = session.exec(select(Conflict.code).where(col(Conflict.code).startswith(prefix))).all()
    numbers = [int(c[len(prefix) :]) for c in codes if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _record_snapshot(session: Session, conflict: Conflict) -> dict:
    data = audit.snapshot(conflict)
    parties = session.exec(
        select(ConflictParty)
        .where(ConflictParty.conflict_id == conflict.id)
        .order_by(ConflictParty.province_id)
    ).all()
    data["parties"] = [{"province_id": p.province_id, "position": p.position} for p in parties]
    data["projects"] = sorted(
        session.exec(
            select(ConflictProject.project_id).where(ConflictProject.conflict_id == conflict.id)
        ).all()
    )
    return data


def _event(
    session: Session, actor: Actor, conflict_id: int, from_status: str | None, to_status: str, note: str = ""
) -> None:
    session.add(
        ConflictEvent(
            conflict_id=conflict_id,
            from_status=from_status,
            to_status=to_status,
            note=note,
            actor_id=actor.id,
            actor_name=actor.display_name or actor.username,
        )
    )


# --- the record --------------------------------------------------------------------


def open_conflict(
    session: Session,
    actor: Actor,
    *,
    title: str,
    parties: list[dict],
    type: str = "other",
    severity: str = "medium",
    description: str = "",
    project_ids: list[int] | None = None,
    opened_on: date | None = None,
    due_on: date | None = None,
    owner_id: int | None = None,
) -> dict:
    """Record a conflict between two or more provinces. The secretariat may open any; a
    representative only one where their own province is a party. Returns {"id", "code"}."""
    authorize(actor, "conflict.open", [p.get("province_id") for p in parties])
    title = _text(title, "title", required=True, limit=MAX_TITLE)
    description = _text(description, "description")
    _code_in(type, CONFLICT_TYPES, "type")
    _code_in(severity, SEVERITIES, "severity")
    checked_parties = _validate_parties(session, parties)
    checked_projects = _validate_projects(session, project_ids or [])
    opened_on = opened_on or local_today()
    _validate_dates(opened_on, due_on)
    if owner_id is None and actor.role == "secretariat":
        owner_id = actor.id
    owner_id = _validate_owner(session, owner_id)
    conflict = Conflict(
        code=_next_code(session, opened_on.year),
        title=title,
        description=description,
        type=type,
        severity=severity,
        status="reported",
        opened_on=opened_on,
        due_on=due_on,
        owner_id=owner_id,
        created_by_id=actor.id,
        updated_by=actor.username,
    )
    session.add(conflict)
    session.flush()
    for pid, position in checked_parties:
        session.add(ConflictParty(conflict_id=conflict.id, province_id=pid, position=position))
    for pid in checked_projects:
        session.add(ConflictProject(conflict_id=conflict.id, project_id=pid))
    _event(session, actor, conflict.id, None, "reported")
    session.flush()
    audit.record(session, actor, "create", "conflict", conflict.id, None, _record_snapshot(session, conflict))
    return {"id": conflict.id, "code": conflict.code}


def edit_conflict(
    session: Session,
    actor: Actor,
    conflict_id: int,
    *,
    expected_version: int,
    title: str,
    parties: list[dict],
    type: str,
    severity: str,
    description: str = "",
    project_ids: list[int] | None = None,
    due_on: date | None = None,
    owner_id: int | None = None,
) -> None:
    """Secretariat: change the record (parties and positions, linked projects, due date, owner...).
    ``expected_version`` is the version the form was opened with (StaleEdit otherwise)."""
    authorize(actor, "conflict.edit")
    conflict = load_for_edit(session, Conflict, conflict_id, expected_version, "conflict")
    before = _record_snapshot(session, conflict)
    title = _text(title, "title", required=True, limit=MAX_TITLE)
    description = _text(description, "description")
    _code_in(type, CONFLICT_TYPES, "type")
    _code_in(severity, SEVERITIES, "severity")
    checked_parties = _validate_parties(session, parties)
    checked_projects = _validate_projects(session, project_ids or [])
    _validate_dates(conflict.opened_on or local_today(), due_on)
    owner_id = _validate_owner(session, owner_id)
    save_versioned(
        session,
        conflict,
        expected_version,
        "conflict",
        actor.username,
        {
            "title": title,
            "description": description,
            "type": type,
            "severity": severity,
            "due_on": due_on,
            "owner_id": owner_id,
        },
    )
    existing = {
        p.province_id: p
        for p in session.exec(select(ConflictParty).where(ConflictParty.conflict_id == conflict_id))
    }
    wanted = dict(checked_parties)
    for pid, party in existing.items():
        if pid not in wanted:
            session.delete(party)
        elif party.position != wanted[pid]:
            party.position = wanted[pid]
            session.add(party)
    for pid, position in checked_parties:
        if pid not in existing:
            session.add(ConflictParty(conflict_id=conflict_id, province_id=pid, position=position))
    session.exec(delete(ConflictProject).where(ConflictProject.conflict_id == conflict_id))
    for pid in checked_projects:
        session.add(ConflictProject(conflict_id=conflict_id, project_id=pid))
    session.flush()
    conflict = session.get(Conflict, conflict_id)
    audit.record(
        session, actor, "update", "conflict", conflict_id, before, _record_snapshot(session, conflict)
    )


def allowed_transitions(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def transition(
    session: Session, actor: Actor, conflict_id: int, *, to_status: str, expected_version: int, note: str = ""
) -> None:
    """Move a conflict along the workflow (secretariat only). Resolving or escalating needs a
    written note, kept as the resolution record; every move becomes a timeline event."""
    authorize(actor, "conflict.transition")
    conflict = load_for_edit(session, Conflict, conflict_id, expected_version, "conflict")
    from_status = conflict.status
    if to_status not in allowed_transitions(from_status):
        raise ValidationError(
            "conflicts.error.bad_transition", field="status", src=from_status, dst=to_status
        )
    note = _text(note, "note", required=to_status in NOTE_REQUIRED)
    before = audit.snapshot(conflict)
    values = {"status": to_status}
    if to_status in NOTE_REQUIRED:
        values["resolution_note"] = note
    save_versioned(session, conflict, expected_version, "conflict", actor.username, values)
    _event(session, actor, conflict_id, from_status, to_status, note)
    session.flush()
    audit.record(
        session,
        actor,
        "transition",
        "conflict",
        conflict_id,
        before,
        session.get(Conflict, conflict_id),
        note=f"{from_status} -> {to_status}",
    )


# --- comments ----------------------------------------------------------------------


def _comment_rights(session: Session, actor: Actor, conflict: Conflict) -> None:
    authorize(actor, "conflict.comment", party_ids(session, conflict.id))
    if conflict.status == "closed":
        raise ValidationError("conflicts.error.closed", field="status")


def _stance_and_reason(stance: str, reason: str) -> str:
    _code_in(stance, STANCES, "stance")
    # A position (support / oppose / conditional) must say why; information speaks for itself.
    return _text(reason, "reason", required=stance != "information")


def add_comment(
    session: Session,
    actor: Actor,
    conflict_id: int,
    *,
    body: str,
    stance: str,
    reason: str = "",
    parent_id: int | None = None,
    interest_declared: str = "",
) -> int:
    """Post a comment or a reply (at most MAX_DEPTH levels). Experts and the secretariat may comment
    on any conflict, representatives only where their province is a party, observers never."""
    conflict = _get_conflict(session, conflict_id)
    _comment_rights(session, actor, conflict)
    body = _text(body, "body", required=True)
    reason = _stance_and_reason(stance, reason)
    interest = _text(interest_declared, "interest_declared", limit=500)
    depth = 0
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.conflict_id != conflict_id:
            raise ValidationError("conflicts.error.bad_parent", field="parent")
        if parent.hidden_at is not None:
            raise ValidationError("conflicts.error.parent_hidden", field="parent")
        depth = parent.depth + 1
        if depth >= MAX_DEPTH:
            raise ValidationError("conflicts.error.too_deep", field="parent", max=MAX_DEPTH)
    comment = Comment(
        conflict_id=conflict_id,
        parent_id=parent_id,
        depth=depth,
        author_id=actor.id,
        stance=stance,
        body=body,
        reason=reason,
        interest_declared=interest,
    )
    session.add(comment)
    session.flush()
    audit.record(session, actor, "create", "comment", comment.id, None, comment)
    return comment.id


def _load_comment(session: Session, comment_id: int, expected_version: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("comment", comment_id)
    if comment.version != expected_version:
        changed_by = session.get(User, comment.hidden_by_id if comment.hidden_at else comment.author_id)
        raise StaleEdit("comment", by=_user_name(changed_by), at=comment.hidden_at or comment.edited_at or "")
    return comment


def edit_comment(
    session: Session,
    actor: Actor,
    comment_id: int,
    *,
    expected_version: int,
    body: str,
    stance: str,
    reason: str = "",
    interest_declared: str | None = None,
) -> None:
    """The author changes their comment; the previous text, stance and reason are kept as a revision."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("comment", comment_id)
    conflict = _get_conflict(session, comment.conflict_id)
    _comment_rights(session, actor, conflict)
    if comment.author_id != actor.id:
        raise PermissionDenied("comment.edit_own", actor.username)
    comment = _load_comment(session, comment_id, expected_version)
    if comment.hidden_at is not None:
        raise ValidationError("conflicts.error.comment_hidden", field="body")
    body = _text(body, "body", required=True)
    reason = _stance_and_reason(stance, reason)
    values = {"body": body, "stance": stance, "reason": reason, "edited_at": utcnow()}
    if interest_declared is not None:
        values["interest_declared"] = _text(interest_declared, "interest_declared", limit=500)
    before = audit.snapshot(comment)
    session.add(
        CommentRevision(
            comment_id=comment.id, body=comment.body, stance=comment.stance, reason=comment.reason
        )
    )
    save_versioned(session, comment, expected_version, "comment", actor.username, values)
    audit.record(session, actor, "update", "comment", comment_id, before, session.get(Comment, comment_id))


def hide_comment(
    session: Session, actor: Actor, comment_id: int, *, expected_version: int, reason: str
) -> None:
    """Secretariat moderation: the comment is hidden, never deleted; the thread shows a placeholder
    with the date and the reason, and its replies stay."""
    authorize(actor, "comment.hide")
    comment = _load_comment(session, comment_id, expected_version)
    if comment.hidden_at is not None:
        raise ValidationError("conflicts.error.comment_hidden", field="reason")
    reason = _text(reason, "reason", required=True, limit=500)
    before = audit.snapshot(comment)
    save_versioned(
        session,
        comment,
        expected_version,
        "comment",
        actor.username,
        {"hidden_at": utcnow(), "hidden_by_id": actor.id, "hidden_reason": reason},
    )
    audit.record(
        session, actor, "hide", "comment", comment_id, before, session.get(Comment, comment_id), note=reason
    )


def _possible_interest(affiliation: str, party_names: list[str]) -> list[str]:
    """Party provinces named in an expert's declared affiliation (shown as a possible conflict of interest)."""
    folded = fold(affiliation)
    return [n for n in party_names if folded and fold(n) in folded]


def thread(session: Session, conflict_id: int) -> list[dict]:
    """The comments in reading order (each followed by its replies), with author, role, declared
    interests, edit history; hidden comments carry no text, only who hid them, when and why."""
    comments = session.exec(
        select(Comment).where(Comment.conflict_id == conflict_id).order_by(Comment.created_at, Comment.id)
    ).all()
    if not comments:
        return []
    user_ids = {c.author_id for c in comments} | {c.hidden_by_id for c in comments if c.hidden_by_id}
    users = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(user_ids)))}
    # A representative is shown with their province ("Đại diện Hà Nội") in a dispute between provinces.
    author_provinces = {pr.id: pr.name_vi for pr in session.exec(select(Province))}
    revisions: dict[int, list[dict]] = {}
    for r in session.exec(
        select(CommentRevision)
        .where(col(CommentRevision.comment_id).in_([c.id for c in comments]))
        .order_by(CommentRevision.replaced_at, CommentRevision.id)
    ):
        revisions.setdefault(r.comment_id, []).append(
            {"body": r.body, "stance": r.stance, "reason": r.reason, "replaced_at": local_time(r.replaced_at)}
        )
    names = [p["name_vi"] for p in _parties(session, conflict_id)]
    children: dict[int | None, list[Comment]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)
    out: list[dict] = []

    def walk(parent_id: int | None) -> None:
        for c in children.get(parent_id, []):
            author = users.get(c.author_id)
            hidden = c.hidden_at is not None
            row = {
                "id": c.id,
                "parent_id": c.parent_id,
                "depth": c.depth,
                "author_id": c.author_id,
                "author": _user_name(author),
                "author_role": author.role if author else "",
                "author_province": author_provinces.get(author.province_id, "") if author else "",
                "affiliation": author.affiliation if author else "",
                "interest_declared": c.interest_declared,
                "possible_interest": _possible_interest(author.affiliation, names)
                if author and author.role == "expert"
                else [],
                "created_at": local_time(c.created_at),
                "edited_at": local_time(c.edited_at),
                "version": c.version,
                "hidden": hidden,
                "hidden_at": local_time(c.hidden_at),
                "hidden_reason": c.hidden_reason,
                "hidden_by": _user_name(users.get(c.hidden_by_id)),
                "stance": None if hidden else c.stance,
                "body": "" if hidden else c.body,
                "reason": "" if hidden else c.reason,
                "revisions": [] if hidden else revisions.get(c.id, []),
            }
            out.append(row)
            walk(c.id)

    walk(None)
    return out


def stance_summary(comments: list[dict]) -> dict[str, int]:
    """How many visible comments take each stance, in STANCES order (hidden ones do not count)."""
    counts = Counter(c["stance"] for c in comments if not c["hidden"])
    return {s: counts.get(s, 0) for s in STANCES}


def hidden_placeholder(comment: dict, lang: str) -> str:
    return t(
        "conflicts.hidden_placeholder",
        lang,
        date=fmt_date(_as_date(comment["hidden_at"]), lang),
        reason=comment["hidden_reason"],
    )


def _as_date(value) -> date | None:
    return value.date() if hasattr(value, "date") else value


# --- reading -----------------------------------------------------------------------


def _parties(session: Session, conflict_id: int) -> list[dict]:
    rows = session.exec(
        select(ConflictParty, Province)
        .join(Province, Province.id == ConflictParty.province_id)
        .where(ConflictParty.conflict_id == conflict_id)
    ).all()
    parties = [
        {
            "province_id": p.id,
            "code": p.code,
            "name_vi": p.name_vi,
            "name_en": p.name_en,
            "region_id": p.region_id,
            "position": cp.position,
        }
        for cp, p in rows
    ]
    return sorted(parties, key=lambda p: vi_sort_key(p["name_vi"]))


def id_for_code(session: Session, code: str) -> int | None:
    """The conflict with this code (as in links: ``conflicts?conflict=C-2026-001``), or None."""
    return session.exec(select(Conflict.id).where(Conflict.code == nfc(code))).first()


def list_conflicts(
    session: Session,
    *,
    region_id: int | None = None,
    province_id: int | None = None,
    type: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    search: str = "",
    today: date | None = None,
) -> list[dict]:
    """Conflicts with their parties, owner, overdue flag and age; filtered. ``region_id`` keeps
    the conflicts with at least one party in the region. Newest first."""
    today = today or local_today()
    where = _conflict_filters(region_id, province_id, type, severity, status, overdue, today)
    # Columns, not ORM objects: the list reads thousands of rows on every rerun. The filters are
    # pushed into SQL (the region by a join on the parties), and the parties, comments and
    # projects are read for the same filtered set by subquery, never by a list of ids.
    q = select(
        Conflict.id,
        Conflict.code,
        Conflict.title,
        Conflict.type,
        Conflict.severity,
        Conflict.status,
        Conflict.opened_on,
        Conflict.due_on,
        Conflict.owner_id,
        Conflict.version,
    ).where(*where)
    conflicts = session.exec(q.order_by(col(Conflict.opened_on).desc(), col(Conflict.id).desc())).all()
    if not conflicts:
        return []
    ids = select(Conflict.id).where(*where)
    provinces = {p.id: p for p in session.exec(select(Province.id, Province.name_vi, Province.region_id))}
    parties: dict[int, list] = {}
    for conflict_id, party_id in session.exec(
        select(ConflictParty.conflict_id, ConflictParty.province_id).where(
            col(ConflictParty.conflict_id).in_(ids)
        )
    ):
        parties.setdefault(conflict_id, []).append(provinces[party_id])
    owners = {
        u.id: u
        for u in session.exec(
            select(User.id, User.username, User.display_name).where(User.role == "secretariat")
        )
    }
    comments = dict(
        session.exec(
            select(Comment.conflict_id, func.count())
            .where(col(Comment.conflict_id).in_(ids))
            .where(col(Comment.hidden_at).is_(None))
            .group_by(Comment.conflict_id)
        ).all()
    )
    projects = dict(
        session.exec(
            select(ConflictProject.conflict_id, func.count())
            .where(col(ConflictProject.conflict_id).in_(ids))
            .group_by(ConflictProject.conflict_id)
        ).all()
    )
    needle = fold(search).strip()
    rows = []
    for c in conflicts:
        ps = sorted(parties.get(c.id, []), key=lambda p: vi_sort_key(p.name_vi))
        late = is_overdue(c.status, c.due_on, today)
        if needle and needle not in fold(f"{c.code} {c.title} {' '.join(p.name_vi for p in ps)}"):
            continue
        days = age_days(c.opened_on, today)
        rows.append(
            {
                "id": c.id,
                "code": c.code,
                "title": c.title,
                "type": c.type,
                "severity": c.severity,
                "status": c.status,
                "opened_on": c.opened_on,
                "due_on": c.due_on,
                "owner": _user_name(owners.get(c.owner_id)),
                "parties": [p.name_vi for p in ps],
                "party_ids": [p.id for p in ps],
                "overdue": late,
                "age_days": days,
                "age_bucket": age_bucket(days),
                "comments": comments.get(c.id, 0),
                "projects": projects.get(c.id, 0),
                "version": c.version,
            }
        )
    return rows


def _conflict_filters(region_id, province_id, type, severity, status, overdue, today) -> list:
    """The list's filters as SQL conditions on Conflict (what ``list_conflicts`` keeps)."""
    where = []
    if type:
        where.append(Conflict.type == type)
    if severity:
        where.append(Conflict.severity == severity)
    if status:
        where.append(Conflict.status == status)
    if region_id is not None:
        where.append(
            col(Conflict.id).in_(
                select(ConflictParty.conflict_id)
                .join(Province, Province.id == ConflictParty.province_id)
                .where(Province.region_id == region_id)
            )
        )
    if province_id is not None:
        where.append(
            col(Conflict.id).in_(
                select(ConflictParty.conflict_id).where(ConflictParty.province_id == province_id)
            )
        )
    if overdue is not None:
        late = (
            col(Conflict.due_on).is_not(None)
            & (col(Conflict.due_on) < today)
            & col(Conflict.status).not_in(SETTLED)
        )
        where.append(late if overdue else ~late)
    return where


def board(rows: list[dict]) -> dict[str, list[dict]]:
    """Rows grouped by status, one column per status in workflow order; overdue and severe first."""
    rank = {s: i for i, s in enumerate(reversed(SEVERITIES))}
    columns: dict[str, list[dict]] = {s: [] for s in CONFLICT_STATUSES}
    for row in sorted(rows, key=lambda r: (not r["overdue"], rank[r["severity"]], r["code"])):
        columns[row["status"]].append(row)
    return columns


def dashboard(rows: list[dict], provinces: dict[int, str] | None = None) -> dict:
    """Open conflicts (not resolved, not closed) counted by type, by party province and by age bucket.
    ``provinces`` (id -> name) limits the province count to those provinces (e.g. the region's)."""
    open_rows = [r for r in rows if r["status"] not in SETTLED]
    by_province: Counter = Counter()
    for r in open_rows:
        for pid, name in zip(r["party_ids"], r["parties"], strict=True):
            if provinces is None or pid in provinces:
                by_province[name] += 1
    ages = Counter(r["age_bucket"] for r in open_rows if r["age_bucket"])
    return {
        "open": len(open_rows),
        "overdue": sum(1 for r in open_rows if r["overdue"]),
        "by_type": dict(Counter(r["type"] for r in open_rows)),
        "by_province": dict(sorted(by_province.items(), key=lambda kv: (-kv[1], vi_sort_key(kv[0])))),
        "by_age": {b: ages.get(b, 0) for _, b in AGE_BUCKETS},
    }


def tiles(
    session: Session,
    *,
    provinces: dict[int, str] | None = None,
    region_id: int | None = None,
    province_id: int | None = None,
    type: str | None = None,
    severity: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    search: str = "",
    today: date | None = None,
) -> dict:
    """``dashboard(list_conflicts(session, ...), provinces)`` counted in SQL (GROUP BY type, party
    province and opening day), without reading the conflicts one by one."""
    today = today or local_today()
    if search.strip():  # the accent-folding search needs the rows
        rows = list_conflicts(
            session,
            region_id=region_id,
            province_id=province_id,
            type=type,
            severity=severity,
            status=status,
            overdue=overdue,
            search=search,
            today=today,
        )
        return dashboard(rows, provinces)
    where = [
        *_conflict_filters(region_id, province_id, type, severity, status, overdue, today),
        col(Conflict.status).not_in(SETTLED),
    ]
    late = case(((col(Conflict.due_on).is_not(None) & (col(Conflict.due_on) < today)), 1), else_=0)
    by_type = (
        session.connection()
        .execute(select(Conflict.type, func.count(), func.sum(late)).where(*where).group_by(Conflict.type))
        .all()
    )
    party = (
        select(Province.name_vi, func.count())
        .select_from(ConflictParty)
        .join(Province, Province.id == ConflictParty.province_id)
        .where(col(ConflictParty.conflict_id).in_(select(Conflict.id).where(*where)))
        .group_by(Province.id, Province.name_vi)
    )
    if provinces is not None:
        party = party.where(col(ConflictParty.province_id).in_(list(provinces)))
    by_province = session.connection().execute(party).all()
    ages: Counter = Counter()
    for opened_on, count in session.connection().execute(
        select(Conflict.opened_on, func.count()).where(*where).group_by(Conflict.opened_on)
    ):
        bucket = age_bucket(age_days(opened_on, today))
        if bucket:
            ages[bucket] += count
    return {
        "open": sum(n for _, n, _ in by_type),
        "overdue": int(sum(n or 0 for *_, n in by_type)),
        "by_type": {t: n for t, n, _ in by_type},
        "by_province": dict(sorted(by_province, key=lambda kv: (-kv[1], vi_sort_key(kv[0])))),
        "by_age": {b: ages.get(b, 0) for _, b in AGE_BUCKETS},
    }


def conflict_detail(session: Session, conflict_id: int, today: date | None = None) -> dict:
    """Everything the detail view and the dossier show: record, parties with positions, linked
    projects, timeline, thread and stance summary."""
    today = today or local_today()
    c = _get_conflict(session, conflict_id)
    owner = session.get(User, c.owner_id) if c.owner_id else None
    creator = session.get(User, c.created_by_id) if c.created_by_id else None
    projects = session.exec(
        select(Project)
        .join(ConflictProject, ConflictProject.project_id == Project.id)
        .where(ConflictProject.conflict_id == conflict_id)
    ).all()
    events = session.exec(
        select(ConflictEvent)
        .where(ConflictEvent.conflict_id == conflict_id)
        .order_by(ConflictEvent.at, ConflictEvent.id)
    ).all()
    comments = thread(session, conflict_id)
    days = age_days(c.opened_on, today)
    return {
        "id": c.id,
        "code": c.code,
        "title": c.title,
        "description": c.description,
        "type": c.type,
        "severity": c.severity,
        "status": c.status,
        "opened_on": c.opened_on,
        "due_on": c.due_on,
        "owner_id": c.owner_id,
        "owner": _user_name(owner),
        "created_by": _user_name(creator),
        "resolution_note": c.resolution_note,
        "version": c.version,
        "updated_at": local_time(c.updated_at),
        "updated_by": c.updated_by,
        "overdue": is_overdue(c.status, c.due_on, today),
        "age_days": days,
        "age_bucket": age_bucket(days),
        "next_statuses": list(allowed_transitions(c.status)),
        "parties": _parties(session, conflict_id),
        "projects": sorted(
            [
                {"id": p.id, "code": p.code, "name_vi": p.name_vi, "name_en": p.name_en, "status": p.status}
                for p in projects
            ],
            key=lambda p: p["code"],
        ),
        "timeline": [
            {
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "actor": e.actor_name,
                "at": local_time(e.at),
            }
            for e in events
        ],
        "comments": comments,
        "stances": stance_summary(comments),
    }


def conflicts_for_project(session: Session, project_id: int, today: date | None = None) -> list[dict]:
    """The conflicts a project is linked to (for the project register: "affected by conflict C-…")."""
    today = today or local_today()
    rows = session.exec(
        select(Conflict)
        .join(ConflictProject, ConflictProject.conflict_id == Conflict.id)
        .where(ConflictProject.project_id == project_id)
        .order_by(Conflict.code)
    ).all()
    return [
        {
            "id": c.id,
            "code": c.code,
            "title": c.title,
            "status": c.status,
            "severity": c.severity,
            "type": c.type,
            "open": c.status not in SETTLED,
            "overdue": is_overdue(c.status, c.due_on, today),
        }
        for c in rows
    ]


def secretariat_users(session: Session) -> list[dict]:
    """Active secretariat users, who may own a conflict."""
    users = session.exec(select(User).where(User.role == "secretariat", User.is_active)).all()
    return sorted([{"id": u.id, "name": _user_name(u)} for u in users], key=lambda u: vi_sort_key(u["name"]))


def project_choices(session: Session) -> list[dict]:
    """Projects a conflict may be linked to, by code."""
    return [
        {"id": p.id, "code": p.code, "name_vi": p.name_vi}
        for p in session.exec(select(Project).order_by(Project.code))
    ]


def can_comment(session: Session, actor: Actor, conflict_id: int) -> bool:
    return can(actor, "conflict.comment", party_ids(session, conflict_id))


# --- exports -----------------------------------------------------------------------


def list_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """The list as a table with translated headings and labels (used on screen and in the Excel export)."""

    def h(key: str) -> str:
        return t(f"conflicts.col.{key}", lang)

    return pd.DataFrame(
        [
            {
                h("code"): r["code"],
                h("title"): r["title"],
                h("type"): code_label("ctype", r["type"], lang),
                h("severity"): code_label("severity", r["severity"], lang),
                h("status"): code_label("cstatus", r["status"], lang),
                h("parties"): ", ".join(r["parties"]),
                h("opened_on"): fmt_date(r["opened_on"], lang),
                h("due_on"): fmt_date(r["due_on"], lang),
                h("overdue"): t("common.yes" if r["overdue"] else "common.no", lang),
                h("age_days"): r["age_days"],
                h("owner"): r["owner"],
                h("comments"): r["comments"],
            }
            for r in rows
        ],
        columns=[
            h(k)
            for k in (
                "code",
                "title",
                "type",
                "severity",
                "status",
                "parties",
                "opened_on",
                "due_on",
                "overdue",
                "age_days",
                "owner",
                "comments",
            )
        ],
    )


def export_list_excel(rows: list[dict], lang: str) -> bytes:
    return to_excel({t("conflicts.export.sheet", lang): list_frame(rows, lang)})


def dossier_html(detail: dict, lang: str) -> str:
    """One conflict's full dossier (record, parties, projects, timeline, comments) as a standalone,
    printable HTML page. Every user-typed value is HTML-escaped: nothing in it can run."""

    def e(value) -> str:
        return html.escape("" if value is None else str(value), quote=True)

    def label(key: str, **params) -> str:
        return e(t(f"conflicts.{key}", lang, **params))

    d = detail
    facts = [
        (label("col.type"), e(code_label("ctype", d["type"], lang))),
        (label("col.severity"), e(code_label("severity", d["severity"], lang))),
        (label("col.status"), e(code_label("cstatus", d["status"], lang))),
        (label("col.opened_on"), e(fmt_date(d["opened_on"], lang))),
        (
            label("col.due_on"),
            e(fmt_date(d["due_on"], lang)) + (f" — <b>{label('overdue')}</b>" if d["overdue"] else ""),
        ),
        (label("col.age_days"), e(d["age_days"])),
        (label("col.owner"), e(d["owner"] or "—")),
    ]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        f"<title>{e(d['code'])} — {e(d['title'])}</title>",
        "<style>body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60em;margin:2em auto;line-height:1.45}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;text-align:left;"
        "vertical-align:top}.text{white-space:pre-wrap}.c{border-left:3px solid #b3261e;margin:.6em 0;padding:.2em .8em}"
        ".hidden{color:#666;font-style:italic}</style></head><body>",
        f"<h1>{e(d['code'])} — {e(d['title'])}</h1>",
        "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts) + "</table>",
        f"<h2>{label('detail.description')}</h2><div class='text'>{e(d['description']) or '—'}</div>",
    ]
    if d["resolution_note"]:
        parts.append(
            f"<h2>{label('detail.resolution')}</h2><div class='text'>{e(d['resolution_note'])}</div>"
        )
    parts.append(
        f"<h2>{label('detail.parties')}</h2><table><tr><th>{label('col.province')}</th><th>{label('col.position')}</th></tr>"
        + "".join(
            f"<tr><td>{e(p['name_vi'])}</td><td class='text'>{e(p['position'])}</td></tr>"
            for p in d["parties"]
        )
        + "</table>"
    )
    parts.append(f"<h2>{label('detail.projects')}</h2>")
    parts.append(
        "<ul>" + "".join(f"<li>{e(p['code'])} — {e(p['name_vi'])}</li>" for p in d["projects"]) + "</ul>"
        if d["projects"]
        else f"<p>{label('detail.no_projects')}</p>"
    )
    parts.append(
        f"<h2>{label('detail.timeline')}</h2><table><tr><th>{label('col.at')}</th><th>{label('col.status')}</th>"
        f"<th>{label('col.actor')}</th><th>{label('col.note')}</th></tr>"
        + "".join(
            f"<tr><td>{e(fmt_date(ev['at'], lang))}</td>"
            f"<td>{e(code_label('cstatus', ev['from_status'], lang))} → "
            f"{e(code_label('cstatus', ev['to_status'], lang))}</td>"
            f"<td>{e(ev['actor'])}</td><td class='text'>{e(ev['note'])}</td></tr>"
            for ev in d["timeline"]
        )
        + "</table>"
    )
    summary = ", ".join(f"{n} {e(code_label('stance', s, lang))}" for s, n in d["stances"].items())
    parts.append(f"<h2>{label('detail.comments')}</h2><p>{label('detail.stances')}: {summary}</p>")
    for cm in d["comments"]:
        indent = f"margin-left:{2 * cm['depth']}em"
        who = f"<b>{e(cm['author'])}</b> ({e(t('role.' + cm['author_role'], lang))}) — {e(fmt_date(cm['created_at'], lang))}"
        if cm["hidden"]:
            parts.append(f"<div class='c hidden' style='{indent}'>{e(hidden_placeholder(cm, lang))}</div>")
            continue
        interest = " · ".join(x for x in (cm["affiliation"], cm["interest_declared"]) if x)
        if interest:
            who += f"<br>{label('detail.interest')}: {e(interest)}"
        edited = (
            f" <i>({label('detail.edited', date=fmt_date(cm['edited_at'], lang))})</i>"
            if cm["edited_at"]
            else ""
        )
        parts.append(
            f"<div class='c' style='{indent}'><p>{who}{edited}</p>"
            f"<p><b>{e(code_label('stance', cm['stance'], lang))}</b>"
            + (f" — {e(cm['reason'])}" if cm["reason"] else "")
            + "</p>"
            f"<div class='text'>{e(cm['body'])}</div></div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)

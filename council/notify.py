"""Following and in-app notifications (issue 21, items 1 and 2).

Following: a user follows or stops following a project, conflict, target, agreement or meeting
(``follow`` / ``unfollow``, a ``Follow`` row). Besides, everyone automatically follows what
concerns their own province (its projects, conflicts, agreements, decisions and figures), the
conflicts they commented on and what they own (a conflict they opened or own, a project they
proposed): computed from the records, never stored. An explicit unfollow wins over every
automatic reason.

Notifications are built from the audit log, nothing else (``deliver``): every audit entry is
looked at once; each user it concerns by the rules above, who may read what it is about and did
not make the change, gets one ``Notification`` row. The figures of one set moved together (one
submit, approval or return) make one notification. Read rules: everyone reads everything except
the figures a province has not yet had approved (only who may enter that province's figures) and
hidden comments (only moderators); a comment hidden later is taken back from the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.errors import NotFound, ValidationError
from council.i18n import LANGUAGES
from council.models import (
    Agreement,
    AgreementProvince,
    AppSetting,
    AuditEntry,
    Comment,
    Conflict,
    ConflictParty,
    Decision,
    DecisionProvince,
    FollowUp,
    Indicator,
    Meeting,
    Project,
    ProjectProvince,
    Province,
    ProvinceTarget,
    Target,
    User,
    utcnow,
)
from council.notify_models import (
    EMAIL_MODES,
    FOLLOWABLE,
    Follow,
    Notification,
    NotifyMark,
    NotifyPreference,
)

CURSOR_KEY = "notify_cursor"
RESCAN = 1000  # audit ids below the newest looked at again (an entry committed late, PostgreSQL)
BATCH = 2000
# The first that applies is named; "approver": told as who may act on it (Subject.act_action).
REASONS = ("followed", "owner", "commented", "province", "approver")
_MODELS: dict[str, Any] = {
    "project": Project,
    "conflict": Conflict,
    "target": Target,
    "agreement": Agreement,
    "meeting": Meeting,
}


# --- following -------------------------------------------------------------------------------


def _check_record(session: Session, entity: str, entity_id: int) -> None:
    if entity not in FOLLOWABLE:
        raise ValidationError("notify.error.not_followable", field="entity", entity=entity)
    if session.get(_MODELS[entity], entity_id) is None:
        raise NotFound(entity, entity_id)


def _set_follow(session: Session, actor: Actor, entity: str, entity_id: int, following: bool) -> dict:
    authorize(actor, "notify.follow")
    entity_id = int(entity_id)
    _check_record(session, entity, entity_id)
    row = session.exec(
        select(Follow).where(
            Follow.user_id == actor.id, Follow.entity == entity, Follow.entity_id == entity_id
        )
    ).first()
    before = audit.snapshot(row) if row else None
    if row is None:
        row = Follow(user_id=int(actor.id or 0), entity=entity, entity_id=entity_id, following=following)
    elif row.following == following:
        return {"entity": entity, "entity_id": entity_id, "following": following}
    row.following, row.created_at = following, utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "follow" if following else "unfollow", "follow", f"{entity}:{entity_id}", before, row
    )
    return {"entity": entity, "entity_id": entity_id, "following": following}


def follow(session: Session, actor: Actor, entity: str, entity_id: int) -> dict:
    """Follow a record (a project, conflict, target, agreement or meeting)."""
    return _set_follow(session, actor, entity, entity_id, True)


def unfollow(session: Session, actor: Actor, entity: str, entity_id: int) -> dict:
    """Stop following a record, whatever made the user follow it (it wins over the automatic rules)."""
    return _set_follow(session, actor, entity, entity_id, False)


def explicit_choices(session: Session, user_id: int | None, entity: str) -> dict[int, bool]:
    """The user's own follow (True) and unfollow (False) choices for one kind of record."""
    if user_id is None:
        return {}
    return dict(
        session.exec(
            select(Follow.entity_id, Follow.following).where(
                Follow.user_id == user_id, Follow.entity == entity
            )
        ).all()
    )


def apply_choices(session: Session, user_id: int | None, entity: str, automatic: set[int]) -> set[int]:
    """``automatic`` (the ids the rules make the user follow) with their own follows added and
    unfollows taken out: how "what changed" (council.myprovince) and notifications agree."""
    choices = explicit_choices(session, user_id, entity)
    return (automatic | {i for i, f in choices.items() if f}) - {i for i, f in choices.items() if not f}


def automatic(session: Session, actor: Actor) -> dict[str, dict[int, str]]:
    """What the rules make ``actor`` follow: {entity: {id: reason}} (owner, commented, province)."""
    out: dict[str, dict[int, str]] = {e: {} for e in FOLLOWABLE}
    pid = actor.province_id
    if pid is not None:
        for entity, table, column in (
            ("project", ProjectProvince, ProjectProvince.project_id),
            ("conflict", ConflictParty, ConflictParty.conflict_id),
            ("agreement", AgreementProvince, AgreementProvince.agreement_id),
        ):
            for i in session.exec(select(column).where(table.province_id == pid)).all():
                out[entity][i] = "province"
    for i in session.exec(select(Comment.conflict_id).where(Comment.author_id == actor.id)).all():
        out["conflict"][i] = "commented"
    for cid in session.exec(
        select(Conflict.id).where((Conflict.owner_id == actor.id) | (Conflict.created_by_id == actor.id))
    ).all():
        out["conflict"][int(cid or 0)] = "owner"
    for pid_ in session.exec(select(Project.id).where(Project.proposed_by_id == actor.id)).all():
        out["project"][int(pid_ or 0)] = "owner"
    return out


def _label_of(entity: str, row) -> str:
    if entity == "project":
        return f"{row.code} · {row.name_vi}"
    if entity in ("conflict", "agreement"):
        return f"{row.code} · {row.title}"
    if entity == "target":
        # The indicator in Vietnamese, the plan's region and year (the source's own words, kept in
        # ``label``, are often English).
        return " · ".join(x for x in (row.name_vi, row.plan_region, str(row.period or row.target_year)) if x)
    return f"{row.title or ''} {row.meeting_date.strftime('%d/%m/%Y')}".strip()


_LABEL_COLUMNS = {
    "project": ("code", "name_vi"),
    "conflict": ("code", "title"),
    "agreement": ("code", "title"),
    "target": ("plan_region", "period", "target_year"),
    "meeting": ("title", "meeting_date"),
}


def _label_rows(entity: str):
    model = _MODELS[entity]
    columns = [getattr(model, name) for name in _LABEL_COLUMNS[entity]]
    if entity == "target":
        return select(model.id, Indicator.name_vi, *columns).join(
            Indicator, Indicator.id == model.indicator_id
        )
    return select(model.id, *columns)


def _labels(session: Session, entity: str, ids) -> dict[int, str]:
    """The labels of existing records of one kind, in one query (a deleted record has none)."""
    ids = list(ids)
    if not ids:
        return {}
    model = _MODELS[entity]
    rows = session.exec(_label_rows(entity).where(col(model.id).in_(ids))).all()
    return {row.id: _label_of(entity, row) for row in rows}


def followed(session: Session, actor: Actor) -> list[dict]:
    """Every record ``actor`` follows or chose not to follow, with the reason: their own choice
    (``followed`` / ``unfollowed``) or the rule that makes them follow it."""
    auto = automatic(session, actor)
    rows: dict[tuple[str, int], dict] = {}
    for entity, ids in auto.items():
        for i, reason in ids.items():
            rows[(entity, i)] = {"entity": entity, "entity_id": i, "reason": reason, "following": True}
    for f in session.exec(select(Follow).where(Follow.user_id == actor.id)):
        rows[(f.entity, f.entity_id)] = {
            "entity": f.entity,
            "entity_id": f.entity_id,
            "reason": "followed" if f.following else "unfollowed",
            "following": f.following,
        }
    labels = {
        entity: _labels(session, entity, [i for (e, i) in rows if e == entity]) for entity in FOLLOWABLE
    }
    out = []
    for (entity, i), r in rows.items():
        if i not in labels.get(entity, {}):
            continue  # the record is gone
        out.append({**r, "label": labels[entity][i], "link": record_link(session, entity, i)})
    return sorted(out, key=lambda r: (FOLLOWABLE.index(r["entity"]), r["label"]))


def followable_records(session: Session, entity: str, limit: int = 500) -> list[dict]:
    """Records of one kind a user may pick to follow: id and label."""
    if entity not in FOLLOWABLE:
        return []
    model = _MODELS[entity]
    rows = session.exec(_label_rows(entity).order_by(col(model.id).desc()).limit(limit)).all()
    return sorted(
        ({"id": row.id, "label": _label_of(entity, row)} for row in rows), key=lambda r: r["label"].casefold()
    )


def record_link(session: Session, entity: str, entity_id) -> str:
    """The page (url path + query) that opens a record."""
    from council.meetings import link_for

    if entity == "conflict":
        return link_for("conflict", str(entity_id), session)
    if entity in ("project", "target"):
        return link_for(entity, str(entity_id))
    if entity == "meeting":
        return f"meetings?meeting={entity_id}"
    if entity == "agreement":
        return f"agreements?agreement={entity_id}"
    return ""


# --- what an audit entry is about --------------------------------------------------------------


@dataclass
class Subject:
    """What one audit entry is about: the followable records, the provinces it concerns, how it
    is shown (``kind``, ``ref``, ``link``, ``status``), who may read it (``read_action`` for
    ``read_provinces``; None: everyone), and who is told whether they follow it or not: whoever
    may ``act_action`` for its provinces (the approvers of a set submitted for approval)."""

    kind: str
    records: list[tuple[str, Any]] = field(default_factory=list)
    provinces: set[int] = field(default_factory=set)
    ref: str = ""
    link: str = ""
    status: str | None = None
    read_action: str | None = None
    read_provinces: list[int] | None = None
    group: tuple | None = None  # entries with the same group, one after the other, make one notification
    act_action: str | None = None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _ids(session: Session, column, where) -> set[int]:
    return set(session.exec(select(column).where(where)).all())


WATCHED = (
    "project",
    "project_target",
    "conflict",
    "comment",
    "observation",
    "target",
    "province_target",
    "agreement",
    "agreement_step",
    "sharing",
    "meeting",
    "agenda_item",
    "decision",
    "follow_up",
)


def subject_of(session: Session, e) -> Subject | None:
    """The subject of audit entry ``e`` (a row with entity, entity_id, action, before, after),
    or None when no user is told about it (sign-ins, accounts, imports, the log's own rows)."""
    if e.entity not in WATCHED or e.action in ("import", "refused"):
        return None
    after = json.loads(e.after) if e.after else {}
    before = json.loads(e.before) if e.before else {}
    data = after or before
    status = after.get("status") if after.get("status") != before.get("status") else None
    eid = _int(e.entity_id)
    if e.entity in ("project", "project_target"):
        pid = eid if e.entity == "project" else _int(data.get("project_id"))
        project = session.get(Project, pid) if pid else None
        if project is None:
            return None
        s = Subject(
            "project",
            [("project", project.id)],
            _ids(session, ProjectProvince.province_id, ProjectProvince.project_id == project.id),
            project.code,
            record_link(session, "project", project.id),
            status if e.entity == "project" else None,
        )
        if e.entity == "project_target" and _int(data.get("target_id")):
            s.records.append(("target", int(data["target_id"])))
        return s
    if e.entity in ("conflict", "comment"):
        cid = eid if e.entity == "conflict" else _int(data.get("conflict_id"))
        conflict = session.get(Conflict, cid) if cid else None
        if conflict is None:
            return None
        s = Subject(
            e.entity,
            [("conflict", conflict.id)],
            _ids(session, ConflictParty.province_id, ConflictParty.conflict_id == conflict.id),
            conflict.code,
            record_link(session, "conflict", conflict.id),
            status if e.entity == "conflict" else None,
        )
        if e.entity == "comment":
            if e.action not in ("create", "hide"):
                return None  # an author's own edit of their words is no news to the others
            comment = session.get(Comment, eid) if eid else None
            if e.action == "create" and (comment is None or comment.hidden_at is not None):
                # A hidden comment: moderators only (that it was hidden, everyone may know).
                s.read_action = "comment.hide"
        return s
    if e.entity == "observation":
        if e.action != "transition":
            return None  # drafts being typed are no news: submitting, approving, returning are
        pid, year = _int(data.get("province_id")), _int(data.get("year"))
        if pid is None:
            return None
        s = Subject(
            "observation",
            [],
            {pid},
            str(year or ""),
            f"figures?province={pid}&year={year}",
            status,
            group=("observation", pid, year, e.note, e.actor_id),
        )
        if after.get("status") == "submitted":
            # A set submitted for approval: whoever may approve it is told, following or not.
            s.act_action = "observation.approve"
        if after.get("status") != "approved":
            # A province's figures before approval: only who may enter that province's figures.
            s.read_action, s.read_provinces = "observation.enter", [pid]
        else:
            indicator = _int(data.get("indicator_id"))
            s.records = [("target", t) for t in _ids(session, Target.id, Target.indicator_id == indicator)]
        return s
    if e.entity in ("target", "province_target"):
        tid = eid if e.entity == "target" else _int(data.get("target_id"))
        target = session.get(Target, tid) if tid else None
        if target is None:
            return None
        provinces = (
            {p for p in [_int(data.get("province_id"))] if p} if e.entity == "province_target" else set()
        )
        if e.entity == "target":
            provinces = _ids(session, ProvinceTarget.province_id, ProvinceTarget.target_id == target.id)
        return Subject(
            "target",
            [("target", target.id)],
            provinces,
            target.label,
            record_link(session, "target", target.id),
        )
    if e.entity in ("agreement", "agreement_step", "sharing"):
        return _agreement_subject(session, e, eid, data, status)
    return _meeting_subject(session, e, eid, data, status)


def _agreement_subject(session: Session, e, eid, data: dict, status) -> Subject | None:
    from council.sharing_models import SharingArrangement, SharingParticipant

    if e.entity == "sharing":
        arr = session.get(SharingArrangement, eid) if eid else None
        if arr is None:
            return None
        s = Subject(
            "sharing",
            [],
            _ids(session, SharingParticipant.province_id, SharingParticipant.arrangement_id == arr.id),
            arr.code,
            f"sharing?arrangement={arr.id}",
        )
        if arr.agreement_id:
            s.records.append(("agreement", arr.agreement_id))
        if arr.project_id:
            s.records.append(("project", arr.project_id))
        return s
    aid = eid if e.entity == "agreement" else _int(data.get("agreement_id"))
    agreement = session.get(Agreement, aid) if aid else None
    if agreement is None:
        codes = set(data.get("provinces") or [])
        provinces = _ids(session, Province.id, col(Province.code).in_(codes)) if codes else set()
        return Subject("agreement", [], provinces, str(data.get("code", "")), "agreements", status)
    return Subject(
        "agreement",
        [("agreement", agreement.id)],
        _ids(session, AgreementProvince.province_id, AgreementProvince.agreement_id == agreement.id),
        agreement.code,
        f"agreements?agreement={agreement.id}",
        status if e.entity == "agreement" else None,
    )


def _meeting_subject(session: Session, e, eid, data: dict, status) -> Subject | None:
    decision = None
    if e.entity == "meeting":
        mid = eid
    elif e.entity in ("agenda_item", "decision"):
        mid = _int(data.get("meeting_id"))
        decision = session.get(Decision, eid) if e.entity == "decision" and eid else None
    else:  # follow_up
        decision = session.get(Decision, _int(data.get("decision_id")) or 0)
        mid = decision.meeting_id if decision else None
        fu = session.get(FollowUp, eid) if eid else None
        status = status if fu is not None else None
    meeting = session.get(Meeting, mid) if mid else None
    if meeting is None:
        return None
    provinces: set[int] = set()
    if decision is not None:
        provinces = _ids(session, DecisionProvince.province_id, DecisionProvince.decision_id == decision.id)
    elif e.entity == "meeting":
        provinces = _ids(session, Province.id, Province.region_id == meeting.region_id)
    ref = (decision.text if decision is not None else meeting.title) or meeting.meeting_date.isoformat()
    ref = " ".join(ref.split())
    return Subject(
        e.entity,
        [("meeting", meeting.id)],
        provinces,
        ref if len(ref) <= 120 else ref[:119] + "…",
        record_link(session, "meeting", meeting.id),
        status,
    )


def may_read(actor: Actor, subject: Subject) -> bool:
    """The read rule of the pages: everyone reads everything, except what ``subject`` restricts."""
    if subject.read_action is None:
        return True
    return can(actor, subject.read_action, subject.read_provinces)


class _Owners:
    """Who owns and who commented on each record, read once per record per delivery."""

    def __init__(self, session: Session):
        self.session = session
        self._owners: dict[tuple[str, int], set[int]] = {}
        self._commenters: dict[int, set[int]] = {}

    def owners(self, record: tuple[str, int]) -> set[int]:
        if record not in self._owners:
            entity, i = record
            found: set[int] = set()
            if entity == "conflict":
                c = self.session.get(Conflict, i)
                found = {u for u in (c.owner_id, c.created_by_id) if u} if c else set()
            elif entity == "project":
                p = self.session.get(Project, i)
                found = {p.proposed_by_id} if p and p.proposed_by_id else set()
            self._owners[record] = found
        return self._owners[record]

    def commenters(self, record: tuple[str, int]) -> set[int]:
        entity, i = record
        if entity != "conflict":
            return set()
        if i not in self._commenters:
            self._commenters[i] = _ids(self.session, Comment.author_id, Comment.conflict_id == i)
        return self._commenters[i]


def recipients(
    session: Session,
    e,
    subject: Subject,
    users: list[Actor],
    choices: dict[tuple[str, Any], dict[Any, bool]],
    known: _Owners | None = None,
) -> dict[Any, tuple[str, str, int | None]]:
    """{user id: (reason, entity, entity id)} of the users entry ``e`` is told to: those who
    follow one of its records (an unfollow wins over the automatic reasons), or whose province it
    concerns when it names no followable record, or who may act on it (``Subject.act_action``:
    the approvers of a submitted set); never its author, never who may not read it."""
    known = known or _Owners(session)
    out: dict[Any, tuple[str, str, int | None]] = {}
    for user in users:
        if user.id == e.actor_id or not may_read(user, subject):
            continue
        best: tuple[str, str, int | None] | None = None
        for record in subject.records:
            choice = choices.get(record, {}).get(user.id)
            if choice is False:
                continue
            if choice is True:
                reason = "followed"
            elif user.id in known.owners(record):
                reason = "owner"
            elif user.id in known.commenters(record):
                reason = "commented"
            elif user.province_id is not None and user.province_id in subject.provinces:
                reason = "province"
            else:
                continue
            if best is None or REASONS.index(reason) < REASONS.index(best[0]):
                best = (reason, record[0], record[1])
        if best is None and subject.act_action and can(user, subject.act_action, sorted(subject.provinces)):
            best = ("approver", "", None)
        if best is None and not subject.records and user.province_id in subject.provinces:
            best = ("province", "", None)
        if best is not None:
            out[user.id] = best
    return out


# --- delivery ----------------------------------------------------------------------------------


def _cursor(session: Session) -> AppSetting:
    q = select(AppSetting).where(AppSetting.key == CURSOR_KEY)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    row = session.exec(q).first()
    if row is None:
        # The first run starts at the log as it is: an installation tells its users about the
        # changes from then on, not about its whole history.
        newest = session.exec(select(func.max(AuditEntry.id))).one()
        row = AppSetting(key=CURSOR_KEY, value=f"{newest or 0} {newest or 0}")
        session.add(row)
        session.flush()
    return row


def _positions(value: str) -> tuple[int, int]:
    """The cursor row's value: the newest entry looked at, and where the first run started."""
    parts = [int(p) for p in (value or "0").split()]
    return parts[0], parts[1] if len(parts) > 1 else 0


def _users(session: Session) -> list[tuple[Actor, datetime]]:
    return [
        (Actor.from_user(u), u.created_at)
        for u in session.exec(select(User).where(col(User.is_active).is_(True)).order_by(col(User.id)))
    ]


def _choices(session: Session) -> dict[tuple[str, Any], dict[Any, bool]]:
    out: dict[tuple[str, Any], dict[Any, bool]] = {}
    for f in session.exec(select(Follow)):
        out.setdefault((f.entity, f.entity_id), {})[f.user_id] = f.following
    return out


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def deliver(session: Session, limit: int = BATCH) -> int:
    """Look at every audit entry not looked at yet and write the notifications it makes; returns
    how many were written. Idempotent and safe to run from several processes (the cursor row is
    locked on PostgreSQL; SQLite serialises writers): each entry is looked at once."""
    cursor = _cursor(session)
    start, floor = _positions(cursor.value)
    # Nothing below the first run's start is ever looked at (the installation's history).
    low = max(floor, start - RESCAN)
    # Only what was not looked at yet: the marks of the window are taken out in the database.
    looked_at = select(NotifyMark.audit_id).where(col(NotifyMark.audit_id) > low)
    fresh = (
        session.connection()
        .execute(
            core_select(  # type: ignore[call-overload]
                AuditEntry.id,
                AuditEntry.at,
                AuditEntry.actor_id,
                AuditEntry.action,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.before,
                AuditEntry.after,
                AuditEntry.note,
            )
            .where(col(AuditEntry.id) > low, col(AuditEntry.id).not_in(looked_at))
            .order_by(AuditEntry.id)
            .limit(limit)
        )
        .all()
    )
    if not fresh:
        return 0
    users = _users(session)
    choices = _choices(session)
    known = _Owners(session)
    written = 0
    group: tuple | None = None
    group_rows: dict[int, Notification] = {}
    for e in fresh:
        session.add(NotifyMark(audit_id=e.id))
        if e.entity == "comment" and e.action == "hide":
            _take_back_hidden(session, e)
        subject = subject_of(session, e)
        if subject is None:
            group = None
            continue
        at = _aware(e.at)
        eligible = [a for a, created in users if _aware(created) <= at]
        told = recipients(session, e, subject, eligible, choices, known)
        if subject.group is not None and subject.group == group:
            for uid in told:
                if uid in group_rows:
                    group_rows[uid].entries += 1
                    session.add(group_rows[uid])
            continue
        group, group_rows = subject.group, {}
        for uid, (reason, entity, entity_id) in told.items():
            row = Notification(
                user_id=uid, audit_id=e.id, entity=entity, entity_id=entity_id, reason=reason, created_at=at
            )
            session.add(row)
            group_rows[uid] = row
            written += 1
    session.flush()
    cursor.value = f"{max(start, max(e.id for e in fresh))} {floor}"
    session.add(cursor)
    session.execute(
        delete(NotifyMark).where(col(NotifyMark.audit_id) <= _positions(cursor.value)[0] - RESCAN)
    )
    return written


def _take_back_hidden(session: Session, e) -> None:
    """A comment was hidden: whoever may not read hidden comments loses its notification."""
    created = session.exec(
        select(AuditEntry.id).where(
            AuditEntry.entity == "comment", AuditEntry.entity_id == e.entity_id, AuditEntry.action == "create"
        )
    ).all()
    if not created:
        return
    moderators = [a.id for a, _ in _users(session) if can(a, "comment.hide")]
    session.execute(
        delete(Notification).where(
            col(Notification.audit_id).in_(created), col(Notification.user_id).not_in(moderators or [-1])
        )
    )


def pending(session: Session) -> bool:
    """Whether the log holds entries the notifier has not looked at (a read: two indexed lookups)."""
    row = session.get(AppSetting, CURSOR_KEY)
    newest = session.exec(select(func.max(AuditEntry.id))).one() or 0
    return row is None or newest > _positions(row.value)[0]


def deliver_pending(engine) -> int:
    """``deliver`` in its own transaction (after a user's save, and by ``council notify send``)."""
    from council.db import write_session

    with write_session(engine) as session:
        return deliver(session)


# --- reading and marking -------------------------------------------------------------------------


def unread_count(session: Session, user_id: int | None) -> int:
    """The bell's number: one indexed count."""
    if user_id is None:
        return 0
    return session.exec(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
    ).one()


def list_notifications(
    session: Session,
    actor: Actor,
    *,
    unread_only: bool = False,
    limit: int = 100,
    ids: list[int] | None = None,
) -> list[dict]:
    """``actor``'s notifications, newest first: what changed (kind, ref, action, status), who
    (their full name), when, the link that opens the record, whether read."""
    q = (
        select(Notification, AuditEntry)
        .join(AuditEntry, col(AuditEntry.id) == col(Notification.audit_id))
        .where(Notification.user_id == actor.id)
        .order_by(col(Notification.id).desc())
        .limit(limit)
    )
    if unread_only:
        q = q.where(col(Notification.read_at).is_(None))
    if ids is not None:
        q = q.where(col(Notification.id).in_(ids))
    rows = session.exec(q).all()
    names = {
        u.id: u.display_name or u.username
        for u in session.exec(
            select(User).where(col(User.id).in_({e.actor_id for _, e in rows if e.actor_id}))
        )
    }
    out = []
    for n, e in rows:
        subject = subject_of(session, e)
        if subject is None or not may_read(actor, subject):
            continue  # the record is gone, or the reader's rights changed since
        out.append(
            {
                "id": n.id,
                "at": e.at,
                "who": names.get(e.actor_id, e.actor_name),
                "action": e.action,
                "kind": subject.kind,
                "ref": subject.ref,
                "status": subject.status,
                "link": subject.link,
                "reason": n.reason,
                "entries": n.entries,
                "read": n.read_at is not None,
            }
        )
    return out


def mark_read(session: Session, actor: Actor, notification_id: int) -> None:
    """Mark one of ``actor``'s own notifications read."""
    authorize(actor, "notify.read")
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != actor.id:
        raise NotFound("notification", notification_id)
    if row.read_at is None:
        row.read_at = utcnow()
        session.add(row)


def mark_all_read(session: Session, actor: Actor) -> int:
    """Mark every unread notification of ``actor`` read; returns how many."""
    authorize(actor, "notify.read")
    result = session.execute(
        update(Notification)
        .where(col(Notification.user_id) == actor.id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
    )
    return getattr(result, "rowcount", 0) or 0


# --- e-mail choice -------------------------------------------------------------------------------


def preferences(session: Session, actor: Actor) -> dict:
    """``actor``'s e-mail choice (off until chosen; the address defaults to an e-mail username)."""
    row = session.get(NotifyPreference, actor.id)
    if row is None:
        return {
            "email": actor.username if "@" in actor.username else "",
            "email_mode": "off",
            "lang": "vi",
            "version": 0,
        }
    return {"email": row.email, "email_mode": row.email_mode, "lang": row.lang, "version": row.version}


def _valid_email(email: str) -> bool:
    import re

    return bool(re.fullmatch(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+", email)) and len(email) <= 254


def set_preferences(
    session: Session, actor: Actor, *, email: str, email_mode: str, lang: str, expected_version: int
) -> dict:
    """Save ``actor``'s e-mail choice (compare-and-set on ``expected_version``; 0: none saved yet)."""
    from council.errors import StaleEdit

    authorize(actor, "notify.read")
    email = (email or "").strip()
    if email_mode not in EMAIL_MODES:
        raise ValidationError("notify.error.bad_mode", field="email_mode", mode=email_mode)
    if lang not in LANGUAGES:
        raise ValidationError("notify.error.bad_lang", field="lang", lang=lang)
    if email and not _valid_email(email):
        raise ValidationError("notify.error.bad_email", field="email", email=email)
    if email_mode != "off" and not email:
        raise ValidationError("notify.error.email_needed", field="email")
    row = session.get(NotifyPreference, actor.id)
    current = row.version if row else 0
    if current != expected_version:
        raise StaleEdit("notify_preference", by=actor.username, at=row.updated_at if row else "")
    now = utcnow()
    before = audit.snapshot(row) if row else None
    if row is None:
        row = NotifyPreference(user_id=int(actor.id or 0), mail_since=now)
    elif row.email_mode == "off" and email_mode != "off":
        row.mail_since = now  # nothing from before the choice is mailed
    row.email, row.email_mode, row.lang, row.updated_at = email, email_mode, lang, now
    row.version = current + 1
    session.add(row)
    session.flush()
    audit.record(session, actor, "update", "notify_preference", actor.id, before, row)
    return preferences(session, actor)


# --- wording (the page and the e-mails say the same) ----------------------------------------------

STATUS_CODES = {
    "conflict": "cstatus",
    "project": "pstatus",
    "observation": "meetings.figstatus",
    "follow_up": "meetings.fu",
}
_MYPROVINCE_KINDS = ("comment", "conflict", "project", "observation", "decision", "follow_up")


def describe(item: dict, lang: str, escape=lambda s: s) -> str:
    """One line for a notification: what changed on which record (``escape`` makes the record's
    own words safe for where the line goes, e.g. Markdown)."""
    from council.i18n import code_label, t

    action, kind = item["action"], item["kind"]
    if item.get("status"):
        codes = STATUS_CODES.get(kind, "")
        status = code_label(codes, item["status"], lang) if codes else escape(item["status"])
        what = t("myprovince.what.status", lang, status=status)
    elif action in ("create", "update", "transition"):
        what = t(f"myprovince.what.{action}", lang)
    else:
        what = t(f"notify.what.{action}", lang)
        if what == f"notify.what.{action}":
            what = escape(action)
    if kind == "comment" and action == "hide":
        key = "notify.change.comment_hidden"
    elif kind in _MYPROVINCE_KINDS:
        key = f"myprovince.change.{kind}"
    else:
        key = f"notify.change.{kind}"
    text = t(key, lang, ref=escape(item["ref"]), what=what)
    if item.get("entries", 1) > 1:
        text += t("notify.entries", lang, n=item["entries"])
    return text


def following_state(session: Session, actor: Actor, entity: str, entity_id: int) -> dict:
    """Whether ``actor`` follows one record, and why (their choice, or the rule that applies)."""
    choice = explicit_choices(session, actor.id, entity).get(int(entity_id))
    if choice is not None:
        return {"following": choice, "reason": "followed" if choice else "unfollowed"}
    reason = automatic(session, actor).get(entity, {}).get(int(entity_id))
    return {"following": reason is not None, "reason": reason or ""}

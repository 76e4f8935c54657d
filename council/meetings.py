"""Council meetings: the agenda drafted from the live data, decisions and their follow-ups.

Draft agenda rules (each record is added once per meeting, whatever rules it matches; an
item already on the agenda, even dropped, is never added again):

- ``project_suspended`` / ``project_late``: a project of the region that is suspended, or late
  by the register's rule (``council.projects.late_reason``: planned end passed and not completed, or
  reported physical progress more than 10 points behind the linear schedule);
- ``conflict_escalated`` / ``conflict_overdue`` / ``conflict_awaiting``: a conflict with a party in
  the region that is escalated, overdue (``council.conflicts.is_overdue``), or in mediation (the council's
  mediation awaits its decision);
- ``target_off_track``: a target concerning the region whose regional progress status, as
  computed by :mod:`council.targets`, is off track;
- ``cost_split_pending``: a project whose cost shares are set but not accepted by every province;
- ``figures_returned``: a province × year set of figures returned by the secretariat;
- ``figures_awaiting_signoff``: a set verified by the provincial statistics officer and awaiting the
  representative's sign-off (two-level provinces, :mod:`council.signoff`);
- ``figures_missing``: a province lacking, after the reporting deadline, figures of an indicator
  that a target covering it tracks (see :func:`reporting_year`);
- ``follow_up``: a follow-up of a decision taken at an earlier meeting that is not done;
- ``target_short`` / ``priority_not_started`` / ``reporting_low`` (plan execution, :mod:`council.plan`):
  a target whose delivered + pipeline amounts fall short of it, a priority project not started with
  fewer than N years left, a province whose submitted or on-time rate is below 80 %;
- ``sharing_unaccepted`` (revenue and cost sharing, :mod:`council.sharing`): a year's settlement
  of a sharing arrangement past its due date that a participating province of the region has not
  accepted (one item per arrangement, year and province);
- ``allocation_round`` / ``allocation_net_contributor`` (allocation of resources, :mod:`council.allocation`):
  an open allocation round of the region with proposals to rank, and a member province flagged a
  net contributor to the regional fund N years running.

Closing a meeting freezes its decisions: afterwards a decision is corrected by a new entry
(``Decision.corrects_id``), never edited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize
from council.conflicts import is_overdue
from council.errors import NotFound, ValidationError
from council.models import (
    MEETING_KINDS,
    AgendaItem,
    Comment,
    Conflict,
    ConflictParty,
    Decision,
    DecisionProvince,
    FollowUp,
    Indicator,
    Meeting,
    Observation,
    Project,
    ProjectProvince,
    Province,
    Region,
    utcnow,
)
from council.projects import late_reason
from council.textutil import nfc, vi_sort_key
from council.versioning import load_for_edit, save_versioned

ACTION = "meeting.manage"
RULES = (
    "project_suspended",
    "project_late",
    "conflict_escalated",
    "conflict_overdue",
    "conflict_awaiting",
    "target_off_track",
    "cost_split_pending",
    "figures_returned",
    "figures_awaiting_signoff",
    "figures_missing",
    "follow_up",
    "target_short",
    "priority_not_started",
    "reporting_low",
    "sharing_unaccepted",
    "early_warning",
    "allocation_round",
    "allocation_net_contributor",
)
ITEM_KINDS = (*RULES, "manual")
# Figures of year Y are due by this day of year Y + 1 (the council's reporting deadline), unless
# the secretariat set another default due date (council.plan, "reporting due dates").
FIGURES_DUE_MONTH, FIGURES_DUE_DAY = 3, 31
MAX_TITLE = 300
MAX_TEXT = 10_000

# Where each kind of record is acted on: page url path and its query parameter.
_LINKS = {
    "project": ("project", "project"),
    "cost_split": ("project", "project"),
    "target": ("targets", "target"),
    "delivery": ("plan", "target"),
    "priority_project": ("plan", "priority"),
    "allocation_round": ("allocation", "round"),
}


# --- small rules ------------------------------------------------------------------


def figures_deadline(year: int, session: Session | None = None) -> date:
    """The due date of ``year``'s figures: the default due-date setting when a session is given."""
    if session is not None:
        from council import plan

        return plan.default_due_date(session, year)
    return date(year + 1, FIGURES_DUE_MONTH, FIGURES_DUE_DAY)


def reporting_year(today: date, session: Session | None = None) -> int:
    """The latest year whose figures are past their deadline on ``today``."""
    if session is not None:
        from council import plan

        return plan.reporting_year(session, today)
    return today.year - 1 if today > figures_deadline(today.year - 1) else today.year - 2


def project_late(project: Project | dict, today: date) -> str:
    """'' when on time, else 'overdue' or 'behind': the register's own rule."""
    return late_reason(project, today)


def conflict_overdue(status: str, due_on: date | None, today: date) -> bool:
    return is_overdue(status, due_on, today)


def link_for(ref_entity: str, ref_id: str, session: Session | None = None) -> str:
    """The page (url path + query) where the record of an agenda item or follow-up is acted on.
    Conflicts are opened by their code (``?conflict=C-2026-001``), which needs ``session``."""
    if ref_entity == "conflict" and session is not None:
        code = session.exec(select(Conflict.code).where(Conflict.id == int(ref_id))).first()
        return f"conflicts?conflict={code}" if code else ""
    if ref_entity in _LINKS:
        page, param = _LINKS[ref_entity]
        return f"{page}?{param}={ref_id}"
    if ref_entity == "figures":
        province_id, year = ref_id.split(":")
        return f"figures?province={province_id}&year={year}"
    if ref_entity == "follow_up":
        return f"meetings?follow_up={ref_id}"
    if ref_entity == "warning":
        from council.early_warning import link

        return link(ref_id)
    if ref_entity == "allocation_ledger":
        return "allocation"
    if ref_entity == "reporting":
        province_id, year = ref_id.split(":")
        return f"plan?province={province_id}&year={year}"
    return ""


def _text(value: str | None, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    value = nfc(value)
    if required and not value:
        raise ValidationError("meetings.error.required", field=field)
    if len(value) > limit:
        raise ValidationError("meetings.error.too_long", field=field, limit=limit)
    return value


# --- candidates -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    kind: str
    ref_entity: str
    ref_id: str
    title: str


def region_province_ids(session: Session, region_id: int) -> list[int]:
    return list(session.exec(select(Province.id).where(Province.region_id == region_id)).all())


def _project_candidates(session: Session, province_ids: list[int], today: date) -> list[Candidate]:
    if not province_ids:
        return []
    project_ids = set(
        session.exec(
            select(ProjectProvince.project_id).where(col(ProjectProvince.province_id).in_(province_ids))
        ).all()
    )
    out = []
    projects = (
        session.exec(select(Project).where(col(Project.id).in_(project_ids))).all() if project_ids else []
    )
    for p in sorted(projects, key=lambda p: p.code):
        if p.status == "suspended":
            out.append(Candidate("project_suspended", "project", str(p.id), p.name_vi))
        elif project_late(p, today):
            out.append(Candidate("project_late", "project", str(p.id), p.name_vi))
    pending = (
        session.exec(
            select(ProjectProvince.project_id)
            .join(Project, Project.id == ProjectProvince.project_id)
            .where(
                col(ProjectProvince.project_id).in_(project_ids),
                col(ProjectProvince.cost_share_pct).is_not(None),
                col(ProjectProvince.accepted_at).is_(None),
                col(Project.status).not_in(("rejected", "completed")),
            )
        ).all()
        if project_ids
        else []
    )
    names = {p.id: p for p in projects}
    for pid in sorted(set(pending), key=lambda i: names[i].code):
        out.append(Candidate("cost_split_pending", "cost_split", str(pid), names[pid].name_vi))
    return out


def _conflict_candidates(session: Session, province_ids: list[int], today: date) -> list[Candidate]:
    if not province_ids:
        return []
    ids = set(
        session.exec(
            select(ConflictParty.conflict_id).where(col(ConflictParty.province_id).in_(province_ids))
        ).all()
    )
    out = []
    conflicts = session.exec(select(Conflict).where(col(Conflict.id).in_(ids))).all() if ids else []
    for c in sorted(conflicts, key=lambda c: c.code):
        if c.status == "escalated":
            kind = "conflict_escalated"
        elif conflict_overdue(c.status, c.due_on, today):
            kind = "conflict_overdue"
        elif c.status == "in_mediation":
            kind = "conflict_awaiting"
        else:
            continue
        out.append(Candidate(kind, "conflict", str(c.id), c.title))
    return out


def _off_track_targets(session: Session, region_id: int) -> list[dict]:
    from council import targets

    return [
        t for t in targets.list_targets(session, region_id) if t["progress"]["status"] == targets.OFF_TRACK
    ]


def _target_candidates(session: Session, region_id: int) -> list[Candidate]:
    return [
        Candidate("target_off_track", "target", str(t["id"]), f"{t['indicator_vi']} ({t['target_year']})")
        for t in _off_track_targets(session, region_id)
    ]


def tracked_indicators(session: Session, region_id: int) -> dict[int, set[int]]:
    """Province id -> ids of the indicators that a target covering the province tracks."""
    from council import targets

    out: dict[int, set[int]] = {}
    for t in targets.list_targets(session, region_id):
        for cov in t["coverage"]:
            out.setdefault(cov["province_id"], set()).add(t["indicator_id"])
    return out


def missing_figures(
    session: Session, province_ids: list[int], year: int, tracked: dict[int, set[int]]
) -> dict[int, list[int]]:
    """Province id -> indicator ids with no submitted or approved figure for ``year``."""
    sent = set(
        session.exec(
            select(Observation.province_id, Observation.indicator_id).where(
                Observation.year == year, col(Observation.status).in_(("submitted", "approved"))
            )
        ).all()
    )
    out = {}
    for pid in province_ids:
        missing = sorted(i for i in tracked.get(pid, ()) if (pid, i) not in sent)
        if missing:
            out[pid] = missing
    return out


def _figure_candidates(
    session: Session, region_id: int, province_ids: list[int], today: date
) -> list[Candidate]:
    if not province_ids:
        return []
    names = dict(
        session.exec(select(Province.id, Province.name_vi).where(col(Province.id).in_(province_ids))).all()
    )
    out = []
    returned = session.exec(
        select(Observation.province_id, Observation.year)
        .where(col(Observation.province_id).in_(province_ids), Observation.status == "returned")
        .distinct()
    ).all()
    for pid, year in sorted(set(returned), key=lambda r: (vi_sort_key(names[r[0]]), r[1])):
        out.append(Candidate("figures_returned", "figures", f"{pid}:{year}", f"{names[pid]} — {year}"))
    # Verified by the statistics officer, not yet signed off by the representative (council.signoff).
    from council.signoff import awaiting_signoff

    for s in awaiting_signoff(session, province_ids):
        out.append(
            Candidate(
                "figures_awaiting_signoff",
                "figures",
                f"{s['province_id']}:{s['year']}",
                f"{s['province']} — {s['year']}",
            )
        )
    year = reporting_year(today, session)
    missing = missing_figures(session, province_ids, year, tracked_indicators(session, region_id))
    for pid in sorted(missing, key=lambda i: vi_sort_key(names[i])):
        out.append(Candidate("figures_missing", "figures", f"{pid}:{year}", f"{names[pid]} — {year}"))
    return out


def _follow_up_candidates(session: Session, meeting: Meeting) -> list[Candidate]:
    rows = session.exec(
        select(FollowUp, Decision, Meeting)
        .join(Decision, Decision.id == FollowUp.decision_id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(
            FollowUp.status == "open",
            Meeting.region_id == meeting.region_id,
            Meeting.id != meeting.id,
            Meeting.meeting_date <= meeting.meeting_date,
        )
        .order_by(Meeting.meeting_date, FollowUp.id)
    ).all()
    return [Candidate("follow_up", "follow_up", str(fu.id), _shorten(d.text)) for fu, d, _m in rows]


def _plan_candidates(session: Session, meeting: Meeting, today: date) -> list[Candidate]:
    from council import plan

    return [Candidate(*c) for c in plan.agenda_candidates(session, meeting.region_id, today)]


def _sharing_candidates(session: Session, province_ids: list[int], today: date) -> list[Candidate]:
    from council import sharing

    return [Candidate(*c) for c in sharing.agenda_candidates(session, province_ids, today)]


def _warning_candidates(session: Session, province_ids: list[int], today: date) -> list[Candidate]:
    from council import early_warning

    return [Candidate(*c) for c in early_warning.agenda_candidates(session, province_ids, today)]


def _allocation_candidates(session: Session, meeting: Meeting) -> list[Candidate]:
    from council import allocation

    return [Candidate(*c) for c in allocation.agenda_candidates(session, meeting.region_id)]


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draft_candidates(session: Session, meeting: Meeting, today: date) -> list[Candidate]:
    """Every record the rules put on the agenda of ``meeting``, each record once, in rule order."""
    province_ids = region_province_ids(session, meeting.region_id)
    found = [
        *_project_candidates(session, province_ids, today),
        *_conflict_candidates(session, province_ids, today),
        *_target_candidates(session, meeting.region_id),
        *_figure_candidates(session, meeting.region_id, province_ids, today),
        *_follow_up_candidates(session, meeting),
        *_plan_candidates(session, meeting, today),
        *_sharing_candidates(session, province_ids, today),
        *_warning_candidates(session, province_ids, today),
        *_allocation_candidates(session, meeting),
    ]
    rank = {k: i for i, k in enumerate(RULES)}
    seen: set[tuple[str, str, str]] = set()
    out = []
    for cand in sorted(found, key=lambda c: rank[c.kind]):
        # One record once; but a province's returned and missing figures are two different topics.
        key = (cand.ref_entity, cand.ref_id, cand.kind if cand.ref_entity == "figures" else "")
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


# --- meetings ---------------------------------------------------------------------


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("meeting", meeting_id)
    return meeting


def _open_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = _meeting(session, meeting_id)
    if meeting.status == "closed":
        raise ValidationError("meetings.error.closed", field="meeting")
    return meeting


def _validate_meeting(kind: str, meeting_date, place: str, title: str) -> dict:
    if kind not in MEETING_KINDS:
        raise ValidationError("meetings.error.kind", field="kind")
    if not isinstance(meeting_date, date):
        raise ValidationError("meetings.error.required", field="meeting_date")
    return {
        "kind": kind,
        "meeting_date": meeting_date,
        "place": _text(place, "place", required=True, limit=200),
        "title": _text(title, "title", limit=MAX_TITLE),
    }


def create_meeting(
    session: Session,
    actor: Actor,
    *,
    region_id: int,
    meeting_date: date,
    place: str,
    kind: str = "plenary",
    title: str = "",
) -> dict:
    authorize(actor, ACTION)
    if session.get(Region, region_id) is None:
        raise ValidationError("meetings.error.required", field="region")
    values = _validate_meeting(kind, meeting_date, place, title)
    meeting = Meeting(region_id=region_id, created_by=actor.username, updated_by=actor.username, **values)
    session.add(meeting)
    session.flush()
    audit.record(session, actor, "create", "meeting", meeting.id, after=meeting)
    return meeting.model_dump()


def update_meeting(
    session: Session,
    actor: Actor,
    meeting_id: int,
    *,
    expected_version: int,
    meeting_date: date,
    place: str,
    kind: str,
    title: str = "",
) -> dict:
    authorize(actor, ACTION)
    meeting = load_for_edit(session, Meeting, meeting_id, expected_version, "meeting")
    if meeting.status == "closed":
        raise ValidationError("meetings.error.closed", field="meeting")
    values = _validate_meeting(kind, meeting_date, place, title)
    before = meeting.model_dump()
    save_versioned(session, meeting, expected_version, "meeting", actor.username, values)
    audit.record(
        session, actor, "update", "meeting", meeting_id, before=before, after=session.get(Meeting, meeting_id)
    )
    return session.get(Meeting, meeting_id).model_dump()


def close_meeting(session: Session, actor: Actor, meeting_id: int, *, expected_version: int) -> dict:
    """Close the meeting: from now on its decisions are corrected by new entries only."""
    authorize(actor, ACTION)
    meeting = load_for_edit(session, Meeting, meeting_id, expected_version, "meeting")
    if meeting.status == "closed":
        raise ValidationError("meetings.error.closed", field="meeting")
    before = meeting.model_dump()
    save_versioned(
        session,
        meeting,
        expected_version,
        "meeting",
        actor.username,
        {"status": "closed", "closed_at": utcnow()},
    )
    audit.record(
        session,
        actor,
        "transition",
        "meeting",
        meeting_id,
        before=before,
        after=session.get(Meeting, meeting_id),
        note="closed",
    )
    return session.get(Meeting, meeting_id).model_dump()


def list_meetings(session: Session, region_id: int | None = None) -> list[dict]:
    q = select(Meeting)
    if region_id is not None:
        q = q.where(Meeting.region_id == region_id)
    counts = dict(
        session.exec(
            select(AgendaItem.meeting_id, func.count())
            .where(AgendaItem.dropped == False)  # noqa: E712
            .group_by(AgendaItem.meeting_id)
        ).all()
    )
    rows = [{**m.model_dump(), "items": counts.get(m.id, 0)} for m in session.exec(q)]
    return sorted(rows, key=lambda m: (m["meeting_date"], m["id"]), reverse=True)


# --- agenda -----------------------------------------------------------------------


def _next_position(session: Session, meeting_id: int) -> int:
    return (
        session.exec(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting_id)).one()
        or 0
    ) + 1


def generate_agenda(session: Session, actor: Actor, meeting_id: int, today: date | None = None) -> list[dict]:
    """Add to the agenda, after the items already there, every record the rules find that is
    not on it yet (dropped items count as on it: the secretariat dropped them on purpose)."""
    authorize(actor, ACTION)
    meeting = _open_meeting(session, meeting_id)
    today = today or date.today()
    present = {
        (i.ref_entity, i.ref_id, i.kind if i.ref_entity == "figures" else "")
        for i in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id))
    }
    position = _next_position(session, meeting_id)
    added = []
    for cand in draft_candidates(session, meeting, today):
        if (cand.ref_entity, cand.ref_id, cand.kind if cand.ref_entity == "figures" else "") in present:
            continue
        item = AgendaItem(
            meeting_id=meeting_id,
            position=position,
            kind=cand.kind,
            ref_entity=cand.ref_entity,
            ref_id=cand.ref_id,
            title=cand.title[:MAX_TITLE],
            updated_by=actor.username,
        )
        session.add(item)
        session.flush()
        audit.record(session, actor, "create", "agenda_item", item.id, after=item, note="generated")
        added.append({**item.model_dump(), "link": link_for(item.ref_entity, item.ref_id, session)})
        position += 1
    return added


def add_item(session: Session, actor: Actor, meeting_id: int, *, title: str, summary: str = "") -> dict:
    authorize(actor, ACTION)
    _open_meeting(session, meeting_id)
    item = AgendaItem(
        meeting_id=meeting_id,
        position=_next_position(session, meeting_id),
        kind="manual",
        title=_text(title, "title", required=True, limit=MAX_TITLE),
        summary=_text(summary, "summary"),
        updated_by=actor.username,
    )
    session.add(item)
    session.flush()
    audit.record(session, actor, "create", "agenda_item", item.id, after=item)
    return item.model_dump()


def _item_for_edit(session: Session, item_id: int, expected_version: int) -> AgendaItem:
    item = load_for_edit(session, AgendaItem, item_id, expected_version, "agenda_item")
    _open_meeting(session, item.meeting_id)
    return item


def set_dropped(
    session: Session, actor: Actor, item_id: int, *, expected_version: int, dropped: bool
) -> dict:
    authorize(actor, ACTION)
    item = _item_for_edit(session, item_id, expected_version)
    before = item.model_dump()
    save_versioned(session, item, expected_version, "agenda_item", actor.username, {"dropped": bool(dropped)})
    after = session.get(AgendaItem, item_id)
    audit.record(session, actor, "update", "agenda_item", item_id, before=before, after=after)
    return after.model_dump()


def move_item(
    session: Session, actor: Actor, item_id: int, *, expected_version: int, step: int
) -> list[dict]:
    """Move an item ``step`` places up (negative) or down (positive) among the meeting's items;
    the positions are then renumbered 1..n. Returns the agenda in its new order."""
    authorize(actor, ACTION)
    item = _item_for_edit(session, item_id, expected_version)
    # One reorder of a meeting's agenda at a time: the meeting row is locked (PostgreSQL; SQLite
    # serialises write transactions already), and the moved item is saved by compare-and-set.
    session.exec(select(Meeting.id).where(Meeting.id == item.meeting_id).with_for_update()).first()
    items = list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == item.meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )
    order = [i.id for i in items]
    index = order.index(item_id)
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    by_id = {i.id: i for i in items}
    before = {i.id: i.position for i in items}
    positions = dict(zip(order, range(1, len(order) + 1), strict=True))
    save_versioned(
        session, item, expected_version, "agenda_item", actor.username, {"position": positions[item_id]}
    )
    for ident, position in positions.items():
        if ident != item_id and by_id[ident].position != position:
            by_id[ident].position = position
            session.add(by_id[ident])
    session.flush()
    items = [session.get(AgendaItem, i) for i in order]
    audit.record(
        session,
        actor,
        "update",
        "agenda_item",
        item_id,
        before={"order": before},
        after={"order": {i.id: i.position for i in items}},
        note="reorder",
    )
    return [i.model_dump() for i in sorted(items, key=lambda i: i.position)]


# --- decisions and follow-ups ----------------------------------------------------


def _validate_decision(session: Session, text: str, province_ids, bodies: str, deadline) -> dict:
    ids = sorted({int(i) for i in (province_ids or [])})
    if ids and len(session.exec(select(Province.id).where(col(Province.id).in_(ids))).all()) != len(ids):
        raise ValidationError("meetings.error.province", field="provinces")
    bodies = _text(bodies, "responsible_bodies", limit=500)
    if not ids and not bodies:
        raise ValidationError("meetings.error.responsible", field="provinces")
    if deadline is not None and not isinstance(deadline, date):
        raise ValidationError("meetings.error.required", field="deadline")
    return {
        "text": _text(text, "text", required=True),
        "province_ids": ids,
        "responsible_bodies": bodies,
        "deadline": deadline,
    }


def _follow_up_ref(session: Session, item: AgendaItem) -> tuple[str, str]:
    """A decision on a follow-up item follows the original record, not the follow-up."""
    if item.ref_entity == "follow_up":
        earlier = session.get(FollowUp, int(item.ref_id))
        if earlier is not None:
            return earlier.ref_entity, earlier.ref_id
    return item.ref_entity, item.ref_id


def _insert_decision(
    session: Session, actor: Actor, item: AgendaItem, values: dict, corrects_id: int | None = None
) -> Decision:
    decision = Decision(
        meeting_id=item.meeting_id,
        agenda_item_id=item.id,
        text=values["text"],
        responsible_bodies=values["responsible_bodies"],
        deadline=values["deadline"],
        corrects_id=corrects_id,
        created_by=actor.username,
        updated_by=actor.username,
    )
    session.add(decision)
    session.flush()
    for pid in values["province_ids"]:
        session.add(DecisionProvince(decision_id=decision.id, province_id=pid))
    ref_entity, ref_id = _follow_up_ref(session, item)
    follow_up = FollowUp(
        decision_id=decision.id, ref_entity=ref_entity, ref_id=ref_id, updated_by=actor.username
    )
    session.add(follow_up)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "decision",
        decision.id,
        after={**decision.model_dump(), "province_ids": values["province_ids"]},
        note=f"corrects {corrects_id}" if corrects_id else "",
    )
    audit.record(session, actor, "create", "follow_up", follow_up.id, after=follow_up)
    return decision


def record_decision(
    session: Session,
    actor: Actor,
    item_id: int,
    *,
    text: str,
    province_ids=(),
    responsible_bodies: str = "",
    deadline: date | None = None,
) -> dict:
    """Record the council's decision on an agenda item; it opens a follow-up on the item's record."""
    authorize(actor, ACTION)
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound("agenda_item", item_id)
    _open_meeting(session, item.meeting_id)
    values = _validate_decision(session, text, province_ids, responsible_bodies, deadline)
    return decision_dict(session, _insert_decision(session, actor, item, values))


def edit_decision(
    session: Session,
    actor: Actor,
    decision_id: int,
    *,
    expected_version: int,
    text: str,
    province_ids=(),
    responsible_bodies: str = "",
    deadline: date | None = None,
) -> dict:
    """Edit a decision while its meeting is open; a closed meeting's decisions are frozen."""
    authorize(actor, ACTION)
    decision = load_for_edit(session, Decision, decision_id, expected_version, "decision")
    if _meeting(session, decision.meeting_id).status == "closed":
        raise ValidationError("meetings.error.frozen", field="decision")
    values = _validate_decision(session, text, province_ids, responsible_bodies, deadline)
    before = decision_dict(session, decision)
    save_versioned(
        session,
        decision,
        expected_version,
        "decision",
        actor.username,
        {
            "text": values["text"],
            "responsible_bodies": values["responsible_bodies"],
            "deadline": values["deadline"],
        },
    )
    for link in session.exec(select(DecisionProvince).where(DecisionProvince.decision_id == decision_id)):
        session.delete(link)
    session.flush()
    for pid in values["province_ids"]:
        session.add(DecisionProvince(decision_id=decision_id, province_id=pid))
    session.flush()
    after = decision_dict(session, session.get(Decision, decision_id))
    audit.record(session, actor, "update", "decision", decision_id, before=before, after=after)
    return after


def correct_decision(
    session: Session,
    actor: Actor,
    decision_id: int,
    *,
    text: str,
    province_ids=(),
    responsible_bodies: str = "",
    deadline: date | None = None,
) -> dict:
    """A correction: a new decision replacing ``decision_id`` (which stays as it was). The
    replaced decision's open follow-up is superseded by the correction's own."""
    authorize(actor, ACTION)
    original = session.get(Decision, decision_id)
    if original is None:
        raise NotFound("decision", decision_id)
    if session.exec(select(Decision.id).where(Decision.corrects_id == decision_id)).first() is not None:
        raise ValidationError("meetings.error.already_corrected", field="decision")
    values = _validate_decision(session, text, province_ids, responsible_bodies, deadline)
    for fu in session.exec(
        select(FollowUp).where(FollowUp.decision_id == decision_id, FollowUp.status == "open")
    ):
        before = fu.model_dump()
        save_versioned(session, fu, fu.version, "follow_up", actor.username, {"status": "superseded"})
        audit.record(
            session, actor, "update", "follow_up", fu.id, before=before, after=session.get(FollowUp, fu.id)
        )
    item = session.get(AgendaItem, original.agenda_item_id)
    return decision_dict(session, _insert_decision(session, actor, item, values, corrects_id=decision_id))


def set_follow_up(
    session: Session, actor: Actor, follow_up_id: int, *, expected_version: int, done: bool, note: str = ""
) -> dict:
    """Mark a follow-up done (or open again)."""
    authorize(actor, ACTION)
    fu = load_for_edit(session, FollowUp, follow_up_id, expected_version, "follow_up")
    if fu.status == "superseded":
        raise ValidationError("meetings.error.superseded", field="status")
    before = fu.model_dump()
    values = (
        {"status": "done", "done_at": utcnow(), "done_by": actor.username}
        if done
        else {"status": "open", "done_at": None, "done_by": ""}
    )
    save_versioned(
        session,
        fu,
        expected_version,
        "follow_up",
        actor.username,
        {**values, "note": _text(note, "note", limit=2000)},
    )
    after = session.get(FollowUp, follow_up_id)
    audit.record(session, actor, "update", "follow_up", follow_up_id, before=before, after=after)
    return after.model_dump()


def decision_dict(session: Session, decision: Decision) -> dict:
    pids = sorted(
        session.exec(
            select(DecisionProvince.province_id).where(DecisionProvince.decision_id == decision.id)
        ).all()
    )
    corrected_by = session.exec(select(Decision.id).where(Decision.corrects_id == decision.id)).first()
    follow_ups = [
        f.model_dump() for f in session.exec(select(FollowUp).where(FollowUp.decision_id == decision.id))
    ]
    return {
        **decision.model_dump(),
        "province_ids": pids,
        "corrected_by": corrected_by,
        "follow_ups": follow_ups,
    }


def follow_ups_for(session: Session, ref_entity: str, ref_id) -> list[dict]:
    """The follow-ups of council decisions on one record (for the project, conflict and target
    pages): decision text, deadline, meeting, status."""
    rows = session.exec(
        select(FollowUp, Decision, Meeting)
        .join(Decision, Decision.id == FollowUp.decision_id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(FollowUp.ref_entity == ref_entity, FollowUp.ref_id == str(ref_id))
        .order_by(Meeting.meeting_date, FollowUp.id)
    ).all()
    if ref_entity == "project":  # a project's cost split is the same record for its pages
        rows += session.exec(
            select(FollowUp, Decision, Meeting)
            .join(Decision, Decision.id == FollowUp.decision_id)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .where(FollowUp.ref_entity == "cost_split", FollowUp.ref_id == str(ref_id))
        ).all()
    return [
        {
            **fu.model_dump(),
            "decision_text": d.text,
            "deadline": d.deadline,
            "meeting_id": m.id,
            "meeting_date": m.meeting_date,
            "meeting_place": m.place,
        }
        for fu, d, m in rows
    ]


def follow_up_meeting(session: Session, follow_up_id: int) -> int | None:
    """The meeting whose decision opened the follow-up (for links to a follow-up)."""
    return session.exec(
        select(Decision.meeting_id)
        .join(FollowUp, FollowUp.decision_id == Decision.id)
        .where(FollowUp.id == follow_up_id)
    ).first()


def open_follow_ups(session: Session, region_id: int) -> list[dict]:
    """Open follow-ups of the region's meetings, earliest deadline first."""
    rows = session.exec(
        select(FollowUp, Decision, Meeting)
        .join(Decision, Decision.id == FollowUp.decision_id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(FollowUp.status == "open", Meeting.region_id == region_id)
    ).all()
    out = [
        {
            **fu.model_dump(),
            "decision_text": d.text,
            "deadline": d.deadline,
            "meeting_id": m.id,
            "meeting_date": m.meeting_date,
            "link": link_for(fu.ref_entity, fu.ref_id, session),
        }
        for fu, d, m in rows
    ]
    return sorted(out, key=lambda r: (r["deadline"] or date.max, r["id"]))


# --- reading -----------------------------------------------------------------------


def meeting_detail(session: Session, meeting_id: int) -> dict:
    """The meeting with its agenda in order (dropped items last), each item with its link,
    decisions (corrections after what they correct) and follow-ups."""
    meeting = _meeting(session, meeting_id)
    items = list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )
    decisions: dict[int, list[dict]] = {}
    for d in session.exec(select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)):
        decisions.setdefault(d.agenda_item_id, []).append(decision_dict(session, d))
    out_items = []
    for i in items:
        row = i.model_dump()
        row["link"] = link_for(i.ref_entity, i.ref_id, session)
        row["decisions"] = decisions.get(i.id, [])
        out_items.append(row)
    out_items.sort(key=lambda r: (r["dropped"], r["position"], r["id"]))
    region = session.get(Region, meeting.region_id)
    return {
        **meeting.model_dump(),
        "region_vi": region.name_vi,
        "region_en": region.name_en,
        "items": out_items,
    }


def item_facts(session: Session, item: dict, today: date | None = None, cache: dict | None = None) -> dict:
    """Key numbers of an agenda item's record at this moment, language-neutral: a dict of
    values (codes, numbers, dates) and an optional chart ``{"labels": [...], "values": [...]}``
    (labels are codes or names, numbers in the unit named by ``chart_unit``). ``cache`` may be
    shared by the calls for one agenda to compute the tracked indicators once per region."""
    today = today or date.today()
    entity, ref = item.get("ref_entity", ""), item.get("ref_id", "")
    if entity in ("project", "cost_split"):
        return _project_facts(session, int(ref), today)
    if entity == "conflict":
        return _conflict_facts(session, int(ref), today)
    if entity == "target":
        return _target_facts(session, int(ref))
    if entity == "figures":
        province_id, year = (int(x) for x in ref.split(":"))
        return _figure_facts(session, province_id, year, {} if cache is None else cache)
    if entity == "follow_up":
        return _follow_up_facts(session, int(ref))
    if entity in ("delivery", "priority_project", "reporting"):
        from council import plan

        return plan.agenda_facts(session, entity, ref, today)
    if entity in ("allocation_round", "allocation_ledger"):
        from council import allocation

        return allocation.agenda_facts(session, entity, ref)
    return {"kind": "manual"}


def _province_names(session: Session, ids) -> list[str]:
    ids = list(ids)
    if not ids:
        return []
    names = session.exec(select(Province.name_vi).where(col(Province.id).in_(ids))).all()
    return sorted(names, key=vi_sort_key)


def _project_facts(session: Session, project_id: int, today: date) -> dict:
    p = session.get(Project, project_id)
    if p is None:
        return {"kind": "missing"}
    parts = session.exec(
        select(ProjectProvince, Province)
        .join(Province, Province.id == ProjectProvince.province_id)
        .where(ProjectProvince.project_id == project_id)
    ).all()
    parts = sorted(parts, key=lambda r: vi_sort_key(r[1].name_vi))
    expected = None
    if p.planned_start and p.planned_end and p.planned_end > p.planned_start:
        expected = max(
            0.0, min(100.0, 100.0 * (today - p.planned_start).days / (p.planned_end - p.planned_start).days)
        )
    shares = [
        {"province": prov.name_vi, "share": pp.cost_share_pct, "accepted": pp.accepted_at is not None}
        for pp, prov in parts
    ]
    facts = {
        "kind": "project",
        "code": p.code,
        "name": p.name_vi,
        "status": p.status,
        "late": project_late(p, today),
        "planned_end": p.planned_end,
        "total_investment": p.total_investment,
        "progress_physical": p.progress_physical,
        "progress_disbursed": p.progress_disbursed,
        "expected_progress": expected,
        "provinces": [s["province"] for s in shares],
        "shares": shares,
        "not_accepted": [s["province"] for s in shares if s["share"] is not None and not s["accepted"]],
    }
    if any(s["share"] is not None for s in shares):
        facts["chart"] = {
            "labels": [s["province"] for s in shares],
            "values": [s["share"] or 0 for s in shares],
            "unit": "%",
            "title": "cost_share",
        }
    elif p.progress_physical or p.progress_disbursed:  # 0 % means "not reported" in the register
        labels = ["progress_physical", "progress_disbursed"] + (
            ["expected_progress"] if expected is not None else []
        )
        facts["chart"] = {
            "labels": labels,
            "values": [facts[k] or 0 for k in labels],
            "unit": "%",
            "title": "progress",
            "translate": True,
        }
    return facts


def _conflict_facts(session: Session, conflict_id: int, today: date) -> dict:
    c = session.get(Conflict, conflict_id)
    if c is None:
        return {"kind": "missing"}
    parties = _province_names(
        session,
        session.exec(select(ConflictParty.province_id).where(ConflictParty.conflict_id == conflict_id)).all(),
    )
    stances = Counter(
        session.exec(
            select(Comment.stance).where(Comment.conflict_id == conflict_id, col(Comment.hidden_at).is_(None))
        ).all()
    )
    facts = {
        "kind": "conflict",
        "code": c.code,
        "name": c.title,
        "status": c.status,
        "severity": c.severity,
        "due_on": c.due_on,
        "opened_on": c.opened_on,
        "parties": parties,
        "comments": sum(stances.values()),
        "days_overdue": (today - c.due_on).days if conflict_overdue(c.status, c.due_on, today) else 0,
    }
    if stances:
        codes = [s for s in ("support", "oppose", "conditional", "information") if stances.get(s)]
        facts["chart"] = {
            "labels": [f"stance.{s}" for s in codes],
            "values": [stances[s] for s in codes],
            "unit": "",
            "title": "stances",
            "translate": True,
        }
    return facts


def _target_facts(session: Session, target_id: int) -> dict:
    from council import targets

    try:
        t = targets.target_detail(session, target_id)
    except NotFound:
        return {"kind": "missing"}
    progress = t.get("progress") or {}
    series = [r for r in t.get("series") or [] if r.get("value") is not None]
    facts = {
        "kind": "target",
        "name": t["indicator_vi"],
        "indicator": t["indicator_vi"],
        "unit": t["unit"],
        "target_text": t["target_text"],
        "target_year": t["target_year"],
        "status": progress.get("status"),
        "latest_year": progress.get("latest_year"),
        "latest_value": progress.get("latest_value"),
        "baseline_year": progress.get("baseline_year"),
        "baseline_value": progress.get("baseline_value"),
        "ratio": progress.get("ratio"),
    }
    if series:
        facts["chart"] = {
            "labels": [str(r["year"]) for r in series],
            "values": [r["value"] for r in series],
            "unit": t["unit"],
            "title": "series",
            "reference": t.get("target"),
        }
    return facts


def _figure_facts(session: Session, province_id: int, year: int, cache: dict) -> dict:
    province = session.get(Province, province_id)
    rows = session.exec(
        select(Observation, Indicator)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(Observation.province_id == province_id, Observation.year == year)
    ).all()
    by_status = Counter(o.status for o, _ in rows)
    reasons = sorted({o.return_reason for o, _ in rows if o.status == "returned" and o.return_reason})
    if province.region_id not in cache:
        cache[province.region_id] = tracked_indicators(session, province.region_id)
    tracked = cache[province.region_id].get(province_id, set())
    missing = missing_figures(session, [province_id], year, {province_id: tracked}).get(province_id, [])
    names = (
        dict(
            session.exec(select(Indicator.id, Indicator.name_vi).where(col(Indicator.id).in_(missing))).all()
        )
        if missing
        else {}
    )
    facts = {
        "kind": "figures",
        "province": province.name_vi,
        "year": year,
        "deadline": figures_deadline(year, session),
        "returned": by_status.get("returned", 0),
        "approved": by_status.get("approved", 0),
        "submitted": by_status.get("submitted", 0),
        "draft": by_status.get("draft", 0),
        "missing": len(missing),
        "missing_names": [names[i] for i in missing],
        "reasons": reasons,
    }
    codes = [s for s in ("approved", "submitted", "draft", "returned") if by_status.get(s)]
    if codes or missing:
        facts["chart"] = {
            "labels": [f"meetings.figstatus.{s}" for s in codes]
            + (["meetings.figstatus.missing"] if missing else []),
            "values": [by_status[s] for s in codes] + ([len(missing)] if missing else []),
            "unit": "",
            "title": "figures",
            "translate": True,
        }
    return facts


def _follow_up_facts(session: Session, follow_up_id: int) -> dict:
    fu = session.get(FollowUp, follow_up_id)
    if fu is None:
        return {"kind": "missing"}
    d = session.get(Decision, fu.decision_id)
    m = session.get(Meeting, d.meeting_id)
    pids = session.exec(
        select(DecisionProvince.province_id).where(DecisionProvince.decision_id == d.id)
    ).all()
    return {
        "kind": "follow_up",
        "decision": d.text,
        "deadline": d.deadline,
        "meeting_date": m.meeting_date,
        "meeting_place": m.place,
        "responsible": [
            *_province_names(session, pids),
            *([d.responsible_bodies] if d.responsible_bodies else []),
        ],
        "status": fu.status,
        "link": link_for(fu.ref_entity, fu.ref_id, session),
    }

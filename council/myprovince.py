""" "My province": what a province owes and what concerns it, each item with the link
(url path + query) of the page where it is acted on; and, for every user, "what changed
since my last visit" read from the audit log."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from council.auth import Actor
from council.conflicts import SETTLED
from council.errors import NotFound
from council.meetings import (
    figures_deadline,
    link_for,
    missing_figures,
    project_late,
    reporting_year,
    tracked_indicators,
)
from council.models import (
    AuditEntry,
    Comment,
    Conflict,
    ConflictParty,
    Decision,
    DecisionProvince,
    FollowUp,
    Meeting,
    Observation,
    Project,
    ProjectProvince,
    Province,
    User,
    UserVisit,
    utcnow,
)
from council.textutil import vi_sort_key

MAX_CHANGES = 50
SCAN_LIMIT = 5000  # audit entries read for one "what changed" list (newest first)
BODY_PREVIEW = 200


def _preview(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= BODY_PREVIEW else text[: BODY_PREVIEW - 1] + "…"


def figures_due(session: Session, province_id: int, today: date) -> list[dict]:
    """Years whose figures are overdue (the reporting year) or due next, with the number of
    tracked indicators still without a submitted or approved figure."""
    province = session.get(Province, province_id)
    tracked = tracked_indicators(session, province.region_id)
    last = reporting_year(today, session)
    out = []
    for year in (last, last + 1):
        missing = missing_figures(session, [province_id], year, tracked).get(province_id, [])
        if missing:
            deadline = figures_deadline(year, session)
            out.append(
                {
                    "year": year,
                    "missing": len(missing),
                    "deadline": deadline,
                    "overdue": deadline < today,
                    "link": link_for("figures", f"{province_id}:{year}"),
                }
            )
    return out


def returned_sets(session: Session, province_id: int) -> list[dict]:
    sets: dict[int, dict] = {}
    for o in session.exec(
        select(Observation).where(Observation.province_id == province_id, Observation.status == "returned")
    ):
        s = sets.setdefault(
            o.year,
            {
                "year": o.year,
                "count": 0,
                "reasons": set(),
                "link": link_for("figures", f"{province_id}:{o.year}"),
            },
        )
        s["count"] += 1
        if o.return_reason:
            s["reasons"].add(o.return_reason)
    return [{**s, "reasons": sorted(s["reasons"])} for _, s in sorted(sets.items())]


def _awaiting_signoff(session: Session, province_id: int) -> list[dict]:
    """Sets the statistics officer verified that await the representative's sign-off."""
    from council.signoff import awaiting_signoff

    return awaiting_signoff(session, [province_id])


def pending_shares(session: Session, province_id: int) -> list[dict]:
    rows = session.exec(
        select(ProjectProvince, Project)
        .join(Project, Project.id == ProjectProvince.project_id)
        .where(
            ProjectProvince.province_id == province_id,
            col(ProjectProvince.cost_share_pct).is_not(None),
            col(ProjectProvince.accepted_at).is_(None),
            col(Project.status).not_in(("rejected", "completed")),
        )
    ).all()
    return sorted(
        (
            {
                "project_id": p.id,
                "code": p.code,
                "name": p.name_vi,
                "share": pp.cost_share_pct,
                "link": link_for("project", str(p.id)),
            }
            for pp, p in rows
        ),
        key=lambda r: r["code"],
    )


def party_conflicts(session: Session, province_id: int) -> list[dict]:
    """Unsettled conflicts the province is a party to, each with its latest visible comment."""
    conflicts = session.exec(
        select(Conflict)
        .join(ConflictParty, ConflictParty.conflict_id == Conflict.id)
        .where(ConflictParty.province_id == province_id, col(Conflict.status).not_in(SETTLED))
    ).all()
    ids = [c.id for c in conflicts]
    # The latest visible comment of every conflict in one query (not one query per conflict).
    ranked = (
        select(
            Comment.conflict_id,
            Comment.body,
            Comment.stance,
            Comment.created_at,
            User.display_name,
            User.username,
            func.row_number()
            .over(
                partition_by=Comment.conflict_id,
                order_by=(col(Comment.created_at).desc(), col(Comment.id).desc()),
            )
            .label("rank"),
        )
        .join(User, User.id == Comment.author_id)
        .where(col(Comment.conflict_id).in_(ids), col(Comment.hidden_at).is_(None))
    ).subquery()
    latest = (
        {r.conflict_id: r for r in session.exec(select(*ranked.c).where(ranked.c.rank == 1))} if ids else {}
    )
    out = []
    for c in sorted(conflicts, key=lambda c: c.code):
        comment = None
        if c.id in latest:
            r = latest[c.id]
            comment = {
                "author": r.display_name or r.username,
                "at": r.created_at,
                "body": _preview(r.body),
                "stance": r.stance,
            }
        out.append(
            {
                "id": c.id,
                "code": c.code,
                "title": c.title,
                "status": c.status,
                "due_on": c.due_on,
                "latest_comment": comment,
                "link": f"conflicts?conflict={c.code}",
            }
        )
    return out


def assigned_decisions(session: Session, province_id: int) -> list[dict]:
    """Decisions naming the province (corrected ones replaced by their correction), with the
    status of their follow-up, earliest deadline first."""
    rows = session.exec(
        select(Decision, Meeting)
        .join(DecisionProvince, DecisionProvince.decision_id == Decision.id)
        .join(Meeting, Meeting.id == Decision.meeting_id)
        .where(DecisionProvince.province_id == province_id)
    ).all()
    corrected = set(
        session.exec(select(Decision.corrects_id).where(col(Decision.corrects_id).is_not(None))).all()
    )
    out = []
    for d, m in rows:
        if d.id in corrected:
            continue
        fu = session.exec(select(FollowUp).where(FollowUp.decision_id == d.id)).first()
        out.append(
            {
                "id": d.id,
                "text": d.text,
                "deadline": d.deadline,
                "meeting_id": m.id,
                "meeting_date": m.meeting_date,
                "status": fu.status if fu else "open",
                "link": link_for(fu.ref_entity, fu.ref_id, session)
                if fu and fu.ref_entity
                else f"meetings?meeting={m.id}",
            }
        )
    return sorted(out, key=lambda r: (r["status"] != "open", r["deadline"] or date.max, r["id"]))


def late_projects(session: Session, province_id: int, today: date) -> list[dict]:
    projects = session.exec(
        select(Project)
        .join(ProjectProvince, ProjectProvince.project_id == Project.id)
        .where(ProjectProvince.province_id == province_id)
    ).all()
    out = []
    for p in sorted(projects, key=lambda p: p.code):
        late = project_late(p, today)
        if late:
            out.append(
                {
                    "id": p.id,
                    "code": p.code,
                    "name": p.name_vi,
                    "late": late,
                    "planned_end": p.planned_end,
                    "link": link_for("project", str(p.id)),
                }
            )
    return out


def province_view(session: Session, province_id: int, today: date | None = None) -> dict:
    """Everything "my province" shows for ``province_id``: the same for every reader (everyone may
    read it), so the page shares one copy per province between all sessions."""
    province = session.get(Province, province_id)
    if province is None:
        raise NotFound("province", province_id)
    today = today or date.today()
    return {
        "province": {"id": province.id, "name_vi": province.name_vi, "name_en": province.name_en},
        "figures_due": figures_due(session, province_id, today),
        "returned": returned_sets(session, province_id),
        "awaiting_signoff": _awaiting_signoff(session, province_id),
        "shares": pending_shares(session, province_id),
        "conflicts": party_conflicts(session, province_id),
        "decisions": assigned_decisions(session, province_id),
        "late_projects": late_projects(session, province_id, today),
        "settlements": unaccepted_settlements(session, province_id, today),
        "warnings": province_warnings(session, province_id, today),
    }


def province_warnings(session: Session, province_id: int, today: date) -> list[dict]:
    """Open early warnings naming the province (council.early_warning), in Vietnamese and English."""
    from council import early_warning

    flags = early_warning.open_flags(session, province_id=province_id, today=today)
    return [
        {"key": f.key, "vi": f.message("vi"), "en": f.message("en"), "link": early_warning.link(f.key)}
        for f in flags
    ]


def unaccepted_settlements(session: Session, province_id: int, today: date) -> list[dict]:
    """Sharing settlements past their due date that the province has not accepted (council.sharing)."""
    from council import sharing

    return [
        {**p, "link": f"sharing?arrangement={p['arrangement_id']}&year={p['year']}"}
        for p in sharing.pending_settlements(session, today, province_id)
    ]


def province_choices(session: Session) -> list[dict]:
    return sorted(
        (
            {"id": p.id, "name_vi": p.name_vi, "region_id": p.region_id}
            for p in session.exec(select(Province))
        ),
        key=lambda p: vi_sort_key(p["name_vi"]),
    )


# --- what changed since my last visit ----------------------------------------------


def start_visit(session: Session, actor: Actor, now: datetime | None = None) -> datetime | None:
    """Record a visit; returns the previous one (the baseline of "what changed"), None the
    first time. The page calls it once per browser session, not on every rerun."""
    now = now or utcnow()
    visit = session.get(UserVisit, actor.id)
    if visit is None:
        session.add(UserVisit(user_id=actor.id, last_seen_at=now))
        return None
    baseline = visit.last_seen_at
    visit.previous_seen_at, visit.last_seen_at = baseline, now
    session.add(visit)
    return baseline


def _followed_conflicts(session: Session, actor: Actor) -> set[int]:
    """Conflicts the user's province is a party to, that they commented on, or that they own,
    with the ones they chose to follow added and the ones they unfollowed taken out
    (council.notify: the notifications follow the same rules)."""
    from council.notify import apply_choices

    ids = set(session.exec(select(Comment.conflict_id).where(Comment.author_id == actor.id)).all())
    ids |= set(session.exec(select(Conflict.id).where(Conflict.owner_id == actor.id)).all())
    if actor.province_id is not None:
        ids |= set(
            session.exec(
                select(ConflictParty.conflict_id).where(ConflictParty.province_id == actor.province_id)
            ).all()
        )
    return apply_choices(session, actor.id, "conflict", ids)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def changes_since(
    session: Session, actor: Actor, since: datetime | None, limit: int = MAX_CHANGES
) -> list[dict]:
    """Changes by others since ``since`` (all recent ones when None) that concern ``actor``:
    comments and status changes on conflicts they follow, their province's projects and
    figures (approvals, returns), and council decisions and follow-ups assigned to their
    province (every decision for users without a province). Newest first."""
    conflicts = _followed_conflicts(session, actor)
    pid = actor.province_id
    projects = (
        set(session.exec(select(ProjectProvince.project_id).where(ProjectProvince.province_id == pid)).all())
        if pid
        else set()
    )
    from council.notify import apply_choices

    projects = apply_choices(session, actor.id, "project", projects)
    decisions = (
        set(
            session.exec(
                select(DecisionProvince.decision_id).where(DecisionProvince.province_id == pid)
            ).all()
        )
        if pid
        else None
    )
    # Columns, not ORM objects, and each snapshot decoded only for the entries that can concern
    # the user (the scan reads thousands of audit entries).
    q = select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.actor_name,
        AuditEntry.action,
        AuditEntry.entity,
        AuditEntry.entity_id,
        AuditEntry.before,
        AuditEntry.after,
    ).where(col(AuditEntry.entity).in_(_entities(conflicts, projects, pid, decisions)))
    if actor.id is not None:
        q = q.where((col(AuditEntry.actor_id).is_(None)) | (AuditEntry.actor_id != actor.id))
    if since is not None:
        q = q.where(AuditEntry.at > since)
    out = []
    for e in session.connection().execute(q.order_by(col(AuditEntry.id).desc()).limit(SCAN_LIMIT)):
        row = _change(session, e, conflicts, projects, pid, decisions)
        if row:
            out.append(row)
            if len(out) >= limit:
                break
    return out


def _entities(
    conflicts: set[int], projects: set[int], pid: int | None, decisions: set[int] | None
) -> tuple[str, ...]:
    """The audit entities that can concern the reader (``_change``'s tests, by entity): a reader
    who follows no conflict scans no comment, one without a province no figure."""
    out = []
    if conflicts:
        out += ["comment", "conflict"]
    if projects:
        out.append("project")
    if pid is not None:
        out.append("observation")
    if decisions is None or decisions:
        out += ["decision", "follow_up"]
    return tuple(out)


def _change(
    session: Session,
    e,
    conflicts: set[int],
    projects: set[int],
    pid: int | None,
    decisions: set[int] | None,
) -> dict | None:
    """The line "what changed" shows for audit entry ``e`` (a row of columns), or None when it
    does not concern the user. Snapshots are decoded only once the cheap tests passed."""

    def base() -> dict:
        return {"id": e.id, "at": e.at, "actor": e.actor_name, "action": e.action, "entity": e.entity}

    def after() -> dict:
        return json.loads(e.after) if e.after else {}

    def status() -> str | None:
        new, old = after(), (json.loads(e.before) if e.before else {})
        return new.get("status") if new.get("status") != old.get("status") else None

    if e.entity == "comment" and e.action == "create":
        conflict_id = _as_int(after().get("conflict_id"))
        if conflict_id not in conflicts:
            return None
        c = session.get(Conflict, conflict_id)
        return {
            **base(),
            "ref": c.code if c else "",
            "status": None,
            "link": f"conflicts?conflict={c.code}" if c else "",
        }
    if e.entity == "conflict" and e.action in ("transition", "update") and _as_int(e.entity_id) in conflicts:
        c = session.get(Conflict, int(e.entity_id))
        return {
            **base(),
            "ref": c.code if c else e.entity_id,
            "status": status(),
            "link": f"conflicts?conflict={c.code}" if c else "",
        }
    if e.entity == "project" and e.action not in ("create", "import") and _as_int(e.entity_id) in projects:
        p = session.get(Project, int(e.entity_id))
        return {
            **base(),
            "ref": p.code if p else e.entity_id,
            "status": status(),
            "link": link_for("project", e.entity_id),
        }
    if e.entity == "observation" and pid is not None and e.action == "transition":
        figure = after()
        if _as_int(figure.get("province_id")) != pid:
            return None
        return {
            **base(),
            "ref": str(figure.get("year", "")),
            "status": status(),
            "link": link_for("figures", f"{pid}:{figure.get('year')}"),
        }
    if e.entity == "decision" and (decisions is None or _as_int(e.entity_id) in decisions):
        decision = after()
        return {
            **base(),
            "ref": _preview(decision.get("text", ""))[:120],
            "status": None,
            "link": f"meetings?meeting={decision.get('meeting_id')}",
        }
    if e.entity == "follow_up" and e.action == "update":
        d = session.get(Decision, _as_int(after().get("decision_id")) or 0)
        if d is not None and (decisions is None or d.id in decisions):
            return {
                **base(),
                "ref": _preview(d.text)[:120],
                "status": status(),
                "link": f"meetings?meeting={d.meeting_id}",
            }
    return None

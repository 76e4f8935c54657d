"""What needs acting on today, where each role lands: the secretariat's list on the region
overview (figure sets awaiting approval, conflicts past their due date, cost splits not yet
accepted, sharing settlements unaccepted past their due date) and the expert's list of conflicts
awaiting their comment, at the top of the conflicts page. Each item carries the link (url path +
query) of the page where it is acted on. Built from the domain's own queries."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from council import conflicts, myprovince, sharing, targets
from council.auth import Actor
from council.meetings import link_for
from council.models import Comment, Province

# An expert's comment is sought while a conflict is reviewed or mediated.
AWAITING_STATUSES = ("under_review", "in_mediation")
# The role whose opinion the thread awaits (the others comment as parties or as the council).
EXPERT_ROLES = ("expert",)


def awaiting_comment(session: Session, actor: Actor, region_id: int, today: date | None = None) -> list[dict]:
    """The region's conflicts in review or mediation on which ``actor`` (an expert) has not yet
    commented, overdue first, then by due date; empty for the other roles."""
    if actor.role not in EXPERT_ROLES or actor.id is None:
        return []
    today = today or conflicts.local_today()
    rows = [
        r
        for status in AWAITING_STATUSES
        for r in conflicts.list_conflicts(session, region_id=region_id, status=status, today=today)
    ]
    if not rows:
        return []
    commented = set(
        session.exec(
            select(Comment.conflict_id).where(
                Comment.author_id == actor.id,
                col(Comment.conflict_id).in_([r["id"] for r in rows]),
                col(Comment.hidden_at).is_(None),
            )
        )
    )
    waiting = [{**r, "link": f"conflicts?conflict={r['code']}"} for r in rows if r["id"] not in commented]
    return sorted(waiting, key=lambda r: (not r["overdue"], r["due_on"] or date.max, r["code"]))


def secretariat_today(session: Session, region_id: int, today: date | None = None) -> dict:
    """The four lists of the region's work waiting on the secretariat or on a province, today."""
    today = today or conflicts.local_today()
    names = {
        pid: name
        for pid, name in session.exec(
            select(Province.id, Province.name_vi).where(Province.region_id == region_id)
        )
    }
    province_ids = [pid for pid in names if pid is not None]
    sets = [
        {**s, "link": link_for("figures", f"{s['province_id']}:{s['year']}")}
        for s in targets.figure_sets(session, ("submitted",), region_id=region_id)
    ]
    overdue = [
        {**r, "link": f"conflicts?conflict={r['code']}"}
        for r in conflicts.list_conflicts(session, region_id=region_id, overdue=True, today=today)
    ]
    shares = sorted(
        (
            {**s, "province_id": pid, "province": names[pid]}
            for pid in province_ids
            for s in myprovince.pending_shares(session, pid)
        ),
        key=lambda s: (s["code"], s["province"]),
    )
    in_region = set(province_ids)
    settlements = [
        {**p, "link": f"sharing?arrangement={p['arrangement_id']}&year={p['year']}"}
        for p in sharing.pending_settlements(session, today)
        if p["province_id"] in in_region
    ]
    return {
        "figure_sets": sets,
        "overdue_conflicts": overdue,
        "pending_shares": shares,
        "unaccepted_settlements": settlements,
    }

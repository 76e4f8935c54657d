"""The six steps of building an agreement in preparation (seed 004): 1 stakeholders (the seven
groups, each rated for legal standing, political influence, power to block and moral claim, with
who represents them), 2 problem and strengths, 3 consultation or survey results (a summary and the
attached file's name), 4 options with costs, benefits and who loses (linking saved sharing
scenarios), 5 campaign, 6 implementation and a long-run results log (savings, service,
opportunities). Each step has an owner, dates, a status and notes; the secretariat moves them
(``agreement.prepare``), every change audited with before and after.
"""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session, select

from council import audit
from council.auth import Actor, authorize
from council.errors import NotFound, ValidationError
from council.models import Agreement
from council.sharing_models import AgreementStep, SharingArrangement, SharingScenario
from council.textutil import nfc
from council.versioning import load_for_edit, save_versioned

STEPS = ("stakeholders", "problem", "consultation", "options", "campaign", "implementation")
STATUSES = ("not_started", "in_progress", "done")
GROUPS = ("business", "government", "civic", "neighbour_leaders", "educators", "religious_leaders", "media")
RATINGS = ("legal_standing", "political_influence", "blocking_power", "moral_claim")
RATING_MAX = 3  # 0 none, 1 low, 2 medium, 3 high
RESULT_KINDS = ("savings", "service", "opportunities")


def _clean_details(session: Session, agreement_id: int, step: int, details: dict | None) -> dict:
    details = dict(details or {})
    name = STEPS[step - 1]
    if name == "stakeholders":
        groups = details.get("groups", {})
        clean = {}
        for g, row in groups.items():
            if g not in GROUPS:
                raise ValidationError("preparation.error.group", field="groups", value=g)
            entry = {"representative": nfc(row.get("representative", ""))}
            for r in RATINGS:
                value = row.get(r)
                if value is None or not isinstance(value, int) or not 0 <= value <= RATING_MAX:
                    raise ValidationError("preparation.error.rating", field=f"{g}.{r}", max=RATING_MAX)
                entry[r] = value
            clean[g] = entry
        return {"groups": clean}
    if name == "consultation":
        return {"summary": nfc(details.get("summary", "")), "file_name": nfc(details.get("file_name", ""))}
    if name == "options":
        ids = [int(i) for i in details.get("scenario_ids", [])]
        own = set(
            session.exec(
                select(SharingScenario.id)
                .join(SharingArrangement, SharingArrangement.id == SharingScenario.arrangement_id)
                .where(SharingArrangement.agreement_id == agreement_id)
            ).all()
        )
        if bad := [i for i in ids if i not in own]:
            raise ValidationError("preparation.error.scenario", field="scenario_ids", value=bad[0])
        return {"scenario_ids": ids, "options": nfc(details.get("options", ""))}
    if name == "implementation":
        log = []
        for n, e in enumerate(details.get("results", []), start=1):
            if e.get("kind") not in RESULT_KINDS:
                raise ValidationError("preparation.error.result_kind", field="results", row=n)
            when = e.get("date")
            if not isinstance(when, date):
                raise ValidationError("error.required", field="results.date", row=n)
            log.append({"date": when.isoformat(), "kind": e["kind"], "text": nfc(e.get("text", ""))})
        return {"results": log}
    return {"text": nfc(details.get("text", ""))}


def save_step(
    session: Session,
    actor: Actor,
    agreement_id: int,
    step: int,
    *,
    expected_version: int | None = None,
    owner: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    status: str = "not_started",
    notes: str = "",
    details: dict | None = None,
) -> dict:
    """Record or change one step. A step is not started before the previous one is; dates in order."""
    authorize(actor, "agreement.prepare")
    if session.get(Agreement, agreement_id) is None:
        raise NotFound("agreement", agreement_id)
    if step not in range(1, len(STEPS) + 1):
        raise ValidationError("preparation.error.step", field="step", value=step)
    if status not in STATUSES:
        raise ValidationError("preparation.error.status", field="status", value=status)
    if start_date and end_date and end_date < start_date:
        raise ValidationError("preparation.error.dates", field="end_date")
    rows = {
        r.step: r
        for r in session.exec(select(AgreementStep).where(AgreementStep.agreement_id == agreement_id))
    }
    if (
        status != "not_started"
        and step > 1
        and (rows.get(step - 1) is None or rows[step - 1].status == "not_started")
    ):
        raise ValidationError("preparation.error.order", field="status", step=step - 1)
    values = {
        "owner": nfc(owner),
        "start_date": start_date,
        "end_date": end_date,
        "status": status,
        "notes": nfc(notes),
        "details": json.dumps(_clean_details(session, agreement_id, step, details), ensure_ascii=False),
    }
    row = rows.get(step)
    if row is None:
        row = AgreementStep(agreement_id=agreement_id, step=step, updated_by=actor.username, **values)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "agreement_step", row.id, None, row)
    else:
        row = load_for_edit(session, AgreementStep, row.id, expected_version or 0, "agreement_step")
        before = audit.snapshot(row)
        save_versioned(session, row, expected_version, "agreement_step", actor.username, values)
        row = session.get(AgreementStep, row.id)
        audit.record(session, actor, "update", "agreement_step", row.id, before, row)
    return _as_dict(row)


def _as_dict(row: AgreementStep) -> dict:
    data = audit.snapshot(row)
    data["name"] = STEPS[row.step - 1]
    data["details"] = json.loads(row.details) if row.details else {}
    return data


def progress(session: Session, agreement_id: int) -> dict:
    """Every step (recorded or not) and where the agreement stands: the first step not done."""
    rows = {
        r.step: r
        for r in session.exec(select(AgreementStep).where(AgreementStep.agreement_id == agreement_id))
    }
    steps = [
        _as_dict(rows[n])
        if n in rows
        else {"step": n, "name": STEPS[n - 1], "status": "not_started", "version": None}
        for n in range(1, len(STEPS) + 1)
    ]
    current = next((s for s in steps if s["status"] != "done"), None)
    return {"steps": steps, "current": current["step"] if current else None}


def agreement_scenarios(session: Session, agreement_id: int) -> list[dict]:
    """The sharing scenarios saved on the agreement's arrangements (step 4 links them)."""
    rows = session.exec(
        select(SharingScenario, SharingArrangement)
        .join(SharingArrangement, SharingArrangement.id == SharingScenario.arrangement_id)
        .where(SharingArrangement.agreement_id == agreement_id)
        .order_by(SharingScenario.id)
    ).all()
    return [{"id": s.id, "label": f"{a.code} · {s.name}"} for s, a in rows]

"""Two-level sign-off of a province's figures (issue 21, item 4).

In a province with one level (the default) the representative enters (or has entered) the
figures and submits them to the secretariat, as before. In a province with two levels the
provincial statistics officer (role ``statistics_officer``, bound to the province) enters and
**verifies** the figures of a year (draft/returned -> verified: "awaiting sign-off by the
representative"); the representative **signs them off and submits** them (verified -> submitted,
``council.targets.submit_set``) or **sends them back** to the officer with a reason (verified ->
returned); the secretariat approves, or returns the set with a reason to either level
(``council.targets.return_set``: "entry" -> returned, "signoff" -> verified). Each step is a
compare-and-set transition of every figure of the set, audited with its before and after.

The number of levels is the secretariat's per-province setting (``ProvinceSignoff``; no row: 1),
versioned and audited. The README, "Two-level sign-off of figures", states the rules.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize
from council.errors import NotFound, StaleEdit, ValidationError
from council.models import Observation, Province, ProvinceSignoff, User
from council.signoff_models import SIGNOFF_LEVELS
from council.targets import EDITABLE_STATUSES, _check_year, _set_rows, _transition, signoff_levels
from council.textutil import nfc, vi_sort_key
from council.versioning import save_versioned

AWAITING = "verified"  # the step "awaiting sign-off by the representative"

__all__ = [
    "AWAITING",
    "awaiting_signoff",
    "levels_table",
    "send_back_set",
    "set_levels",
    "signoff_levels",
    "verify_set",
]


def verify_set(session: Session, actor: Actor, province_id: int, year: int) -> int:
    """The statistics officer verifies the province's draft and returned figures of a year: they
    lock and await the representative's sign-off. Only where the province has two levels."""
    authorize(actor, "observation.verify", [province_id])
    year = _check_year(year)
    if signoff_levels(session, province_id) != 2:
        raise ValidationError("signoff.error.one_level", field="year")
    rows = _set_rows(session, province_id, year, EDITABLE_STATUSES)
    if not rows:
        raise ValidationError("signoff.error.nothing_to_verify", field="year", year=year)
    return _transition(session, actor, rows, AWAITING)


def send_back_set(session: Session, actor: Actor, province_id: int, year: int, reason: str) -> int:
    """The representative refuses to sign off: the verified figures go back to the statistics
    officer (status "returned") with the reason."""
    authorize(actor, "observation.submit", [province_id])
    reason = nfc(reason)
    if not reason:
        raise ValidationError("error.required", field="reason")
    rows = _set_rows(session, province_id, _check_year(year), (AWAITING,))
    if not rows:
        raise ValidationError("signoff.error.nothing_verified", field="year", year=year)
    return _transition(session, actor, rows, "returned", reason)


def set_levels(
    session: Session, actor: Actor, province_id: int, levels: int, expected_version: int | None = None
) -> dict:
    """Set how many sign-off levels a province's figures pass (1 or 2). ``expected_version``: the
    version the form showed (None: the province had no setting yet). Two levels need an active
    statistics officer of the province, or nobody could verify its figures."""
    authorize(actor, "observation.levels")
    province = session.get(Province, province_id)
    if province is None:
        raise NotFound("province", province_id)
    if levels not in SIGNOFF_LEVELS:
        raise ValidationError("targets.error.bad_choice", field="levels", value=levels)
    if levels == 2 and not _officers(session).get(province_id):
        raise ValidationError("signoff.error.no_officer", field="levels", province=province.name_vi)
    row = session.exec(select(ProvinceSignoff).where(ProvinceSignoff.province_id == province_id)).first()
    if row is None:
        if expected_version not in (None, 0):
            raise StaleEdit("province_signoff", by="?", at="")
        row = ProvinceSignoff(province_id=province_id, levels=levels, updated_by=actor.username)
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "province_signoff", row.id, None, row)
        return row.model_dump()
    before = audit.snapshot(row)
    version = row.version if expected_version is None else expected_version
    save_versioned(session, row, version, "province_signoff", actor.username, {"levels": levels})
    fresh = session.get(ProvinceSignoff, row.id)
    audit.record(session, actor, "update", "province_signoff", row.id, before, fresh)
    return fresh.model_dump() if fresh is not None else {}


def _officers(session: Session) -> dict[int, list[str]]:
    """The active statistics officers of every province, by name, in one query."""
    out: dict[int, list[str]] = {}
    rows = session.exec(
        select(User.province_id, User.display_name, User.username).where(
            User.role == "statistics_officer",
            User.is_active == True,  # noqa: E712
        )
    )
    for province_id, display_name, username in rows:
        if province_id is not None:
            out.setdefault(province_id, []).append(display_name or username)
    return {p: sorted(names) for p, names in out.items()}


def levels_table(session: Session, region_id: int | None = None) -> list[dict]:
    """Every province (of the region) with its number of levels, the setting's version (0: none
    yet) and its active statistics officers."""
    settings = {r.province_id: r for r in session.exec(select(ProvinceSignoff))}
    q = select(Province)
    if region_id is not None:
        q = q.where(Province.region_id == region_id)
    officers = _officers(session)
    out = []
    for p in session.exec(q):
        assert p.id is not None
        row = settings.get(p.id)
        out.append(
            {
                "province_id": p.id,
                "province": p.name_vi,
                "levels": row.levels if row else 1,
                "version": row.version if row else 0,
                "officers": officers.get(p.id, []),
            }
        )
    return sorted(out, key=lambda r: vi_sort_key(r["province"]))


def awaiting_signoff(session: Session, province_ids: list[int] | None = None) -> list[dict]:
    """Province x year sets verified by the statistics officer and awaiting the representative's
    sign-off (with the reason when the secretariat returned them to that level), oldest first."""
    q = select(Observation).where(Observation.status == AWAITING, col(Observation.value).is_not(None))
    if province_ids is not None:
        q = q.where(col(Observation.province_id).in_(province_ids))
    names = dict(session.exec(select(Province.id, Province.name_vi)).all())
    sets: dict[tuple[int, int], dict] = {}
    for o in session.exec(q):
        s = sets.setdefault(
            (o.province_id, o.year),
            {
                "province_id": o.province_id,
                "province": names.get(o.province_id, ""),
                "year": o.year,
                "count": 0,
                "reasons": set(),
                "since": o.entered_at,
                "link": f"figures?province={o.province_id}&year={o.year}",
            },
        )
        s["count"] += 1
        if o.return_reason:
            s["reasons"].add(o.return_reason)
    out = [{**s, "reasons": sorted(s["reasons"])} for s in sets.values()]
    return sorted(out, key=lambda s: (vi_sort_key(s["province"]), s["year"]))

"""The register of cooperation agreements (thỏa thuận hợp tác) between two or more provinces.

Each agreement names its form of cooperation on the regional-cooperation spectrum
network → partnership → formal regional institution (the forms named in the literature on
regional governance, from the lightest to the most binding: informal cooperation and handshake
agreements; service contracts, joint powers agreements, joint procurement, councils of
governments and regional partnerships; special districts, regional authorities, transfer of
functions and merger). Forms and statuses are stored as codes and translated on display.

The secretariat edits the register (``agreement.edit``). A province's representative may propose
(``agreement.propose``): create or change a *draft* in which their province takes part. Agreements
signed or in force feed the province link graph (``council.network``).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from council import audit
from council.auth import Actor, authorize, can
from council.errors import NotFound, PermissionDenied, ValidationError
from council.models import AGREEMENT_STATUSES, Agreement, AgreementProvince, Province
from council.textutil import fold, nfc, vi_sort_key
from council.versioning import delete_versioned, load_for_edit, save_versioned

# (code, stage) from the lightest to the most binding form.
FORMS: tuple[tuple[str, str], ...] = (
    ("informal_cooperation", "network"),
    ("handshake_agreement", "network"),
    ("service_contract", "partnership"),
    ("joint_powers_agreement", "partnership"),
    ("joint_procurement", "partnership"),
    ("council_of_governments", "partnership"),
    ("regional_partnership", "partnership"),
    ("special_district", "institution"),
    ("regional_authority", "institution"),
    ("functional_transfer", "institution"),
    ("merger", "institution"),
)
FORM_CODES = tuple(code for code, _ in FORMS)
FORM_STAGE = dict(FORMS)
STAGES = ("network", "partnership", "institution")
# A representative's proposal stays a draft until the secretariat records it as signed.
PROPOSAL_STATUS = "draft"
MIN_PARTICIPANTS = 2
CODE_PREFIX = "TT-"


def _snapshot(agreement: Agreement, province_ids: list[int], codes: dict[int, str]) -> dict:
    data = audit.snapshot(agreement)
    data["provinces"] = sorted(codes.get(i, str(i)) for i in province_ids)
    return data


def _participants(session: Session, agreement_id: int) -> list[int]:
    return sorted(
        session.exec(
            select(AgreementProvince.province_id).where(AgreementProvince.agreement_id == agreement_id)
        ).all()
    )


def _authorize(actor: Actor, province_ids: list[int], status: str) -> None:
    """Secretariat: anything. Representative: a draft their province takes part in."""
    if can(actor, "agreement.edit"):
        return
    authorize(actor, "agreement.propose", province_ids)
    if status != PROPOSAL_STATUS:
        raise PermissionDenied("agreement.edit", getattr(actor, "username", ""), provinces=province_ids)


def _clean(
    session: Session,
    *,
    title: str,
    province_ids,
    form: str,
    status: str,
    date_signed: date | None,
    note: str,
    source_url: str,
) -> dict:
    title = nfc(title)
    if not title:
        raise ValidationError("error.required", field="title")
    ids = sorted({int(i) for i in province_ids or []})
    if len(ids) < MIN_PARTICIPANTS:
        raise ValidationError("agreements.error.participants", field="provinces", min=MIN_PARTICIPANTS)
    known = set(session.exec(select(Province.id).where(col(Province.id).in_(ids))).all())
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ValidationError("error.unknown_province", field="provinces", province=unknown[0])
    if form not in FORM_CODES:
        raise ValidationError("agreements.error.form", field="form", value=form)
    if status not in AGREEMENT_STATUSES:
        raise ValidationError("agreements.error.status", field="status", value=status)
    if status != PROPOSAL_STATUS and date_signed is None:
        raise ValidationError("agreements.error.date_required", field="date_signed")
    if date_signed is not None and date_signed > date.today():
        raise ValidationError("agreements.error.date_future", field="date_signed")
    source_url = (source_url or "").strip()
    if source_url and not source_url.startswith(("http://", "https://")):
        raise ValidationError("agreements.error.url", field="source_url")
    return {
        "title": title,
        "province_ids": ids,
        "form": form,
        "status": status,
        "date_signed": date_signed,
        "note": nfc(note),
        "source_url": source_url,
    }


def _next_code(session: Session) -> str:
    numbers = [
        int(c[len(CODE_PREFIX) :])
        for c in session.exec(select(Agreement.code).where(col(Agreement.code).startswith(CODE_PREFIX))).all()
        if c[len(CODE_PREFIX) :].isdigit()
    ]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:03d}"


def _province_codes(session: Session) -> dict[int, str]:
    return {p.id: p.code for p in session.exec(select(Province))}


def create_agreement(
    session: Session,
    actor: Actor,
    *,
    title: str,
    province_ids,
    form: str,
    status: str = "signed",
    date_signed: date | None = None,
    note: str = "",
    source_url: str = "",
    code: str = "",
) -> dict:
    """Record an agreement with its participating provinces (at least two); returns it as a dict."""
    _authorize(actor, sorted({int(i) for i in province_ids or []}), status)
    data = _clean(
        session,
        title=title,
        province_ids=province_ids,
        form=form,
        status=status,
        date_signed=date_signed,
        note=note,
        source_url=source_url,
    )
    code = nfc(code).upper() or _next_code(session)
    if session.exec(select(Agreement).where(Agreement.code == code)).first():
        raise ValidationError("error.duplicate", field="code", value=code)
    ids = data.pop("province_ids")
    agreement = Agreement(code=code, updated_by=actor.username, **data)
    session.add(agreement)
    session.flush()
    for pid in ids:
        session.add(AgreementProvince(agreement_id=agreement.id, province_id=pid))
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "agreement",
        agreement.id,
        None,
        _snapshot(agreement, ids, _province_codes(session)),
    )
    return get_agreement(session, agreement.id)


def update_agreement(
    session: Session,
    actor: Actor,
    agreement_id: int,
    *,
    expected_version: int,
    title: str,
    province_ids,
    form: str,
    status: str,
    date_signed: date | None,
    note: str = "",
    source_url: str = "",
) -> dict:
    """Change an agreement opened at ``expected_version``; StaleEdit if someone saved since."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound("agreement", agreement_id)
    old_ids = _participants(session, agreement_id)
    # A representative may touch only a draft of their province, and leave it a draft of their province.
    _authorize(actor, old_ids, agreement.status)
    _authorize(actor, sorted({int(i) for i in province_ids or []}), status)
    agreement = load_for_edit(session, Agreement, agreement_id, expected_version, "agreement")
    data = _clean(
        session,
        title=title,
        province_ids=province_ids,
        form=form,
        status=status,
        date_signed=date_signed,
        note=note,
        source_url=source_url,
    )
    codes = _province_codes(session)
    before = _snapshot(agreement, old_ids, codes)
    ids = data.pop("province_ids")
    save_versioned(session, agreement, expected_version, "agreement", actor.username, data)
    for row in session.exec(select(AgreementProvince).where(AgreementProvince.agreement_id == agreement_id)):
        if row.province_id not in ids:
            session.delete(row)
    for pid in sorted(set(ids) - set(old_ids)):
        session.add(AgreementProvince(agreement_id=agreement_id, province_id=pid))
    session.flush()
    agreement = session.get(Agreement, agreement_id)
    audit.record(
        session, actor, "update", "agreement", agreement_id, before, _snapshot(agreement, ids, codes)
    )
    return get_agreement(session, agreement_id)


def delete_agreement(session: Session, actor: Actor, agreement_id: int, *, expected_version: int) -> None:
    """Remove an agreement recorded by mistake (secretariat only; the audit log keeps it)."""
    authorize(actor, "agreement.edit")
    agreement = load_for_edit(session, Agreement, agreement_id, expected_version, "agreement")
    before = _snapshot(agreement, _participants(session, agreement_id), _province_codes(session))
    for row in session.exec(select(AgreementProvince).where(AgreementProvince.agreement_id == agreement_id)):
        session.delete(row)
    session.flush()  # participants first: no ORM relationship tells the flush the order
    # Compare-and-set: a delete races an edit like any other write (the whole is rolled back).
    delete_versioned(session, agreement, expected_version, "agreement")
    audit.record(session, actor, "delete", "agreement", agreement_id, before, None)


def _as_dict(agreement: Agreement, provinces: list[Province]) -> dict:
    provinces = sorted(provinces, key=lambda p: vi_sort_key(p.name_vi))
    return {
        **agreement.model_dump(),
        "stage": FORM_STAGE.get(agreement.form, ""),
        "province_ids": [p.id for p in provinces],
        "province_names": [p.name_vi for p in provinces],
        "region_ids": sorted({p.region_id for p in provinces}),
    }


def get_agreement(session: Session, agreement_id: int) -> dict:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None:
        raise NotFound("agreement", agreement_id)
    provinces = session.exec(
        select(Province)
        .join(AgreementProvince, AgreementProvince.province_id == Province.id)
        .where(AgreementProvince.agreement_id == agreement_id)
    ).all()
    return _as_dict(agreement, list(provinces))


def list_agreements(
    session: Session,
    *,
    region_id: int | None = None,
    province_id: int | None = None,
    status: str | None = None,
    search: str = "",
) -> list[dict]:
    """Agreements as dicts, newest signature first; filtered to those with a participant in the
    region or the province, by status, and by words of the title or code (accents ignored)."""
    provinces = {p.id: p for p in session.exec(select(Province))}
    members: dict[int, list[Province]] = {}
    for row in session.exec(select(AgreementProvince)):
        members.setdefault(row.agreement_id, []).append(provinces[row.province_id])
    q = select(Agreement)
    if status:
        q = q.where(Agreement.status == status)
    needle = fold(search).strip()
    out = []
    for agreement in session.exec(q):
        item = _as_dict(agreement, members.get(agreement.id, []))
        if region_id is not None and region_id not in item["region_ids"]:
            continue
        if province_id is not None and province_id not in item["province_ids"]:
            continue
        if needle and needle not in fold(f"{item['code']} {item['title']}"):
            continue
        out.append(item)
    out.sort(key=lambda a: (a["date_signed"] is None, -(a["date_signed"] or date.min).toordinal(), a["code"]))
    return out


def may_change(actor: Actor | None, agreement: dict) -> bool:
    """Whether ``actor`` may edit ``agreement`` (a dict of ``list_agreements``): the secretariat
    any, a representative a draft their province takes part in (the rule ``update_agreement``
    enforces)."""
    if can(actor, "agreement.edit"):
        return True
    return agreement["status"] == PROPOSAL_STATUS and can(
        actor, "agreement.propose", agreement["province_ids"]
    )


def editable(actor: Actor | None, listed: list[dict]) -> list[dict]:
    """Of ``listed`` (``list_agreements``), those ``actor`` may open in the edit form: the page
    filters the list every reader shares instead of keeping a list per user."""
    return [a for a in listed if may_change(actor, a)]

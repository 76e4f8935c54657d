"""The cooperation-agreement register: validation, permissions by role, optimistic locking, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from council import agreements, audit
from council.auth import Actor
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import AgreementProvince, AuditEntry, Province
from tests.conftest import province_id

SIGNED = date(2025, 9, 12)
# For tests about the data, not about who acts: no user rows (and no password hashing) needed.
SEC = Actor(None, "sec", "secretariat")


def _ids(engine, *names):
    return [province_id(engine, n) for n in names]


def _create(engine, actor, names=("Hà Nội", "Bắc Ninh"), **overrides):
    values = dict(
        title="Liên kết phát triển vùng Thủ đô",
        province_ids=_ids(engine, *names),
        form="joint_powers_agreement",
        status="signed",
        date_signed=SIGNED,
    )
    values.update(overrides)
    with write_session(engine) as s:
        return agreements.create_agreement(s, actor, **values)


def test_secretariat_records_an_agreement_with_its_participants_and_it_is_audited(engine, users):
    created = _create(
        engine,
        users["secretariat"],
        ("Hà Nội", "Bắc Ninh", "Hưng Yên"),
        note="  Kết nối giao thông  ",
        source_url="https://example.gov.vn/van-ban",
    )
    assert created["code"] == "TT-001" and created["stage"] == "partnership"
    assert created["province_names"] == ["Bắc Ninh", "Hà Nội", "Hưng Yên"]
    assert created["note"] == "Kết nối giao thông" and created["version"] == 1
    with read_session(engine) as s:
        entry = audit.list_entries(s, entity="agreement", entity_id=str(created["id"]))[0]
        codes = sorted(p.code for p in [s.get(Province, i) for i in created["province_ids"]])
    assert entry["action"] == "create" and entry["actor"] == "sec" and entry["before"] is None
    assert entry["after"]["provinces"] == codes and entry["after"]["form"] == "joint_powers_agreement"
    assert _create(engine, users["secretariat"], title="Thỏa thuận thứ hai")["code"] == "TT-002"


def _links(engine) -> int:
    """Participant rows in the register (the 17 real agreements are seeded)."""
    with read_session(engine) as s:
        return len(s.exec(select(AgreementProvince)).all())


def _created_ids(s) -> set[int]:
    """Agreements other than the seeded real ones (codes AG01...)."""
    return {a["id"] for a in agreements.list_agreements(s) if not a["code"].startswith("AG")}


@pytest.mark.parametrize(
    "overrides, field, key",
    [
        (dict(title="   "), "title", "error.required"),
        (dict(province_ids="one"), "provinces", "agreements.error.participants"),
        (dict(form="alliance"), "form", "agreements.error.form"),
        (dict(status="ratified"), "status", "agreements.error.status"),
        (dict(date_signed=None), "date_signed", "agreements.error.date_required"),
        (dict(date_signed=date.today() + timedelta(days=1)), "date_signed", "agreements.error.date_future"),
        (dict(source_url="javascript:alert(1)"), "source_url", "agreements.error.url"),
        (dict(province_ids="unknown"), "provinces", "error.unknown_province"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(engine, overrides, field, key):
    seeded = _links(engine)
    if overrides.get("province_ids") == "one":
        overrides["province_ids"] = _ids(engine, "Hà Nội", "Hà Nội")  # one province, twice
    elif overrides.get("province_ids") == "unknown":
        overrides["province_ids"] = [*_ids(engine, "Hà Nội"), 99999]
    with pytest.raises(ValidationError) as exc:
        _create(engine, SEC, **overrides)
    assert exc.value.field == field and exc.value.key == key
    assert _links(engine) == seeded
    with read_session(engine) as s:
        assert audit.list_entries(s, entity="agreement") == []


def test_duplicate_code_is_refused(engine):
    _create(engine, SEC, code="tt-hn-bn")
    with pytest.raises(ValidationError) as exc:
        _create(engine, SEC, code="TT-HN-BN")
    assert exc.value.field == "code"


@pytest.mark.parametrize("who", ["expert", "observer"])
def test_experts_and_observers_cannot_record_or_propose_and_the_refusal_is_logged(engine, users, who):
    seeded = _links(engine)
    with pytest.raises(PermissionDenied):
        _create(engine, users[who], status="draft", date_signed=None)
    with read_session(engine) as s:
        refused = s.exec(select(AuditEntry).where(AuditEntry.action == "refused")).all()
        assert [(r.actor_name, r.entity) for r in refused] == [(users[who].username, "agreement.propose")]
    assert _links(engine) == seeded


def test_representative_proposes_drafts_for_their_own_province_only(engine, users):
    rep = users["rep_hanoi"]
    draft = _create(engine, rep, status="draft", date_signed=None)
    assert draft["status"] == "draft"
    with pytest.raises(PermissionDenied):  # not a draft: only the secretariat records signed agreements
        _create(engine, rep)
    with pytest.raises(PermissionDenied):  # Hà Nội does not take part
        _create(engine, rep, ("Cần Thơ", "An Giang"), status="draft", date_signed=None)
    with read_session(engine) as s:
        assert [e["entity_id"] for e in audit.list_entries(s, entity="agreement")] == [str(draft["id"])]


def test_representative_edits_own_draft_but_cannot_sign_it_or_touch_others(engine, users):
    rep = users["rep_hanoi"]
    draft = _create(engine, rep, status="draft", date_signed=None)
    values = dict(
        title="Đề xuất đã sửa",
        province_ids=draft["province_ids"],
        form="joint_procurement",
        status="draft",
        date_signed=None,
    )
    with write_session(engine) as s:
        edited = agreements.update_agreement(s, rep, draft["id"], expected_version=1, **values)
    assert edited["title"] == "Đề xuất đã sửa" and edited["version"] == 2
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        agreements.update_agreement(
            s, rep, draft["id"], expected_version=2, **{**values, "status": "signed", "date_signed": SIGNED}
        )
    with pytest.raises(PermissionDenied), write_session(engine) as s:  # would drop Hà Nội from it
        agreements.update_agreement(
            s,
            rep,
            draft["id"],
            expected_version=2,
            **{**values, "province_ids": _ids(engine, "Bắc Ninh", "Hưng Yên")},
        )
    other = _create(engine, users["secretariat"], ("Cần Thơ", "An Giang"), status="draft", date_signed=None)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        agreements.update_agreement(
            s,
            rep,
            other["id"],
            expected_version=1,
            **{**values, "province_ids": _ids(engine, "Cần Thơ", "An Giang", "Hà Nội")},
        )
    signed = _create(engine, users["secretariat"])
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        agreements.update_agreement(
            s, rep, signed["id"], expected_version=1, **{**values, "province_ids": signed["province_ids"]}
        )
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        agreements.delete_agreement(s, rep, draft["id"], expected_version=2)


def test_secretariat_update_changes_participants_and_audits_before_and_after(engine, users):
    sec = users["secretariat"]
    created = _create(engine, sec)
    with write_session(engine) as s:
        updated = agreements.update_agreement(
            s,
            sec,
            created["id"],
            expected_version=1,
            title=created["title"],
            province_ids=_ids(engine, "Hà Nội", "Hưng Yên", "Hải Phòng"),
            form="council_of_governments",
            status="in_force",
            date_signed=SIGNED,
        )
    assert updated["province_names"] == ["Hà Nội", "Hải Phòng", "Hưng Yên"]
    assert updated["stage"] == "partnership" and updated["updated_by"] == "sec" and updated["version"] == 2
    with read_session(engine) as s:
        entry = audit.list_entries(s, entity="agreement", action="update")[0]
        rows = s.exec(select(AgreementProvince).where(AgreementProvince.agreement_id == created["id"])).all()
    assert len(rows) == 3
    assert {"form", "status", "provinces", "version"} <= set(entry["changed"])
    assert entry["before"]["status"] == "signed" and entry["after"]["status"] == "in_force"


def test_stale_edit_names_who_changed_it_and_writes_nothing(engine, users):
    sec = users["secretariat"]
    created = _create(engine, sec)
    base = dict(
        province_ids=created["province_ids"], form=created["form"], status="signed", date_signed=SIGNED
    )
    with write_session(engine) as s:
        agreements.update_agreement(
            s, sec, created["id"], expected_version=1, title="Bản của người thứ nhất", **base
        )
    with pytest.raises(StaleEdit) as exc, write_session(engine) as s:
        agreements.update_agreement(
            s, sec, created["id"], expected_version=1, title="Bản của người thứ hai", **base
        )
    assert exc.value.params["by"] == "sec"
    with read_session(engine) as s:
        assert agreements.get_agreement(s, created["id"])["title"] == "Bản của người thứ nhất"
    with pytest.raises(StaleEdit), write_session(engine) as s:
        agreements.delete_agreement(s, sec, created["id"], expected_version=1)


def test_delete_by_secretariat_removes_participants_and_keeps_the_record_in_the_audit_log(engine):
    created = _create(engine, SEC)
    with write_session(engine) as s:
        agreements.delete_agreement(s, SEC, created["id"], expected_version=1)
    with read_session(engine) as s:
        assert _created_ids(s) == set()
        left = AgreementProvince.agreement_id == created["id"]
        assert s.exec(select(AgreementProvince).where(left)).first() is None
        entry = audit.list_entries(s, entity="agreement", action="delete")[0]
    assert entry["before"]["title"] == created["title"] and entry["after"] is None


def test_list_filters_by_region_province_status_and_accent_free_search(engine):
    sec = SEC
    north = _create(engine, sec, title="Hợp tác Thủ đô", date_signed=date(2024, 1, 5))
    south = _create(
        engine,
        sec,
        ("Cần Thơ", "An Giang"),
        title="Liên kết Đồng bằng sông Cửu Long",
        form="regional_partnership",
        status="in_force",
        date_signed=date(2025, 3, 1),
    )
    with read_session(engine) as s:
        mine = _created_ids(s)
        ids = lambda **kw: [a["id"] for a in agreements.list_agreements(s, **kw) if a["id"] in mine]  # noqa: E731
        assert ids() == [south["id"], north["id"]]  # newest first
        hanoi_region = s.get(Province, north["province_ids"][0]).region_id
        assert ids(region_id=hanoi_region) == [north["id"]]
        assert ids(province_id=south["province_ids"][0]) == [south["id"]]
        assert ids(status="in_force") == [south["id"]]
        assert ids(search="dong bang song cuu") == [south["id"]]
        # The seeded agreements are filtered by the same rules: both signed AG05.
        seeded = [a["code"] for a in agreements.list_agreements(s, province_id=south["province_ids"][0])]
        assert "AG05" in seeded


def test_forms_cover_the_spectrum_in_order():
    stages = [stage for _, stage in agreements.FORMS]
    assert stages == sorted(stages, key=agreements.STAGES.index)
    assert {
        "informal_cooperation",
        "service_contract",
        "joint_powers_agreement",
        "council_of_governments",
        "joint_procurement",
        "special_district",
        "functional_transfer",
        "merger",
    } <= set(agreements.FORM_CODES)
    from council.i18n import CATALOGS

    for code in agreements.FORM_CODES:
        assert f"agreements.form.{code}" in CATALOGS["vi"] and f"agreements.formhelp.{code}" in CATALOGS["en"]

"""The early-warning core (issue 19): flags recomputed from data, dismissed with a reason until the
data changes, opened as a conflict with the provinces as parties, in scope by region or province."""

from __future__ import annotations

import pytest
from sqlmodel import select

from council import early_warning
from council.db import read_session, write_session
from council.errors import PermissionDenied, ValidationError
from council.models import AuditEntry, Conflict, ConflictParty, Province
from tests.conftest import province_id

# The figure the test flag rests on; a test changes it to "change the data".
DATA = {"value": 1}


@pytest.fixture
def rule(engine, monkeypatch):
    hanoi, haiphong = province_id(engine, "Hà Nội"), province_id(engine, "Hải Phòng")

    def provider(session, today):
        return [
            early_warning.Flag(
                rule="test.rule",
                subject=f"pair={hanoi}-{haiphong}",
                conflict_type="investment_competition",
                province_ids=(hanoi, haiphong),
                fingerprint=early_warning.fingerprint(DATA["value"]),
                message_key="warning.status.open",
                links=(("incentive", 7),),
            )
        ]

    monkeypatch.setattr(early_warning, "_PROVIDERS", {"test": provider})
    monkeypatch.setattr(early_warning, "_LOADED", True)
    monkeypatch.setitem(DATA, "value", 1)
    return hanoi, haiphong


def _status(engine, **scope):
    with read_session(engine) as s:
        return [st.status for st in early_warning.evaluate(s, **scope)]


def test_a_dismissed_flag_stays_quiet_until_its_data_changes(engine, users, rule):
    key = f"test.rule:pair={rule[0]}-{rule[1]}"
    assert _status(engine) == ["open"]
    with write_session(engine) as s:
        with pytest.raises(ValidationError):
            early_warning.dismiss(s, users["secretariat"], key, "  ")
    with write_session(engine) as s:
        early_warning.dismiss(s, users["secretariat"], key, "Đã thống nhất tại phiên họp")
    assert _status(engine) == ["dismissed"]
    DATA["value"] = 2
    with read_session(engine) as s:
        (state,) = early_warning.evaluate(s)
    assert state.status == "open" and state.earlier == "dismissed"
    with read_session(engine) as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.entity == "warning")).all()
    assert [e.action for e in entries] == ["dismiss"] and "Đã thống nhất" in entries[0].after


def test_only_the_secretariat_dismisses(engine, users, rule):
    key = f"test.rule:pair={rule[0]}-{rule[1]}"
    for who in ("rep_hanoi", "expert", "observer"):
        with write_session(engine) as s, pytest.raises(PermissionDenied):
            early_warning.dismiss(s, users[who], key, "không")
    assert _status(engine) == ["open"]


def test_a_flag_opens_a_conflict_of_its_kind_with_both_parties(engine, users, rule):
    key = f"test.rule:pair={rule[0]}-{rule[1]}"
    with write_session(engine) as s:
        created = early_warning.open_case(s, users["secretariat"], key)
    with read_session(engine) as s:
        conflict = s.get(Conflict, created["id"])
        parties = set(
            s.exec(select(ConflictParty.province_id).where(ConflictParty.conflict_id == conflict.id)).all()
        )
        (state,) = early_warning.evaluate(s)
    assert conflict.type == "investment_competition" and parties == set(rule)
    assert state.status == "case" and state.conflict_code == created["code"]
    with write_session(engine) as s, pytest.raises(ValidationError):
        early_warning.open_case(s, users["secretariat"], key)


def test_a_representative_opens_a_case_only_where_their_province_is_a_party(engine, users, rule):
    key = f"test.rule:pair={rule[0]}-{rule[1]}"
    with write_session(engine) as s, pytest.raises(PermissionDenied):
        early_warning.open_case(s, users["rep_cantho"], key)
    with write_session(engine) as s:
        early_warning.open_case(s, users["rep_hanoi"], key)
    assert _status(engine) == ["case"]


def test_a_stale_page_cannot_dismiss_changed_data(engine, users, rule):
    key = f"test.rule:pair={rule[0]}-{rule[1]}"
    seen = early_warning.fingerprint(1)
    DATA["value"] = 3
    with write_session(engine) as s, pytest.raises(ValidationError):
        early_warning.dismiss(s, users["secretariat"], key, "lý do", fingerprint_seen=seen)


def test_flags_are_in_scope_by_region_and_by_province(engine, rule):
    with read_session(engine) as s:
        region_of_hanoi = s.get(Province, rule[0]).region_id
        other_regions = {r for (r,) in [(p.region_id,) for p in s.exec(select(Province)).all()]} - {
            region_of_hanoi
        }
    assert _status(engine, region_id=region_of_hanoi) == ["open"]
    assert _status(engine, region_id=min(other_regions)) == []
    assert _status(engine, province_id=rule[1]) == ["open"]
    assert _status(engine, province_id=province_id(engine, "Cần Thơ")) == []
    with read_session(engine) as s:
        assert early_warning.counts(s, region_id=region_of_hanoi) == {"total": 1, "investment_competition": 1}


def test_fingerprints_change_with_the_figures():
    assert early_warning.fingerprint(1, "a") == early_warning.fingerprint(1, "a")
    assert early_warning.fingerprint(1, "a") != early_warning.fingerprint(2, "a")

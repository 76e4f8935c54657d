"""Figures: entry by representatives for their own province, submit, approve (locks),
return with a reason, reopen; every change audited. Runs on SQLite and PostgreSQL."""

import pytest
from sqlmodel import select

from council import audit, targets
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import Indicator, Observation
from tests.conftest import province_id

YEAR = 2026


def indicator_id(engine, code: str) -> int:
    with read_session(engine) as s:
        return s.exec(select(Indicator).where(Indicator.code == code)).one().id


def edit(engine, actor, province, code, value, year=YEAR, **extra):
    pid = province_id(engine, province)
    e = {
        "province_id": pid,
        "indicator_id": indicator_id(engine, code),
        "year": year,
        "value": value,
        **extra,
    }
    with write_session(engine) as s:
        return targets.apply_edits(s, actor, [e])


def figure(engine, province, code, year=YEAR) -> dict:
    with read_session(engine) as s:
        rows = targets.figures_for(s, province_id(engine, province), year)
    return next(r for r in rows if r["code"] == code)


def test_representative_enters_own_province_and_is_refused_on_another(engine, users):
    assert (
        edit(engine, users["rep_hanoi"], "Hà Nội", "urbanisation", 52.5, comment="ước tính", follow_up=True)
        == 1
    )
    f = figure(engine, "Hà Nội", "urbanisation")
    assert (f["value"], f["status"], f["entered_by"], f["comment"], f["follow_up"]) == (
        52.5,
        "draft",
        "rep.hanoi",
        "ước tính",
        True,
    )
    with pytest.raises(PermissionDenied):
        edit(engine, users["rep_hanoi"], "Cần Thơ", "urbanisation", 40.0)
    with pytest.raises(PermissionDenied):
        edit(engine, users["expert"], "Hà Nội", "urbanisation", 40.0)
    with pytest.raises(PermissionDenied):
        with write_session(engine) as s:
            targets.submit_set(s, users["rep_hanoi"], province_id(engine, "Cần Thơ"), YEAR)
    # Nothing written for Cần Thơ; the refusal is in the audit log.
    assert figure(engine, "Cần Thơ", "urbanisation")["value"] is None
    with read_session(engine) as s:
        assert audit.list_entries(s, action="refused", entity="observation.enter")


def test_submit_approve_locks_then_reopen(engine, users):
    rep, sec = users["rep_hanoi"], users["secretariat"]
    hanoi = province_id(engine, "Hà Nội")
    edit(engine, rep, "Hà Nội", "urbanisation", 52.5)
    edit(engine, rep, "Hà Nội", "forest_cover", 30.0)
    with write_session(engine) as s:
        assert targets.submit_set(s, rep, hanoi, YEAR) == 2
    # Submitted figures are locked for the representative until returned.
    with pytest.raises(ValidationError) as exc:
        edit(engine, rep, "Hà Nội", "urbanisation", 60.0)
    assert exc.value.key == "targets.error.locked"
    with pytest.raises(PermissionDenied):
        with write_session(engine) as s:
            targets.approve_set(s, rep, hanoi, YEAR)
    with write_session(engine) as s:
        assert targets.approve_set(s, sec, hanoi, YEAR) == 2
    assert figure(engine, "Hà Nội", "urbanisation")["status"] == "approved"
    # Approved: locked for everyone, the secretariat included, until reopened.
    for actor in (rep, sec):
        with pytest.raises(ValidationError):
            edit(engine, actor, "Hà Nội", "urbanisation", 61.0)
    with pytest.raises(ValidationError):
        with write_session(engine) as s:
            targets.reopen_set(s, sec, hanoi, YEAR, "  ")
    with write_session(engine) as s:
        assert targets.reopen_set(s, sec, hanoi, YEAR, "Sai đơn vị") == 2
    f = figure(engine, "Hà Nội", "urbanisation")
    assert (f["status"], f["return_reason"]) == ("draft", "Sai đơn vị")
    assert edit(engine, rep, "Hà Nội", "urbanisation", 53.0) == 1


def test_return_with_reason_then_correct_and_resubmit(engine, users):
    rep, sec = users["rep_cantho"], users["secretariat"]
    ct = province_id(engine, "Cần Thơ")
    edit(engine, rep, "Cần Thơ", "urbanisation", 7000.0)
    with write_session(engine) as s:
        targets.submit_set(s, rep, ct, YEAR)
    with pytest.raises(ValidationError):
        with write_session(engine) as s:
            targets.return_set(s, sec, ct, YEAR, "")
    with write_session(engine) as s:
        assert targets.return_set(s, sec, ct, YEAR, "Tỷ lệ phải dưới 100 %") == 1
    f = figure(engine, "Cần Thơ", "urbanisation")
    assert (f["status"], f["return_reason"]) == ("returned", "Tỷ lệ phải dưới 100 %")
    with read_session(engine) as s:
        card = targets.scorecard(s, ct)
    assert [r["return_reason"] for r in card["returned"]] == ["Tỷ lệ phải dưới 100 %"]
    edit(engine, rep, "Cần Thơ", "urbanisation", 70.0, version=f["version"])
    with write_session(engine) as s:
        assert targets.submit_set(s, rep, ct, YEAR) == 1
    with read_session(engine) as s:
        queue = targets.figure_sets(s, ("submitted",))
    assert [(q["province"], q["year"], q["count"]) for q in queue] == [("Cần Thơ", YEAR, 1)]
    with write_session(engine) as s:
        targets.approve_set(s, sec, ct, YEAR)
    assert figure(engine, "Cần Thơ", "urbanisation")["value"] == 70.0


def test_nothing_to_submit_or_approve(engine, users):
    hanoi = province_id(engine, "Hà Nội")
    with pytest.raises(ValidationError) as exc:
        with write_session(engine) as s:
            targets.submit_set(s, users["rep_hanoi"], hanoi, YEAR)
    assert exc.value.key == "targets.error.nothing_to_submit"
    with pytest.raises(ValidationError):
        with write_session(engine) as s:
            targets.approve_set(s, users["secretariat"], hanoi, YEAR)


def test_every_value_change_is_audited_with_before_and_after(engine, users):
    rep, sec = users["rep_hanoi"], users["secretariat"]
    edit(engine, rep, "Hà Nội", "urbanisation", 50.0)
    f = figure(engine, "Hà Nội", "urbanisation")
    edit(engine, rep, "Hà Nội", "urbanisation", 51.0, version=f["version"])
    with write_session(engine) as s:
        targets.submit_set(s, rep, f_pid := province_id(engine, "Hà Nội"), YEAR)
        targets.approve_set(s, sec, f_pid, YEAR)
    with read_session(engine) as s:
        entries = audit.list_entries(s, entity="observation", entity_id=str(f["id"]))
    actions = [(e["action"], e["actor"]) for e in reversed(entries)]
    assert actions == [
        ("create", "rep.hanoi"),
        ("update", "rep.hanoi"),
        ("transition", "rep.hanoi"),
        ("transition", "sec"),
    ]
    update = entries[-2]
    assert (update["before"]["value"], update["after"]["value"]) == (50.0, 51.0)
    assert "value" in update["changed"]
    assert [e["after"]["status"] for e in entries[:2]] == ["approved", "submitted"]


def test_stale_grid_edit_names_who_changed_the_figure(engine, users):
    sec, rep = users["secretariat"], users["rep_hanoi"]
    edit(engine, rep, "Hà Nội", "urbanisation", 50.0)
    opened = figure(engine, "Hà Nội", "urbanisation")
    edit(engine, sec, "Hà Nội", "urbanisation", 55.0, version=opened["version"])
    with pytest.raises(StaleEdit) as exc:
        edit(engine, rep, "Hà Nội", "urbanisation", 51.0, version=opened["version"])
    assert exc.value.params["by"] == "sec"
    assert figure(engine, "Hà Nội", "urbanisation")["value"] == 55.0


def test_approved_figures_enter_the_regional_maths(engine, users):
    """A regional aggregate changes only once the figures are approved."""
    rep, sec = users["rep_hanoi"], users["secretariat"]
    with read_session(engine) as s:
        before = {t["id"]: t["series"] for t in targets.list_targets(s)}
    edit(engine, rep, "Hà Nội", "urbanisation", 52.0)
    with read_session(engine) as s:
        assert {t["id"]: t["series"] for t in targets.list_targets(s)} == before
    hanoi = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        targets.submit_set(s, rep, hanoi, YEAR)
        targets.approve_set(s, sec, hanoi, YEAR)
    with read_session(engine) as s:
        after = {t["id"]: t for t in targets.list_targets(s)}
        obs = s.exec(
            select(Observation).where(Observation.province_id == hanoi, Observation.year == YEAR)
        ).one()
    assert obs.status == "approved"
    urban = [
        t
        for t in after.values()
        if t["indicator_code"] == "urbanisation" and hanoi in {c["province_id"] for c in t["coverage"]}
    ]
    assert urban and all(any(r["year"] == YEAR for r in t["series"]) for t in urban)

"""Two-level sign-off of figures (issue 21, item 4): the provincial statistics officer enters and
verifies, the representative signs off and submits (or sends back), the secretariat approves or
returns to either level; one level stays as before. Every step audited; the draft agenda and
"my province" know the step "awaiting sign-off by the representative"."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from council import audit, meetings, myprovince, signoff, targets
from council.db import read_session, write_session
from council.errors import PermissionDenied, StaleEdit, ValidationError
from council.models import Indicator, Meeting, Observation, Province
from tests.conftest import make_user, province_id

YEAR = 2031


@pytest.fixture
def people(engine, users):
    return {
        **users,
        "officer": make_user(engine, "statistics_officer", "Hà Nội", username="stat.hanoi"),
        "officer_cantho": make_user(engine, "statistics_officer", "Cần Thơ", username="stat.cantho"),
    }


def _indicators(engine, n: int = 2) -> list[int]:
    with Session(engine) as s:
        return list(s.exec(select(Indicator.id).order_by(Indicator.id)).all())[:n]


def _enter(engine, actor, pid: int, values: list[float]) -> None:
    edits = [
        {"province_id": pid, "indicator_id": i, "year": YEAR, "value": v}
        for i, v in zip(_indicators(engine, len(values)), values, strict=True)
    ]
    with write_session(engine) as s:
        targets.apply_edits(s, actor, edits)


def _statuses(engine, pid: int) -> list[tuple[str, str]]:
    with Session(engine) as s:
        rows = s.exec(
            select(Observation).where(Observation.province_id == pid, Observation.year == YEAR)
        ).all()
        return sorted((o.status, o.return_reason) for o in rows)


def _two_levels(engine, sec, pid: int) -> None:
    with write_session(engine) as s:
        signoff.set_levels(s, sec, pid, 2)


def test_the_officer_role_needs_a_province_and_lands_on_figures(engine):
    from council.ui.shell import LANDING

    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        from council import auth

        auth.create_user(
            s, auth.SYSTEM, username="stat.none", password="correct-horse-42", role="statistics_officer"
        )
    assert exc.value.key == "error.officer_needs_province"
    assert LANDING["statistics_officer"] == "figures"


def test_one_level_by_default_the_representative_submits_and_the_officer_cannot(engine, people):
    hanoi = province_id(engine, "Hà Nội")
    with Session(engine) as s:
        assert targets.signoff_levels(s, hanoi) == 1
    _enter(engine, people["officer"], hanoi, [50.0, 60.0])  # the officer may enter
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        targets.submit_set(s, people["officer"], hanoi, YEAR)
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        signoff.verify_set(s, people["officer"], hanoi, YEAR)  # no verification step on one level
    assert exc.value.key == "signoff.error.one_level"
    with write_session(engine) as s:
        assert targets.submit_set(s, people["rep_hanoi"], hanoi, YEAR) == 2
    assert _statuses(engine, hanoi) == [("submitted", ""), ("submitted", "")]
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        targets.return_set(s, people["secretariat"], hanoi, YEAR, "Ký lại", level="signoff")
    assert exc.value.key == "signoff.error.one_level"


def test_two_levels_need_an_active_officer_and_are_versioned_and_audited(engine, people):
    sec, haiphong = people["secretariat"], province_id(engine, "Hải Phòng")
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        signoff.set_levels(s, sec, haiphong, 2)
    assert exc.value.key == "signoff.error.no_officer"
    hanoi = province_id(engine, "Hà Nội")
    with write_session(engine) as s:
        first = signoff.set_levels(s, sec, hanoi, 2)
    assert (first["levels"], first["version"]) == (2, 1)
    with pytest.raises(StaleEdit), write_session(engine) as s:
        signoff.set_levels(s, sec, hanoi, 1, expected_version=5)
    with write_session(engine) as s:
        assert signoff.set_levels(s, sec, hanoi, 1, expected_version=1)["version"] == 2
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        signoff.set_levels(s, people["rep_hanoi"], hanoi, 2)
    with Session(engine) as s:
        log = audit.list_entries(s, entity="province_signoff")
        assert [(e["action"], (e["before"] or {}).get("levels"), e["after"]["levels"]) for e in log] == [
            ("update", 2, 1),
            ("create", None, 2),
        ]
        row = next(r for r in signoff.levels_table(s) if r["province_id"] == hanoi)
        assert row["levels"] == 1 and row["officers"] == ["stat.hanoi"]


def test_two_levels_every_transition(engine, people):
    sec, rep, officer = people["secretariat"], people["rep_hanoi"], people["officer"]
    hanoi = province_id(engine, "Hà Nội")
    _two_levels(engine, sec, hanoi)
    _enter(engine, officer, hanoi, [50.0, 60.0])
    # The representative cannot sign off figures the officer has not verified, nor verify them.
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        targets.submit_set(s, rep, hanoi, YEAR)
    assert (exc.value.key, exc.value.params["n"]) == ("signoff.error.not_verified", 2)
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        signoff.verify_set(s, rep, hanoi, YEAR)
    # Another province's officer cannot verify Hà Nội's figures.
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        signoff.verify_set(s, people["officer_cantho"], hanoi, YEAR)
    with write_session(engine) as s:
        assert signoff.verify_set(s, officer, hanoi, YEAR) == 2
    assert _statuses(engine, hanoi) == [("verified", ""), ("verified", "")]
    # Verified figures are locked: nobody edits them until they come back.
    with pytest.raises(ValidationError) as exc, write_session(engine) as s:
        targets.apply_edits(
            s,
            officer,
            [{"province_id": hanoi, "indicator_id": _indicators(engine)[0], "year": YEAR, "value": 1.0}],
        )
    assert exc.value.key == "targets.error.locked"
    with Session(engine) as s:
        awaiting = signoff.awaiting_signoff(s, [hanoi])
        assert [(a["year"], a["count"]) for a in awaiting] == [(YEAR, 2)]
        assert myprovince.province_view(s, hanoi)["awaiting_signoff"][0]["count"] == 2
    # The representative sends them back to the officer, with a reason.
    with pytest.raises(ValidationError), write_session(engine) as s:
        signoff.send_back_set(s, rep, hanoi, YEAR, "  ")
    with write_session(engine) as s:
        signoff.send_back_set(s, rep, hanoi, YEAR, "Kiểm tra lại nguồn")
    assert _statuses(engine, hanoi) == [("returned", "Kiểm tra lại nguồn")] * 2
    # The officer corrects, verifies again; the representative signs off and submits.
    _enter(engine, officer, hanoi, [51.0, 60.0])
    with write_session(engine) as s:
        signoff.verify_set(s, officer, hanoi, YEAR)
    assert _statuses(engine, hanoi) == [("verified", ""), ("verified", "")]
    with write_session(engine) as s:
        assert targets.submit_set(s, rep, hanoi, YEAR) == 2
    # The secretariat returns the set to the representative's level: verified again, with the reason.
    with write_session(engine) as s:
        targets.return_set(s, sec, hanoi, YEAR, "Cần chữ ký của lãnh đạo", level="signoff")
    assert _statuses(engine, hanoi) == [("verified", "Cần chữ ký của lãnh đạo")] * 2
    with write_session(engine) as s:
        targets.submit_set(s, rep, hanoi, YEAR)
    assert _statuses(engine, hanoi) == [("submitted", ""), ("submitted", "")]
    # ... and to the officer's level: returned, editable by the officer.
    with write_session(engine) as s:
        targets.return_set(s, sec, hanoi, YEAR, "Sai đơn vị", level="entry")
    assert _statuses(engine, hanoi) == [("returned", "Sai đơn vị")] * 2
    _enter(engine, officer, hanoi, [52.0, 61.0])
    with write_session(engine) as s:
        signoff.verify_set(s, officer, hanoi, YEAR)
        targets.submit_set(s, rep, hanoi, YEAR)
        targets.approve_set(s, sec, hanoi, YEAR)
    assert _statuses(engine, hanoi) == [("approved", ""), ("approved", "")]
    # The audit log holds every step of one figure, in order.
    with Session(engine) as s:
        first = s.exec(
            select(Observation.id).where(
                Observation.province_id == hanoi,
                Observation.year == YEAR,
                Observation.indicator_id == _indicators(engine)[0],
            )
        ).one()
        steps = [
            (e["actor"], e["note"])
            for e in reversed(audit.list_entries(s, entity="observation", entity_id=str(first)))
            if e["action"] == "transition"
        ]
    assert steps == [
        ("stat.hanoi", "draft->verified"),
        ("rep.hanoi", "verified->returned"),
        ("stat.hanoi", "returned->verified"),
        ("rep.hanoi", "verified->submitted"),
        ("sec", "submitted->verified"),
        ("rep.hanoi", "verified->submitted"),
        ("sec", "submitted->returned"),
        ("stat.hanoi", "returned->verified"),
        ("rep.hanoi", "verified->submitted"),
        ("sec", "submitted->approved"),
    ]


def test_back_to_one_level_the_representative_submits_what_was_verified(engine, people):
    sec, rep, officer = people["secretariat"], people["rep_hanoi"], people["officer"]
    hanoi = province_id(engine, "Hà Nội")
    _two_levels(engine, sec, hanoi)
    _enter(engine, officer, hanoi, [50.0])
    with write_session(engine) as s:
        signoff.verify_set(s, officer, hanoi, YEAR)
        signoff.set_levels(s, sec, hanoi, 1)
    with write_session(engine) as s:
        assert targets.submit_set(s, rep, hanoi, YEAR) == 1
    assert _statuses(engine, hanoi) == [("submitted", "")]


def test_the_draft_agenda_lists_sets_awaiting_signoff(engine, people):
    sec, officer = people["secretariat"], people["officer"]
    hanoi = province_id(engine, "Hà Nội")
    _two_levels(engine, sec, hanoi)
    _enter(engine, officer, hanoi, [50.0])
    with write_session(engine) as s:
        signoff.verify_set(s, officer, hanoi, YEAR)
        region = s.get(Province, hanoi).region_id
        meeting_id = meetings.create_meeting(
            s, sec, region_id=region, meeting_date=date(2026, 12, 1), place="Hà Nội"
        )["id"]
    with read_session(engine) as s:
        found = [
            (c.kind, c.ref_id)
            for c in meetings.draft_candidates(s, s.get(Meeting, meeting_id), date(2026, 11, 23))
        ]
    assert ("figures_awaiting_signoff", f"{hanoi}:{YEAR}") in found
    assert meetings.link_for("figures", f"{hanoi}:{YEAR}") == f"figures?province={hanoi}&year={YEAR}"


def test_what_changed_tells_the_representative_the_officer_verified(engine, people):
    sec, rep, officer = people["secretariat"], people["rep_hanoi"], people["officer"]
    hanoi = province_id(engine, "Hà Nội")
    _two_levels(engine, sec, hanoi)
    _enter(engine, officer, hanoi, [50.0])
    with write_session(engine) as s:
        signoff.verify_set(s, officer, hanoi, YEAR)
    with Session(engine) as s:
        changes = myprovince.changes_since(s, rep, None)
    assert any(c["entity"] == "observation" and c["status"] == "verified" for c in changes)


def test_cli_user_add_creates_a_statistics_officer_of_a_province(tmp_path, capsys):
    from council.cli import main
    from council.db import make_engine
    from council.models import User

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database", url, "init"]) == 0
    args = ["--database", url, "user", "add", "stat.ct", "--role", "statistics_officer"]
    assert main([*args, "--province", "Cần Thơ", "--password", "long-enough-horse-7"]) == 0
    assert "created stat.ct (statistics_officer)" in capsys.readouterr().out
    with Session(make_engine(url)) as s:
        user = s.exec(select(User).where(User.username == "stat.ct")).one()
        assert s.get(Province, user.province_id).name_vi == "Cần Thơ"


def test_the_audit_log_names_the_new_step_in_words():
    from council.ui.readable import step_label

    assert step_label("observation", "draft->verified", "vi") == "Nháp → Đã xác minh, chờ ký xác nhận"
    assert step_label("observation", "submitted->verified", "en") == "Submitted → Verified, awaiting sign-off"
    assert step_label("conflict", "reported->under_review", "vi") == ""
    assert step_label("observation", "", "vi") == ""

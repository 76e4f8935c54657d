"""Where each role's work waits: the expert's conflicts awaiting their comment, and the
secretariat's list of what needs acting on today (council/today.py)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from council import conflicts, projects, today
from council.db import read_session, write_session
from council.models import Province
from tests.conftest import province_id
from tests.unit.test_compare_and_set import YEAR, _submitted_set
from tests.unit.test_conflicts import _comment, _move, _open


def _region(engine, name="Hà Nội"):
    with read_session(engine) as s:
        return s.exec(select(Province.region_id).where(Province.name_vi == name)).one()


def test_an_expert_sees_the_reviewed_conflicts_they_have_not_commented_on(engine, users):
    sec, expert = users["secretariat"], users["expert"]
    reviewed = _open(engine, sec, title="Khai thác cát sông Hồng")["id"]
    mediated = _open(engine, sec, title="Nước thải khu công nghiệp")["id"]
    reported = _open(engine, sec, title="Mốc địa giới")["id"]  # not yet reviewed: not awaited
    _move(engine, sec, reviewed, "under_review")
    _move(engine, sec, mediated, "under_review")
    _move(engine, sec, mediated, "in_mediation")
    region = _region(engine)
    with read_session(engine) as s:
        waiting = today.awaiting_comment(s, expert, region)
        assert {r["id"] for r in waiting} == {reviewed, mediated}
        assert all(r["link"] == f"conflicts?conflict={r['code']}" for r in waiting)
        # Only experts are asked: the secretariat's and a representative's lists are empty.
        assert today.awaiting_comment(s, sec, region) == []
        assert today.awaiting_comment(s, users["rep_hanoi"], region) == []
        # Another region's expert list holds none of them.
        other = s.exec(select(Province.region_id).where(Province.name_vi == "Cần Thơ")).one()
        assert today.awaiting_comment(s, expert, other) == []
    _comment(engine, expert, reviewed)
    with read_session(engine) as s:
        assert [r["id"] for r in today.awaiting_comment(s, expert, region)] == [mediated]
    assert reported not in {mediated, reviewed}


def test_the_secretariat_sees_what_needs_acting_on_today(engine, users):
    sec = users["secretariat"]
    region = _region(engine)
    hanoi, haiphong = province_id(engine, "Hà Nội"), province_id(engine, "Hải Phòng")
    day = conflicts.local_today()
    with read_session(engine) as s:
        before = today.secretariat_today(s, region, day)
    # A conflict past its due date, and a project's cost split nobody has accepted yet.
    late = _open(
        engine,
        sec,
        title="Tranh chấp bãi bồi",
        opened_on=day - timedelta(days=30),
        due_on=day - timedelta(days=1),
    )
    with write_session(engine) as s:
        created = projects.create_project(
            s,
            sec,
            projects.ProjectInput(
                code="DA-900",
                name_vi="Cầu thử",
                type="road",
                status="approved",
                participants=[
                    projects.Participant(province_id=hanoi, role="lead", cost_share_pct=60),
                    projects.Participant(province_id=haiphong, role="partner", cost_share_pct=40),
                ],
            ),
        )
    # Hà Nội's representative submits a year's figures: a set awaiting approval.
    _submitted_set(engine, users)
    with read_session(engine) as s:
        work = today.secretariat_today(s, region, day)
    assert [r["id"] for r in work["overdue_conflicts"]] == [late["id"]]
    assert work["overdue_conflicts"][0]["link"].startswith("conflicts?conflict=")
    codes = {(x["code"], x["province"]) for x in work["pending_shares"]}
    assert {("DA-900", "Hà Nội"), ("DA-900", "Hải Phòng")} <= codes
    assert len(work["pending_shares"]) == len(before["pending_shares"]) + 2
    sets = work["figure_sets"]
    assert [(x["province_id"], x["year"]) for x in sets] == [(hanoi, YEAR)]
    assert sets[0]["link"] == f"figures?province={hanoi}&year={YEAR}"
    assert not before["figure_sets"] and not before["overdue_conflicts"]
    assert created["code"] == "DA-900"

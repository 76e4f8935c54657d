"""The secretariat is told of a figure set submitted for approval (issue 21's leftover): every
active user who may approve figures (asked of the permission table), once per set, with the link
that opens the set in the approval queue, and by e-mail per their own choice; nobody who may not
read figures before approval hears of them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from council import auth, notify, notify_mail, signoff, targets
from council.db import read_session, write_session
from council.models import Notification, OutgoingMail, Target, User
from tests import meeting_factories as f
from tests.conftest import make_user
from tests.unit.test_notify_mail import _settings as mail_settings

YEAR = 2031


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("COUNCIL_SECRET_KEY", "test-key-for-unsubscribe-links")


def _entered(engine, actor, province_id: int) -> None:
    with write_session(engine) as s:
        targets.apply_edits(
            s,
            actor,
            [
                {"province_id": province_id, "indicator_id": i, "year": YEAR, "value": 40.0 + i}
                for i in (1, 2, 3)
            ],
        )


def _notes(engine, username: str) -> list[dict]:
    with read_session(engine) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        return notify.list_notifications(s, auth.Actor.from_user(user))


def _reasons(engine, username: str) -> list[str]:
    with read_session(engine) as s:
        uid = s.exec(select(User.id).where(User.username == username)).one()
        return [n.reason for n in s.exec(select(Notification).where(Notification.user_id == uid))]


@pytest.fixture
def people(engine, users):
    notify.deliver_pending(engine)  # the notifier starts at the log as it is
    extra = {
        "sec2": make_user(engine, "secretariat", username="sec2"),
        "sec_gone": make_user(engine, "secretariat", username="sec.gone"),
        "officer_cantho": make_user(engine, "statistics_officer", "Cần Thơ", username="officer.cantho"),
    }
    with write_session(engine) as s:
        gone = s.exec(select(User).where(User.username == "sec.gone")).one()
        gone.is_active = False
        s.add(gone)
    return {**users, **extra}


def test_every_active_approver_is_told_once_per_submitted_set(engine, people):
    hanoi = f.pid(engine, "Hà Nội")
    _entered(engine, people["rep_hanoi"], hanoi)
    notify.deliver_pending(engine)
    # Drafts being typed are no news to anyone.
    assert _notes(engine, "sec") == [] and _notes(engine, "sec2") == []
    with write_session(engine) as s:
        assert targets.submit_set(s, people["rep_hanoi"], hanoi, YEAR) == 3
    notify.deliver_pending(engine)
    # The approvers are asked of the permission table, not of a role name.
    approvers = {"sec", "sec2", "sec.gone"}
    with read_session(engine) as s:
        holders = {
            u.username
            for u in s.exec(select(User))
            if auth.can(auth.Actor.from_user(u), "observation.approve")
        }
    assert holders == approvers
    for name in ("sec", "sec2"):
        notes = _notes(engine, name)
        assert [(n["kind"], n["status"], n["entries"]) for n in notes] == [("observation", "submitted", 3)], (
            name
        )
        assert notes[0]["link"] == f"figures?province={hanoi}&year={YEAR}"
        assert _reasons(engine, name) == ["approver"]
    assert _notes(engine, "sec.gone") == []  # an inactive account is told nothing
    # Who may not read figures before approval hears nothing: experts, observers, other
    # provinces' representatives and statistics officers.
    for name in ("expert", "observer", "rep.cantho", "officer.cantho"):
        assert _notes(engine, name) == [], name
    assert notify.deliver_pending(engine) == 0  # every entry looked at once


def test_the_submitter_is_not_told_and_approval_is_not_an_approval_request(engine, people):
    hanoi = f.pid(engine, "Hà Nội")
    _entered(engine, people["secretariat"], hanoi)
    with write_session(engine) as s:
        targets.submit_set(s, people["secretariat"], hanoi, YEAR)  # the secretariat may submit too
    with write_session(engine) as s:
        targets.approve_set(s, people["sec2"], hanoi, YEAR)
    notify.deliver_pending(engine)
    # sec submitted it: only sec2 is told of the submit; sec is not told of its own submit and,
    # following nothing, not of sec2's approval either.
    assert [n["status"] for n in _notes(engine, "sec2")] == ["submitted"]
    assert _notes(engine, "sec") == []


def test_two_levels_the_officers_verification_is_not_yet_for_the_secretariat(engine, people):
    cantho = f.pid(engine, "Cần Thơ")
    with write_session(engine) as s:
        signoff.set_levels(s, people["secretariat"], cantho, 2)
        # Following a target of those figures does not tell of them before they are submitted.
        target = s.exec(select(Target.id).where(Target.indicator_id == 1)).first()
        assert target is not None
        notify.follow(s, people["sec2"], "target", target)
    _entered(engine, people["officer_cantho"], cantho)
    with write_session(engine) as s:
        signoff.verify_set(s, people["officer_cantho"], cantho, YEAR)
    notify.deliver_pending(engine)
    assert _notes(engine, "sec2") == []  # awaiting the representative's sign-off, not approval
    with write_session(engine) as s:
        targets.submit_set(s, people["rep_cantho"], cantho, YEAR)
    notify.deliver_pending(engine)
    assert [(n["status"], n["entries"]) for n in _notes(engine, "sec2")] == [("submitted", 3)]
    # The officer of the province hears of the submit (may enter its figures); the expert not.
    assert [n["status"] for n in _notes(engine, "officer.cantho")] == ["submitted"]
    assert _notes(engine, "expert") == []


def test_an_approver_who_chose_immediate_mail_gets_one_message_per_set(engine, people):
    with write_session(engine) as s:
        pref = notify.preferences(s, people["sec2"])
        notify.set_preferences(
            s,
            people["sec2"],
            email="sec2@council.example",
            email_mode="immediate",
            lang="vi",
            expected_version=pref["version"],
        )
    hanoi = f.pid(engine, "Hà Nội")
    _entered(engine, people["rep_hanoi"], hanoi)
    with write_session(engine) as s:
        targets.submit_set(s, people["rep_hanoi"], hanoi, YEAR)
    notify.deliver_pending(engine)
    settings = mail_settings()
    with write_session(engine) as s:
        assert notify_mail.queue_mails(s, settings=settings) == 1
    with read_session(engine) as s:
        mails = s.exec(select(OutgoingMail)).all()
    assert [m.to_addr for m in mails] == ["sec2@council.example"]
    assert f"https://council.example/figures?province={hanoi}&year={YEAR}&lang=vi" in mails[0].body

"""Following and in-app notifications (issue 21): who is told of which change, from the audit
log only; nobody is told about what they may not read; unfollow wins; each entry once."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from council import audit, conflicts, myprovince, notify, targets
from council.db import read_session, write_session
from council.errors import NotFound
from council.models import AppSetting, Indicator, Notification, Target
from tests import meeting_factories as f
from tests.conftest import make_user

YEAR = 2031


def _deliver(engine) -> int:
    return notify.deliver_pending(engine)


def _told(engine) -> dict[str, list[tuple[str, str, str | None, int]]]:
    """username -> [(kind, action, status, entries)] of their notifications, oldest first."""
    out: dict[str, list] = {}
    with read_session(engine) as s:
        from council.models import User

        for u in s.exec(select(User)).all():
            actor = notify.Actor.from_user(u)
            rows = notify.list_notifications(s, actor)
            out[u.username] = [(r["kind"], r["action"], r["status"], r["entries"]) for r in reversed(rows)]
    return out


@pytest.fixture
def people(engine, users):
    _deliver(engine)  # the notifier starts at the log as it is
    return {**users, "rep_hanoi2": make_user(engine, "province_rep", "Hà Nội", username="rep2.hanoi")}


def _indicator(engine) -> int:
    with Session(engine) as s:
        return s.exec(select(Indicator.id).order_by(Indicator.id)).first()


def _figures(engine, people, hanoi: int, indicator: int) -> None:
    with write_session(engine) as s:
        targets.apply_edits(
            s,
            people["rep_hanoi"],
            [
                {"province_id": hanoi, "indicator_id": i, "year": YEAR, "value": 50.0 + i}
                for i in (indicator, 2)
            ],
        )
    with write_session(engine) as s:
        targets.submit_set(s, people["rep_hanoi"], hanoi, YEAR)


def test_a_returned_set_is_told_to_its_province_only_and_once(engine, people):
    hanoi = f.pid(engine, "Hà Nội")
    _figures(engine, people, hanoi, _indicator(engine))
    with write_session(engine) as s:
        targets.return_set(s, people["secretariat"], hanoi, YEAR, reason="Thiếu nguồn số liệu")
    assert _deliver(engine) > 0
    told = _told(engine)
    # The other representative of Hà Nội hears of the submit and of the return (two figures each,
    # one notification per set); the one who submitted hears of the return only.
    assert told["rep2.hanoi"] == [
        ("observation", "transition", "submitted", 2),
        ("observation", "transition", "returned", 2),
    ]
    assert told["rep.hanoi"] == [("observation", "transition", "returned", 2)]
    # The secretariat may approve the set: told of the submit (it made the return itself).
    assert told["sec"] == [("observation", "transition", "submitted", 2)]
    # Figures not approved yet: nobody else may read them, so nobody else is told.
    for name in ("rep.cantho", "expert", "observer"):
        assert told[name] == [], name
    assert _deliver(engine) == 0  # every entry looked at once


def test_an_approved_figure_is_told_to_who_follows_its_target(engine, people):
    hanoi, indicator = f.pid(engine, "Hà Nội"), _indicator(engine)
    with Session(engine) as s:
        target = s.exec(select(Target.id).where(Target.indicator_id == indicator)).first()
    assert target is not None
    with write_session(engine) as s:
        notify.follow(s, people["expert"], "target", target)
    _figures(engine, people, hanoi, indicator)
    with write_session(engine) as s:
        targets.approve_set(s, people["secretariat"], hanoi, YEAR)
    _deliver(engine)
    told = _told(engine)
    # The expert follows the target: told of the approval (public), never of the submit (not).
    assert told["expert"] == [("observation", "transition", "approved", 1)]
    assert told["observer"] == []


def _conflict(engine, people) -> int:
    hanoi, hy = f.pid(engine, "Hà Nội"), f.pid(engine, "Hưng Yên")
    with write_session(engine) as s:
        created = conflicts.open_conflict(
            s,
            people["secretariat"],
            title="Chia sẻ nguồn nước sông Đuống",
            parties=[
                {"province_id": hanoi, "position": "Cần nước"},
                {"province_id": hy, "position": "Cần nước"},
            ],
        )
    return created["id"] if isinstance(created, dict) else created


def test_comments_reach_province_owner_commenters_and_followers_and_unfollow_wins(engine, people):
    cid = _conflict(engine, people)
    with write_session(engine) as s:
        notify.follow(s, people["observer"], "conflict", cid)
        conflicts.add_comment(s, people["expert"], cid, body="Cần số liệu lưu lượng", stance="information")
    _deliver(engine)
    with read_session(engine) as s:
        rows = {
            u: notify.list_notifications(s, people[k])
            for u, k in (("rep", "rep_hanoi"), ("sec", "secretariat"), ("obs", "observer"))
        }
    assert [r["reason"] for r in rows["rep"] if r["kind"] == "comment"] == ["province"]
    assert [r["reason"] for r in rows["sec"] if r["kind"] == "comment"] == ["owner"]
    assert [r["reason"] for r in rows["obs"] if r["kind"] == "comment"] == ["followed"]
    assert all(r["link"].startswith("conflicts?conflict=") for r in rows["rep"])
    assert _told(engine)["rep.cantho"] == []
    # Hà Nội's representative unfollows: the province no longer makes them follow it.
    with write_session(engine) as s:
        notify.unfollow(s, people["rep_hanoi"], "conflict", cid)
        conflicts.add_comment(s, people["secretariat"], cid, body="Họp ngày 5/12", stance="information")
    _deliver(engine)
    told = _told(engine)
    assert [k for k, *_ in told["rep.hanoi"]].count("comment") == 1
    assert [k for k, *_ in told["rep2.hanoi"]].count("comment") == 2  # still follows by province
    assert [k for k, *_ in told["expert"]].count("comment") == 1  # commented: told of the next one
    with read_session(engine) as s:
        # "What changed since my last visit" follows the same choice.
        changes = myprovince.changes_since(s, people["rep_hanoi"], None)
    assert all(ch["entity"] != "comment" for ch in changes)


def test_a_hidden_comment_is_taken_back_from_who_may_not_read_it(engine, people):
    cid = _conflict(engine, people)
    with write_session(engine) as s:
        comment_id = conflicts.add_comment(
            s, people["expert"], cid, body="Ý kiến sẽ bị ẩn", stance="information"
        )
    _deliver(engine)
    # The conflict's opening concerns Hà Nội too; then the comment.
    assert [k for k, *_ in _told(engine)["rep.hanoi"]] == ["conflict", "comment"]
    with write_session(engine) as s:
        conflicts.hide_comment(s, people["secretariat"], comment_id, expected_version=1, reason="Lạc đề")
    _deliver(engine)
    told = _told(engine)
    # Told it was hidden, no longer what it said.
    assert [n for n in told["rep.hanoi"] if n[0] == "comment"] == [("comment", "hide", None, 1)]
    assert [a for k, a, *_ in told["sec"] if k == "comment"] == ["create"]  # the moderator keeps it


def test_mark_read_and_all_read_touch_only_ones_own(engine, people):
    cid = _conflict(engine, people)
    for body in ("Một", "Hai", "Ba"):
        with write_session(engine) as s:
            conflicts.add_comment(s, people["expert"], cid, body=body, stance="information")
    _deliver(engine)
    rep, rep2 = people["rep_hanoi"], people["rep_hanoi2"]
    with read_session(engine) as s:
        assert notify.unread_count(s, rep.id) == 4  # the conflict's opening and the three comments
        first = notify.list_notifications(s, rep)[0]["id"]
    with write_session(engine) as s:
        notify.mark_read(s, rep, first)
    with pytest.raises(NotFound), write_session(engine) as s:
        notify.mark_read(s, rep2, first)  # someone else's
    with read_session(engine) as s:
        assert notify.unread_count(s, rep.id) == 3
        assert notify.list_notifications(s, rep, unread_only=True)[0]["id"] != first
    with write_session(engine) as s:
        assert notify.mark_all_read(s, rep) == 3
    with read_session(engine) as s:
        assert notify.unread_count(s, rep.id) == 0
        assert notify.unread_count(s, rep2.id) == 4


def test_an_entry_committed_late_below_the_cursor_is_still_told_once(engine, people):
    """PostgreSQL gives an id when a row is inserted, not when it commits: an entry may become
    visible below one already looked at. The notifier looks again below its cursor."""
    cid = _conflict(engine, people)
    _deliver(engine)
    with write_session(engine) as s:
        conflicts.add_comment(s, people["expert"], cid, body="Đến muộn", stance="information")
    with write_session(engine) as s:
        row = s.get(AppSetting, notify.CURSOR_KEY)
        newest, floor = row.value.split()
        row.value = f"{int(newest) + 5} {floor}"  # as if newer entries had been looked at already
        s.add(row)
    assert _deliver(engine) > 0
    assert [k for k, *_ in _told(engine)["rep.hanoi"]].count("comment") == 1
    assert _deliver(engine) == 0


def test_nobody_is_told_of_their_own_change_nor_of_sign_ins(engine, people):
    with write_session(engine) as s:
        audit.record(s, people["secretariat"], "sign_in", "user", people["secretariat"].id)
    cid = _conflict(engine, people)
    with write_session(engine) as s:
        conflicts.add_comment(s, people["secretariat"], cid, body="Của tôi", stance="information")
    _deliver(engine)
    with Session(engine) as s:
        mine = s.exec(select(Notification).where(Notification.user_id == people["secretariat"].id)).all()
    assert mine == []


def test_following_is_listed_with_its_reason_and_checked(engine, people):
    cid = _conflict(engine, people)
    project = f.project(engine, "Cầu theo dõi", ["Cần Thơ", "Cà Mau"])
    with write_session(engine) as s:
        notify.follow(s, people["rep_hanoi"], "project", project)
        with pytest.raises(NotFound):
            notify.follow(s, people["rep_hanoi"], "project", 999999)
    with read_session(engine) as s:
        rows = {(r["entity"], r["entity_id"]): r["reason"] for r in notify.followed(s, people["rep_hanoi"])}
    assert rows[("project", project)] == "followed"
    assert rows[("conflict", cid)] == "province"
    with write_session(engine) as s:
        notify.unfollow(s, people["rep_hanoi"], "conflict", cid)
    with read_session(engine) as s:
        rows = {(r["entity"], r["entity_id"]): r["reason"] for r in notify.followed(s, people["rep_hanoi"])}
    assert rows[("conflict", cid)] == "unfollowed"


def test_the_first_run_starts_at_the_log_as_it_is(engine, users):
    """An installation tells its users about changes from its first run on, not its history."""
    cid = _conflict(engine, {**users})
    with write_session(engine) as s:
        conflicts.add_comment(s, users["expert"], cid, body="Trước khi bật", stance="information")
    assert _deliver(engine) == 0
    with write_session(engine) as s:
        conflicts.add_comment(s, users["expert"], cid, body="Sau khi bật", stance="information")
    assert _deliver(engine) > 0
    assert [k for k, *_ in _told(engine)["rep.hanoi"]] == ["comment"]

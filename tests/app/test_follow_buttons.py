"""The follow control on a target's, an agreement's and a meeting's own view (council.ui.follow,
the one the project and conflict pages show): following there lists the record as followed on
the notifications page, and unfollowing there takes it off the followed ones."""

from __future__ import annotations

from datetime import date

from council import agreements, meetings, targets
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id


def _following(at, entity: str, record_id: int) -> bool | None:
    """On the notifications page: True listed as followed, False listed as not followed (the
    user's own unfollow), None not listed."""
    keys = {b.key for b in at.button}
    if f"notify_unfollow_{entity}_{record_id}" in keys:
        return True
    if f"notify_refollow_{entity}_{record_id}" in keys:
        return False
    return None


def _follow_then_unfollow(at, page: str, entity: str, record_id: int, label: str, open_view) -> None:
    open_view(at)
    button = at.button(key=f"follow_{entity}_{record_id}")
    assert button.label == "Theo dõi"
    button.click().run()
    assert not at.exception
    assert at.button(key=f"follow_{entity}_{record_id}").label == "Bỏ theo dõi"
    goto(at, "notifications")
    assert not at.exception
    assert _following(at, entity, record_id) is True
    assert any(label in m.value for m in at.markdown), [m.value for m in at.markdown]
    goto(at, page)
    open_view(at)
    at.button(key=f"follow_{entity}_{record_id}").click().run()
    assert not at.exception
    assert at.button(key=f"follow_{entity}_{record_id}").label == "Theo dõi"
    goto(at, "notifications")
    assert _following(at, entity, record_id) is False


def test_follow_a_target_from_its_view(app_users, app_db):
    expert = app_users["expert"]
    at = goto(signed_in(expert), "targets")
    assert not at.exception
    at.radio(key="targets_view").set_value("indicator").run()
    tid = at.selectbox(key="targets_target").value
    with read_session(app_db) as s:
        detail = targets.target_detail(s, tid)
    # Named in Vietnamese by its indicator, region and period (the source's label is often English).
    label = (
        f"{detail['indicator_vi']} · {detail['plan_region']} · {detail['period'] or detail['target_year']}"
    )

    def open_view(at):
        at.radio(key="targets_view").set_value("indicator").run()
        at.selectbox(key="targets_target").set_value(tid).run()

    _follow_then_unfollow(at, "targets", "target", tid, label, open_view)


def test_follow_an_agreement_from_its_view(app_users, app_db):
    with write_session(app_db) as s:
        aid = agreements.create_agreement(
            s,
            app_users["secretariat"],
            title="Biên bản ghi nhớ hợp tác giữa Hà Nội và Hải Phòng",
            province_ids=[province_id(app_db, "Hà Nội"), province_id(app_db, "Hải Phòng")],
            form="handshake_agreement",
            date_signed=date(2024, 5, 1),
        )["id"]
    at = goto(signed_in(app_users["expert"]), "agreements")
    assert not at.exception

    def open_view(at):
        at.selectbox(key="agreements_detail_select").set_value(aid).run()

    _follow_then_unfollow(at, "agreements", "agreement", aid, "Hà Nội và Hải Phòng", open_view)


def test_follow_a_meeting_from_its_view(app_users, app_db):
    with write_session(app_db) as s:
        mid = meetings.create_meeting(
            s,
            app_users["secretariat"],
            region_id=2,
            meeting_date=date(2026, 12, 1),
            place="Hải Phòng",
            title="Phiên họp thường kỳ quý IV",
        )["id"]
    at = goto(signed_in(app_users["expert"]), "meetings")
    assert not at.exception

    def open_view(at):
        at.selectbox(key="meetings_select").set_value(mid).run()

    _follow_then_unfollow(at, "meetings", "meeting", mid, "Phiên họp thường kỳ quý IV", open_view)

"""Each role lands where its work is: the secretariat's region overview starts with what needs
acting on today, the expert's conflicts page with the conflicts awaiting their comment."""

from __future__ import annotations

from datetime import timedelta

from council import conflicts
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id


def _conflict(engine, actor, title, *, review=False, due=None):
    parties = [
        {"province_id": province_id(engine, n), "position": f"Quan điểm của {n}"}
        for n in ("Hà Nội", "Hưng Yên")
    ]
    today = conflicts.local_today()
    with write_session(engine) as s:
        opened = conflicts.open_conflict(
            s,
            actor,
            title=title,
            type="environment",
            severity="high",
            parties=parties,
            opened_on=today - timedelta(days=40),
            due_on=due,
        )
    if review:
        with read_session(engine) as s:
            version = conflicts.conflict_detail(s, opened["id"])["version"]
        with write_session(engine) as s:
            conflicts.transition(s, actor, opened["id"], to_status="under_review", expected_version=version)
    return opened


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_secretariat_lands_on_what_needs_acting_on_today(app_users, app_db):
    late = _conflict(
        app_db,
        app_users["secretariat"],
        "Tranh chấp bãi bồi",
        due=conflicts.local_today() - timedelta(days=2),
    )
    at = signed_in(app_users["secretariat"])
    assert not at.exception
    assert "Việc cần xử lý hôm nay" in [h.value for h in at.subheader]
    assert "Xung đột quá hạn xử lý** (1)" in _markdown(at)
    assert f"{late['code']} · Tranh chấp bãi bồi" in _markdown(at)
    # An observer's overview has no such list (nothing waits on them).
    observer = goto(signed_in(app_users["observer"]), "home")
    assert "Việc cần xử lý hôm nay" not in [h.value for h in observer.subheader]


def test_an_expert_lands_on_the_conflicts_awaiting_their_comment(app_users, app_db):
    awaited = _conflict(app_db, app_users["secretariat"], "Khai thác cát sông Hồng", review=True)
    _conflict(app_db, app_users["secretariat"], "Mốc địa giới")  # only reported: not yet awaited
    at = signed_in(app_users["expert"])
    assert not at.exception
    text = _markdown(at)
    assert "Đang chờ ý kiến của bạn** (1)" in text
    lines = [m.value for m in at.markdown if m.value.startswith("- C-")]
    assert lines == [f"- {awaited['code']} · Khai thác cát sông Hồng — Đang xem xét · Hà Nội, Hưng Yên"]

"""The bell and the notifications page (issue 21): a comment on Hà Nội's conflict shows as an
unread count on every page, the list says what changed, who and when with the record's link,
and marking read brings the count down."""

from __future__ import annotations

from council import conflicts, notify
from council.db import write_session
from tests.app.conftest import signed_in
from tests.conftest import province_id


def _bell(at) -> str:
    return at.sidebar.button(key="notify_bell").label


def test_bell_list_and_mark_read(app_users, app_db):
    sec, expert, rep = app_users["secretariat"], app_users["expert"], app_users["province_rep"]
    notify.deliver_pending(app_db)  # the notifier starts at the log as it is
    parties = [
        {"province_id": province_id(app_db, name), "position": "Quan điểm"}
        for name in ("Hà Nội", "Hải Phòng")
    ]
    with write_session(app_db) as s:
        opened = conflicts.open_conflict(s, sec, title="Nguồn nước sông Đáy", parties=parties)
    with write_session(app_db) as s:
        conflicts.add_comment(s, expert, opened["id"], body="Cần số liệu", stance="information")
    notify.deliver_pending(app_db)

    at = signed_in(rep)  # the representative's landing page: the bell is there too
    assert not at.exception
    assert _bell(at) == "Thông báo (2 chưa đọc)"
    at.sidebar.button(key="notify_bell").click().run()  # the bell opens the list
    assert not at.exception
    assert [t.value for t in at.title] == ["Thông báo"]
    lines = [m.value for m in at.markdown if "sông" in m.value or opened["code"] in m.value]
    assert any(f"Ý kiến mới về xung đột {opened['code']}" in line for line in lines), lines
    captions = [c.value for c in at.caption]
    assert any(c.startswith("expert, ") and "liên quan đến tỉnh của anh/chị" in c for c in captions), captions
    links = [el.proto for el in at.get("page_link") if el.proto.label == "Mở hồ sơ"]
    assert any(p.page == "conflicts" and p.query_string == f"conflict={opened['code']}" for p in links)

    comment_item = next(
        b for b in at.button if b.key.startswith("notify_read_") and b.label == "Đánh dấu đã đọc"
    )
    comment_item.click().run()
    assert not at.exception
    assert _bell(at) == "Thông báo (1 chưa đọc)"
    at.button(key="notify_mark_all").click().run()
    assert not at.exception
    assert _bell(at) == "Thông báo"
    assert not [b for b in at.button if b.key.startswith("notify_read_")]
    # Following tab: the conflict is followed because it concerns Hà Nội; unfollowing it wins.
    key = f"notify_unfollow_conflict_{opened['id']}"
    at.button(key=key).click().run()
    assert not at.exception
    assert f"notify_refollow_conflict_{opened['id']}" in [b.key for b in at.button]
    with write_session(app_db) as s:
        assert notify.following_state(s, rep, "conflict", opened["id"]) == {
            "following": False,
            "reason": "unfollowed",
        }

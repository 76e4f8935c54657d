"""The conflicts page in AppTest: board, list, dashboard and detail render with conflicts built in
code; the secretariat records and moves a conflict; an expert comments; moderation; roles."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from council import conflicts
from council.db import read_session, write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id

HANOI, HAIPHONG, CANTHO = "Hà Nội", "Hải Phòng", "Cần Thơ"


def _open(engine, actor, *names, **kw):
    kw.setdefault("title", "Ô nhiễm sông Đáy đoạn giáp ranh")
    kw.setdefault("type", "environment")
    parties = [
        {"province_id": province_id(engine, n), "position": f"Quan điểm của {n}"}
        for n in (names or (HANOI, HAIPHONG))
    ]
    with write_session(engine) as s:
        return conflicts.open_conflict(s, actor, parties=parties, **kw)


def _page(actor):
    at = signed_in(actor)
    goto(at, "conflicts")
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    """What the page says (the board's cards are buttons), with the Markdown escapes of
    council.ui.text.plain taken out."""
    return re.sub(
        r"\\([!-/:-@\[-`{-~])",
        r"\1",
        "\n".join(
            [m.value for m in at.markdown]
            + [c.value for c in at.caption]
            + [s.value for s in at.subheader]
            + [b.label for b in at.button if b.key and b.key.startswith("conflicts_open_")]
        ),
    )


def _view(at, view):
    at.radio(key="conflicts_view").set_value(view).run()
    assert not at.exception, at.exception
    return at


def test_every_role_reaches_the_page_and_sees_the_empty_state(app_users):
    for role in app_users:
        at = _page(app_users[role])
        assert at.title[0].value == "Vướng mắc, xung đột lợi ích giữa các địa phương"
        assert "Chưa có xung đột nào được ghi nhận cho vùng này." in [i.value for i in at.info]
        views = at.radio(key="conflicts_view").options
        assert ("Ghi nhận xung đột mới" in views) is (role in ("secretariat", "province_rep"))


def test_board_table_dashboard_and_detail_render_with_seeded_conflicts(app_db, app_users):
    sec = app_users["secretariat"]
    late = _open(
        app_db,
        sec,
        severity="critical",
        opened_on=date.today() - timedelta(days=100),
        due_on=date.today() - timedelta(days=1),
    )
    other = _open(
        app_db, sec, HANOI, CANTHO, title="Cạnh tranh ưu đãi thu hút đầu tư", type="investment_competition"
    )
    with read_session(app_db) as s:
        version = conflicts.conflict_detail(s, other["id"])["version"]
    with write_session(app_db) as s:
        conflicts.transition(s, sec, other["id"], to_status="under_review", expected_version=version)
    at = _page(app_users["observer"])
    text = _texts(at)
    assert "**Tiếp nhận** (1)" in text and "**Đang xem xét** (1)" in text and "**Đóng** (0)" in text
    assert late["code"] in text and "Cạnh tranh ưu đãi thu hút đầu tư" in text

    _view(at, "table")
    assert len(at.dataframe) == 1 and at.dataframe[0].value.shape[0] == 2
    table = at.dataframe[0].value.set_index("Mã")
    assert table.loc[late["code"], "Quá hạn"] == "Có" and table.loc[other["code"], "Quá hạn"] == "Không"
    assert table.loc[other["code"], "Trạng thái"] == "Đang xem xét"

    _view(at, "dashboard")
    assert [m.value for m in at.metric][:2] == ["2", "1"]  # open, overdue
    assert {s.value for s in at.subheader} >= {
        "Xung đột đang mở theo loại",
        "Xung đột đang mở theo tỉnh, thành phố",
        "Xung đột đang mở theo thời gian tồn đọng",
    }

    # Filters narrow every view.
    at.selectbox(key="conflicts_f_status").set_value("under_review").run()
    _view(at, "table")
    assert list(at.dataframe[0].value["Mã"]) == [other["code"]]
    at.selectbox(key="conflicts_f_status").set_value(None).run()
    at.checkbox(key="conflicts_f_overdue").check().run()
    assert list(at.dataframe[0].value["Mã"]) == [late["code"]]


def test_board_card_opens_the_detail(app_db, app_users):
    sec = app_users["secretariat"]
    opened = _open(app_db, sec)
    with write_session(app_db) as s:
        conflicts.add_comment(
            s,
            app_users["expert"],
            opened["id"],
            body="Cần **quan trắc** độc lập",
            stance="conditional",
            reason="Số liệu hai bên khác nhau",
        )
    at = _page(app_users["observer"])
    at.button(key=f"conflicts_open_{opened['id']}").click().run()
    assert not at.exception
    assert at.radio(key="conflicts_view").value == "detail"
    text = _texts(at)
    assert f"{opened['code']} — Ô nhiễm sông Đáy đoạn giáp ranh" in text
    assert "Cần **quan trắc** độc lập" in text
    assert "Tổng hợp quan điểm: 0 đồng ý, 0 không đồng ý, 1 đồng ý có điều kiện, 0 thông tin thêm" in text
    parties = at.dataframe[0].value  # parties come first, then the timeline
    assert list(parties["Tỉnh, thành phố"]) == [HANOI, HAIPHONG]
    # Observers read only: no comment form, no workflow form.
    assert "Bạn chỉ có quyền xem xung đột này." in text
    assert not [f for f in at.get("form") if f.proto.form_id.startswith("conflict_comment_")]


def test_secretariat_records_a_conflict_then_moves_it_with_a_note(app_db, app_users):
    at = _page(app_users["secretariat"])
    _view(at, "open")
    at.text_input(key="conflicts_new_title").input("Chồng lấn quy hoạch khu công nghiệp giáp ranh")
    at.selectbox(key="conflicts_new_type").set_value("planning_overlap")
    at.multiselect(key="conflicts_new_parties").set_value([province_id(app_db, HANOI)]).run()
    at.button(key="conflicts_new_submit").click().run()
    assert "Xung đột phải có ít nhất hai tỉnh, thành phố là bên liên quan." in [e.value for e in at.error]
    at.multiselect(key="conflicts_new_parties").set_value(
        [province_id(app_db, HANOI), province_id(app_db, HAIPHONG)]
    ).run()
    at.text_area(key=f"conflicts_new_position_{province_id(app_db, HANOI)}").input("Giữ quy hoạch đã duyệt")
    at.text_area(key=f"conflicts_new_position_{province_id(app_db, HAIPHONG)}").input(
        "Đề nghị điều chỉnh ranh giới"
    )
    at.button(key="conflicts_new_submit").click().run()
    assert not at.exception
    with read_session(app_db) as s:
        rows = conflicts.list_conflicts(s)
    assert len(rows) == 1 and rows[0]["type"] == "planning_overlap" and rows[0]["owner"] == "sec"
    cid = rows[0]["id"]
    assert at.radio(key="conflicts_view").value == "detail"
    assert f"Đã ghi nhận xung đột {rows[0]['code']}." in [s.value for s in at.success]

    prefix = f"conflicts_tr_{cid}"
    at.selectbox(key=f"conflicts_tr_to_{cid}").set_value("under_review")
    at.button(key=f"{prefix}_submit").click().run()
    assert "Đã chuyển sang «Đang xem xét»." in [s.value for s in at.success]
    at.selectbox(key=f"conflicts_tr_to_{cid}").set_value("escalated")
    at.button(key=f"{prefix}_submit").click().run()
    assert "Trường «Ghi chú» là bắt buộc." in [e.value for e in at.error]
    at.text_area(key=f"conflicts_tr_note_{cid}").input("Báo cáo Thủ tướng xem xét")
    at.button(key=f"{prefix}_submit").click().run()
    assert not at.exception
    with read_session(app_db) as s:
        d = conflicts.conflict_detail(s, cid)
    assert d["status"] == "escalated" and d["resolution_note"] == "Báo cáo Thủ tướng xem xét"
    assert [e["to_status"] for e in d["timeline"]] == ["reported", "under_review", "escalated"]


def test_expert_comments_replies_and_edits_secretariat_hides(app_db, app_users):
    opened = _open(app_db, app_users["secretariat"])
    cid = opened["id"]
    at = _page(app_users["expert"])
    _view(at, "detail")
    prefix = f"conflict_comment_{cid}"
    submit = f"{prefix}_submit"
    at.text_area(key=f"{prefix}_body").input("Đề nghị lập trạm quan trắc chung")
    at.selectbox(key=f"{prefix}_stance").set_value("oppose")
    at.button(key=submit).click().run()
    assert "Trường «Lý do» là bắt buộc." in [e.value for e in at.error]
    at.text_input(key=f"{prefix}_reason").input("Số liệu hai bên mâu thuẫn")
    at.text_input(key=f"{prefix}_interest").input("Tôi là thành viên hội đồng khoa học của Hải Phòng")
    at.button(key=submit).click().run()
    assert not at.exception
    assert "Đã gửi ý kiến." in [s.value for s in at.success]
    text = _texts(at)
    assert "Đề nghị lập trạm quan trắc chung" in text
    assert "Khai báo xung đột lợi ích: Tôi là thành viên hội đồng khoa học của Hải Phòng" in text
    with read_session(app_db) as s:
        comment = conflicts.thread(s, cid)[0]
    # The form was emptied for the next comment.
    assert at.text_area(key=f"{prefix}_body").value == ""

    at.text_area(key=f"comment_edit_body_{comment['id']}").input("Đề nghị lập hai trạm quan trắc chung")
    at.button(key=f"comment_edit_{comment['id']}_submit").click().run()
    assert not at.exception
    reply = f"conflict_reply_{comment['id']}"
    at.text_area(key=f"{reply}_body").input("Bổ sung: cần kinh phí từ cả hai tỉnh")
    at.selectbox(key=f"{reply}_stance").set_value("information")
    at.button(key=f"{reply}_submit").click().run()
    assert not at.exception
    with read_session(app_db) as s:
        thread = conflicts.thread(s, cid)
    assert [(c["depth"], c["body"]) for c in thread] == [
        (0, "Đề nghị lập hai trạm quan trắc chung"),
        (1, "Bổ sung: cần kinh phí từ cả hai tỉnh"),
    ]
    assert thread[0]["revisions"][0]["body"] == "Đề nghị lập trạm quan trắc chung"

    # The secretariat hides the first comment: a placeholder remains, the reply stays.
    sec = _page(app_users["secretariat"])
    _view(sec, "detail")
    sec.text_input(key=f"comment_hide_reason_{comment['id']}").input("Trùng lặp nội dung")
    sec.button(key=f"comment_hide_{comment['id']}_submit").click().run()
    assert not sec.exception
    text = _texts(sec)
    assert (
        f"Đã ẩn bởi Cơ quan thường trực ngày {conflicts.local_today():%d/%m/%Y}: Trùng lặp nội dung" in text
    )
    assert "Đề nghị lập hai trạm quan trắc chung" not in text
    assert "Bổ sung: cần kinh phí từ cả hai tỉnh" in text


@pytest.mark.parametrize("province, may", [(HANOI, True), (CANTHO, False)])
def test_representative_comments_only_where_their_province_is_a_party(app_db, app_users, province, may):
    from tests.conftest import make_user

    rep = (
        app_users["province_rep"]
        if province == HANOI
        else make_user(app_db, "province_rep", CANTHO, username="rep.cantho")
    )
    opened = _open(app_db, app_users["secretariat"], HANOI, HAIPHONG)
    at = signed_in(rep)
    # A representative of Cần Thơ starts in their own region: switch to the conflict's.
    at.selectbox(key="region_select").set_value("DBSH").run()
    goto(at, "conflicts")
    _view(at, "detail")
    assert not at.exception
    has_form = f"conflict_comment_{opened['id']}_body" in [t.key for t in at.text_area]
    assert has_form is may
    if not may:
        assert "Tỉnh của bạn không phải là bên liên quan, nên bạn chỉ có quyền xem." in _texts(at)


def test_a_long_board_column_shows_the_first_cards_and_counts_the_rest(app_db, app_users):
    from pages.conflict_views.lists import BOARD_LIMIT

    sec = app_users["secretariat"]
    for n in range(BOARD_LIMIT + 3):
        _open(app_db, sec, title=f"Tranh chấp ranh giới số {n}")
    at = _page(sec)
    cards = [b for b in at.button if b.key and b.key.startswith("conflicts_open_")]
    assert len(cards) == BOARD_LIMIT
    assert "… và 3 xung đột khác (lọc lại hoặc xem dạng bảng)." in [c.value for c in at.caption]


def test_a_link_opens_the_conflict_once_and_an_unknown_code_is_said(app_db, app_users):
    sec = app_users["secretariat"]
    first = _open(app_db, sec, title="Xả thải sông Cầu")
    _open(app_db, sec, title="Cạnh tranh thu hút đầu tư")
    at = signed_in(sec)
    at.query_params["conflict"] = first["code"]
    goto(at, "conflicts")
    assert not at.exception
    assert at.radio(key="conflicts_view").value == "detail"
    assert "Xả thải sông Cầu" in _texts(at)
    assert "conflict" not in at.query_params  # consumed: the user can now pick another one
    at = signed_in(sec)
    at.query_params["conflict"] = "C-1999-999"
    goto(at, "conflicts")
    assert not at.exception
    assert [w.value for w in at.warning] == ["Không tìm thấy xung đột «C-1999-999» trong liên kết."]


def test_an_edit_after_someone_elses_is_refused_with_who_and_when(app_db, app_users):
    from tests.conftest import make_user

    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    cid = _open(app_db, sec)["id"]
    at = _page(sec)
    _view(at, "detail")
    assert at.text_input(key=f"conflicts_edit_title_{cid}").value == "Ô nhiễm sông Đáy đoạn giáp ranh"
    with read_session(app_db) as s:
        d = conflicts.conflict_detail(s, cid)
    parties = [{"province_id": p["province_id"], "position": p["position"]} for p in d["parties"]]
    with write_session(app_db) as s:  # another secretary saves first
        conflicts.edit_conflict(
            s,
            other,
            cid,
            expected_version=1,
            title="Ô nhiễm sông Đáy (đã sửa)",
            parties=parties,
            type=d["type"],
            severity="high",
        )
    at.text_input(key=f"conflicts_edit_title_{cid}").input("Ô nhiễm sông Đáy – bản của tôi")
    at.button(key=f"conflicts_edit_{cid}_submit").click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with read_session(app_db) as s:
        assert conflicts.conflict_detail(s, cid)["title"] == "Ô nhiễm sông Đáy (đã sửa)"
    # The form reopens on their version (keyed by the conflict's id, not its version).
    assert at.text_input(key=f"conflicts_edit_title_{cid}").value == "Ô nhiễm sông Đáy (đã sửa)"


# --- the page kit's cycle on every conflict form -------------------------------------------


def _comment_form(at, cid, body, stance="support", reason=""):
    prefix = f"conflict_comment_{cid}"
    at.text_area(key=f"{prefix}_body").input(body)
    at.selectbox(key=f"{prefix}_stance").set_value(stance)
    at.text_input(key=f"{prefix}_reason").input(reason)
    at.button(key=f"{prefix}_submit").click().run()
    assert not at.exception, at.exception


def test_a_posted_comment_clears_the_form_and_a_second_click_posts_nothing(app_db, app_users):
    cid = _open(app_db, app_users["secretariat"])["id"]
    at = _page(app_users["expert"])
    _view(at, "detail")
    _comment_form(at, cid, "Cần quan trắc chung", "oppose", "Số liệu mâu thuẫn")
    assert "Đã gửi ý kiến." in [s.value for s in at.success]
    prefix = f"conflict_comment_{cid}"
    assert at.text_area(key=f"{prefix}_body").value == ""
    assert at.text_input(key=f"{prefix}_reason").value == ""
    assert at.selectbox(key=f"{prefix}_stance").value == "support"
    # The comment is in the thread and the stance count in the same rerun.
    assert "Cần quan trắc chung" in _texts(at)
    assert [m.value for m in at.metric if m.label == "Không đồng ý"] == ["1"]
    # A double click: the same values sent again right after the first post.
    _comment_form(at, cid, "Cần quan trắc chung", "oppose", "Số liệu mâu thuẫn")
    assert not at.error
    with read_session(app_db) as s:
        assert [c["body"] for c in conflicts.thread(s, cid)] == ["Cần quan trắc chung"]


def test_a_comment_edit_after_someone_elses_save_is_refused_with_a_message_not_dropped(app_db, app_users):
    expert = app_users["expert"]
    cid = _open(app_db, app_users["secretariat"])["id"]
    with write_session(app_db) as s:
        comment = conflicts.add_comment(s, expert, cid, body="Bản đầu", stance="information")
    with read_session(app_db) as s:
        cm = conflicts.thread(s, cid)[0]
    at = _page(expert)
    _view(at, "detail")
    key = f"comment_edit_body_{cm['id']}"
    assert at.text_area(key=key).value == "Bản đầu"
    with write_session(app_db) as s:  # the same expert, in another browser, saves first
        conflicts.edit_comment(
            s, expert, cm["id"], expected_version=cm["version"], body="Bản ở máy khác", stance="information"
        )
    at.run()  # a rerun while the form is open keeps the form (its key has no version) and the input
    at.text_area(key=key).input("Bản của tôi")
    at.button(key=f"comment_edit_{cm['id']}_submit").click().run()
    assert not at.exception
    refusal = " ".join(e.value for e in at.error)
    assert "expert" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    with read_session(app_db) as s:
        assert conflicts.thread(s, cid)[0]["body"] == "Bản ở máy khác"
    assert at.text_area(key=key).value == "Bản ở máy khác"  # reopened on the newer comment
    at.text_area(key=key).input("Bản của tôi")
    at.button(key=f"comment_edit_{cm['id']}_submit").click().run()
    assert "Đã gửi ý kiến." in [s.value for s in at.success]
    with read_session(app_db) as s:
        assert conflicts.thread(s, cid)[0]["body"] == "Bản của tôi"
    assert comment is not None


def _parties(at, engine):
    ids = [province_id(engine, HANOI), province_id(engine, HAIPHONG)]
    at.multiselect(key="conflicts_new_parties").set_value(ids).run()
    for pid in ids:
        at.text_area(key=f"conflicts_new_position_{pid}").input("Quan điểm")


def test_a_recorded_conflict_is_listed_at_once_and_the_form_is_empty(app_db, app_users):
    at = _page(app_users["secretariat"])
    _view(at, "open")
    at.text_input(key="conflicts_new_title").input("Tranh chấp nguồn nước sông Hồng")
    _parties(at, app_db)
    at.button(key="conflicts_new_submit").click().run()
    assert not at.exception
    with read_session(app_db) as s:
        (row,) = conflicts.list_conflicts(s)
    assert f"Đã ghi nhận xung đột {row['code']}." in [s.value for s in at.success]
    assert at.selectbox(key="conflicts_pick").value == row["id"]  # shown, and in the picker's list
    assert "Tranh chấp nguồn nước sông Hồng" in _texts(at)
    _view(at, "board")
    assert "**Tiếp nhận** (1)" in _texts(at)
    _view(at, "open")
    assert at.text_input(key="conflicts_new_title").value == ""
    # The same values sent again (a double click) record nothing more.
    at.text_input(key="conflicts_new_title").input("Tranh chấp nguồn nước sông Hồng")
    _parties(at, app_db)
    at.button(key="conflicts_new_submit").click().run()
    with read_session(app_db) as s:
        assert len(conflicts.list_conflicts(s)) == 1


def test_a_move_after_someone_elses_is_refused_and_the_form_reopens_on_the_new_status(app_db, app_users):
    from tests.conftest import make_user

    other = make_user(app_db, "secretariat", username="sec2")
    cid = _open(app_db, app_users["secretariat"])["id"]
    at = _page(app_users["secretariat"])
    _view(at, "detail")
    with write_session(app_db) as s:
        conflicts.transition(s, other, cid, to_status="under_review", expected_version=1)
    at.run()  # the page shows the newer status; the move form keeps what it was opened with
    at.selectbox(key=f"conflicts_tr_to_{cid}").set_value("under_review")
    at.button(key=f"conflicts_tr_{cid}_submit").click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with read_session(app_db) as s:
        d = conflicts.conflict_detail(s, cid)
    assert [e["to_status"] for e in d["timeline"]] == ["reported", "under_review"]
    # Reopened on the new status: its next steps are offered.
    assert set(at.selectbox(key=f"conflicts_tr_to_{cid}").options) == {
        at.selectbox(key=f"conflicts_tr_to_{cid}").format_func(s) for s in d["next_statuses"]
    }


def test_an_edit_saved_twice_after_a_success_writes_once_and_a_move_then_edit_works(app_db, app_users):
    cid = _open(app_db, app_users["secretariat"])["id"]
    at = _page(app_users["secretariat"])
    _view(at, "detail")
    at.selectbox(key=f"conflicts_tr_to_{cid}").set_value("under_review")
    at.button(key=f"conflicts_tr_{cid}_submit").click().run()
    assert "Đã chuyển sang «Đang xem xét»." in [s.value for s in at.success]
    # The user's own move does not make their edit form refuse the next edit.
    at.text_input(key=f"conflicts_edit_title_{cid}").input("Ô nhiễm sông Đáy (bản 2)")
    at.button(key=f"conflicts_edit_{cid}_submit").click().run()
    assert "Đã lưu." in [s.value for s in at.success]
    with read_session(app_db) as s:
        version = conflicts.conflict_detail(s, cid)["version"]
    at.text_input(key=f"conflicts_edit_title_{cid}").input("Ô nhiễm sông Đáy (bản 2)")
    at.button(key=f"conflicts_edit_{cid}_submit").click().run()
    assert not at.exception and not at.error
    with read_session(app_db) as s:
        assert conflicts.conflict_detail(s, cid)["version"] == version


def test_hiding_a_comment_edited_since_the_form_opened_is_refused(app_db, app_users):
    expert = app_users["expert"]
    cid = _open(app_db, app_users["secretariat"])["id"]
    with write_session(app_db) as s:
        conflicts.add_comment(s, expert, cid, body="Bản đầu", stance="information")
    with read_session(app_db) as s:
        cm = conflicts.thread(s, cid)[0]
    at = _page(app_users["secretariat"])
    _view(at, "detail")
    with write_session(app_db) as s:
        conflicts.edit_comment(
            s, expert, cm["id"], expected_version=cm["version"], body="Bản mới", stance="information"
        )
    at.text_input(key=f"comment_hide_reason_{cm['id']}").input("Trùng lặp")
    at.button(key=f"comment_hide_{cm['id']}_submit").click().run()
    assert any("expert" in e.value for e in at.error)
    with read_session(app_db) as s:
        assert not conflicts.thread(s, cid)[0]["hidden"]
    at.text_input(key=f"comment_hide_reason_{cm['id']}").input("Trùng lặp")
    at.button(key=f"comment_hide_{cm['id']}_submit").click().run()
    assert "Đã ẩn ý kiến." in [s.value for s in at.success]


def test_a_comment_edit_sent_twice_after_a_success_writes_once(app_db, app_users):
    expert, sec = app_users["expert"], app_users["secretariat"]
    cid = _open(app_db, sec)["id"]
    with write_session(app_db) as s:
        conflicts.add_comment(s, expert, cid, body="Bản đầu", stance="information")
    with read_session(app_db) as s:
        cm = conflicts.thread(s, cid)[0]
    at = _page(expert)
    _view(at, "detail")
    for _ in range(2):  # the second send carries the same values (a double click)
        at.text_area(key=f"comment_edit_body_{cm['id']}").input("Bản hai")
        at.button(key=f"comment_edit_{cm['id']}_submit").click().run()
        assert not at.exception and not at.error
    with read_session(app_db) as s:
        comment = conflicts.thread(s, cid)[0]
    assert comment["body"] == "Bản hai" and len(comment["revisions"]) == 1


def test_a_ticked_due_date_left_empty_is_refused_and_nothing_is_recorded(app_db, app_users):
    at = _page(app_users["secretariat"])
    _view(at, "open")
    at.text_input(key="conflicts_new_title").input("Tranh chấp bãi bồi ven sông")
    _parties(at, app_db)
    at.checkbox(key="conflicts_new_has_due").check().run()
    at.date_input(key="conflicts_new_due_on").set_value(None)
    at.button(key="conflicts_new_submit").click().run()
    assert not at.exception
    assert any("Hạn xử lý" in e.value and "bắt buộc" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    with read_session(app_db) as s:
        assert not conflicts.list_conflicts(s)


def test_an_edit_with_a_ticked_due_date_left_empty_is_refused(app_db, app_users):
    cid = _open(app_db, app_users["secretariat"])["id"]
    at = _page(app_users["secretariat"])
    _view(at, "detail")
    at.checkbox(key=f"conflicts_edit_has_due_{cid}").check().run()
    at.date_input(key=f"conflicts_edit_due_on_{cid}").set_value(None)
    at.button(key=f"conflicts_edit_{cid}_submit").click().run()
    assert not at.exception
    assert any("Hạn xử lý" in e.value and "bắt buộc" in e.value for e in at.error), [
        e.value for e in at.error
    ]
    with read_session(app_db) as s:
        d = conflicts.conflict_detail(s, cid)
    assert d["due_on"] is None and d["version"] == 1

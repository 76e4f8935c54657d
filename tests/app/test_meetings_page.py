"""Meetings and "my province" pages driven through the app (AppTest)."""

import re
from datetime import date

from sqlmodel import Session, select

from council import meetings
from council.db import write_session
from council.models import AgendaItem, Decision, FollowUp, Province
from tests.app.conftest import goto, signed_in


def markdown(at) -> str:
    """The page's Markdown with the escapes of council.ui.text.plain taken out."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(m.value for m in at.markdown))


def buttons(at) -> set[str]:
    return {b.key for b in at.button if b.key}


def test_secretariat_prepares_a_meeting_and_records_a_decision(app_users, app_db):
    at = goto(signed_in(app_users["secretariat"]), "meetings")
    assert not at.exception
    assert "Chưa có phiên họp nào của vùng này." in [i.value for i in at.info]
    at.text_input(key="meetings_new_place").input("Hà Nội")
    at.selectbox(key="meetings_new_kind").set_value("standing")
    at.button(key="FormSubmitter:meetings_new-Tạo phiên họp").click().run()
    assert not at.exception
    assert "Đã tạo phiên họp." in [s.value for s in at.success]
    assert "Chương trình họp chưa có nội dung." in " ".join(i.value for i in at.info)

    at.button(key="meetings_generate").click().run()
    assert not at.exception
    with Session(app_db) as s:
        items = s.exec(select(AgendaItem).order_by(AgendaItem.position)).all()
    assert items, "the seeded region has figures overdue at least"
    assert f"Đã thêm {len(items)} nội dung vào chương trình họp." in [s.value for s in at.success]
    text = markdown(at)
    assert f"**1. {items[0].title}**" in text
    # Generating again adds nothing twice.
    at.button(key="meetings_generate").click().run()
    assert "Không có nội dung mới cần đưa vào chương trình." in [s.value for s in at.success]

    first = items[0].id
    at.button(key=f"meetings_drop_{first}").click().run()
    assert not at.exception
    assert f"~~{items[0].title}~~" in markdown(at)
    at.button(key=f"meetings_drop_{first}").click().run()

    second = items[1].id if len(items) > 1 else first
    at.text_area(key=f"meetings_dec_{second}_text").input("Đề nghị Hà Nội gửi đủ số liệu năm trước.")
    hanoi = _province(app_db, "Hà Nội")
    at.multiselect(key=f"meetings_dec_{second}_provinces").set_value([hanoi])
    at.button(key=f"FormSubmitter:meetings_dec_{second}-Lưu kết luận").click().run()
    assert not at.exception
    with Session(app_db) as s:
        decision = s.exec(select(Decision)).one()
        assert s.exec(select(FollowUp)).one().status == "open"
    assert "Đề nghị Hà Nội gửi đủ số liệu năm trước." in markdown(at)

    at.button(key="meetings_export_prepare").click().run()
    assert not at.exception
    assert {"meetings_download_pdf", "meetings_download_docx"} <= {d.key for d in at.get("download_button")}

    at.button(key="meetings_close").click().run()
    assert not at.exception
    assert "meetings_generate" not in buttons(at)
    assert any("Phiên họp đã kết thúc" in i.value for i in at.info)
    assert f"meetings_fix_{decision.id}_text" in {t.key for t in at.text_area}


def _province(engine, name: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Province.id).where(Province.name_vi == name)).one()


def test_representative_reads_but_cannot_edit(app_users, app_db):
    with write_session(app_db) as s:
        m = meetings.create_meeting(
            s, app_users["secretariat"], region_id=2, meeting_date=date(2026, 12, 1), place="Hải Phòng"
        )
        meetings.add_item(s, app_users["secretariat"], m["id"], title="Kết nối giao thông vùng")
    at = goto(signed_in(app_users["province_rep"]), "meetings")
    assert not at.exception
    assert "**1. Kết nối giao thông vùng**" in markdown(at)
    assert not {"meetings_generate", "meetings_close"} & buttons(at)
    assert not [k for k in buttons(at) if k.startswith(("meetings_drop_", "meetings_up_"))]
    assert "meetings_new_place" not in {t.key for t in at.text_input}
    # Everyone may export the pack.
    assert "meetings_export_prepare" in buttons(at)


def test_my_province_for_a_representative(app_users, app_db):
    hanoi = _province(app_db, "Hà Nội")
    with write_session(app_db) as s:
        m = meetings.create_meeting(
            s, app_users["secretariat"], region_id=2, meeting_date=date(2026, 12, 1), place="Hà Nội"
        )
        item = meetings.add_item(s, app_users["secretariat"], m["id"], title="Thoát nước liên tỉnh")
        meetings.record_decision(
            s,
            app_users["secretariat"],
            item["id"],
            text="Hà Nội chủ trì lập phương án",
            province_ids=[hanoi],
            deadline=date(2027, 3, 1),
        )
    at = goto(signed_in(app_users["province_rep"]), "my-province")
    assert not at.exception
    assert [t.value for t in at.title] == ["Việc của Hà Nội"]
    text = markdown(at)
    assert "Hà Nội chủ trì lập phương án — thời hạn 01/03/2027 (Đang theo dõi)" in text
    assert "Kết luận mới của Hội đồng: Hà Nội chủ trì lập phương án" in text  # what changed
    assert "Đây là lần truy cập đầu tiên; các thay đổi gần đây:" in [c.value for c in at.caption]
    # Each item links, inside the app, to where it is acted on.
    links = [(e.proto.page, e.proto.label) for e in at.get("page_link")]
    assert ("meetings", "Mở") in links


def test_my_province_for_the_secretariat_picks_a_province(app_users):
    at = goto(signed_in(app_users["secretariat"]), "my-province")
    assert not at.exception
    assert len(at.selectbox(key="myprovince_province").options) == 6  # the region's provinces
    assert at.title[0].value.startswith("Việc của ")


def test_my_province_shows_the_first_lines_of_a_long_section_and_counts_the_rest(app_users, app_db):
    from council import conflicts
    from council.myprovince import party_conflicts
    from pages.myprovince_page import SECTION_LIMIT

    with Session(app_db) as s:
        hanoi = s.exec(select(Province.id).where(Province.name_vi == "Hà Nội")).one()
        haiphong = s.exec(select(Province.id).where(Province.name_vi == "Hải Phòng")).one()
    extra = 4
    with write_session(app_db) as s:
        for n in range(SECTION_LIMIT + extra):
            conflicts.open_conflict(
                s,
                app_users["secretariat"],
                title=f"Tranh chấp số {n}",
                parties=[
                    {"province_id": hanoi, "position": "Phản đối"},
                    {"province_id": haiphong, "position": "Ủng hộ"},
                ],
            )
    with Session(app_db) as s:
        total = len(party_conflicts(s, hanoi))
    assert total >= SECTION_LIMIT + extra
    at = goto(signed_in(app_users["province_rep"]), "my-province")
    assert not at.exception
    shown = [b for b in at.get("page_link") if b.proto.page == "conflicts"]
    assert len(shown) == SECTION_LIMIT
    assert f"… và {total - SECTION_LIMIT} mục khác (xem đầy đủ trên trang tương ứng)." in [
        c.value for c in at.caption
    ]


def test_a_decision_changed_since_its_form_opened_is_not_overwritten(app_users, app_db):
    from tests.conftest import make_user

    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    with Session(app_db) as s:
        region = s.exec(select(Province.region_id).where(Province.name_vi == "Hà Nội")).one()
    with write_session(app_db) as s:
        meeting = meetings.create_meeting(
            s, sec, region_id=region, meeting_date=date(2026, 12, 15), place="Hà Nội"
        )
        item = meetings.add_item(s, sec, meeting["id"], title="Nối tuyến vành đai")
        decision = meetings.record_decision(
            s, sec, item["id"], text="Giao Hà Nội chủ trì.", responsible_bodies="Bộ Xây dựng"
        )
    at = goto(signed_in(sec), "meetings")
    key = f"meetings_edit_{decision['id']}"
    text_key = f"meetings_edit_text_{decision['id']}"
    assert at.text_area(key=text_key).value == "Giao Hà Nội chủ trì."
    with write_session(app_db) as s:  # someone else edits it after this form opened
        version = s.get(Decision, decision["id"]).version
        meetings.edit_decision(
            s,
            other,
            decision["id"],
            expected_version=version,
            text="Giao Bắc Ninh chủ trì.",
            responsible_bodies="Bộ Xây dựng",
        )
    at.text_area(key=text_key).input("Giao Hưng Yên chủ trì.")
    next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{key}-")).click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with Session(app_db) as s:
        assert s.get(Decision, decision["id"]).text == "Giao Bắc Ninh chủ trì."
    # Reopened on their version; the next save is checked against it (not dropped, not forgotten).
    assert at.text_area(key=text_key).value == "Giao Bắc Ninh chủ trì."


# --- the page kit's cycle on every meetings form ---------------------------------------------


def _meeting_with_items(engine, sec, *titles):
    with write_session(engine) as s:
        m = meetings.create_meeting(s, sec, region_id=2, meeting_date=date(2026, 12, 15), place="Hà Nội")
        items = [meetings.add_item(s, sec, m["id"], title=t) for t in titles]
    return m, items


def _count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


def test_a_created_meeting_is_shown_at_once_and_the_form_is_empty(app_users, app_db):
    sec = app_users["secretariat"]
    _meeting_with_items(app_db, sec)
    at = goto(signed_in(sec), "meetings")
    at.text_input(key="meetings_new_place").input("Hải Dương")
    at.button(key="FormSubmitter:meetings_new-Tạo phiên họp").click().run()
    assert "Đã tạo phiên họp." in [s.value for s in at.success]
    assert len(at.selectbox(key="meetings_select").options) == 2
    assert "Hải Dương" in at.subheader[0].value  # the new meeting is the one shown
    assert at.text_input(key="meetings_new_place").value == ""
    at.text_input(key="meetings_new_place").input("Hải Dương")  # a double click
    at.button(key="FormSubmitter:meetings_new-Tạo phiên họp").click().run()
    assert not at.error
    with Session(app_db) as s:
        assert len(s.exec(select(meetings.Meeting)).all()) == 2


def test_a_meeting_edit_after_someone_elses_is_refused_then_saved_once(app_users, app_db):
    from tests.conftest import make_user

    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    m, _ = _meeting_with_items(app_db, sec)
    at = goto(signed_in(sec), "meetings")
    key = f"meetings_meeting_place_{m['id']}"
    submit = f"FormSubmitter:meetings_meeting_{m['id']}-Lưu"
    with write_session(app_db) as s:
        meetings.update_meeting(
            s,
            other,
            m["id"],
            expected_version=m["version"],
            meeting_date=date(2026, 12, 16),
            place="Bắc Ninh",
            kind="plenary",
        )
    at.text_input(key=key).input("Hưng Yên")
    at.button(key=submit).click().run()
    assert any("sec2" in e.value for e in at.error)
    with Session(app_db) as s:
        assert s.get(meetings.Meeting, m["id"]).place == "Bắc Ninh"
    assert at.text_input(key=key).value == "Bắc Ninh"  # reopened on their version
    at.text_input(key=key).input("Hưng Yên")
    at.button(key=submit).click().run()
    assert "Đã lưu." in [s.value for s in at.success]
    with Session(app_db) as s:
        version = s.get(meetings.Meeting, m["id"]).version
    at.text_input(key=key).input("Hưng Yên")
    at.button(key=submit).click().run()
    with Session(app_db) as s:
        assert s.get(meetings.Meeting, m["id"]).version == version


def test_an_added_item_is_listed_and_counted_at_once_and_added_once(app_users, app_db):
    sec = app_users["secretariat"]
    m, _ = _meeting_with_items(app_db, sec, "Nội dung có sẵn")
    at = goto(signed_in(sec), "meetings")
    submit = f"FormSubmitter:meetings_add_{m['id']}-Thêm"
    at.text_input(key="meetings_add_title").input("Cấp nước liên tỉnh")
    at.button(key=submit).click().run()
    assert "**2. Cấp nước liên tỉnh**" in markdown(at)
    assert any("2 nội dung trong chương trình" in c.value for c in at.caption)
    assert at.text_input(key="meetings_add_title").value == ""
    at.text_input(key="meetings_add_title").input("Cấp nước liên tỉnh")
    at.button(key=submit).click().run()
    assert _count(app_db, AgendaItem) == 2


def test_a_move_after_someone_elses_change_is_refused_with_who_and_when(app_users, app_db):
    from tests.conftest import make_user

    sec = app_users["secretariat"]
    other = make_user(app_db, "secretariat", username="sec2")
    _, (first, second) = _meeting_with_items(app_db, sec, "Thứ nhất", "Thứ hai")
    at = goto(signed_in(sec), "meetings")
    with write_session(app_db) as s:  # someone else drops the second item while the page is shown
        meetings.set_dropped(s, other, second["id"], expected_version=second["version"], dropped=True)
    at.button(key=f"meetings_up_{second['id']}").click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with Session(app_db) as s:
        assert s.get(AgendaItem, second["id"]).position == 2
    # The page now shows the item as it is: the next click is checked against that.
    at.button(key=f"meetings_drop_{second['id']}").click().run()
    assert not at.error
    with Session(app_db) as s:
        assert s.get(AgendaItem, second["id"]).dropped is False


def test_a_recorded_decision_is_listed_at_once_and_recorded_once(app_users, app_db):
    sec = app_users["secretariat"]
    _, (item,) = _meeting_with_items(app_db, sec, "Nối tuyến vành đai")
    at = goto(signed_in(sec), "meetings")
    key = f"meetings_dec_{item['id']}"
    at.text_area(key=f"{key}_text").input("Giao Hà Nội chủ trì.")
    at.text_input(key=f"{key}_bodies").input("Bộ Xây dựng")
    at.button(key=f"FormSubmitter:{key}-Lưu kết luận").click().run()
    assert "Giao Hà Nội chủ trì." in markdown(at)
    assert at.text_area(key=f"{key}_text").value == ""
    at.text_area(key=f"{key}_text").input("Giao Hà Nội chủ trì.")
    at.text_input(key=f"{key}_bodies").input("Bộ Xây dựng")
    at.button(key=f"FormSubmitter:{key}-Lưu kết luận").click().run()
    assert _count(app_db, Decision) == 1


def test_a_decision_edit_saved_twice_after_a_success_writes_once(app_users, app_db):
    sec = app_users["secretariat"]
    _, (item,) = _meeting_with_items(app_db, sec, "Nối tuyến vành đai")
    with write_session(app_db) as s:
        decision = meetings.record_decision(
            s, sec, item["id"], text="Giao Hà Nội chủ trì.", responsible_bodies="Bộ Xây dựng"
        )
    at = goto(signed_in(sec), "meetings")
    text_key = f"meetings_edit_text_{decision['id']}"
    submit = f"FormSubmitter:meetings_edit_{decision['id']}-Lưu kết luận"
    at.text_area(key=text_key).input("Giao Hưng Yên chủ trì.")
    at.button(key=submit).click().run()
    assert "Đã lưu." in [s.value for s in at.success]
    with Session(app_db) as s:
        version = s.get(Decision, decision["id"]).version
    at.text_area(key=text_key).input("Giao Hưng Yên chủ trì.")
    at.button(key=submit).click().run()
    assert not at.error
    with Session(app_db) as s:
        assert s.get(Decision, decision["id"]).version == version

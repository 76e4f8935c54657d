"""Meetings and "my province" pages driven through the app (AppTest)."""

from datetime import date

from sqlmodel import Session, select

from council import meetings
from council.db import write_session
from council.models import AgendaItem, Decision, FollowUp, Province
from tests.app.conftest import goto, signed_in


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


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
    assert at.text_area(key=f"{key}_text").value == "Giao Hà Nội chủ trì."
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
    at.text_area(key=f"{key}_text").input("Giao Hưng Yên chủ trì.")
    next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{key}-")).click().run()
    assert not at.exception
    assert any("sec2" in e.value for e in at.error)
    with Session(app_db) as s:
        assert s.get(Decision, decision["id"]).text == "Giao Bắc Ninh chủ trì."

"""The briefing pack opens as a valid PDF and DOCX whose text holds the agenda with its
Vietnamese diacritics intact, the key numbers and the decisions; English on request."""

import io
import unicodedata
from datetime import date

from docx import Document
from pypdf import PdfReader

from council import briefing, meetings
from council.db import read_session, write_session
from tests import meeting_factories as f

TODAY = date(2026, 11, 23)


def _meeting(engine, users) -> tuple[int, int]:
    sec = users["secretariat"]
    late = f.project(
        engine,
        "Đường vành đai 4 – Vùng Thủ đô (đoạn Hưng Yên)",
        ["Hà Nội", "Hưng Yên"],
        planned_end=date(2026, 6, 30),
        shares={"Hà Nội": 62.5, "Hưng Yên": 37.5},
        accepted=("Hà Nội",),
    )
    with write_session(engine) as s:
        m = meetings.create_meeting(
            s,
            sec,
            region_id=f.region_of(engine, "Hà Nội"),
            meeting_date=date(2026, 12, 1),
            place="Trụ sở Ủy ban nhân dân thành phố Hà Nội",
            kind="thematic",
        )
        meetings.generate_agenda(s, sec, m["id"], today=TODAY)
        item = meetings.add_item(
            s,
            sec,
            m["id"],
            title="Điều chỉnh quy hoạch khu đô thị ven sông Hồng",
            summary="Ý kiến của Sở Xây dựng về phương án điều chỉnh.",
        )
        meetings.record_decision(
            s,
            sec,
            item["id"],
            text="Giao Hà Nội chủ trì, báo cáo trước ngày 31/3/2027",
            province_ids=[f.pid(engine, "Hà Nội")],
            deadline=date(2027, 3, 31),
        )
    return m["id"], late


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in reader.pages))


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_and_docx_hold_the_agenda_in_vietnamese(engine, users):
    mid, _ = _meeting(engine, users)
    with read_session(engine) as s:
        detail = meetings.meeting_detail(s, mid)
        pack = briefing.build_pack(s, mid, "vi", TODAY)
        pdf = briefing.to_pdf(pack)
        docx = briefing.to_docx(pack)
    titles = [i["title"] for i in detail["items"]]
    assert "Đường vành đai 4 – Vùng Thủ đô (đoạn Hưng Yên)" in titles
    assert pdf.startswith(b"%PDF-")
    for text in (flat(pdf_text(pdf)), flat(docx_text(docx))):
        assert "TÀI LIỆU PHỤC VỤ PHIÊN HỌP" in text
        assert "Phiên họp chuyên đề ngày 01/12/2026 tại Trụ sở Ủy ban nhân dân thành phố Hà Nội" in text
        for n, title in enumerate(titles, start=1):
            assert f"{n}. {title}" in text
        # Key numbers, formatted the Vietnamese way, and the decision.
        assert "Chưa xác nhận đồng ý phương án phân bổ: Hưng Yên." in text
        assert "quá thời hạn hoàn thành theo kế hoạch" in text
        assert "Giao Hà Nội chủ trì, báo cáo trước ngày 31/3/2027" in text
        assert "Ý kiến của Sở Xây dựng về phương án điều chỉnh." in text
    # A chart per item that has numbers: the cost shares of the late project are drawn.
    doc = Document(io.BytesIO(docx))
    assert len(doc.inline_shapes) >= 1


def test_english_on_request(engine, users):
    mid, _ = _meeting(engine, users)
    with read_session(engine) as s:
        text = flat(pdf_text(briefing.export(s, mid, "pdf", "en", TODAY)))
        docx = flat(docx_text(briefing.export(s, mid, "docx", "en", TODAY)))
    for t in (text, docx):
        assert "BRIEFING PACK" in t
        assert "Thematic meeting on 01/12/2026" in t
        assert "Cost split not yet accepted by: Hưng Yên." in t
        assert "Đường vành đai 4 – Vùng Thủ đô (đoạn Hưng Yên)" in t  # names stay Vietnamese


def test_dropped_items_are_left_out_and_numbers_follow_the_order(engine, users):
    mid, late = _meeting(engine, users)
    with read_session(engine) as s:
        items = meetings.meeting_detail(s, mid)["items"]
    target = next(i for i in items if i["ref_entity"] == "project" and i["ref_id"] == str(late))
    with write_session(engine) as s:
        meetings.set_dropped(
            s, users["secretariat"], target["id"], expected_version=target["version"], dropped=True
        )
    with read_session(engine) as s:
        pack = briefing.build_pack(s, mid, "vi", TODAY)
    listed = [(i.title, i.kind_label) for i in pack.items]
    assert len(listed) == len(items) - 1
    assert (target["title"], "Dự án chậm tiến độ") not in listed
    assert (target["title"], "Phương án phân bổ chi phí chưa được tất cả các tỉnh xác nhận") in listed
    assert [i.number for i in pack.items] == list(range(1, len(pack.items) + 1))


def test_chart_png_draws_every_bar():
    png = briefing.chart_png(
        {
            "title": "Tỷ lệ phân bổ chi phí (%)",
            "labels": ["Hà Nội", "Hưng Yên"],
            "values": [62.5, 37.5],
            "reference": None,
            "lang": "vi",
        }
    )
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width == 1400
    blue = sum(1 for px in img.getdata() if px == (37, 99, 235))
    assert blue > 1000  # the bars are there


def test_empty_agenda_still_makes_a_pack(engine, users):
    with write_session(engine) as s:
        m = meetings.create_meeting(s, users["secretariat"], region_id=1, meeting_date=TODAY, place="Lào Cai")
    with read_session(engine) as s:
        text = flat(pdf_text(briefing.export(s, m["id"], "pdf", "vi", TODAY)))
    assert "Chương trình họp chưa có nội dung." in text
    assert "Hội đồng điều phối vùng Trung du và miền núi phía Bắc" in text

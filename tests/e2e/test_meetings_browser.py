"""In a real browser, the secretariat creates a meeting, drafts its agenda from the live data
and exports the briefing pack as PDF and Word."""

import io
import unicodedata

import pytest
from docx import Document
from pypdf import PdfReader
from sqlmodel import Session, select

from council.db import make_engine
from council.models import AgendaItem
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_secretariat_generates_an_agenda_and_exports_the_pack(server, browser):
    engine = make_engine(server.db_url)
    make_user(engine, "secretariat", username="sec")
    page = browser.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill("sec")
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)
    page.get_by_text("Tổng quan vùng Đồng bằng sông Hồng").wait_for(timeout=30_000)

    page.goto(f"{server.url}/meetings")
    wait_idle(page)
    page.get_by_text("Phiên họp Hội đồng điều phối vùng").first.wait_for(timeout=30_000)
    page.locator(".st-key-meetings_new_place input").fill("Hà Nội")
    page.get_by_role("button", name="Tạo phiên họp").click()
    wait_idle(page)
    page.get_by_text("Đã tạo phiên họp.").wait_for(timeout=30_000)

    page.locator(".st-key-meetings_generate button").click()
    wait_idle(page)
    page.get_by_text("nội dung vào chương trình họp").wait_for(timeout=60_000)
    with Session(engine) as s:
        titles = [i.title for i in s.exec(select(AgendaItem).order_by(AgendaItem.position))]
    assert titles
    wait_idle(page)
    for title in titles:  # each item is on the page (waited for: the list renders after the message)
        page.locator('[data-testid="stMain"]').get_by_text(title, exact=False).first.wait_for(timeout=30_000)

    page.locator(".st-key-meetings_export_prepare button").click()
    wait_idle(page)
    with page.expect_download(timeout=60_000) as pdf_download:
        page.locator(".st-key-meetings_download_pdf button").click()
    pdf = open(pdf_download.value.path(), "rb").read()
    text = unicodedata.normalize("NFC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    text = " ".join(text.split())
    assert "TÀI LIỆU PHỤC VỤ PHIÊN HỌP" in text
    for n, title in enumerate(titles, start=1):
        assert f"{n}. {title}" in text
    with page.expect_download(timeout=60_000) as docx_download:
        page.locator(".st-key-meetings_download_docx button").click()
    doc = Document(docx_download.value.path())
    assert titles[0] in "\n".join(p.text for p in doc.paragraphs)
    assert not page.locator('[data-testid="stException"]').count()

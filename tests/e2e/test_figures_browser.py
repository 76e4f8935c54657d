"""In a real browser: a representative enters a figure and submits it; the secretariat approves it."""

import pytest
from sqlmodel import select

from council.db import make_engine, read_session
from council.models import Observation
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def sign_in(page, url, username):
    page.goto(url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill(username)
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)


def open_figures(page):
    page.get_by_role("link", name="Số liệu của tỉnh").click()
    wait_idle(page)
    page.get_by_text("Số liệu của tỉnh, thành phố", exact=True).first.wait_for(timeout=30_000)


def test_representative_enters_and_submits_secretariat_approves(server, browser):
    engine = make_engine(server.db_url)
    make_user(engine, "province_rep", "Hà Nội", username="rep.hanoi")
    make_user(engine, "secretariat", username="sec")
    page = browser.new_page(viewport={"width": 1400, "height": 1400})

    sign_in(page, server.url, "rep.hanoi")
    open_figures(page)
    page.get_by_text("Nhập nhanh một số liệu").click()
    wait_idle(page)
    page.locator(".st-key-figures_quick_value input").fill("12.5")
    page.locator(".st-key-figures_quick_comment input").fill("Số ước tính của Sở")
    page.get_by_role("button", name="Lưu số liệu").click()
    wait_idle(page)
    page.get_by_text("Đã lưu 1 số liệu (nháp).").wait_for(timeout=30_000)
    page.locator(".st-key-figures_submit button").click()
    wait_idle(page)
    page.get_by_text("Đã gửi 1 số liệu cho Cơ quan thường trực.").wait_for(timeout=30_000)
    with read_session(engine) as s:
        entered = s.exec(select(Observation).where(Observation.entered_by == "rep.hanoi")).all()
    assert [(o.value, o.status, o.comment) for o in entered] == [(12.5, "submitted", "Số ước tính của Sở")]
    page.locator(".st-key-sign_out button").click()
    wait_idle(page)

    sign_in(page, server.url, "sec")
    open_figures(page)
    page.get_by_text("Số liệu chờ phê duyệt").wait_for(timeout=30_000)
    assert "12,5" in page.locator('[data-testid="stMain"]').inner_text()
    page.locator(".st-key-figures_approve button").click()
    wait_idle(page)
    page.get_by_text("Đã phê duyệt 1 số liệu; số liệu đã khóa.").wait_for(timeout=30_000)
    with read_session(engine) as s:
        o = s.get(Observation, entered[0].id)
    assert o.status == "approved"
    assert not page.locator('[data-testid="stException"]').count()

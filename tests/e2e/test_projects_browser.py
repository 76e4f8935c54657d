"""In a real browser: the secretariat creates a project through the form and finds it in the list."""

import io

import pytest
from openpyxl import load_workbook

from council.db import make_engine
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def _sign_in(page, server, username):
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill(username)
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)


def _choose(page, key, text):
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(text)
    page.locator('[role="option"]').filter(has_text=text).first.click()
    wait_idle(page)


def _view(page, label):
    page.locator(".st-key-projects_view button").filter(has_text=label).click()
    wait_idle(page)


def test_create_a_project_through_the_form_and_see_it_in_the_list(server, browser):
    make_user(make_engine(server.db_url), "secretariat", username="sec")
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    _sign_in(page, server, "sec")
    page.get_by_text("Tổng quan vùng Đồng bằng sông Hồng").wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Danh mục dự án").click()
    wait_idle(page)
    page.get_by_text("Danh mục dự án liên tỉnh").wait_for(timeout=30_000)
    pick = page.locator(".st-key-projects_open_pick input")
    assert pick.input_value() == "DA-001 · Đường Vành đai 4 – Vùng Thủ đô Hà Nội"
    assert "3 / 3 dự án" in page.locator('[data-testid="stMain"]').inner_text()

    # The Excel export is built only when its button is clicked (deferred download), and holds the list.
    _view(page, "Nhập / xuất")
    wait_idle(page)
    with page.expect_download(timeout=60_000) as download:
        page.locator(".st-key-projects_export_xlsx button").click()
    assert download.value.suggested_filename == "du-an.xlsx"
    with open(download.value.path(), "rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).active
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "DA-001" in codes

    _view(page, "Thêm dự án")
    wait_idle(page)
    page.locator(".st-key-projects_new_code input").fill("DA-777")
    page.locator(".st-key-projects_new_name_vi input").fill("Cầu Hưng Hà – Hà Nội mở rộng")
    _choose(page, "projects_new_provinces", "Hà Nội")
    _choose(page, "projects_new_provinces", "Hưng Yên")
    page.keyboard.press("Escape")
    # One share field per province; the running total follows what is typed.
    page.get_by_label("Hà Nội (%)").fill("70")
    page.get_by_label("Hà Nội (%)").press("Tab")
    wait_idle(page)
    page.get_by_label("Hưng Yên (%)").fill("30,5")
    page.get_by_label("Hưng Yên (%)").press("Tab")
    wait_idle(page)
    page.get_by_text("Tổng: 100,5 % · vượt 100 % là 0,5 %.").wait_for(timeout=30_000)
    page.locator(".st-key-projects_new_submit button").click()
    wait_idle(page)
    # A bad sum is refused with the field and the total, and nothing is written.
    page.get_by_text("Tổng tỷ lệ phân bổ là 100,5 %, phải bằng 100 %.").wait_for(timeout=30_000)
    page.get_by_label("Hưng Yên (%)").fill("30")
    page.get_by_label("Hưng Yên (%)").press("Tab")
    wait_idle(page)
    page.locator(".st-key-projects_new_submit button").click()
    wait_idle(page)
    page.get_by_text("Đã thêm dự án DA-777.").wait_for(timeout=30_000)

    _view(page, "Danh sách")
    page.locator(".st-key-projects_search input").fill("hung ha")
    page.locator(".st-key-projects_search input").press("Enter")
    wait_idle(page)
    # The list (a canvas) now holds only the new project: the count says so, and the project
    # picker under the list offers it.
    assert "1 / 4 dự án" in page.locator('[data-testid="stMain"]').inner_text()
    assert pick.input_value() == "DA-777 · Cầu Hưng Hà – Hà Nội mở rộng"
    assert not page.locator('[data-testid="stException"]').count()

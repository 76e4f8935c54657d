import pytest

from council.db import make_engine
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_open_the_graph_page_and_select_a_province(server, browser):
    make_user(make_engine(server.db_url), "expert", username="expert")
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill("expert")
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)
    page.locator(".st-key-sign_out").wait_for(timeout=30_000)  # signed in (an expert lands on conflicts)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Mạng liên kết tỉnh").click()
    wait_idle(page)
    page.get_by_text("Mạng liên kết giữa các tỉnh, thành phố").wait_for(timeout=30_000)
    # The graph is drawn: plotly renders a geo map with the provinces' markers.
    page.locator(".st-key-network_graph .js-plotly-plot").wait_for(timeout=30_000)
    assert page.locator(".st-key-network_graph .geo").count() >= 1

    # The selectbox is searchable: type the name and take the first match.
    page.locator(".st-key-network_province input").click()
    page.keyboard.type("Hà Nội")
    page.get_by_role("option", name="Hà Nội", exact=True).click()
    wait_idle(page)
    page.get_by_text("Các liên kết của Hà Nội").wait_for(timeout=30_000)
    links = page.locator(".st-key-network_ego_links").inner_text()
    assert "Bắc Ninh" in links and "DA-001" in links
    page.locator(".st-key-network_ego_graph .js-plotly-plot").wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stException"]').count()

import pytest

from council.db import make_engine
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_sign_in_through_the_real_form_and_see_the_region(server, browser):
    engine = make_engine(server.db_url)
    make_user(engine, "province_rep", "Hà Nội", username="rep.hanoi")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill("rep.hanoi")
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)
    # A representative lands on their province's work, then opens the region overview.
    page.get_by_text("Việc của Hà Nội").wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Tổng quan vùng").click()
    wait_idle(page)
    page.get_by_text("Tổng quan vùng Đồng bằng sông Hồng").wait_for(timeout=30_000)
    body = page.locator('[data-testid="stMain"]').inner_text()
    for name in ("Hà Nội", "Hải Phòng", "Ninh Bình", "Hưng Yên", "Bắc Ninh", "Quảng Ninh"):
        assert name in body, name
    # The map's base layer is served by the app itself (no internet on the council's machines).
    page.locator(".js-plotly-plot .geo .layer.land path").first.wait_for(state="attached", timeout=60_000)
    assert any("/app/static/topojson/asia_50m.json" in u for u in requests)  # not the world's
    assert not any("cdn.plot.ly" in u for u in requests)
    # The provinces are drawn from the boundary file the app serves (fetched once, not re-sent in
    # every figure): one shape per province of the region.
    page.locator(".js-plotly-plot .choroplethlayer path.choroplethlocation").first.wait_for(
        state="attached", timeout=60_000
    )
    assert page.locator(".js-plotly-plot .choroplethlayer path.choroplethlocation").count() >= 6
    assert any(u.endswith("/app/static/maps/vn34_provinces.geojson") for u in requests)
    # A reload keeps the user signed in (signed, expiring cookie).
    page.reload()
    wait_idle(page)
    page.get_by_text("Tổng quan vùng Đồng bằng sông Hồng").wait_for(timeout=30_000)
    # Sign-out revokes it: after a reload the sign-in form is back.
    page.locator(".st-key-sign_out button").click()
    wait_idle(page)
    page.reload()
    wait_idle(page)
    page.locator(".st-key-signin_username input").wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stException"]').count()

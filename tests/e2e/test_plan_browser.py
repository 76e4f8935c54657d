import pytest
from sqlmodel import Session, select

from council import plan
from council.db import make_engine, write_session
from council.models import Indicator, Project, Target
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def test_plan_page_draws_the_delivery_chart_in_the_browser(server, browser, tmp_path):
    engine = make_engine(server.db_url)
    sec = make_user(engine, "secretariat", username="sec")
    with Session(engine) as s:
        target = s.exec(
            select(Target.id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .where(Indicator.code == "expressway_km", Target.plan_region == "Đồng bằng sông Cửu Long")
        ).one()
        wanted = {p.code: p for p in s.exec(select(Project).where(Project.code.in_(["DA-015", "DA-016"])))}
    with write_session(engine) as s:
        for p in wanted.values():
            plan.link_project(s, sec, project_id=p.id, target_id=target, quantity=p.length_km or 1)
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill("sec")
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)
    page.locator(".st-key-region_select input").click()
    page.keyboard.type("Cửu Long")
    page.get_by_role("option", name="Đồng bằng sông Cửu Long").click()
    wait_idle(page)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Thực hiện quy hoạch").click()
    wait_idle(page)
    page.get_by_text("Thực hiện quy hoạch vùng").first.wait_for(timeout=30_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)
    assert page.locator(".js-plotly-plot .barlayer").count() >= 1
    assert "Còn thiếu so với mục tiêu" in page.inner_text("body")
    assert not page.locator('[data-testid="stException"]').count()

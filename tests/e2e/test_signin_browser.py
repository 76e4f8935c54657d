"""In a real browser (issue 14, item 11): a stranger who spends an account's sign-in budget does
not lock its user out of the browser they signed in on before (device cookie), while a browser the
account never used waits, told so calmly."""

import pytest

from council import auth
from council.db import make_engine
from council.errors import SignInError
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e


def _sign_in(page, url):
    page.goto(url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill("rep.hanoi")
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)


def test_the_users_own_browser_still_signs_in_after_a_stranger_spent_the_budget(server, browser):
    engine = make_engine(server.db_url)
    make_user(engine, "province_rep", "Hà Nội", username="rep.hanoi")
    own = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = own.new_page()
    _sign_in(page, server.url)
    page.get_by_text("Việc của Hà Nội").first.wait_for(timeout=30_000)
    assert any(c["name"] == "council_device" for c in own.cookies())
    page.locator(".st-key-sign_out button").click()
    wait_idle(page)
    # The stranger, from elsewhere, spends the account's budget.
    for i in range(auth.LIMITS["account"] + 1):
        with pytest.raises(SignInError):
            auth.sign_in(engine, "rep.hanoi", f"guess-{i}", auth.Client(address="198.51.100.9"))
    # A browser the account never used must wait ...
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    stranger_page = other.new_page()
    _sign_in(stranger_page, server.url)
    stranger_page.get_by_text("Có quá nhiều lần đăng nhập không thành công").wait_for(timeout=30_000)
    assert not stranger_page.locator('[data-testid="stException"]').count()
    # ... the user's own browser signs in.
    _sign_in(page, server.url)
    page.get_by_text("Việc của Hà Nội").first.wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stException"]').count()
    own.close()
    other.close()

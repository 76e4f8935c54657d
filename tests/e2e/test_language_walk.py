"""In a real browser (issue 15): every page, as each role, in Vietnamese shows none of the English
UI words below, and in English none of the Vietnamese UI words; a forbidden and an unknown address
show the app's own page; the language survives a reload (the URL keeps ?lang=); no request leaves
the machine (the favicon is local)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from council.db import make_engine
from council.ui.shell import discover_pages, visible_to
from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import wait_idle

# One server and one browser for the module (module_server, module_browser): on one xdist worker.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("language_walk")]

# English (or technical) text that must not appear in the Vietnamese UI.
ENGLISH = [
    r"\bNone\b",
    r"Choose an option",
    r"Choose options",
    r"Press Enter",
    r"Page not found",
    r"\((conflict|project|agreement|observation|target|user|audit|meeting|comment|data)\.[a-z_]+\)",
    r"\{\"",  # raw JSON in the audit view
    r"data/SOURCES\.md",
    r"Markdown",
    r"No options to select",
    r"\b(provinces|projects)\.csv\b",  # a data file named in a source or note
    r"\bseed\b",  # the seed's user name instead of "Dữ liệu gốc"
]
# Vietnamese UI words that must not appear in the English UI (names and data may be Vietnamese).
VIETNAMESE = [
    r"Đăng xuất",
    r"Ngôn ngữ",
    r"Không mở được",
    r"Tổng quan vùng",
    r"Lưu thay đổi",
    r"Chưa có số liệu",
    r"Việc cần xử lý hôm nay",
    r"Đang chờ ý kiến của bạn",
    r"Tên tiếng Anh",
]

USERS = {
    "secretariat": ("sec", None),
    "province_rep": ("rep.hanoi", "Hà Nội"),
    "expert": ("expert", None),
    "observer": ("observer", None),
}


def _sign_in(page, url, username):
    page.goto(url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill(username)
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.locator(".st-key-signin_password input").press("Tab")
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator(".st-key-sign_out").wait_for(timeout=30_000)
    # The remember-me cookie is set by the next run: the reloads below sign in with it.
    for _ in range(100):
        if any(c["name"] == "council_session" for c in page.context.cookies()):
            return
        page.wait_for_timeout(200)
    raise AssertionError("no sign-in cookie")


def _text(page) -> str:
    return page.locator('[data-testid="stApp"]').inner_text()


def _offending(text: str, patterns: list[str]) -> list[str]:
    return [p for p in patterns if re.search(p, text)]


@pytest.mark.parametrize("role", list(USERS))
def test_every_page_speaks_the_readers_language(module_server, module_browser, role):
    # The four role tests only add their own user and read: one server and one Chromium for the
    # module (each test has its own browser context, so its own cookies).
    server, browser = module_server, module_browser
    engine = make_engine(server.db_url)
    username, province = USERS[role]
    actor = make_user(engine, role, province, username=username)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    outside: list[str] = []
    context.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if urlparse(r.url).hostname not in ("127.0.0.1", "localhost") and not r.url.startswith("data:")
            else None
        ),
    )
    page = context.new_page()
    _sign_in(page, server.url, username)
    paths = [s.url_path for s in discover_pages() if visible_to(s, actor)]
    forbidden = [s.url_path for s in discover_pages() if not visible_to(s, actor)]
    found: dict[str, list[str]] = {}
    for lang, patterns in (("vi", ENGLISH), ("en", VIETNAMESE)):
        for path in [*paths, *forbidden[:1], "no-such-page"]:
            page.goto(f"{server.url}/{path}?lang={lang}")  # a reload: a new session
            wait_idle(page)
            page.wait_for_timeout(500)
            text = _text(page)
            assert not page.locator('[data-testid="stException"]').count(), (path, lang)
            assert page.locator(".st-key-sign_out").count(), (path, lang, "not signed in after the reload")
            bad = _offending(text, patterns)
            if bad:
                found[f"{lang}:{path}"] = bad
            if path == "no-such-page" or path in forbidden:
                title = "Không mở được trang này" if lang == "vi" else "This page cannot be opened"
                assert title in text, (path, lang, text[:300])
    context.close()
    assert not found, found
    assert not outside, outside[:5]

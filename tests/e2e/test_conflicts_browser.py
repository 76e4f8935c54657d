"""Conflicts in a real browser: an expert posts a comment with a stance and sees it in the thread;
a comment carrying <script>, <img onerror> and a javascript: link shows as text and runs nothing."""

from __future__ import annotations

import pytest

from council import conflicts
from council.db import make_engine, write_session
from tests.conftest import PASSWORD, make_user, province_id
from tests.e2e.conftest import wait_idle

pytestmark = pytest.mark.e2e

XSS = (
    '<script>window.__pwned = 1; alert("script")</script> '
    '<img src="x" onerror="window.__pwned = 2; alert(\'img\')"> '
    "[bấm vào đây](javascript:window.__pwned=3;alert(document.cookie))"
)


def _setup(server):
    engine = make_engine(server.db_url)
    sec = make_user(engine, "secretariat", username="sec")
    make_user(engine, "expert", username="expert")
    parties = [
        {"province_id": province_id(engine, name), "position": f"Quan điểm của {name}"}
        for name in ("Hà Nội", "Hải Phòng")
    ]
    with write_session(engine) as s:
        opened = conflicts.open_conflict(
            s,
            sec,
            title="Ô nhiễm sông Đáy đoạn giáp ranh",
            type="environment",
            severity="high",
            parties=parties,
        )
    engine.dispose()
    return opened["id"]


def _sign_in_and_open_detail(server, browser, username):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url)
    wait_idle(page)
    page.locator(".st-key-signin_username input").fill(username)
    page.locator(".st-key-signin_password input").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_idle(page)
    page.get_by_text("Tổng quan vùng").first.wait_for(timeout=30_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Xung đột", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-conflicts_view").get_by_text("Chi tiết", exact=True).click()
    wait_idle(page)
    return page, dialogs


def _post(page, prefix, body, stance_label, reason):
    page.locator(f".st-key-{prefix}_body textarea").fill(body)
    page.locator(f".st-key-{prefix}_stance").click()
    page.get_by_role("option", name=stance_label, exact=True).click()
    page.locator(f".st-key-{prefix}_reason input").fill(reason)
    page.locator(f".st-key-{prefix}_submit button").click()
    wait_idle(page)


def test_expert_posts_a_comment_with_a_stance_and_sees_it(server, browser):
    cid = _setup(server)
    page, _ = _sign_in_and_open_detail(server, browser, "expert")
    page.get_by_text("C-", exact=False).first.wait_for(timeout=30_000)
    _post(
        page,
        f"conflict_comment_{cid}",
        "Đề nghị lập **trạm quan trắc** chung tại ranh giới",
        "Không đồng ý",
        "Số liệu hai tỉnh công bố mâu thuẫn",
    )
    page.get_by_text("Đã gửi ý kiến.").wait_for(timeout=30_000)
    thread = page.locator('[class*="st-key-conflicts_comment_"]')
    assert thread.count() == 1
    text = thread.first.inner_text()
    assert "Đề nghị lập trạm quan trắc chung tại ranh giới" in text  # Markdown bold rendered
    assert "Không đồng ý" in text and "Số liệu hai tỉnh công bố mâu thuẫn" in text and "expert" in text
    assert thread.first.locator("strong", has_text="trạm quan trắc").count() == 1
    assert not page.locator('[data-testid="stException"]').count()


def test_a_hostile_comment_shows_as_text_and_runs_nothing(server, browser):
    cid = _setup(server)
    page, dialogs = _sign_in_and_open_detail(server, browser, "expert")
    _post(page, f"conflict_comment_{cid}", XSS, "Thông tin thêm", "")
    page.get_by_text("Đã gửi ý kiến.").wait_for(timeout=30_000)
    comment = page.locator('[class*="st-key-conflicts_comment_"]').first
    text = comment.inner_text()
    assert '<script>window.__pwned = 1; alert("script")</script>' in text
    assert '<img src="x" onerror=' in text
    assert "javascript:window.__pwned=3" in text
    # Nothing was injected or run: no dialog, no flag, no image or script in the comment, no javascript: link.
    page.reload()  # the thread rendered again from the database on a fresh page
    wait_idle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Xung đột", exact=True).click()
    wait_idle(page)
    page.locator(".st-key-conflicts_view").get_by_text("Chi tiết", exact=True).click()
    wait_idle(page)
    comment = page.locator('[class*="st-key-conflicts_comment_"]').first
    comment.wait_for(timeout=30_000)
    links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:"))]
    assert comment.locator("img, script, iframe").count() == 0
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []

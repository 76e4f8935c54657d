""" "My province" shows what others typed as text: a comment preview never loads an image or
becomes a link (council.ui.text)."""

from __future__ import annotations

import re

from council import conflicts
from council.db import write_session
from tests.app.conftest import goto, signed_in
from tests.conftest import province_id

HOSTILE = "Xem ![ảnh](https://tracker.example/p.png) và [bấm vào](https://evil.example) :red[đỏ]"


def test_a_comment_preview_is_shown_as_typed_never_as_markup(app_users, app_db):
    sec, expert = app_users["secretariat"], app_users["expert"]
    parties = [
        {"province_id": province_id(app_db, name), "position": "Quan điểm"}
        for name in ("Hà Nội", "Hải Phòng")
    ]
    with write_session(app_db) as s:
        opened = conflicts.open_conflict(
            s, sec, title="Ô nhiễm [sông](https://x.example) Đáy", parties=parties
        )
        conflicts.add_comment(s, expert, opened["id"], body=HOSTILE, stance="information")
    at = goto(signed_in(app_users["province_rep"]), "my-province")
    assert not at.exception
    line = next(m.value for m in at.markdown if "tracker" in m.value)
    # Every Markdown character of the typed text is escaped: no image, no link, no colour directive.
    assert "![" not in line and ":red[đỏ]" not in line
    assert re.search(r"(?<!\\)\]\(", line) is None  # no "](" that would close a link label
    assert r"\[ảnh\]" in line and r"Ô nhiễm \[sông\]" in line

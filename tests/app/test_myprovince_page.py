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


def test_every_line_shown_links_to_its_record_in_one_row(app_users, app_db):
    """Each shown line of every section (its first SECTION_LIMIT items) is one row: its text and
    a link inside the app to exactly that record."""
    from urllib.parse import parse_qsl

    from council import myprovince
    from council.db import read_session
    from pages.myprovince_page import SECTION_LIMIT

    rep = app_users["province_rep"]
    sec = app_users["secretariat"]
    parties = [
        {"province_id": province_id(app_db, name), "position": "Quan điểm"}
        for name in ("Hà Nội", "Hải Phòng")
    ]
    with write_session(app_db) as s:
        for n in range(SECTION_LIMIT + 2):
            conflicts.open_conflict(s, sec, title=f"Tranh chấp {n}", parties=parties)
    at = goto(signed_in(rep), "my-province")
    assert not at.exception
    with read_session(app_db) as s:
        view = myprovince.province_view(s, rep.province_id)
    sections = ["figures_due", "returned", "awaiting_signoff", "shares", "late_projects", "settlements"]
    sections += ["conflicts", "decisions", "warnings"]
    wanted = [
        item["link"] for name in sections for item in view.get(name, [])[:SECTION_LIMIT] if item["link"]
    ]
    assert len(view["conflicts"]) > SECTION_LIMIT and len(wanted) > SECTION_LIMIT
    shown = [
        (e.proto.page, dict(parse_qsl(e.proto.query_string)))
        for e in at.get("page_link")
        if e.proto.label == "Mở"
    ]
    for link in wanted:
        path, _, query = link.partition("?")
        assert (path, dict(parse_qsl(query))) in shown, link
    # One flex row per line (its text beside its link): the page's only columns are its two halves.
    assert len(at.columns) == 2


def test_two_readers_of_one_province_share_one_computation_of_its_view(app_users, app_db, monkeypatch):
    """The province's view does not depend on who reads it: a second reader's first visit reuses
    the first reader's result (twenty representatives arriving after a meeting build it once)."""
    from council import myprovince
    from council.db import read_session
    from council.models import Province
    from tests.conftest import make_user

    calls = []
    real = myprovince.province_view

    def counted(session, province_id, today=None):
        calls.append(province_id)
        return real(session, province_id, today)

    counted.__module__, counted.__name__ = real.__module__, real.__name__  # how the cache finds it
    monkeypatch.setattr(myprovince, "province_view", counted)
    rep = app_users["province_rep"]
    with read_session(app_db) as s:
        name = s.get(Province, rep.province_id).name_vi
    other = make_user(app_db, "province_rep", username="rep2", province=name)
    first = goto(signed_in(rep), "my-province")
    second = goto(signed_in(other), "my-province")
    assert not first.exception and not second.exception
    assert calls == [rep.province_id]

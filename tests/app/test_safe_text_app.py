"""User text reaches the screen as text (issue 14, item 14), and an unexpected error shows an
error id instead of a traceback (item 15)."""

from __future__ import annotations

import logging
import re

from council import auth, projects
from council.db import write_session
from council.models import Project
from tests.app.conftest import goto, signed_in
from tests.conftest import PASSWORD, province_id

PIXEL = "![px](http://tracker.example/p.png)"
LIVE_IMAGE = re.compile(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\(")
LIVE_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?!https?://)")


def _rendered(at) -> list[str]:
    """Every Markdown-rendering text of the run: markdown, titles, captions, notices."""
    out = []
    for kind in ("markdown", "title", "subheader", "caption", "warning", "error", "info", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [e.value for e in at.sidebar.markdown]
    return out


def _hostile_project(engine, sec) -> int:
    with write_session(engine) as s:
        row = projects.create_project(
            s,
            sec,
            {
                "code": "DA-666",
                "name_vi": f"Cầu {PIXEL} **đậm**",
                "type": "bridge",
                "status": "approved",
                "investment_note": f"ghi chú {PIXEL} [x](javascript:alert(1))",
                "participants": [
                    {"province_id": province_id(engine, "Hà Nội")},
                    {"province_id": province_id(engine, "Bắc Ninh")},
                ],
            },
        )
        # A source address stored before addresses were checked (an old database, a restored backup).
        project = s.get(Project, row["id"])
        project.source_url = "javascript:alert(1) ; https://chinhphu.vn/qd"
        s.add(project)
    return row["id"]


def test_project_text_and_display_names_render_no_image_and_no_script_link(app_users, app_db):
    with write_session(app_db) as s:
        sec = auth.create_user(
            s,
            auth.SYSTEM,
            username="thu.ky",
            password=PASSWORD,
            role="secretariat",
            display_name=f"Thư ký {PIXEL}",
        )
    pid = _hostile_project(app_db, sec)
    at = signed_in(sec)
    at.session_state["project_open"] = pid
    goto(at, "project")
    assert not at.exception
    texts = _rendered(at)
    assert any("DA-666" in t for t in texts)
    assert any("Thư ký" in t for t in at.sidebar.markdown.values)
    for text in texts:
        assert not LIVE_IMAGE.search(text), text
        assert not LIVE_LINK.search(text), text
    # The web source is a link showing its address; the script one is text.
    sources = next(t for t in texts if "https://chinhphu.vn/qd" in t)
    assert "(https\\://chinhphu.vn/qd)" in sources or "(https://chinhphu.vn/qd)" in sources


def test_a_deep_link_is_quoted_back_as_text(app_users):
    at = signed_in(app_users["observer"])
    at.query_params["project"] = "[bấm](https://evil.example/x)"
    goto(at, "project")
    (warning,) = at.warning
    assert "bấm" in warning.value and not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", warning.value)


def test_an_unexpected_error_shows_an_error_id_and_logs_the_traceback(app_users, monkeypatch, caplog):
    from council import notify

    def broken(session, *args):
        raise RuntimeError("database exploded at line 42")

    # A read the page makes on every rerun (the project list and record are cached views).
    monkeypatch.setattr(notify, "following_state", broken)
    at = signed_in(app_users["expert"])
    with caplog.at_level(logging.ERROR, logger="council.ui"):
        goto(at, "project")
    assert not at.exception  # no Streamlit exception box (and so no traceback) in the page
    (error,) = at.error
    error_id = re.search(r"Mã lỗi: ([0-9a-f]{8})", error.value).group(1)
    assert "exploded" not in error.value and "Traceback" not in error.value
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info and "database exploded" in str(logged[0].exc_info[1])
    # The sidebar and navigation still work after the error.
    assert at.sidebar.button(key="sign_out")


def test_the_server_shows_no_error_details():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit/config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"

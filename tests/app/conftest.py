"""AppTest helpers: run app.py against a fresh seeded SQLite file."""

from __future__ import annotations

import shutil

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from council.db import make_engine
from tests.conftest import PASSWORD, make_user

# AppTest keeps widget metadata (format_func lambdas) in session state under a testing key,
# which the pickle check of runner.enforceSerializableSessionState rejects. The real server
# keeps that check on (.streamlit/config.toml); only AppTest runs without it.
config.set_option("runner.enforceSerializableSessionState", False)


@pytest.fixture
def app_db(tmp_path, _seeded_template, monkeypatch):
    path = tmp_path / "app.db"
    shutil.copy(_seeded_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("COUNCIL_DATABASE_URL", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def app_users(app_db):
    return {
        "secretariat": make_user(app_db, "secretariat", username="sec"),
        "province_rep": make_user(app_db, "province_rep", "Hà Nội", username="rep.hanoi"),
        "expert": make_user(app_db, "expert", username="expert"),
        "observer": make_user(app_db, "observer", username="observer"),
    }


def new_app() -> AppTest:
    return AppTest.from_file("../../app.py", default_timeout=60)


def signed_in(actor) -> AppTest:
    """An app whose session is signed in as ``actor`` (with a real token, checked on every rerun)."""
    from council import auth
    from council.db import write_session
    from council.ui.context import get_engine

    with write_session(get_engine()) as session:
        token = auth.issue_token(session, actor)
    at = new_app()
    at.session_state["actor"] = actor.to_dict()
    at.session_state["token"] = token
    return at.run()


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_username").input(username)
    at.text_input(key="signin_password").input(password)
    at.button[0].click()
    return at.run()


def goto(at: AppTest, url_path: str) -> AppTest:
    """Open the navigation page registered under ``url_path``; LookupError when the
    signed-in role's navigation has no such page. AppTest.switch_page only knows
    file pages, and ours are callables, so this reads its page registry."""
    # The role's landing page is registered at the root address (url_pathname "").
    landing = at.session_state["_landing"] if "_landing" in at.session_state else None
    wanted = "" if url_path == landing else url_path
    for page_hash, info in at._registered_pages.items():
        if info.get("url_pathname") == wanted:
            at._page_hash = page_hash
            return at.run()
    raise LookupError(f"no page {url_path!r} in this navigation")

"""The first account on a server started before any account exists (issue 14, item 12): the form
needs the one-time setup code that the server prints on its console; an anonymous visitor who
does not have it cannot become the secretariat."""

from __future__ import annotations

from council import auth
from tests.app.conftest import new_app
from tests.conftest import PASSWORD


def _fill(at, code: str):
    at.text_input(key="first_setup_code").input(code)
    at.text_input(key="first_username").input("chanh.vanphong")
    at.text_input(key="first_password").input(PASSWORD)
    at.text_input(key="first_password2").input(PASSWORD)
    return at.button[0].click().run()


def test_the_first_account_needs_the_code_printed_on_the_console(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COUNCIL_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.delenv("COUNCIL_SETUP_CODE", raising=False)
    at = new_app().run()
    printed = capsys.readouterr().out
    from council.ui.context import get_engine

    code = auth.setup_code(get_engine())
    assert code in printed
    at = _fill(at, "ABCD-EFGH-JKLM-NPQR-STUV")
    assert not at.exception
    assert "actor" not in at.session_state
    assert any("Mã thiết lập không đúng" in e.value for e in at.error)
    at = _fill(at, code)
    assert not at.exception
    assert at.session_state["actor"]["role"] == "secretariat"
    assert auth.setup_code(get_engine()) is None


def test_a_weak_first_password_is_refused_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    monkeypatch.setenv("COUNCIL_SETUP_CODE", "operator-chosen-code-1")
    at = new_app().run()
    at.text_input(key="first_setup_code").input("operator-chosen-code-1")
    at.text_input(key="first_username").input("chanh.vanphong")
    for key in ("first_password", "first_password2"):
        at.text_input(key=key).input("password123")
    at.button[0].click().run()
    assert not at.exception and "actor" not in at.session_state
    assert any("quá phổ biến" in e.value for e in at.error)


def _locked(*args, **kwargs):
    from sqlalchemy.exc import OperationalError

    raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))


def test_a_locked_database_at_sign_in_shows_a_calm_message(app_users, monkeypatch):
    monkeypatch.setattr(auth, "_count_attempt", _locked)
    at = new_app().run()
    at.text_input(key="signin_username").input("expert")
    at.text_input(key="signin_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert any("Hệ thống đang bận" in e.value for e in at.error)


def test_a_locked_database_at_sign_out_keeps_the_session_and_says_so(app_users, monkeypatch):
    from tests.app.conftest import signed_in

    at = signed_in(app_users["expert"])
    monkeypatch.setattr(auth, "revoke_token", _locked)
    at.sidebar.button(key="sign_out").click().run()
    assert not at.exception
    assert at.session_state["actor"]["username"] == "expert"
    assert any("Hệ thống đang bận" in e.value for e in at.sidebar.error)

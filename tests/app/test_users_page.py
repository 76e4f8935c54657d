"""The users page on the page kit: create and edit cycles (council.ui.forms)."""

from __future__ import annotations

import re

from sqlmodel import select

from council import auth
from council.db import read_session, write_session
from council.models import AuditEntry, User
from tests.app.conftest import goto, signed_in
from tests.conftest import PASSWORD, make_user

CREATE = "FormSubmitter:user_create-Tạo"


def _fill_create(at, username: str) -> None:
    at.text_input(key="uc_username").input(username)
    at.text_input(key="uc_display").input("Nguyễn Văn A")
    at.text_input(key="uc_password").input(PASSWORD)
    at.selectbox(key="uc_role").select("expert")


def _user_count(engine) -> int:
    with read_session(engine) as s:
        return len(s.exec(select(User)).all())


def test_a_created_user_is_in_the_table_and_the_count_at_once_and_the_form_is_empty(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    before = _user_count(app_db)
    _fill_create(at, "nguyen.van.a")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert "Đã tạo người dùng nguyen.van.a." in [s.value for s in at.success]
    # The same rerun that confirms shows the new user in the table and the count.
    assert "nguyen.van.a" in set(at.dataframe[0].value.iloc[:, 0])
    assert f"{before + 1} người dùng" in [c.value for c in at.caption]
    assert at.text_input(key="uc_username").value == ""
    assert at.text_input(key="uc_display").value == ""
    assert at.text_input(key="uc_password").value == ""


def test_the_create_form_sent_twice_with_the_same_values_writes_once(app_users, app_db):
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    _fill_create(at, "nguyen.van.b")
    at.button(key=CREATE).click().run()
    # A double click: the browser sends the same values again after the first write.
    _fill_create(at, "nguyen.van.b")
    at.button(key=CREATE).click().run()
    assert not at.exception
    assert not at.error
    assert any("không ghi thêm" in i.value for i in at.info)
    with read_session(app_db) as s:
        creates = s.exec(select(AuditEntry).where(AuditEntry.entity == "user", AuditEntry.action == "create"))
        assert [e for e in creates if "nguyen.van.b" in (e.after or "")].__len__() == 1


def test_a_refused_create_keeps_the_input(app_users):
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    at.text_input(key="uc_username").input("short.pw")
    at.text_input(key="uc_password").input("123")
    at.button(key=CREATE).click().run()
    assert any("ít nhất 10 ký tự" in e.value for e in at.error)
    assert at.text_input(key="uc_username").value == "short.pw"


def _open_edit(at, uid):
    at.selectbox(key="ue_user").set_value(uid).run()


def test_an_edit_after_someone_elses_save_is_refused_with_who_and_when(app_users, app_db):
    expert = app_users["expert"]
    other = make_user(app_db, "secretariat", username="sec2")
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    _open_edit(at, expert.id)
    at.run()  # any rerun while the form is open keeps the version it was opened with
    with write_session(app_db) as s:
        version = s.get(User, expert.id).version
        auth.update_user(s, other, expert.id, expected_version=version, affiliation="Viện Chiến lược")
    at.run()
    # The form still shows the record as it was opened (widget keys do not carry the version).
    assert at.text_input(key=f"ue_aff_{expert.id}").value == ""
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert not at.exception
    refusal = " ".join(e.value for e in at.error)
    assert "sec2" in refusal and re.search(r"\d{2}/\d{2}/\d{4}", refusal)
    with read_session(app_db) as s:
        assert s.get(User, expert.id).affiliation == "Viện Chiến lược"
    # Reopened on the newer record.
    assert at.text_input(key=f"ue_aff_{expert.id}").value == "Viện Chiến lược"


def test_the_edit_form_saved_twice_after_a_success_writes_once(app_users, app_db):
    expert = app_users["expert"]
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    _open_edit(at, expert.id)
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert "Đã lưu." in [x.value for x in at.success]
    with read_session(app_db) as s:
        version = s.get(User, expert.id).version
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert not at.exception and not at.error
    with read_session(app_db) as s:
        assert s.get(User, expert.id).version == version


def test_the_same_values_sent_again_after_someone_elses_save_are_refused_not_ignored(app_users, app_db):
    expert = app_users["expert"]
    other = make_user(app_db, "secretariat", username="sec2")
    at = signed_in(app_users["secretariat"])
    goto(at, "users")
    _open_edit(at, expert.id)
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    with write_session(app_db) as s:  # someone else changes it after our save
        version = s.get(User, expert.id).version
        auth.update_user(s, other, expert.id, expected_version=version, affiliation="Viện Chiến lược")
    at.text_input(key=f"ue_aff_{expert.id}").input("Đại học Quốc gia")
    at.button(key=f"FormSubmitter:user_edit_{expert.id}-Lưu").click().run()
    assert any("sec2" in e.value for e in at.error)
    assert not any("không ghi thêm" in i.value for i in at.info)

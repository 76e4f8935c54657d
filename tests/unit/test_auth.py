from datetime import timedelta

import pytest
from sqlmodel import Session, select

from council import auth
from council.db import write_session
from council.errors import PermissionDenied, SignInError, StaleEdit, ValidationError
from council.models import AppSetting, AuditEntry, AuthToken, User
from tests.conftest import PASSWORD, make_user


def test_passwords_are_hashed_with_argon2_never_stored_in_clear(engine):
    make_user(engine, "observer", username="olga")
    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == "olga")).one()
        assert PASSWORD not in user.password_hash
        assert user.password_hash.startswith("$argon2")
        assert auth.verify_password(user.password_hash, PASSWORD)
        assert not auth.verify_password(user.password_hash, PASSWORD + "x")
        # The audit log keeps the user but never the hash or the password.
        for entry in s.exec(select(AuditEntry).where(AuditEntry.entity == "user")):
            assert PASSWORD not in (entry.after or "") and "password_hash" not in (entry.after or "")


def test_first_secretariat_only_on_an_empty_user_table_and_with_the_setup_code(empty_engine):
    code = auth.setup_code(empty_engine)
    assert code and code == auth.setup_code(empty_engine)  # one code, shown again until used
    with pytest.raises(ValidationError) as err, write_session(empty_engine) as s:
        auth.create_first_secretariat(s, "Admin", PASSWORD, code="WRONG-CODE")
    assert err.value.field == "setup_code"
    with pytest.raises(ValidationError), write_session(empty_engine) as s:
        auth.create_first_secretariat(s, "Admin", PASSWORD, code="")
    with write_session(empty_engine) as s:
        first = auth.create_first_secretariat(s, "Admin", PASSWORD, code=code.lower().replace("-", " "))
    assert first.role == "secretariat" and first.username == "admin"
    assert auth.setup_code(empty_engine) is None
    with Session(empty_engine) as s:
        assert s.get(AppSetting, auth.SETUP_CODE_KEY) is None  # used once, then gone
    with pytest.raises(auth.SetupRefused), write_session(empty_engine) as s:
        auth.create_first_secretariat(s, "intruder", PASSWORD, code=code)


def test_an_operator_may_choose_the_setup_code(empty_engine, monkeypatch):
    monkeypatch.setenv("COUNCIL_SETUP_CODE", "chosen-by-the-operator-7")
    assert auth.setup_code(empty_engine) == "chosen-by-the-operator-7"
    with write_session(empty_engine) as s:
        auth.create_first_secretariat(s, "admin", PASSWORD, code="chosen-by-the-operator-7")
    assert auth.setup_code(empty_engine) is None


def test_sign_in_success_and_failure(engine):
    make_user(engine, "expert", username="eva")
    actor = auth.sign_in(engine, "EVA ", PASSWORD)
    assert actor.username == "eva" and actor.role == "expert"
    with pytest.raises(SignInError) as err:
        auth.sign_in(engine, "eva", "wrong-password")
    assert err.value.key == "error.sign_in_failed"
    with pytest.raises(SignInError) as unknown:
        auth.sign_in(engine, "nobody", PASSWORD)
    assert unknown.value.key == err.value.key
    with Session(engine) as s:
        actions = [e.action for e in s.exec(select(AuditEntry).where(AuditEntry.action.like("sign_in%")))]
    # Only the successful sign-in is an audit entry; failures are counted, not logged one by one.
    assert actions == ["sign_in"]


def test_inactive_user_cannot_sign_in(engine, users):
    with Session(engine) as s:
        version = s.get(User, users["observer"].id).version
    with write_session(engine) as s:
        auth.update_user(
            s, users["secretariat"], users["observer"].id, expected_version=version, is_active=False
        )
    with pytest.raises(SignInError):
        auth.sign_in(engine, "observer", PASSWORD)


def test_token_survives_reload_until_revoked_or_expired(engine, users):
    actor = users["expert"]
    with write_session(engine) as s:
        token = auth.issue_token(s, actor, hours=1)
    with write_session(engine) as s:
        assert auth.actor_from_token(s, token, hours=1) == actor
        assert auth.actor_from_token(s, token + "x", hours=1) is None  # forged
        assert auth.actor_from_token(s, "", hours=1) is None
    with write_session(engine) as s:
        auth.revoke_token(s, token)
    with write_session(engine) as s:
        assert auth.actor_from_token(s, token, hours=1) is None
    with write_session(engine) as s:
        old = auth.issue_token(s, actor, hours=1)
    with write_session(engine) as s:
        for row in s.exec(select(AuthToken)):
            row.expires_at = row.expires_at - timedelta(hours=2)
            s.add(row)
    with write_session(engine) as s:
        assert auth.actor_from_token(s, old, hours=1) is None


def test_users_are_managed_only_by_the_secretariat(engine, users):
    for who in ("rep_hanoi", "expert", "observer"):
        with pytest.raises(PermissionDenied), write_session(engine) as s:
            auth.create_user(s, users[who], username=f"x{who}", password=PASSWORD, role="observer")
    with write_session(engine) as s:
        created = auth.create_user(
            s,
            users["secretariat"],
            username="newbie",
            password=PASSWORD,
            role="expert",
            affiliation="Viện Chiến lược",
        )
    assert created.role == "expert"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(username="", password=PASSWORD, role="observer"), "username"),
        (dict(username="short", password="123", role="observer"), "password"),
        (dict(username="minh.anh", password="minh.anh-2025!", role="observer"), "password"),
        (dict(username="weak", password="password123", role="observer"), "password"),
        (dict(username="weak", password="qwertyuiop", role="observer"), "password"),
        (dict(username="weak", password="hanoi2025", role="observer"), "password"),
        (dict(username="bad name!", password=PASSWORD, role="observer"), "username"),
        (dict(username="rep", password=PASSWORD, role="province_rep"), "province"),
        (dict(username="who", password=PASSWORD, role="king"), "role"),
        (dict(username="sec", password=PASSWORD, role="observer"), "username"),
    ],
)
def test_user_input_is_validated_with_the_field_named(engine, users, kwargs, field):
    with pytest.raises(ValidationError) as err, write_session(engine) as s:
        auth.create_user(s, users["secretariat"], **kwargs)
    assert err.value.field == field


def test_role_change_and_reset_password(engine, users):
    sec = users["secretariat"]
    target = users["observer"]
    with Session(engine) as s:
        version = s.get(User, target.id).version
    with write_session(engine) as s:
        auth.update_user(
            s,
            sec,
            target.id,
            expected_version=version,
            role="province_rep",
            province_id=users["rep_hanoi"].province_id,
        )
    with write_session(engine) as s:
        auth.reset_password(s, sec, target.id, "another-horse-99")
    actor = auth.sign_in(engine, "observer", "another-horse-99")
    assert actor.role == "province_rep" and actor.province_id == users["rep_hanoi"].province_id
    with pytest.raises(ValidationError), write_session(engine) as s:
        auth.update_user(s, sec, sec.id, expected_version=1, role="observer")


def test_stale_user_edit_is_refused(engine, users):
    from council.errors import StaleEdit

    sec, target = users["secretariat"], users["expert"]
    with write_session(engine) as s:
        auth.update_user(s, sec, target.id, expected_version=1, affiliation="A")
    with pytest.raises(StaleEdit), write_session(engine) as s:
        auth.update_user(s, sec, target.id, expected_version=1, affiliation="B")


def test_sso_identity_maps_to_an_app_user_whose_role_comes_from_the_database(engine, users):
    with write_session(engine) as s:
        auth.create_user(
            s, users["secretariat"], username="lan@moit.gov.vn", password=PASSWORD, role="expert"
        )
    with write_session(engine) as s:
        actor = auth.actor_for_identity(s, "Lan@MOIT.gov.vn")
        assert actor is not None and actor.role == "expert"
        assert auth.actor_for_identity(s, "stranger@example.org") is None
        assert auth.actor_for_identity(s, None) is None


def test_a_nul_in_the_typed_user_name_is_no_database_error(engine, users):
    """A NUL typed into the user-name field raised a database error on PostgreSQL (issue 14.6)."""
    rep = users["rep_hanoi"]
    assert auth.sign_in(engine, rep.username[:3] + "\x00" + rep.username[3:], PASSWORD).id == rep.id


def test_a_password_reset_is_a_compare_and_set(engine, users):
    """reset_password bumped the version through the ORM without checking it: a reset made on an
    account that another writer changed after it was read went through (both at one version)."""
    from sqlalchemy import update

    from council.models import User

    sec, rep = users["secretariat"], users["rep_hanoi"]
    with pytest.raises(StaleEdit) as err, write_session(engine) as s:
        held = s.get(User, rep.id)  # read (and held in the session) at version 1
        assert held.version == 1
        # Another writer's change lands underneath, as a concurrent commit would.
        s.execute(
            update(User)
            .where(User.id == rep.id)
            .values(version=2, affiliation="Sở Xây dựng", updated_by="sec2")
            .execution_options(synchronize_session=False)
        )
        auth.reset_password(s, sec, rep.id, "a-much-better-secret-77")
    assert err.value.params["by"] == "sec2"
    with Session(engine) as s:
        assert s.get(User, rep.id).version == 1  # nothing of it was committed

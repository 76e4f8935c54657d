import pytest
from sqlmodel import Session, select

from council import audit, auth
from council.db import write_session
from council.errors import PermissionDenied
from council.models import AuditEntry, User
from tests.conftest import PASSWORD


def entries(engine, **filters):
    with Session(engine) as s:
        return audit.list_entries(s, **filters)


def test_every_user_write_is_audited_with_before_and_after(engine, users):
    sec = users["secretariat"]
    with write_session(engine) as s:
        created = auth.create_user(s, sec, username="nora", password=PASSWORD, role="observer")
    [create] = entries(engine, entity="user", entity_id=str(created.id), action="create")
    assert create["actor"] == "system" or create["actor"] == "sec"
    assert create["before"] is None and create["after"]["username"] == "nora"
    with write_session(engine) as s:
        auth.update_user(s, sec, created.id, expected_version=1, role="expert")
    [update] = entries(engine, entity="user", entity_id=str(created.id), action="update")
    assert update["actor"] == "sec"
    assert update["before"]["role"] == "observer" and update["after"]["role"] == "expert"
    assert "role" in update["changed"]
    with write_session(engine) as s:
        auth.reset_password(s, sec, created.id, "brand-new-pass")
    assert entries(engine, entity="user", entity_id=str(created.id), action="reset_password")


def test_the_seed_is_audited(engine):
    [seed_entry] = entries(engine, action="seed")
    assert seed_entry["after"]["created"]["province"] == 34


def test_audit_rolls_back_with_the_change(engine, users):
    with Session(engine) as s:
        n_before = len(s.exec(select(AuditEntry)).all())
    with pytest.raises(RuntimeError), write_session(engine) as s:
        auth.create_user(s, users["secretariat"], username="ghost", password=PASSWORD, role="observer")
        raise RuntimeError("crash after the write")
    with Session(engine) as s:
        assert s.exec(select(User).where(User.username == "ghost")).first() is None
        assert len(s.exec(select(AuditEntry)).all()) == n_before


def test_refusals_are_logged(engine, users):
    with pytest.raises(PermissionDenied), write_session(engine) as s:
        auth.create_user(s, users["observer"], username="x", password=PASSWORD, role="observer")
    refused = entries(engine, action="refused")
    assert refused and refused[0]["actor"] == "observer" and refused[0]["entity"] == "user.manage"


def test_data_version_grows_with_changes(engine, users):
    with Session(engine) as s:
        v1 = audit.data_version(s)
    with write_session(engine) as s:
        auth.create_user(s, users["secretariat"], username="v2", password=PASSWORD, role="observer")
    with Session(engine) as s:
        assert audit.data_version(s) > v1

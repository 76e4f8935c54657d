"""Concurrent use of one SQLite file: writers queue on BEGIN IMMEDIATE instead of failing,
and optimistic locking turns a lost update into a clear refusal."""

import threading

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from council import auth
from council.db import make_engine, write_session
from council.errors import StaleEdit
from council.models import AuditEntry, Project, User
from council.versioning import load_for_edit, save_versioned
from tests.conftest import PASSWORD

WRITERS = 32
WRITES_EACH = 5


def test_32_concurrent_writers_lose_nothing(engine, users):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite locking test; PostgreSQL has row-level locking")
    url = engine.url.render_as_string(hide_password=False)
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        own = make_engine(url)  # one engine (connection pool) per writer, as separate processes would have
        try:
            barrier.wait()
            for i in range(WRITES_EACH):
                # read-then-write in one transaction: the pattern that fails without BEGIN IMMEDIATE
                with write_session(own) as s:
                    s.exec(select(func.count()).select_from(User)).one()
                    auth.create_user(
                        s, users["secretariat"], username=f"w{n}-{i}", password=PASSWORD, role="observer"
                    )
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            own.dispose()

    # Argon2 hashing dominates each write; keep it cheap so the test measures locking.
    original = auth.hash_password
    auth.hash_password = lambda pw: "$argon2id$test$" + str(len(pw))
    try:
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        auth.hash_password = original
    assert errors == []
    with Session(engine) as s:
        names = set(s.exec(select(User.username).where(User.username.like("w%-%"))).all())
        audited = s.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity == "user", AuditEntry.action == "create", AuditEntry.entity_id != "")
        ).one()
    assert names == {f"w{n}-{i}" for n in range(WRITERS) for i in range(WRITES_EACH)}
    assert audited >= WRITERS * WRITES_EACH


def test_two_sessions_save_the_same_record_one_wins(engine):
    with Session(engine) as s:
        opened = s.exec(select(Project).where(Project.code == "DA-001")).one()
        pid, version = opened.id, opened.version
    # Both forms were opened at `version`; the first save wins.
    with write_session(engine) as s:
        obj = load_for_edit(s, Project, pid, version, "project")
        save_versioned(s, obj, version, "project", "alice", {"progress_physical": 40})
    with pytest.raises(StaleEdit) as err, write_session(engine) as s:
        obj = s.get(Project, pid)
        save_versioned(s, obj, version, "project", "bob", {"progress_physical": 55})
    assert err.value.params["by"] == "alice"
    with Session(engine) as s:
        final = s.get(Project, pid)
        assert final.progress_physical == 40 and final.version == version + 1 and final.updated_by == "alice"
    with pytest.raises(StaleEdit), write_session(engine) as s:
        load_for_edit(s, Project, pid, version, "project")

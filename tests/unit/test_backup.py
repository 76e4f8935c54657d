import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError, InternalError
from sqlmodel import Session, select

from council import audit, auth, dataversion
from council.backup import backup, restore
from council.db import write_session
from council.errors import CouncilError
from council.models import AuditEntry, Project, User
from tests.conftest import PASSWORD, need


def _dump(engine):
    with Session(engine) as s:
        return (
            [p.model_dump() for p in s.exec(select(Project).order_by(Project.id))],
            [u.username for u in s.exec(select(User).order_by(User.id))],
            [(a.id, a.action, a.entity_id) for a in s.exec(select(AuditEntry).order_by(AuditEntry.id))],
        )


def test_backup_change_restore_finds_every_row_as_it_was(engine, users, tmp_path):
    if engine.dialect.name != "sqlite":
        import shutil

        need(shutil.which("pg_dump") is not None, "pg_dump not installed")
    before = _dump(engine)
    path = backup(engine, tmp_path / "council.backup")
    with write_session(engine) as s:
        project = s.exec(select(Project).where(Project.code == "DA-002")).one()
        project.progress_physical = 77
        s.add(project)
        auth.create_user(s, users["secretariat"], username="after.backup", password=PASSWORD, role="observer")
    assert _dump(engine) != before
    with write_session(engine) as s:  # a table's counter that the backup does not have yet
        s.exec(text("INSERT INTO dataversion (name, value) VALUES ('t:later', 1)"))
    with Session(engine) as s:
        seen = audit.data_version(s)
        seen_all = dataversion.current_all(s)
    safety = restore(engine, path, safety_copy=tmp_path / "safety.backup")
    assert _dump(engine) == before
    with Session(engine) as s:  # past every version the app saw: no old cache is taken for it
        assert audit.data_version(s) > seen
        now = dataversion.current_all(s)
    assert {name for name, value in seen_all.items() if now.get(name, 0) <= value} == set()
    # The safety copy holds the database as it was just before the restore.
    restore(engine, safety, safety_copy=tmp_path / "safety2.backup")
    with Session(engine) as s:
        assert s.exec(select(User).where(User.username == "after.backup")).first() is not None


def test_backups_and_safety_copies_are_readable_by_their_owner_only(engine, users, tmp_path):
    import os
    import shutil
    import stat

    if engine.dialect.name != "sqlite":
        need(shutil.which("pg_dump") is not None, "pg_dump not installed")
    old = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        stale = tmp_path / "existing.backup"
        stale.write_text("old")
        os.chmod(stale, 0o644)
        for path in (backup(engine, tmp_path / "new.backup"), backup(engine, stale)):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
        safety = restore(engine, stale, safety_copy=tmp_path / "safety.backup")
        assert stat.S_IMODE(safety.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_restore_refuses_a_file_that_is_not_a_council_backup(engine, tmp_path):
    """Any SQLite file used to be accepted and replaced the council database."""
    import sqlite3

    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite files; PostgreSQL dumps are checked in the next test")
    other = tmp_path / "other-app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    future = tmp_path / "future.db"
    backup(engine, future)
    conn = sqlite3.connect(future)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_release'")
    conn.commit()
    conn.close()
    before = _dump(engine)
    for bad, key in ((other, "backup.not_council"), (future, "backup.unknown_version")):
        with pytest.raises(CouncilError) as err:
            restore(engine, bad, safety_copy=tmp_path / "never.backup")
        assert err.value.key == key
    assert _dump(engine) == before and not (tmp_path / "never.backup").exists()


def test_restore_on_postgresql_refuses_what_is_not_a_council_dump(engine, tmp_path):
    import shutil
    import sqlite3

    if engine.dialect.name == "sqlite":
        pytest.skip("PostgreSQL dumps")
    need(shutil.which("pg_dump") is not None, "pg_dump not installed")
    sqlite_file = tmp_path / "a.db"
    sqlite3.connect(sqlite_file).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CouncilError) as err:
        restore(engine, sqlite_file)
    assert err.value.key == "backup.not_pg_dump"
    from sqlalchemy.engine import make_url

    libpq = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    other = tmp_path / "other.dump"
    import subprocess

    subprocess.run(
        ["pg_dump", "--format=custom", "--table=region", f"--file={other}", libpq.render_as_string(False)],
        check=True,
    )
    with pytest.raises(CouncilError) as err:
        restore(engine, other)
    assert err.value.key == "backup.not_council"


def test_restore_refuses_a_missing_or_damaged_file(engine, tmp_path):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite file checks")
    with pytest.raises(CouncilError):
        restore(engine, tmp_path / "nope.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CouncilError):
        restore(engine, bad)
    with Session(engine) as s:
        assert s.exec(select(Project)).first() is not None


def test_audit_log_is_append_only_in_the_database(engine):
    with pytest.raises((IntegrityError, InternalError, DatabaseError)), write_session(engine) as s:
        entry = s.exec(select(AuditEntry)).first()
        entry.note = "rewritten"
        s.add(entry)
    with pytest.raises((IntegrityError, InternalError, DatabaseError)), write_session(engine) as s:
        s.delete(s.exec(select(AuditEntry)).first())


def test_no_update_or_delete_path_for_the_audit_log_in_the_code():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(
        r"(update|delete)\(\s*AuditEntry|AuditEntry\)\.(update|delete)|DELETE FROM auditentry"
        r"|UPDATE auditentry",
        re.I,
    )
    offenders = [
        str(p.relative_to(root))
        for p in list((root / "council").rglob("*.py")) + list((root / "pages").rglob("*.py"))
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []

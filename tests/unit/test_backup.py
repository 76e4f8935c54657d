import pytest
from sqlalchemy.exc import DatabaseError, IntegrityError, InternalError
from sqlmodel import Session, select

from council import audit, auth
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
    with Session(engine) as s:
        seen = audit.data_version(s)
    restore(engine, path)
    assert _dump(engine) == before
    with Session(engine) as s:  # past every version the app saw: no old cache is taken for it
        assert audit.data_version(s) > seen


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

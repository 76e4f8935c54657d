"""Backup and restore of the whole database.

SQLite uses the online backup API (consistent while the app runs); PostgreSQL
uses pg_dump / pg_restore in custom format. Backups hold every password hash and the
whole audit log: they are written readable by their owner only (0600).

A restore first checks that the file is a council backup of a schema version this release
knows (its Alembic revision is one of ours), keeps a safety copy of the current database,
and then brings the restored database up to the newest schema.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from council.errors import CouncilError

# Tables every council backup has, whatever its schema version.
REQUIRED_TABLES = {"alembic_version", "user", "province", "auditentry", "project"}
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise CouncilError("error.backup_memory")
    return path


def _private_file(target: Path) -> None:
    """Create (or truncate) ``target`` with mode 0600 before anything is written into it."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    os.chmod(target, 0o600)  # an existing file keeps its old mode through O_CREAT


def backup(engine: Engine, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _private_file(target)
    if engine.dialect.name == "sqlite":
        src = sqlite3.connect(_sqlite_path(engine))
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        _require("pg_dump")
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)],
            check=True,
            capture_output=True,
        )
    os.chmod(target, 0o600)
    return target


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from council.db import alembic_config

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_backup(engine: Engine, source: Path) -> str:
    """The schema revision of a council backup made for ``engine``'s kind of database; raises
    CouncilError when the file is not one (another kind of file, another application's
    database, a damaged file, or a schema version this release does not know)."""
    source = Path(source)
    if not source.is_file():
        raise CouncilError("error.backup_missing", path=str(source))
    with open(source, "rb") as fh:
        head = fh.read(16)
    if engine.dialect.name == "sqlite":
        if head != SQLITE_MAGIC:
            raise CouncilError("error.backup_corrupt", path=str(source))
        revision = _sqlite_revision(source)
    else:
        if not head.startswith(PG_DUMP_MAGIC):
            raise CouncilError("backup.not_pg_dump", path=str(source))
        revision = _pg_revision(source)
    if revision not in known_revisions():
        raise CouncilError("backup.unknown_version", path=str(source), version=revision or "?")
    return revision


def _sqlite_revision(source: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CouncilError("error.backup_corrupt", path=str(source))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not REQUIRED_TABLES <= tables:
                raise CouncilError("backup.not_council", path=str(source))
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CouncilError("error.backup_corrupt", path=str(source)) from exc
    return rows[0][0] if len(rows) == 1 else ""


def _pg_revision(source: Path) -> str:
    _require("pg_restore")
    listing = subprocess.run(["pg_restore", "--list", str(source)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise CouncilError("error.backup_corrupt", path=str(source))
    tables = set(re.findall(r"TABLE DATA \S+ (\S+) ", listing.stdout))
    if not REQUIRED_TABLES <= {name.strip('"') for name in tables}:
        raise CouncilError("backup.not_council", path=str(source))
    data = subprocess.run(
        ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)],
        capture_output=True,
        text=True,
    )
    # The COPY block: "COPY public.alembic_version (version_num) FROM stdin;", the rows, "\.".
    lines = data.stdout.splitlines()
    try:
        start = next(
            i for i, line in enumerate(lines) if line.startswith("COPY ") and "alembic_version" in line
        )
    except StopIteration:
        return ""
    rows = []
    for line in lines[start + 1 :]:
        if line == "\\.":
            break
        rows.append(line.strip())
    return rows[0] if len(rows) == 1 else ""


def safety_copy_path(engine: Engine, when: datetime | None = None) -> Path:
    stamp = (when or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    if engine.dialect.name == "sqlite":
        db = Path(_sqlite_path(engine))
        return db.with_name(f"{db.name}.before-restore-{stamp}.bak")
    return Path.cwd() / f"council-{engine.url.database}.before-restore-{stamp}.dump"


def restore(engine: Engine, source: Path, safety_copy: Path | None = None) -> Path:
    """Replace the database's content with the backup's (everything, audit log included).
    Checks the backup first, writes a safety copy of the current database (returned; 0600) and
    upgrades the restored schema to the newest revision."""
    source = Path(source)
    inspect_backup(engine, source)
    safety = backup(engine, safety_copy or safety_copy_path(engine))
    before = _versions(engine)
    engine.dispose()
    if engine.dialect.name == "sqlite":
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            with dst:
                src.backup(dst)
        except sqlite3.DatabaseError as exc:
            raise CouncilError("error.backup_corrupt", path=str(source)) from exc
        finally:
            dst.close()
            src.close()
    else:
        _require("pg_restore")
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(engine)}",
                str(source),
            ],
            check=True,
            capture_output=True,
        )
    from council.db import init_db

    init_db(engine)
    _move_past(engine, before)
    return safety


def _versions(engine: Engine) -> dict[str, int]:
    from council.dataversion import current_all
    from council.db import read_session

    try:
        with read_session(engine) as session:
            return current_all(session)
    except Exception:  # a database without the counters yet
        return {}


def _move_past(engine: Engine, before: dict[str, int]) -> None:
    """The restored counters start above every value the running app has seen, so no cache
    computed before the restore is taken for the restored data: every counter, including those
    of tables the restored file never wrote (which would otherwise read 0 again)."""
    from sqlalchemy import text

    past = max(before.values(), default=0) + 1
    with engine.begin() as conn:
        conn.execute(text("UPDATE dataversion SET value = value + :n"), {"n": past})
        present = {name for (name,) in conn.execute(text("SELECT name FROM dataversion"))}
        for name in sorted(set(before) - present):
            conn.execute(
                text("INSERT INTO dataversion (name, value) VALUES (:name, :n)"), {"name": name, "n": past}
            )


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise CouncilError("error.tool_missing", tool=tool)

"""Backup and restore of the whole database.

SQLite uses the online backup API (consistent while the app runs); PostgreSQL
uses pg_dump / pg_restore in custom format.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from council.errors import CouncilError


def _libpq_url(engine: Engine) -> str:
    url = make_url(engine.url.render_as_string(hide_password=False)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path(engine: Engine) -> str:
    path = engine.url.database
    if not path or path == ":memory:":
        raise CouncilError("error.backup_memory")
    return path


def backup(engine: Engine, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
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
    return target


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the backup's (everything, audit log included)."""
    source = Path(source)
    if not source.is_file():
        raise CouncilError("error.backup_missing", path=str(source))
    before = _versions(engine)
    engine.dispose()
    if engine.dialect.name == "sqlite":
        src = sqlite3.connect(source)
        dst = sqlite3.connect(_sqlite_path(engine))
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CouncilError("error.backup_corrupt", path=str(source))
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

    _move_past(engine, before)


def _versions(engine: Engine) -> int:
    from council.dataversion import current_all
    from council.db import read_session

    try:
        with read_session(engine) as session:
            return max(current_all(session).values())
    except Exception:  # a database without the counters yet
        return 0


def _move_past(engine: Engine, before: int) -> None:
    """The restored counters start above every value the running app has seen, so no cache
    computed before the restore is taken for the restored data."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text("UPDATE dataversion SET value = value + :n"), {"n": before + 1})


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise CouncilError("error.tool_missing", tool=tool)

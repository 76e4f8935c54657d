"""Engine and sessions. SQLite gets WAL, foreign keys and a busy timeout;
write transactions on SQLite start with BEGIN IMMEDIATE so that concurrent
writers queue on the lock instead of failing on upgrade."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from council import dataversion, models  # noqa: F401  (registers the tables; the data version's events)
from council.config import get_settings
from council.errors import PermissionDenied

# Writers queue on the database lock for up to this long before "database is locked".
BUSY_TIMEOUT_MS = 15000


def make_engine(url: str | None = None) -> Engine:
    url = url or get_settings().database_url
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        )
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


_APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS auditentry_no_update BEFORE UPDATE ON auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS auditentry_no_delete BEFORE DELETE ON auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
]
_APPEND_ONLY_PG = [
    "CREATE OR REPLACE FUNCTION council_audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql",
    "DROP TRIGGER IF EXISTS auditentry_append_only ON auditentry",
    "CREATE TRIGGER auditentry_append_only BEFORE UPDATE OR DELETE ON auditentry "
    "FOR EACH ROW EXECUTE FUNCTION council_audit_append_only()",
]


MIGRATIONS = Path(__file__).parent / "migrations"
# The revision whose schema the release before migrations created with create_all.
BASELINE_REVISION = "0001"


def alembic_config(connection=None):
    """Alembic's configuration for this package's migrations, bound to `connection` if given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@contextmanager
def migration_connection(engine: Engine) -> Iterator:
    """A connection in one transaction for schema changes. On SQLite, foreign keys are off while it
    runs (SQLite's documented way to rebuild a table that others reference; the pragma only takes
    effect outside a transaction) and checked before it commits."""
    sqlite = is_sqlite(engine)
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if sqlite else engine
    with bind.connect() as conn:
        raw = conn.connection.driver_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"schema change left rows with broken references: {broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def init_db(engine: Engine) -> None:
    """Bring the schema to the newest migration, and make the audit log append-only
    in the database itself.

    A database made before migrations existed (tables, no `alembic_version`) has the
    baseline schema: it is stamped with the baseline, then upgraded like any other."""
    from alembic import command
    from sqlalchemy import inspect

    with migration_connection(engine) as conn:
        tables = set(inspect(conn).get_table_names())
        config = alembic_config(conn)
        if "alembic_version" not in tables and tables & set(SQLModel.metadata.tables):
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, "head")
        for sql in _APPEND_ONLY_SQLITE if is_sqlite(engine) else _APPEND_ONLY_PG:
            conn.exec_driver_sql(sql)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def read_session(engine: Engine, snapshot: bool = False) -> Iterator[Session]:
    """A session for reading. ``snapshot=True``: every query sees the database as of the first
    one (PostgreSQL REPEATABLE READ; on SQLite a read transaction already is one snapshot), so a
    data version read first names exactly the data read after it."""
    bind = engine
    if snapshot and not is_sqlite(engine):
        bind = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(bind) as session:
        yield session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on error."""
    if is_sqlite(engine):
        bind = engine.execution_options(sqlite_begin="IMMEDIATE")
    else:
        bind = engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException as exc:
            session.rollback()
            # A refusal, or an import refused because rows belong to someone else (``refusal``).
            refused = exc if isinstance(exc, PermissionDenied) else getattr(exc, "refusal", None)
            if refused is not None:
                _log_refusal(engine, refused)
            raise


def _log_refusal(engine: Engine, refused: PermissionDenied) -> None:
    """Refusals are kept in the audit log, outside the transaction that was rolled back."""
    from council.models import AuditEntry

    with Session(engine) as session:
        session.add(
            AuditEntry(
                actor_name=refused.actor_name or "anonymous",
                action="refused",
                entity=refused.action,
                note=str(refused.params.get("provinces") or ""),
            )
        )
        session.commit()

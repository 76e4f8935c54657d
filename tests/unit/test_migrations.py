"""Schema migrations (Alembic): an empty database upgraded to head has exactly the
models' schema, and a database made by the release before migrations (create_all)
is brought under Alembic without losing a row. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlmodel import SQLModel

from council.db import BASELINE_REVISION, alembic_config, init_db, migration_connection
from council.seed import seed


@pytest.fixture
def blank_engine(tableless_engine):
    return tableless_engine


def _schema_diff(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def _revision(engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _row_counts(engine) -> dict[str, int]:
    """Rows of every table the database has (tables added by later migrations start empty)."""
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in SQLModel.metadata.tables.items()
            if name in present
        }


def _head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_one_line_of_migrations():
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"migrations have diverged into several heads: {heads}"


def test_upgrading_an_empty_database_gives_the_models_schema(blank_engine):
    assert inspect(blank_engine).get_table_names() == []
    init_db(blank_engine)
    assert _revision(blank_engine) == _head()
    assert _schema_diff(blank_engine) == [], "models and migrations disagree: add a migration"


def _as_the_release_before_migrations(engine) -> None:
    """A seeded database as the release before migrations left it: the baseline schema (0001),
    made by create_all, no ``alembic_version``. Made by seeding at head and going back down."""
    init_db(engine)
    seed(engine)
    with migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), BASELINE_REVISION)
        conn.execute(text("DROP TABLE alembic_version"))


def test_a_database_from_the_release_before_migrations_upgrades_keeping_its_rows(blank_engine):
    _as_the_release_before_migrations(blank_engine)
    assert _revision(blank_engine) is None
    assert "version" not in {c["name"] for c in inspect(blank_engine).get_columns("indicator")}
    before = _row_counts(blank_engine)
    assert before["province"] == 34 and before["project"] > 0 and before["indicator"] > 0

    init_db(blank_engine)

    assert _revision(blank_engine) == _head()
    after = _row_counts(blank_engine)
    assert {name: after[name] for name in before} == before
    assert _schema_diff(blank_engine) == []


def test_0002_gives_existing_indicators_a_first_version(blank_engine):
    _as_the_release_before_migrations(blank_engine)
    with blank_engine.connect() as conn:
        codes = conn.execute(text("SELECT code FROM indicator ORDER BY code")).scalars().all()
    init_db(blank_engine)
    with blank_engine.connect() as conn:
        rows = conn.execute(
            text("SELECT code, version, updated_by, updated_at FROM indicator ORDER BY code")
        ).all()
    assert [r[0] for r in rows] == codes
    assert {(r[1], r[2], r[3]) for r in rows} == {(1, "", None)}


def test_upgrading_twice_changes_nothing(blank_engine):
    init_db(blank_engine)
    seed(blank_engine)
    before = _row_counts(blank_engine)
    init_db(blank_engine)
    assert _row_counts(blank_engine) == before and _revision(blank_engine) == _head()


def test_the_audit_log_stays_append_only_after_migrating(blank_engine):
    init_db(blank_engine)
    seed(blank_engine)
    with pytest.raises(Exception, match="append-only"):
        with blank_engine.begin() as conn:
            conn.execute(text("DELETE FROM auditentry"))


def test_downgrade_to_nothing_and_back(blank_engine):
    """Every migration can be undone: base removes every table, head restores them."""
    init_db(blank_engine)
    with migration_connection(blank_engine) as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(blank_engine).get_table_names()) <= {"alembic_version"}
    init_db(blank_engine)
    assert _schema_diff(blank_engine) == []

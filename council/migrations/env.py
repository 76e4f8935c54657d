"""Alembic environment: the models' metadata, and either the connection that
council.db.init_db hands over or the app's database URL (`alembic upgrade head`
from the shell reads COUNCIL_DATABASE_URL, like the app)."""

from alembic import context
from sqlmodel import SQLModel

from council import models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    from council.db import make_engine, migration_connection

    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or None)
    with migration_connection(engine) as conn:
        _configure(conn)


if context.is_offline_mode():
    from council.config import get_settings

    context.configure(
        url=context.config.get_main_option("sqlalchemy.url") or get_settings().database_url,
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()

"""per-table data versions (issue 23): the counter names grow to 64 characters, room for
``t:<table>`` (``council.dataversion``); on SQLite the table is copied (batch mode).

Revision ID: 0007_counters
Revises: 0005_notify
Create Date: 2026-12-01 18:50:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_counters"
down_revision = "0005_notify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dataversion") as batch:
        batch.alter_column(
            "name",
            type_=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_type=sa.String(length=16),
            existing_nullable=False,
        )


def downgrade() -> None:
    op.execute("DELETE FROM dataversion WHERE name LIKE 't:%'")
    with op.batch_alter_table("dataversion") as batch:
        batch.alter_column(
            "name",
            type_=sa.String(length=16),
            existing_type=sqlmodel.sql.sqltypes.AutoString(length=64),
            existing_nullable=False,
        )

"""data version counters: one row per counter ("data", "log"), incremented in the transaction it
counts (a cache key that no commit order can defeat); a covering index for sums of figures by
indicator and year

Revision ID: 0003_version
Revises: 0002
Create Date: 2026-12-01 11:50:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_version"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "dataversion",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # Start above the audit log's last id, so no cache computed under the old key (max audit id)
    # is mistaken for a current one.
    start = op.get_bind().execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM auditentry")).scalar_one()
    op.bulk_insert(table, [{"name": "data", "value": start + 1}, {"name": "log", "value": start + 1}])
    op.create_index(
        "ix_observation_indicator_year_value", "observation", ["indicator_id", "year", "value"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_observation_indicator_year_value", table_name="observation")
    op.drop_table("dataversion")

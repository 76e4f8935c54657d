"""statistical weights and status sources: provinces get the statistics office's population
(year, source), the merger-resolution figure as its own field and a GRDP weight; indicators say
what a weighted mean is weighted by and the minimum coverage of a regional status; projects record
the source of their status and whether it only reports a scheduled event

Existing rows keep their values; ``python -m council.cli seed`` (or the app's start-up seed) then
fills the new fields from data/ and moves ``province.population`` to the statistical series.

Revision ID: 0003_data
Revises: 0003_auth (re-chained after main brought 0003_version and 0003_auth)
Create Date: 2026-12-01 11:50:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_data"
down_revision = "0003_auth"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("province", schema=None) as batch_op:
        batch_op.add_column(sa.Column("population_year", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "population_source", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("population_resolution", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("grdp_weight", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("grdp_weight_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weight_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("min_coverage", sa.Float(), nullable=True))
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status_source", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("status_scheduled", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("status_scheduled")
        batch_op.drop_column("status_source")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("min_coverage")
        batch_op.drop_column("weight_by")
    with op.batch_alter_table("province", schema=None) as batch_op:
        batch_op.drop_column("grdp_weight_year")
        batch_op.drop_column("grdp_weight")
        batch_op.drop_column("population_resolution")
        batch_op.drop_column("population_source")
        batch_op.drop_column("population_year")

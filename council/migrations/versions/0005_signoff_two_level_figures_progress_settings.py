"""two-level sign-off of figures and per-indicator progress settings (issue 21, items 4 and 5):
the role statistics_officer (bound to a province), provincesignoff (how many sign-off levels a
province's figures pass), indicatorprogress (an indicator's progress method and thresholds).
New tables and a widened role check; no existing row changes (every province keeps one level,
every indicator the default method and thresholds).

Revision ID: 0005_signoff
Revises: 0005_warnings
Create Date: 2026-12-01 15:00:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_signoff"
down_revision = "0005_warnings"
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('secretariat','province_rep','expert','observer')"
NEW_ROLES = "role IN ('secretariat','province_rep','statistics_officer','expert','observer')"


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint("ck_user_role", type_="check")
        batch_op.create_check_constraint("ck_user_role", NEW_ROLES)
        batch_op.create_check_constraint(
            "ck_user_officer_province", "role <> 'statistics_officer' OR province_id IS NOT NULL"
        )
    op.create_table(
        "provincesignoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("levels", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("levels IN (1, 2)", name="ck_province_signoff_levels"),
        sa.ForeignKeyConstraint(["province_id"], ["province.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("provincesignoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provincesignoff_province_id"), ["province_id"], unique=True)
    op.create_table(
        "indicatorprogress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("on_track", sa.Float(), nullable=True),
        sa.Column("at_risk", sa.Float(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "method IN ('', 'cagr', 'linear', 'yearly_mean')", name="ck_indicator_progress_method"
        ),
        sa.CheckConstraint(
            "on_track IS NULL OR (on_track > 0 AND on_track <= 5)", name="ck_indicator_progress_on_track"
        ),
        sa.CheckConstraint(
            "at_risk IS NULL OR (at_risk > 0 AND at_risk <= 5)", name="ck_indicator_progress_at_risk"
        ),
        sa.ForeignKeyConstraint(["indicator_id"], ["indicator.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("indicatorprogress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicatorprogress_indicator_id"), ["indicator_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("indicatorprogress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicatorprogress_indicator_id"))
    op.drop_table("indicatorprogress")
    with op.batch_alter_table("provincesignoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provincesignoff_province_id"))
    op.drop_table("provincesignoff")
    # Officers cannot stay under the old role check: their accounts become observers, inactive.
    op.execute(
        "UPDATE \"user\" SET role = 'observer', province_id = NULL, is_active = false"
        " WHERE role = 'statistics_officer'"
    )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint("ck_user_officer_province", type_="check")
        batch_op.drop_constraint("ck_user_role", type_="check")
        batch_op.create_check_constraint("ck_user_role", OLD_ROLES)

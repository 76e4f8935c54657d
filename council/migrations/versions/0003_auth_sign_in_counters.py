"""sign-in counters (bounded, no row per attempt); session tokens kept only as hashes; the token
signing key leaves the database

Tokens issued before this revision were stored by their plain id and signed with a key kept in
the database (``appsetting.token_secret``): both are deleted, so everyone signs in once more and
no backup made from now on holds a key that can sign a session.

Revision ID: 0003_auth
Revises: 0002
Create Date: 2026-12-01 11:42:02.494462
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_auth"
down_revision = "0003_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signincounter",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("window_start", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("total_failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    with op.batch_alter_table("signincounter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signincounter_user_id"), ["user_id"], unique=False)
    op.execute("DELETE FROM authtoken")
    op.execute("DELETE FROM appsetting WHERE key = 'token_secret'")


def downgrade() -> None:
    with op.batch_alter_table("signincounter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signincounter_user_id"))
    op.drop_table("signincounter")

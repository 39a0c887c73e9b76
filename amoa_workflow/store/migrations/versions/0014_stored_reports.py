"""The PV and the evidence pack kept in the database as rendered, so any host can serve them.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release", sa.String(length=64), nullable=False),
        sa.Column("campaign", sa.String(length=128), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_reports")),
        sa.UniqueConstraint("campaign", "attempt", "kind", "sha256", name=op.f("uq_stored_reports_campaign")),
    )
    op.create_index(op.f("ix_stored_reports_release"), "stored_reports", ["release", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_stored_reports_release"), table_name="stored_reports")
    op.drop_table("stored_reports")

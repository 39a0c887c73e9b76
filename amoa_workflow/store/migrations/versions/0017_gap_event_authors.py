"""Each move of a tracked gap keeps who made it (``gap_events.by``): a waiver or a reservation of a
blocking gap is an approver's act, and the PV names them beside the reason.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gap_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("gap_events", schema=None) as batch_op:
        batch_op.drop_column("by")

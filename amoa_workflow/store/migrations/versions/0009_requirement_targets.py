"""Requirements planned by lot: the release or lot each requirement is due in (none: due now).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("requirements", "requirement_versions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("target", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in ("requirements", "requirement_versions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("target")

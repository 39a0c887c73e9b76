"""A stored PV's bytes may live in a file or object store (``[reports] store``, an fsspec URL): the
row then keeps where, and their SHA-256, instead of the bytes.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stored_reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location", sa.Text(), nullable=True))
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("stored_reports", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("location")

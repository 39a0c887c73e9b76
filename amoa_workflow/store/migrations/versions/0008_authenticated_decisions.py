"""Authenticated decisions and a keyed audit: each gate keeps the rules it opened with, each
decision its proof (signature and key fingerprint, or link) and the PV it was made on; audit
entries may carry an HMAC keyed by ``AMOA_AUDIT_KEY``.

Gates opened before have no frozen rules: theirs are recorded at their next decision.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rules", sa.JSON(), nullable=True))
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proof", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("key_fingerprint", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("signature", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pv_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mac", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("mac")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("pv_sha256")
        batch_op.drop_column("signature")
        batch_op.drop_column("key_fingerprint")
        batch_op.drop_column("proof")
    with op.batch_alter_table("gates", schema=None) as batch_op:
        batch_op.drop_column("rules")

"""The notification outbox: each row is one message for one recipient on one channel, with its
French or English title, text and HTML bodies, an optional attachment, and what retries need
(next attempt, claim time). Rows already there (none were ever written) get empty texts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 08:46:47.725958
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient", sa.String(length=128), server_default="", nullable=False))
        batch_op.add_column(sa.Column("lang", sa.String(length=8), server_default="fr", nullable=False))
        batch_op.add_column(sa.Column("title", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("body_html", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("attachment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_notifications_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_status"))
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attachment")
        batch_op.drop_column("body_html")
        batch_op.drop_column("title")
        batch_op.drop_column("lang")
        batch_op.drop_column("recipient")

"""Shards hand their results over through the database, so they can run on any worker's host.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shard_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(512), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("revision", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("exit_code", sa.Integer()),
        sa.Column("log", sa.Text()),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alive_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_shard_attempts"),
        sa.UniqueConstraint("run_key", "shard", "attempt", name="uq_shard_attempts_run_key"),
    )
    op.create_table(
        "shard_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(512), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("scenario_key", sa.String(512), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shard_results"),
        sa.UniqueConstraint("run_key", "shard", "attempt", "scenario_key", name="uq_shard_results_run_key"),
    )


def downgrade() -> None:
    op.drop_table("shard_results")
    op.drop_table("shard_attempts")

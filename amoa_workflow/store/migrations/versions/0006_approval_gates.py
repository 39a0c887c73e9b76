"""Approval gates: rounds (a voided signature reopens the gate), the basis approvers decide on,
reservations and the source of each decision; the audit log keeps the time exactly as hashed.

Existing audit entries get ``hashed_at`` from their ``at`` column, as it was hashed (ISO 8601, UTC).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hashed_at", sa.String(length=40), nullable=True))
    audit = sa.table("audit_log", sa.column("id", sa.Integer()), sa.column("at", sa.DateTime(timezone=True)),
                     sa.column("hashed_at", sa.String(40)))  # fmt: skip
    connection = op.get_bind()
    for entry_id, at in connection.execute(sa.select(audit.c.id, audit.c.at)).all():
        moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        connection.execute(
            sa.update(audit).where(audit.c.id == entry_id).values(hashed_at=moment.isoformat())
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("hashed_at", existing_type=sa.String(length=40), nullable=False)

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("reservations", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("source", sa.String(length=256), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_decisions_source"), ["source"])

    with op.batch_alter_table("gates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("basis", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("gates", schema=None) as batch_op:
        batch_op.drop_column("basis")
        batch_op.drop_column("round")

    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_decisions_source"), type_="unique")
        batch_op.drop_column("source")
        batch_op.drop_column("reservations")
        batch_op.drop_column("round")

    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hashed_at")

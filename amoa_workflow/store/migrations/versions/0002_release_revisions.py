"""Release revisions (changed notes of a release are kept and compared) and tracker references of items.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 08:14:01.756494
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "release_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("notes_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("released_on", sa.String(length=32), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_revisions_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_revisions")),
        sa.UniqueConstraint("release_id", "revision", name=op.f("uq_release_revisions_release_id")),
    )
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("release_note_items", schema=None) as batch_op:
        for name in ("tickets", "issue_numbers", "links"):
            batch_op.add_column(sa.Column(name, sa.JSON(), server_default="[]", nullable=False))
    _snapshot_existing_releases()


def _snapshot_existing_releases() -> None:
    """Releases ingested before this migration get their current notes as revision 1."""
    connection = op.get_bind()
    releases = sa.table(
        "releases",
        sa.column("id"),
        sa.column("notes_sha256"),
        sa.column("source"),
        sa.column("released_on"),
        sa.column("ingested_at"),
    )
    items = sa.table(
        "release_note_items",
        sa.column("release_id"),
        sa.column("position"),
        sa.column("kind"),
        sa.column("heading"),
        sa.column("text"),
        sa.column("line"),
        sa.column("requirement_refs", sa.JSON),
        sa.column("anomaly_refs", sa.JSON),
    )
    revisions = sa.table(
        "release_revisions",
        sa.column("release_id"),
        sa.column("revision"),
        sa.column("notes_sha256"),
        sa.column("source"),
        sa.column("released_on"),
        sa.column("items", sa.JSON),
        sa.column("ingested_at"),
    )
    for release in connection.execute(sa.select(releases)).all():
        rows = connection.execute(
            sa.select(items).where(items.c.release_id == release.id).order_by(items.c.position)
        ).all()
        snapshot = [
            {
                "kind": r.kind,
                "heading": r.heading,
                "text": r.text,
                "line": r.line,
                "requirement_refs": r.requirement_refs,
                "anomaly_refs": r.anomaly_refs,
            }
            for r in rows
        ]
        connection.execute(
            sa.insert(revisions).values(
                release_id=release.id,
                revision=1,
                notes_sha256=release.notes_sha256,
                source=release.source,
                released_on=release.released_on,
                items=snapshot,
                ingested_at=release.ingested_at,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("release_note_items", schema=None) as batch_op:
        for name in ("links", "issue_numbers", "tickets"):
            batch_op.drop_column(name)
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_column("revision")

    op.drop_table("release_revisions")

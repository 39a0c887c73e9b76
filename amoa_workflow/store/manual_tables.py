"""Tables of the manual part of campaigns: who executes which manual scenario, what each tester
recorded, and the files they attached. Part of the schema of :mod:`amoa_workflow.store.tables`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from amoa_workflow.store.metadata import bounded, metadata

# The manual part of campaigns: who executes which manual scenario when assigned by hand, and what
# each tester recorded, step by step (``steps``: [{"position", "verdict", "comment"}]).
manual_assignments = Table(
    "manual_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("tester", String(64), nullable=False),
    Column("assigned_by", String(128), nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("campaign_id", "scenario_key"),
)

manual_executions = Table(
    "manual_executions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("tester", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("steps", JSON, nullable=False),
    Column("comment", Text, nullable=False),
    Column("source", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("campaign_id", "scenario_key"),
)

# Files testers attached to a step result: the neutralised name, the type found from the content,
# the SHA-256 of the bytes (shown in the PV and the evidence pack) and the bytes themselves.
manual_attachments = Table(
    "manual_attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("position", Integer, nullable=False),
    Column("tester", String(64), nullable=False),
    Column("name", String(128), nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

bounded(manual_assignments, manual_executions, manual_attachments)

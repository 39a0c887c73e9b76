"""The table of the reports kept as rendered (PV, evidence pack), which any host serves. Part of the
schema of :mod:`amoa_workflow.store.tables`.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, LargeBinary, String, Table, Text, UniqueConstraint

from amoa_workflow.store.metadata import bounded, metadata

# The PV (HTML, PDF) and the evidence pack of a campaign's run, as rendered: served by any host.
stored_reports = Table(
    "stored_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("release", String(64), nullable=False),
    Column("campaign", String(128), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # html | pdf | evidence
    Column("content", LargeBinary),  # the bytes, or NULL when kept at ``location``
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("location", Text),  # an fsspec URL ([reports] store) holding the bytes
    UniqueConstraint("campaign", "attempt", "kind", "sha256"),
    Index("ix_stored_reports_release", "release", "kind"),
)

bounded(stored_reports)

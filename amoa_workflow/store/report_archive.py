"""Reports kept in the database as rendered (table ``stored_reports``, migration 0014): the PV
(HTML, PDF) and the evidence pack of each run of a campaign. Bytes on SQLite (BLOB) and
PostgreSQL (BYTEA) alike, or in a file or object store when ``[reports] store`` names one
(:mod:`amoa_workflow.store.report_files`; the row keeps where). The same bytes kept twice make one
row; a PV rendered again (with the gate's decisions) is a new row, and the latest is what is served.
The formats of one moment of the PV are kept in one transaction with the same ``created_at``
(:mod:`amoa_workflow.reporting.archive`): a PDF or pack kept before the latest HTML is outdated.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from amoa_workflow.domain.stored_reports import StoredReport
from amoa_workflow.store.report_files import ReportFiles
from amoa_workflow.store.tables import stored_reports


class SqlReportArchive:
    def __init__(self, connection: Connection, files: ReportFiles | None = None) -> None:
        self.connection = connection
        self.files = files or ReportFiles()

    def keep(self, report: StoredReport) -> bool:
        """Store ``report`` unless these very bytes are stored for its run already; True if added."""
        t = stored_reports.c
        present = self.connection.execute(
            select(t.id).where(
                t.campaign == report.campaign,
                t.attempt == report.attempt,
                t.kind == report.kind,
                t.sha256 == report.sha256,
            )
        ).first()
        if present is not None:
            return False
        location = self.files.put(report)
        self.connection.execute(
            stored_reports.insert().values(
                release=report.release, campaign=report.campaign, attempt=report.attempt, kind=report.kind,
                content=None if location else report.content, location=location, sha256=report.sha256,
                created_at=report.created_at,
            )
        )  # fmt: skip
        return True

    def kept_at(self, release: str, kind: str, campaign: str | None = None) -> datetime | None:
        """When the last ``kind`` of ``release`` (of ``campaign``, when given) was kept, or None; its
        bytes are not read (a pack can be large, and in an object store)."""
        t = stored_reports.c
        query = select(t.created_at).where(t.release == release, t.kind == kind)
        if campaign is not None:
            query = query.where(t.campaign == campaign)
        kept: datetime | None = self.connection.execute(query.order_by(t.id.desc()).limit(1)).scalar()
        return kept

    def latest(self, release: str, kind: str, campaign: str | None = None) -> StoredReport | None:
        """The last ``kind`` stored for ``release`` (of ``campaign``, when given), or None."""
        t = stored_reports.c
        query = select(stored_reports).where(t.release == release, t.kind == kind)
        if campaign is not None:
            query = query.where(t.campaign == campaign)
        row = self.connection.execute(query.order_by(t.id.desc()).limit(1)).first()
        if row is None:
            return None
        content = self.files.get(row.location) if row.location else bytes(row.content)
        return StoredReport(
            row.release, row.campaign, row.attempt, row.kind, content, row.sha256, row.created_at
        )

"""The PV and evidence packs kept as rendered, and the renderer of a report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from amoa_workflow.domain.stored_reports import StoredReport


class ReportArchive(Protocol):
    """The PV and evidence packs kept as rendered (see :mod:`amoa_workflow.store.report_archive`)."""

    def keep(self, report: StoredReport) -> bool:
        """Store unless these very bytes are stored for the run already; True if added."""

    def latest(self, release: str, kind: str, campaign: str | None = None) -> StoredReport | None: ...

    def kept_at(self, release: str, kind: str, campaign: str | None = None) -> datetime | None:
        """When the last ``kind`` was kept (its bytes not read), or None."""


class ArchiveUnitOfWork(Protocol):
    """What keeping and reading stored reports needs of a unit of work (the SQL one gives it)."""

    @property
    def reports(self) -> ReportArchive: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


class ReportRenderer(Protocol):
    def render(self, context: dict[str, Any], target: Path) -> Path: ...

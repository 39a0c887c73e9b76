"""The audit log: entries appended, each chained to the one before."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from amoa_workflow.domain.audit import AuditEntry


class AuditLog(Protocol):
    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        """Append an entry chained to the previous one; returns its hash."""


class ChainedAuditLog(AuditLog, Protocol):
    def entries(self) -> list[AuditEntry]: ...

    def head(self) -> tuple[int, str] | None:
        """The last entry's id and hash; None for an empty log."""

    def about(self, subjects: Sequence[str]) -> list[AuditEntry]:
        """The entries about these subjects (``vabf/1.1.0``…), in order."""

    def sealed(self, entry: AuditEntry) -> bool:
        """Whether the entry's MAC holds under the audit key (True without a key, and for an entry
        older than the log's first keyed one)."""

"""What the service layer needs from the outside world, as protocols.

The real adapters live in :mod:`amoa_workflow.store`, :mod:`amoa_workflow.runner` and
:mod:`amoa_workflow.report`; the tests pass in-memory fakes that honour the same contracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from amoa_workflow.domain.model import Gap, Release, Requirement, ScenarioResult


class RequirementRepository(Protocol):
    def save_all(self, requirements: Sequence[Requirement]) -> int:
        """Insert or update by code; returns how many rows changed."""

    def all(self) -> list[Requirement]: ...


@dataclass(frozen=True)
class SavedRelease:
    """What storing a release did: ``created``, ``updated`` (a new revision) or ``unchanged``."""

    outcome: str
    revision: int
    previous: Release | None = None


class ReleaseRepository(Protocol):
    def get(self, version: str) -> Release | None: ...

    def save(self, release: Release, fingerprint: str) -> SavedRelease:
        """Store the release and its items; changed notes become a new revision."""


class CampaignRepository(Protocol):
    def start(self, key: str, version: str, checkpoint: str, run_folder: str) -> int:
        """Create the campaign or reopen it for another attempt; returns the attempt number."""

    def save_results(self, key: str, results: Sequence[ScenarioResult]) -> None:
        """Make the campaign's results exactly ``results`` (by scenario key, in place)."""

    def results(self, key: str) -> list[ScenarioResult]: ...

    def finish(self, key: str) -> None: ...


class GapRepository(Protocol):
    def replace(self, campaign_key: str, gaps: Sequence[Gap]) -> None:
        """Make the campaign's gaps exactly ``gaps`` (by identity, in place)."""

    def for_campaign(self, campaign_key: str) -> list[Gap]: ...


class AuditLog(Protocol):
    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        """Append an entry chained to the previous one; returns its hash."""


class UnitOfWork(Protocol):
    """One transaction over every repository; rolled back unless :meth:`commit` is called."""

    @property
    def requirements(self) -> RequirementRepository: ...

    @property
    def releases(self) -> ReleaseRepository: ...

    @property
    def campaigns(self) -> CampaignRepository: ...

    @property
    def gaps(self) -> GapRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


class ReportRenderer(Protocol):
    def render(self, context: dict[str, Any], target: Path) -> Path: ...

"""The acceptance record: requirements, releases and their history, campaigns, gaps and tracked
gaps, and the unit of work over them all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.gap_lifecycle import TrackedGap
from amoa_workflow.domain.model import Gap, Release, Requirement, RunRecord, ScenarioResult, Status
from amoa_workflow.domain.release_diff import TrendPoint
from amoa_workflow.ports.audit import AuditLog


class RequirementRepository(Protocol):
    def save_all(self, requirements: Sequence[Requirement]) -> int:
        """Insert or update by code; returns how many rows changed."""

    def all(self) -> list[Requirement]: ...

    def snapshot(self, version: str, requirements: Sequence[Requirement]) -> None:
        """Keep these requirements as those of the release (versioned per release)."""

    def as_of(self, version: str) -> list[Requirement] | None:
        """The requirements kept for the release, if any."""


@dataclass(frozen=True)
class SavedRelease:
    """What storing a release did: ``created``, ``updated`` (a new revision) or ``unchanged``."""

    outcome: str
    revision: int
    previous: Release | None = None


class ReleaseRepository(Protocol):
    def get(self, version: str) -> Release | None: ...

    def versions(self) -> list[str]:
        """The versions stored, in ingestion order."""

    def save(self, release: Release, fingerprint: str) -> SavedRelease:
        """Store the release and its items; changed notes become a new revision."""

    def remove(self, version: str) -> tuple[int, int]:
        """Delete the release with its notes, campaigns and gates; (campaigns, gates) deleted."""


class CampaignRepository(Protocol):
    def start(
        self,
        key: str,
        version: str,
        checkpoint: str,
        run_folder: str,
        run_key: str | None = None,
        selection: str = "all",
        shards: int = 1,
        started_at: datetime | None = None,
    ) -> int:
        """Create the campaign or open its next run (started at ``started_at``, or now); returns the
        run's attempt number.

        Starting again the run ``run_key`` (a retried task) returns its attempt: no new run.
        """

    def record_run(self, key: str, attempt: int, results: Sequence[ScenarioResult]) -> None:
        """Keep what run ``attempt`` observed, as it was."""

    def save_results(self, key: str, results: Sequence[ScenarioResult], partial: bool = False) -> None:
        """Make the current results exactly ``results``, or (``partial``) update those scenarios only."""

    def results(self, key: str, steps: bool = ...) -> list[ScenarioResult]: ...

    def as_saved(self, key: str, results: Sequence[ScenarioResult]) -> list[ScenarioResult]:
        """What ``results(key)`` gives after a full run saved ``results``, without reading them back."""

    def finish(self, key: str) -> None: ...

    def find(self, key: str) -> int | None: ...

    def keys(self) -> list[str]: ...

    def runs(self, key: str) -> list[RunRecord]: ...

    def run_results(self, key: str, attempt: int) -> list[ScenarioResult] | None:
        """What run ``attempt`` observed, or None if there is no such run."""

    def history(self, window: int, key: str | None = None) -> dict[str, list[Status]]:
        """Each scenario's statuses in its last ``window`` runs, oldest first."""

    def run_count(self, key: str) -> int:
        """How many runs the campaign has had."""

    def attachments(self, key: str) -> tuple[Attachment, ...]:
        """The files testers attached to the campaign's manual steps (without their bytes)."""


class GapRepository(Protocol):
    def replace(self, campaign_key: str, gaps: Sequence[Gap]) -> None:
        """Make the campaign's gaps exactly ``gaps`` (by identity, in place)."""

    def for_campaign(self, campaign_key: str) -> list[Gap]: ...


class TrackedGapRepository(Protocol):
    def all(self) -> list[TrackedGap]: ...

    def save_all(self, gaps: Sequence[TrackedGap]) -> None:
        """Insert or update by identity, appending the history events not stored yet."""

    def restate(self, gaps: Sequence[TrackedGap], dropped: Sequence[str]) -> None:
        """Rewrite these gaps with their whole history, and delete the ``dropped`` ones."""


class ReleaseHistory(Protocol):
    def previous_results(self, version: str) -> tuple[str, list[ScenarioResult]] | None:
        """The release checked before ``version`` and its results (key, status, requirement codes), if any."""

    def trend(self, limit: int = ...) -> list[TrendPoint]: ...


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

    @property
    def tracked_gaps(self) -> TrackedGapRepository: ...

    @property
    def release_history(self) -> ReleaseHistory: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def lock(self, name: str) -> None:
        """Hold the named lock until the transaction ends (``ingest``, ``record``): one at a time."""

    def commit(self) -> None: ...

"""What the service layer needs from the outside world, as protocols.

The real adapters live in :mod:`amoa_workflow.store`, :mod:`amoa_workflow.scenarios.runner` and
:mod:`amoa_workflow.reporting.acceptance_report`; the tests pass in-memory fakes that honour the
same contracts.

May import: domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self

from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.audit import AuditEntry
from amoa_workflow.domain.gap_lifecycle import TrackedGap
from amoa_workflow.domain.gates import Decision, Gate, GateDefinition, Outcome
from amoa_workflow.domain.model import Gap, Release, Requirement, RunRecord, ScenarioResult, Status
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.outbox import Delivery, DeliveryStatus, Notification
from amoa_workflow.domain.proofs import Authentication, Proof, Statement
from amoa_workflow.domain.release_diff import TrendPoint
from amoa_workflow.domain.reminders import PendingGate
from amoa_workflow.domain.shard_watch import HandedOver
from amoa_workflow.domain.stored_reports import StoredReport


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


class AuditLog(Protocol):
    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        """Append an entry chained to the previous one; returns its hash."""


class ChainedAuditLog(AuditLog, Protocol):
    def entries(self) -> list[AuditEntry]: ...

    def head(self) -> tuple[int, str] | None:
        """The last entry's id and hash; None for an empty log."""


class GateStore(Protocol):
    """Approval gates and their decisions (see :mod:`amoa_workflow.store.gates`)."""

    def get(self, release: str, name: str) -> Gate | None: ...

    def for_release(self, release: str) -> list[Gate]: ...

    def all(self) -> list[Gate]: ...

    def open(self, release: str, definition: GateDefinition, now: datetime, basis: frozenset[str]) -> Gate:
        """Insert the gate, pending, its rules frozen (the caller checked it does not exist yet)."""

    def freeze(self, gate: Gate, definition: GateDefinition) -> Gate:
        """Record the rules of a gate opened before rules were kept with it."""

    def lock(self, gate: Gate) -> bool:
        """Take the gate for a decision until the transaction ends; False unless pending in its round."""

    def decisions(self, gate: Gate) -> list[Decision]: ...

    def next_sequence(self, gate: Gate, approver: str) -> int: ...

    def recorded(self, source: str) -> bool: ...

    def add_decision(self, gate: Gate, decision: Decision, source: str | None = None) -> None: ...

    def close(self, gate: Gate, outcome: Outcome, now: datetime) -> None: ...

    def reopen(self, gate: Gate, now: datetime, basis: Sequence[str]) -> bool:
        """A new round from ``now``; False when the gate moved meanwhile (another round)."""

    def rebase(self, gate: Gate, basis: frozenset[str]) -> None:
        """The gap identities the gate's signatures of this round are given on."""


class LinkUses(Protocol):
    """Approvers' links used or revoked, by id (see :mod:`amoa_workflow.store.links`)."""

    def state(self, link_id: str) -> str | None:
        """ "used", "revoked", or None while the link may still be used."""

    def claim(self, link_id: str, actor: str, details: dict[str, Any]) -> None:
        """Record the link used now; refused (:class:`~amoa_workflow.errors.LinkRefused`) if it cannot be."""

    def revoke(self, link_id: str, actor: str, details: dict[str, Any]) -> bool:
        """Revoke the link; False when it was used or revoked already."""


class ProofVerifier(Protocol):
    """Checks the proof of a decision (see :mod:`amoa_workflow.signatures.proofs`)."""

    def authenticate(
        self, proof: Proof, statement: Statement, public_key: str | None, now: datetime
    ) -> Authentication:
        """Who decided, or :class:`~amoa_workflow.errors.DecisionRefused` / ``LinkRefused``."""


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


class ApprovalUnitOfWork(Protocol):
    """What deciding on gates needs of a unit of work (the SQL one gives it all)."""

    @property
    def gates(self) -> GateStore: ...

    @property
    def audit(self) -> ChainedAuditLog: ...

    @property
    def tracked_gaps(self) -> TrackedGapRepository: ...

    @property
    def links(self) -> LinkUses: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


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


class NotificationOutbox(Protocol):
    """The outbox: notifications are written here before they are sent."""

    def add(self, notification: Notification) -> int | None:
        """Insert unless the idempotency key is already there; the new id, or None."""

    def get(self, notification_id: int) -> Notification | None: ...

    def due(self, now: datetime, limit: int = ...) -> list[Notification]: ...

    def with_status(self, statuses: Sequence[DeliveryStatus]) -> list[Notification]: ...

    def swap(self, current: Notification, new: Notification) -> bool:
        """Write ``new`` only if the row is still ``current`` (status, attempts): the claim."""


class GateRepository(Protocol):
    def pending(self) -> list[PendingGate]: ...


class NotificationUnitOfWork(Protocol):
    """What notifying needs of a unit of work (the SQL one gives it all)."""

    @property
    def outbox(self) -> NotificationOutbox: ...

    @property
    def gates(self) -> GateRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    html: str


class MessageRenderer(Protocol):
    def render(self, event: Event, lang: str, recipient: str) -> Message: ...


class Notifier(Protocol):
    def send(self, notification: Notification) -> Delivery:
        """Send one outbox row to its channel; a failure is a result, never an exception."""


class ShardHandovers(Protocol):
    """Where the shards of a run hand their results over (the project database), whatever host runs them."""

    def open(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int: ...

    def refuse(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int: ...

    def add(
        self, run_key: str, shard: int, attempt: int, records: Sequence[dict[str, Any]], now: datetime
    ) -> bool: ...

    def close(
        self, run_key: str, shard: int, attempt: int, exit_code: int, log: str, now: datetime
    ) -> bool: ...

    def finished(self, run_key: str) -> dict[int, HandedOver]: ...

"""Remove a release stored by mistake (a demo release, a typo in ``--release``): its notes, its
requirement snapshot, its campaigns with their results, runs and gaps, its gates, and its moves in
the tracked gaps' history, in one transaction, audited. A release whose gates hold decisions is
never removed: a sign-off is evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from amoa_workflow.domain.gap_lifecycle import forget_release
from amoa_workflow.errors import ReleaseNotStored, ReleaseRemovalRefused
from amoa_workflow.ports import AuditLog, GateStore, ReleaseRepository, TrackedGapRepository


class RemovalUnitOfWork(Protocol):
    @property
    def releases(self) -> ReleaseRepository: ...

    @property
    def gates(self) -> GateStore: ...

    @property
    def tracked_gaps(self) -> TrackedGapRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def lock(self, name: str) -> None: ...

    def commit(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...


@dataclass(frozen=True)
class Removal:
    release: str
    campaigns: int
    gates: int
    gaps_restated: int
    gaps_dropped: int


def remove_release(
    uow: RemovalUnitOfWork, version: str, actor: str, reason: str, clock: Callable[[], datetime]
) -> Removal:
    """Remove ``version`` and everything recorded about it; audited as ``release.removed``."""
    with uow:
        uow.lock("record")  # not while a campaign of it is being recorded
        if uow.releases.get(version) is None:
            raise ReleaseNotStored(version, uow.releases.versions())
        decided = [gate.name for gate in uow.gates.for_release(version) if uow.gates.decisions(gate)]
        if decided:
            raise ReleaseRemovalRefused(version, decided)
        changed, dropped = forget_release(uow.tracked_gaps.all(), version)
        uow.tracked_gaps.restate(changed, dropped)
        campaigns, gates = uow.releases.remove(version)
        removal = Removal(version, campaigns, gates, len(changed), len(dropped))
        uow.audit.append(
            actor,
            "release.removed",
            version,
            {"reason": reason, "campaigns": campaigns, "gates": gates, "gaps_restated": len(changed),
             "gaps_dropped": dropped, "at": clock().isoformat()},
        )  # fmt: skip
        uow.commit()
    return removal

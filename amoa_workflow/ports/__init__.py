"""What the service layer needs from the outside world, as protocols.

The real adapters live in :mod:`amoa_workflow.store`, :mod:`amoa_workflow.scenarios.runner` and
:mod:`amoa_workflow.reporting.acceptance_report`; the tests pass in-memory fakes that honour the
same contracts.

The protocols are kept by what they serve, and imported from here
(``from amoa_workflow.ports import UnitOfWork``): ``acceptance`` (requirements, releases,
campaigns, gaps and their unit of work), ``audit`` (the audit log), ``approvals`` (gates,
decisions, links, proofs), ``reports`` (the PV kept as rendered, the renderer), ``notifications``
(the outbox, the messages, the notifier) and ``shards`` (a run's shards handing their results over).

May import: domain.
"""

from __future__ import annotations

from amoa_workflow.ports.acceptance import (
    CampaignRepository,
    GapRepository,
    ReleaseHistory,
    ReleaseRepository,
    RequirementRepository,
    SavedRelease,
    TrackedGapRepository,
    UnitOfWork,
)
from amoa_workflow.ports.approvals import ApprovalUnitOfWork, GateStore, LinkUses, ProofVerifier
from amoa_workflow.ports.audit import AuditLog, ChainedAuditLog
from amoa_workflow.ports.notifications import (
    GateRepository,
    Message,
    MessageRenderer,
    NotificationOutbox,
    NotificationUnitOfWork,
    Notifier,
)
from amoa_workflow.ports.reports import ArchiveUnitOfWork, ReportArchive, ReportRenderer
from amoa_workflow.ports.shards import ShardHandovers

__all__ = [
    "ApprovalUnitOfWork",
    "ArchiveUnitOfWork",
    "AuditLog",
    "CampaignRepository",
    "ChainedAuditLog",
    "GapRepository",
    "GateRepository",
    "GateStore",
    "LinkUses",
    "Message",
    "MessageRenderer",
    "NotificationOutbox",
    "NotificationUnitOfWork",
    "Notifier",
    "ProofVerifier",
    "ReleaseHistory",
    "ReleaseRepository",
    "ReportArchive",
    "ReportRenderer",
    "RequirementRepository",
    "SavedRelease",
    "ShardHandovers",
    "TrackedGapRepository",
    "UnitOfWork",
]

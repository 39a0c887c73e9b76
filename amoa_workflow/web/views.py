"""What the pages show and their ports: the approval desk (reads gates, records decisions) and the
manual desk (testers' scenarios, their recorded steps).

The real desk (:mod:`amoa_workflow.web.desk`) goes through :func:`amoa_workflow.gates.decisions.decide`,
the service the CLI and the Prefect flow use; tests may give a fake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.attachments import Attachment, AttachmentPolicy
from amoa_workflow.domain.manual import ManualExecution, StepOutcome
from amoa_workflow.domain.stored_reports import StoredReport
from amoa_workflow.manual.execution import TesterWork
from amoa_workflow.reporting.acceptance_report import Decision
from amoa_workflow.web.forms import DecisionForm
from amoa_workflow.web.links import LinkClaims


@dataclass(frozen=True)
class GateView:
    """A gate as an approver sees it: who decides, who decided what, and where it stands."""

    name: str
    label: str
    release: str
    checkpoint: str
    status: str  # pending | closed
    outcome: str  # pending | approved | approved_with_reservations | rejected
    opened_at: datetime
    approvers: Mapping[str, str] = field(default_factory=dict)  # id → name
    decided: Mapping[str, str] = field(default_factory=dict)  # approver id → decision (latest, this round)
    decisions: tuple[Decision, ...] = ()  # for the PV's signatures table

    @property
    def pending(self) -> bool:
        return self.status == "pending"


@dataclass(frozen=True)
class Decided:
    """A decision recorded from the page: the gate after it, and the people told of it whom no
    channel reaches (their notifications are kept ``no_channel``): the page names them."""

    view: GateView
    unreached: tuple[str, ...] = ()


class ApprovalDesk(Protocol):
    def pending(self) -> list[GateView]: ...

    def gate(self, release: str, gate: str) -> GateView | None: ...

    def report(self, view: GateView) -> CampaignOutcome:
        """The campaign the gate is about, judged again from the database."""

    def link_state(self, link_id: str) -> str | None:
        """ "used" or "revoked": the link opens nothing more; None while it may be used."""

    def stored(self, view: GateView, kind: str) -> StoredReport:
        """The gate's campaign's PV (``html``, ``pdf``) or evidence pack as last kept in the database."""

    def pv_of(self, view: GateView) -> str:
        """The fingerprint of the gate's PV as it stands (the form carries it: what the approver read)."""

    def decide(self, token: str, claims: LinkClaims, form: DecisionForm) -> Decided:
        """Record the decision of ``claims.approver``, the link (``token``) its proof and used up at once."""


class ManualDesk(Protocol):
    """The testers' side: their manual scenarios of a campaign, and recording what they executed."""

    @property
    def policy(self) -> AttachmentPolicy:
        """What testers may attach: size and types."""

    def work(self, campaign: str, tester: str) -> TesterWork: ...

    def record(
        self, work: TesterWork, ref: str, outcomes: Mapping[int, StepOutcome], link_id: str,
        files: Sequence[tuple[int, str, bytes]] = (),
    ) -> ManualExecution:  # fmt: skip
        """Record ``work.tester``'s steps on scenario ``ref`` and the files attached (step, name,
        bytes), audited, the link ``link_id`` named."""

    def attachment(self, campaign: str, attachment_id: int) -> tuple[Attachment, bytes] | None:
        """A file attached in ``campaign`` and its bytes."""

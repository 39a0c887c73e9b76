"""The real manual desk: a tester's scenarios from the database, their steps recorded through the
one use case (:mod:`amoa_workflow.manual.execution`), audited with the tester's link named."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.domain.attachments import DEFAULT_POLICY, Attachment, AttachmentPolicy
from amoa_workflow.domain.manual import ManualExecution, StepOutcome
from amoa_workflow.domain.testers import Tester
from amoa_workflow.manual.campaign import Judging
from amoa_workflow.manual.execution import TesterWork, record_steps, tester_work
from amoa_workflow.store.unit_of_work import SqlUnitOfWork


def link_source(link_id: str) -> str:
    return f"link:{link_id}"


@dataclass(frozen=True)
class SqlManualDesk:
    uow: Callable[[], SqlUnitOfWork]
    testers: Sequence[Tester]
    manual_tags: Sequence[str]
    judging: Judging
    clock: Callable[[], datetime]
    policy: AttachmentPolicy = DEFAULT_POLICY
    recorded: Callable[[str], object] | None = None  # told the campaign once a tester recorded (wakes)

    def work(self, campaign: str, tester: str) -> TesterWork:
        return tester_work(self.uow(), campaign, tester, self.testers, self.manual_tags)

    def record(
        self, work: TesterWork, ref: str, outcomes: Mapping[int, StepOutcome], link_id: str,
        files: Sequence[tuple[int, str, bytes]] = (),
    ) -> ManualExecution:  # fmt: skip
        via, judging = link_source(link_id), self.judging
        done = record_steps(self.uow(), work, ref, outcomes, via, self.clock, judging, files, self.policy)
        if self.recorded is not None:
            self.recorded(work.campaign)
        return done

    def attachment(self, campaign: str, attachment_id: int) -> tuple[Attachment, bytes] | None:
        with self.uow() as uow:
            return uow.manual.attachment(campaign, attachment_id)

"""A tester's execution of their manual scenarios through their link: what they see, what they record.

The web page calls these with the claims of the tester's link (tester id, campaign key): a tester
sees and records only the scenarios assigned to them. Recording goes through
:func:`amoa_workflow.manual.campaign.record_executions` (stored, audited with the tester as actor
and the link that carried it, judged again when a scenario is complete), as the workbook import does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.domain.attachments import DEFAULT_POLICY, Attachment, AttachmentPolicy, checked
from amoa_workflow.domain.manual import ManualExecution, StepOutcome
from amoa_workflow.domain.model import ScenarioResult
from amoa_workflow.domain.testers import Tester
from amoa_workflow.errors import ManualWorkRefused
from amoa_workflow.manual.campaign import Judging, ManualUnitOfWork, read_part, record_executions
from amoa_workflow.manual.workbook import expected_results

WEB = "web"


def scenario_ref(key: str) -> str:
    """A scenario's short name in the page's addresses (its key holds ``::``, brackets, spaces)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class TesterScenario:
    """One scenario of a tester's list: as the campaign lists it, and what the tester recorded."""

    scenario: ScenarioResult
    expected: tuple[bool, ...]  # which steps state an expected result (Alors / Then …)
    execution: ManualExecution | None
    attachments: tuple[Attachment, ...] = ()

    def attached(self, position: int) -> list[Attachment]:
        return [a for a in self.attachments if a.position == position]

    @property
    def ref(self) -> str:
        return scenario_ref(self.scenario.key)

    @property
    def status(self) -> str:
        return self.execution.status.value if self.execution else "pending"

    def outcome(self, position: int) -> StepOutcome | None:
        if self.execution is None:
            return None
        return next((s for s in self.execution.steps if s.position == position), None)


@dataclass(frozen=True)
class TesterWork:
    campaign: str
    tester: Tester
    scenarios: tuple[TesterScenario, ...]

    def find(self, ref: str) -> TesterScenario | None:
        return next((s for s in self.scenarios if s.ref == ref), None)


def tester_work(
    uow: ManualUnitOfWork, campaign: str, tester: str, testers: Sequence[Tester], manual_tags: Sequence[str]
) -> TesterWork:
    """The manual scenarios of ``campaign`` assigned to ``tester``, with what they recorded."""
    known = next((t for t in testers if t.id == tester), None)
    if known is None:
        raise ManualWorkRefused(
            campaign, why_en=f"unknown tester {tester}", why_fr=f"testeur inconnu {tester}"
        )
    part = read_part(uow, campaign, testers, manual_tags)
    listed = tuple(
        TesterScenario(
            s, tuple(expected_results(s)), part.executions.get(s.key),
            tuple(a for a in part.attachments if a.scenario_key == s.key),
        )
        for s in part.of(tester)
    )  # fmt: skip
    return TesterWork(campaign, known, listed)


def record_steps(
    uow: ManualUnitOfWork,
    work: TesterWork,
    ref: str,
    outcomes: Mapping[int, StepOutcome],
    via: str,
    clock: Callable[[], datetime],
    judging: Judging | None,
    files: Sequence[tuple[int, str, bytes]] = (),
    policy: AttachmentPolicy = DEFAULT_POLICY,
) -> ManualExecution:
    """Record the steps ``tester`` marked on one of their scenarios (steps left blank: still to do)
    and the files attached to them (``files``: step position, name as sent, bytes), each checked
    against ``policy`` (:class:`amoa_workflow.errors.AttachmentRefused`: nothing kept); a file
    already on the same step is kept once, and no more than the policy's number per tester."""
    chosen = work.find(ref)
    if chosen is None:
        raise ManualWorkRefused(
            work.campaign,
            why_en=f"this scenario is not assigned to {work.tester.id}",
            why_fr=f"ce scénario n'est pas attribué à {work.tester.id}",
        )
    positions = [s.position for s in chosen.scenario.steps]
    steps = tuple(outcomes.get(p, StepOutcome(p, None)) for p in positions)
    now = clock()
    attached = [
        (checked(policy, name, content, chosen.scenario.key, position, work.tester.id, now), content)
        for position, name, content in files
        if position in positions
    ]
    execution = ManualExecution(chosen.scenario.key, work.tester.id, steps, now, WEB)
    record_executions(
        uow, work.campaign, [execution], work.tester.id, judging, via=via, attachments=attached,
        tester_at=now, quota=policy,
    )  # fmt: skip
    return execution

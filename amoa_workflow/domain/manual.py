"""Manual scenarios: the part of a campaign that people execute by hand.

A scenario is manual when one of its tags (its feature's, rule's, scenario's or Examples
block's) is one of the project's manual tags (``@manuel`` / ``@manual`` by default, compared
without the ``@`` and without regard to case). The runner does not execute it: it is recorded
``pending`` under the same key as any scenario (feature, scenario, Examples row) until a tester's
result is recorded for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from amoa_workflow.domain.model import ScenarioResult, Status

DEFAULT_TAGS = ("manuel", "manual")


def tag_names(tags: Iterable[str]) -> frozenset[str]:
    """Tags as compared: without a leading ``@``, case-folded."""
    return frozenset(tag.strip().lstrip("@").casefold() for tag in tags if tag.strip().lstrip("@"))


def is_manual(tags: Iterable[str], manual_tags: Iterable[str] = DEFAULT_TAGS) -> bool:
    """Whether a scenario with these tags is executed by hand."""
    return bool(tag_names(tags) & tag_names(manual_tags))


class StepVerdict(StrEnum):
    """What a tester marks on a step."""

    PASSED = "passed"
    FAILED = "failed"
    BLOCKED = "blocked"  # could not be executed (environment, data, access): not a defect of the step


@dataclass(frozen=True)
class StepOutcome:
    position: int  # as in the scenario's steps, background steps first
    verdict: StepVerdict | None  # None: not done yet
    comment: str = ""


@dataclass(frozen=True)
class ManualExecution:
    """A tester's execution of one manual scenario (or Examples row) in a campaign."""

    scenario_key: str
    tester: str
    steps: tuple[StepOutcome, ...]
    recorded_at: datetime
    source: str  # xlsx, web
    comment: str = ""

    @property
    def status(self) -> Status:
        """Failed if a step failed, else error if one was blocked, passed once every step passed,
        pending while steps are left to do."""
        verdicts = [step.verdict for step in self.steps]
        if StepVerdict.FAILED in verdicts:
            return Status.FAILED
        if StepVerdict.BLOCKED in verdicts:
            return Status.ERROR
        if verdicts and all(v is StepVerdict.PASSED for v in verdicts):
            return Status.PASSED
        return Status.PENDING

    @property
    def remark(self) -> str:
        """The tester's words: the comment of the first failed or blocked step, else the general one."""
        for step in self.steps:
            if step.verdict in (StepVerdict.FAILED, StepVerdict.BLOCKED) and step.comment:
                return step.comment
        return self.comment


_STEP_STATUS = {
    StepVerdict.PASSED: Status.PASSED,
    StepVerdict.FAILED: Status.FAILED,
    StepVerdict.BLOCKED: Status.ERROR,
}


def unexecuted(result: ScenarioResult) -> ScenarioResult:
    """A manual scenario's result as before any tester's execution: pending, its steps pending without
    a tester's comment (what a later execution of the same scenario is applied to: it replaces the
    earlier one, a correction leaves nothing of the failure it corrects)."""
    if result.status is Status.PENDING and result.executed_by is None:
        return result
    steps = tuple(replace(s, status=Status.PENDING, error=None) for s in result.steps)
    return replace(result, status=Status.PENDING, steps=steps, message=None, executed_by=None)


def apply(result: ScenarioResult, execution: ManualExecution) -> ScenarioResult:
    """The result of a manual scenario once a tester's execution is recorded: its status, each
    step's, the tester's comments as the step errors, ``tester: remark`` as its message (when
    there is a remark) and the tester in ``executed_by``."""
    outcomes = {step.position: step for step in execution.steps}
    every = replace(
        execution, steps=tuple(outcomes.get(s.position, StepOutcome(s.position, None)) for s in result.steps)
    )
    if (every.status if result.steps else execution.status) is Status.PENDING:
        return result  # steps left to do (none failed or blocked): still pending
    steps = []
    for step in result.steps:
        outcome = outcomes.get(step.position)
        verdict = outcome.verdict if outcome else None
        status = _STEP_STATUS[verdict] if verdict else Status.PENDING
        error = outcome.comment if outcome and outcome.comment and verdict is not StepVerdict.PASSED else None
        steps.append(replace(step, status=status, error=error))
    remark = execution.remark
    message = f"{execution.tester}: {remark}" if remark else None
    status = every.status if result.steps else execution.status
    return replace(result, status=status, steps=tuple(steps), message=message, executed_by=execution.tester)

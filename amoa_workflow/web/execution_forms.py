"""A tester's execution form, read and checked without a server: each step's verdict and comment.

Each step of the scenario is ``s-<position>-verdict`` (``passed``, ``failed``, ``blocked``, or empty:
not done yet) and ``s-<position>-comment``. A failed or blocked step needs a comment: it becomes the
gap's detail, read by the people who decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from amoa_workflow.domain.manual import StepOutcome, StepVerdict

MAX_COMMENT = 4000
VERDICTS = tuple(v.value for v in StepVerdict)


@dataclass(frozen=True)
class ExecutionReading:
    """The form as sent (to show it again) and the problems (i18n keys); none: ``outcomes`` is set."""

    values: Mapping[str, str]
    problems: tuple[str, ...]
    outcomes: dict[int, StepOutcome] | None


def read_execution(values: Mapping[str, str], positions: Sequence[int]) -> ExecutionReading:
    problems: list[str] = []
    outcomes: dict[int, StepOutcome] = {}
    for position in positions:
        verdict = values.get(f"s-{position}-verdict", "")
        comment = values.get(f"s-{position}-comment", "").strip().replace("\r\n", "\n")
        if verdict and verdict not in VERDICTS:
            problems.append("web.problem.verdict")
            continue
        if len(comment) > MAX_COMMENT:
            problems.append("web.problem.comment_long")
        elif verdict in (StepVerdict.FAILED, StepVerdict.BLOCKED) and not comment:
            problems.append("web.problem.step_comment")
        outcomes[position] = StepOutcome(position, StepVerdict(verdict) if verdict else None, comment)
    unique = tuple(dict.fromkeys(problems))
    return ExecutionReading(dict(values), unique, None if unique else outcomes)

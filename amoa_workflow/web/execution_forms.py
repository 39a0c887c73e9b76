"""A tester's execution form, read and checked without a server: each step's verdict and comment.

Each step of the scenario is ``s-<position>-verdict`` (``passed``, ``failed``, ``blocked``, or empty:
not done yet) and ``s-<position>-comment``. A failed or blocked step needs a comment: it becomes the
gap's detail, read by the people who decide. Files come as ``s-<position>-file`` (multipart), at
most :data:`MAX_FILES` at once, each checked from its content (type, size, nothing active).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from amoa_workflow.domain.attachments import DEFAULT_POLICY, AttachmentPolicy, checked
from amoa_workflow.domain.manual import StepOutcome, StepVerdict
from amoa_workflow.errors import AttachmentRefused
from amoa_workflow.web.multipart import Upload

MAX_COMMENT = 4000
MAX_FILES = 4  # files in one sending
VERDICTS = tuple(v.value for v in StepVerdict)


@dataclass(frozen=True)
class ExecutionReading:
    """The form as sent (to show it again) and the problems (i18n keys); none: ``outcomes`` is set."""

    values: Mapping[str, str]
    problems: tuple[str, ...]
    outcomes: dict[int, StepOutcome] | None
    files: tuple[tuple[int, str, bytes], ...] = ()  # step position, name as sent, bytes


def read_execution(
    values: Mapping[str, str], positions: Sequence[int], uploads: Sequence[Upload] = (),
    policy: AttachmentPolicy = DEFAULT_POLICY,
) -> ExecutionReading:  # fmt: skip
    """Check the form; each file (field ``s-<position>-file``) against ``policy``, from its content."""
    problems: list[str] = []
    files: list[tuple[int, str, bytes]] = []
    fields = {f"s-{p}-file": p for p in positions}
    if len(uploads) > MAX_FILES:
        problems.append("web.problem.attachment.too_many")
    for upload in uploads[:MAX_FILES]:
        position = fields.get(upload.field)
        if position is None:
            problems.append("web.problem.attachment.step")
            continue
        try:
            checked(policy, upload.filename, upload.content, "", position, "", _EPOCH)
        except AttachmentRefused as refused:
            problems.append(f"web.problem.attachment.{refused.reason}")
            continue
        files.append((position, upload.filename, upload.content))
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
    if unique:
        return ExecutionReading(dict(values), unique, None)
    return ExecutionReading(dict(values), (), outcomes, tuple(files))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

"""The words of acceptance, as plain immutable data. No framework is imported here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Criticality(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


@dataclass(frozen=True, slots=True)
class Requirement:
    """An exigence stated by the MOA, e.g. ``EXG-012``; its code and target at most
    :data:`CODE_LENGTH` characters, its domain :data:`DOMAIN_LENGTH` (what is kept of them)."""

    code: str
    title: str
    criticality: Criticality
    domain: str
    description: str = ""
    target: str | None = None  # the lot or release it is planned for ("2.1", "Lot 2"); None: due now


CODE_LENGTH = 64  # the longest requirement code, lot or release kept
DOMAIN_LENGTH = 128  # the longest business domain kept


class ItemKind(StrEnum):
    """What a release-note item announces."""

    ADDED = "added"
    CHANGED = "changed"
    FIXED = "fixed"
    REMOVED = "removed"
    DEPRECATED = "deprecated"
    SECURITY = "security"
    KNOWN_ISSUE = "known_issue"
    INTERNAL = "internal"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ReleaseNoteItem:
    """One line of the vendor's release notes, with the references it makes."""

    kind: ItemKind
    heading: str
    text: str
    line: int
    requirement_refs: tuple[str, ...] = ()
    anomaly_refs: tuple[str, ...] = ()
    tickets: tuple[str, ...] = ()
    issue_numbers: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def refers_to(self, codes: frozenset[str]) -> bool:
        return bool(codes.intersection(self.requirement_refs + self.anomaly_refs))


@dataclass(frozen=True, slots=True)
class Release:
    """A delivered version and what its notes announce."""

    version: str
    released_on: str | None
    items: tuple[ReleaseNoteItem, ...]
    source: str = ""


def release_version(text: str) -> str:
    """A release as every command and the database name it: as its notes number it, without the
    leading ``v`` of a tag (``v5.6.1`` and ``V5.6.1`` are release ``5.6.1``; ``vNext`` stays as is)."""
    text = text.strip()
    return text[1:] if text[:1] in ("v", "V") and text[1:2].isdigit() else text


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNDEFINED = "undefined"
    ERROR = "error"
    PENDING = "pending"  # a manual scenario whose execution is not recorded yet

    @property
    def is_failure(self) -> bool:
        return self in _FAILURES  # a set made once: asked of every result, often more than once

    @property
    def executed(self) -> bool:
        """Whether it ran and says something: neither skipped nor waiting for a manual execution."""
        return self not in _NOT_EXECUTED


_FAILURES = frozenset({Status.FAILED, Status.UNDEFINED, Status.ERROR})
_NOT_EXECUTED = frozenset({Status.SKIPPED, Status.PENDING})


@dataclass(frozen=True, slots=True)
class StepResult:
    position: int
    keyword: str
    text: str
    line: int
    status: Status
    duration: float = 0.0
    error: str | None = None  # short: exception type and first line
    traceback: str | None = None  # full
    table: tuple[tuple[str, ...], ...] = ()  # the step's data table, rows of cells
    doc_string: str | None = None  # the step's doc string (between triple quotes)


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """What happened to one scenario (or one row of a scenario outline) in a run."""

    key: str
    feature_path: str
    feature_name: str
    scenario: str
    line: int
    status: Status
    tags: tuple[str, ...] = ()
    requirement_codes: tuple[str, ...] = ()
    example: tuple[tuple[str, str], ...] = ()
    duration: float = 0.0
    message: str | None = None
    steps: tuple[StepResult, ...] = ()
    rule: str | None = None
    executed_by: str | None = None  # a manual scenario: the tester whose recorded execution this is

    def concerns(self, codes: frozenset[str]) -> bool:
        return bool(codes.intersection(self.tags) or codes.intersection(self.requirement_codes))


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run (attempt) of a campaign's scenarios, as kept in the run history."""

    campaign_key: str
    attempt: int
    run_key: str
    selection: str
    shards: int
    started_at: datetime
    finished_at: datetime | None
    counts: tuple[tuple[str, int], ...] = ()


class GapType(StrEnum):
    REQUIREMENT_FAILING = "requirement_failing"
    REQUIREMENT_UNCOVERED = "requirement_uncovered"
    FIX_STILL_FAILING = "fix_still_failing"
    ANNOUNCED_UNTESTED = "announced_untested"
    REGRESSION = "regression"
    UNANNOUNCED_CHANGE = "unannounced_change"
    NOT_EXECUTABLE = "not_executable"
    FLAKY = "flaky"
    KNOWN_LIMITATION = "known_limitation"  # a gap the vendor's notes declare as a known issue
    NOT_DUE = "not_due"  # a requirement planned for a later lot or release: shown, never blocking
    RESERVATION = "reservation"  # raised by an approver with a decision; never found by the analysis


class Severity(StrEnum):
    BLOCKING = "blocking"
    MAJOR = "major"
    MINOR = "minor"


@dataclass(frozen=True, slots=True)
class Gap:
    """An écart: a typed mismatch between what was required or announced and what was observed.

    ``identity`` is stable across reruns so the same gap found again is the same gap. ``type`` is
    its cause; ``facts`` the other observations that hold for it (a regression that also fails
    its requirement and was not announced: facts ``requirement_failing``, ``unannounced_change``).
    """

    identity: str
    type: GapType
    severity: Severity
    requirement_code: str | None
    scenario_keys: tuple[str, ...] = ()
    item_texts: tuple[str, ...] = ()
    anomaly_refs: tuple[str, ...] = ()
    facts: tuple[GapType, ...] = ()


class Verdict(StrEnum):
    OK = "ok"
    FAILING = "failing"
    NOT_RUN = "not_run"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True, slots=True)
class RequirementCoverage:
    """How one requirement fared in a campaign."""

    requirement: Requirement
    scenario_keys: tuple[str, ...] = field(default=())
    passed: int = 0
    failed: int = 0
    other: int = 0

    @property
    def verdict(self) -> Verdict:
        if not self.scenario_keys:
            return Verdict.NOT_COVERED
        if self.failed:
            return Verdict.FAILING
        return Verdict.OK if self.passed else Verdict.NOT_RUN

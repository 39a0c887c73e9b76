"""What the PV lists in full and what it sums up, so that it stays readable at any size.

In full, always: the summary, the exit criteria, the gaps and the requirements that are not OK.
Summed up per business domain: the requirements that are OK and the scenarios, listed one by one
only while there are at most :data:`LIST_LIMIT` of them (a small project's PV reads as before).
The full lists are in the traceability matrix (``amoa report -f csv -f xlsx``) and on the web
page of the release (paginated, filtered by the server).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from amoa_workflow.domain.gap_lifecycle import GapStatus, TrackedGap, overdue
from amoa_workflow.domain.model import GapType, RequirementCoverage, ScenarioResult, Status, Verdict
from amoa_workflow.domain.release_diff import Change, RequirementChange

T = TypeVar("T")
LIST_LIMIT = 200
NO_DOMAIN = "—"


@dataclass(frozen=True)
class DomainLine:
    """One business domain: its requirements by verdict and its scenarios by status."""

    domain: str
    requirements: int
    ok: int
    not_ok: int
    passed: int
    failed: int  # failed, undefined step or error
    skipped: int  # not run: skipped, or manual and pending


@dataclass(frozen=True)
class Listing:
    domains: tuple[DomainLine, ...]
    not_ok: tuple[RequirementCoverage, ...]  # in full, always
    ok: tuple[RequirementCoverage, ...] | None  # None: too many, summed up per domain
    ok_count: int
    scenarios: tuple[ScenarioResult, ...] | None  # None: too many, summed up per domain
    scenario_count: int


def listing(
    coverage: Sequence[RequirementCoverage], results: Sequence[ScenarioResult], limit: int = LIST_LIMIT
) -> Listing:
    ok = tuple(row for row in coverage if row.verdict is Verdict.OK)
    return Listing(
        domains=tuple(by_domain(coverage, results)),
        not_ok=tuple(row for row in coverage if row.verdict is not Verdict.OK),
        ok=ok if len(ok) <= limit else None,
        ok_count=len(ok),
        scenarios=tuple(results) if len(results) <= limit else None,
        scenario_count=len(results),
    )


def by_domain(coverage: Sequence[RequirementCoverage], results: Sequence[ScenarioResult]) -> list[DomainLine]:
    """Per domain (of the requirement, for a scenario its first known one), in alphabetical order."""
    domain_of = {row.requirement.code: row.requirement.domain for row in coverage}
    verdicts: dict[str, Counter[bool]] = defaultdict(Counter)
    for row in coverage:
        verdicts[row.requirement.domain][row.verdict is Verdict.OK] += 1
    statuses: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        domain = next((domain_of[c] for c in result.requirement_codes if c in domain_of), NO_DOMAIN)
        # Not run (skipped, or a manual scenario still pending) counts with the skipped ones.
        kind = (
            "passed"
            if result.status is Status.PASSED
            else "failed"
            if result.status.is_failure
            else "skipped"
        )
        statuses[domain][kind] += 1
    return [
        DomainLine(domain, verdicts[domain].total(), verdicts[domain][True], verdicts[domain][False],
                   statuses[domain]["passed"], statuses[domain]["failed"], statuses[domain]["skipped"])
        for domain in sorted(set(verdicts) | set(statuses), key=lambda d: (d == NO_DOMAIN, d))
    ]  # fmt: skip


@dataclass(frozen=True)
class Changes:
    """The changes of verdict since the previous release: listed, or counted by kind when many."""

    rows: tuple[RequirementChange, ...] | None
    counts: tuple[tuple[str, int], ...]


def changes(found: Sequence[RequirementChange], limit: int = LIST_LIMIT) -> Changes:
    changed = tuple(c for c in found if c.change is not Change.UNCHANGED)
    counts = Counter(c.change.value for c in changed)
    return Changes(changed if len(changed) <= limit else None, tuple(sorted(counts.items())))


PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a filtered list: its rows, its number (from 1), how many pages and rows in all."""

    rows: tuple[T, ...]
    number: int
    pages: int
    total: int


def page_of(rows: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    pages = max(1, -(-len(rows) // size))
    number = min(max(1, number), pages)
    return Page(tuple(rows[(number - 1) * size : number * size]), number, pages, len(rows))


def requirement_page(
    coverage: Sequence[RequirementCoverage],
    query: str = "",
    verdict: str = "",
    domain: str = "",
    number: int = 1,
) -> Page[RequirementCoverage]:
    """The requirements whose id or title contains ``query`` (any case), of a verdict and domain."""
    needle = query.strip().casefold()
    rows = [
        row
        for row in coverage
        if (not verdict or row.verdict.value == verdict)
        and (not domain or row.requirement.domain == domain)
        and (
            not needle
            or needle in row.requirement.code.casefold()
            or needle in row.requirement.title.casefold()
        )
    ]
    return page_of(rows, number)


def scenario_page(
    results: Sequence[ScenarioResult], query: str = "", status: str = "", number: int = 1
) -> Page[ScenarioResult]:
    """The scenarios whose name, feature or requirement contains ``query`` (any case), of a status."""
    needle = query.strip().casefold()
    rows = [
        r
        for r in results
        if (not status or r.status.value == status)
        and (
            not needle
            or any(needle in text.casefold() for text in (r.scenario, r.feature_path, *r.requirement_codes))
        )
    ]
    return page_of(rows, number)


@dataclass(frozen=True)
class ReservationRow:
    """A reservation as the PV shows it: on a gap (its type and requirement) or in the approver's words."""

    identity: str
    text: str | None  # the approver's words; None for a reservation on a gap
    gap_type: str
    requirement: str | None
    owner: str
    due: str
    status: str
    overdue: bool = False  # accepted, and its due date is past


def reservation_rows(
    tracked: Iterable[TrackedGap], free: Iterable[TrackedGap], today: date
) -> list[ReservationRow]:
    """The gaps accepted as reservations, then the reservations in the approvers' own words; those
    still accepted after their due date (as of ``today``) are overdue."""
    rows = [g for g in tracked if g.status is GapStatus.ACCEPTED and g.type is not GapType.RESERVATION]
    late = {g.identity for g in overdue([*rows, *free], today)}
    return [
        ReservationRow(
            g.identity,
            g.reason if g.type is GapType.RESERVATION else None,
            g.type.value,
            g.requirement_code,
            g.owner or "—",
            g.due.isoformat() if g.due else "—",
            g.status.value,
            g.identity in late,
        )
        for g in [*rows, *free]
    ]

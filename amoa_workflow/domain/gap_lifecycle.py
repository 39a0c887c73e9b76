"""The life of a gap across releases: found, resolved, accepted as a reservation, waived, reopened.

A gap is tracked by its identity (``requirement_failing:EXG-004``): analysing a new campaign
reconciles what is found with what is tracked. Every move is kept in the gap's history.

    open ──(not found any more)──▶ resolved ──(found again)──▶ reopened
      │                                                           │
      ├──accept(owner, due)──▶ accepted ──(not found)──▶ resolved  │
      └──waive(reason)──▶ waived                        (same moves as open)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from amoa_workflow.domain.model import Gap, GapType, Severity


class GapStatus(StrEnum):
    OPEN = "open"
    REOPENED = "reopened"
    ACCEPTED = "accepted"  # a reservation: tolerated with an owner and a due date
    WAIVED = "waived"  # not to be fixed, with a reason
    RESOLVED = "resolved"

    @property
    def is_active(self) -> bool:
        """Still to be dealt with (an accepted reservation is tracked until resolved)."""
        return self in (GapStatus.OPEN, GapStatus.REOPENED, GapStatus.ACCEPTED)


@dataclass(frozen=True, slots=True)
class GapEvent:
    release: str
    status: GapStatus
    note: str = ""
    by: str = ""  # who made the move, when someone did (a blocking gap's waiver: the approver)


@dataclass(frozen=True, slots=True)
class TrackedGap:
    identity: str
    type: GapType
    severity: Severity
    requirement_code: str | None
    status: GapStatus
    first_release: str
    last_release: str
    owner: str | None = None
    due: date | None = None
    reason: str | None = None
    history: tuple[GapEvent, ...] = ()

    def moved(self, release: str, status: GapStatus, note: str = "", by: str = "") -> TrackedGap:
        return replace(self, status=status, history=(*self.history, GapEvent(release, status, note, by)))

    @property
    def moved_by(self) -> str:
        """Who made its latest move ("" when no one is named: an analysis, an older record)."""
        return self.history[-1].by if self.history else ""


class GapMoveError(ValueError):
    """A move the lifecycle does not allow (e.g. accepting a resolved gap); ``code`` says which."""

    def __init__(self, gap: TrackedGap, code: str) -> None:
        self.gap, self.code = gap, code  # cannot_accept, needs_owner, cannot_waive, needs_reason
        super().__init__(f"{gap.identity} ({gap.status}): {code}")


def reconcile(tracked: Sequence[TrackedGap], found: Sequence[Gap], release: str) -> list[TrackedGap]:
    """Every tracked gap after the campaign of ``release``.

    New gaps open, gaps found again stay as they are (a resolved one reopens), gaps no longer
    found are resolved (except approvers' free-text reservations, which no analysis finds).
    """
    by_identity = {gap.identity: gap for gap in tracked}
    result: dict[str, TrackedGap] = {}
    for gap in found:
        known = by_identity.get(gap.identity)
        if known is None:
            result[gap.identity] = TrackedGap(
                identity=gap.identity,
                type=gap.type,
                severity=gap.severity,
                requirement_code=gap.requirement_code,
                status=GapStatus.OPEN,
                first_release=release,
                last_release=release,
                history=(GapEvent(release, GapStatus.OPEN),),
            )
            continue
        seen = replace(known, severity=gap.severity, last_release=release)
        if known.status is GapStatus.RESOLVED:
            seen = seen.moved(release, GapStatus.REOPENED)
        result[gap.identity] = seen
    found_identities = {gap.identity for gap in found}
    for old in tracked:
        if old.identity not in found_identities:
            analysed = old.type is not GapType.RESERVATION  # an approver's reservation is closed by people
            result[old.identity] = (
                old.moved(release, GapStatus.RESOLVED) if old.status.is_active and analysed else old
            )
    return sorted(result.values(), key=lambda g: g.identity)


def accept(gap: TrackedGap, release: str, owner: str, due: date, note: str = "", by: str = "") -> TrackedGap:
    """A reservation: the gap is tolerated for now, someone owns it, it is due by a date."""
    if gap.status not in (GapStatus.OPEN, GapStatus.REOPENED, GapStatus.ACCEPTED):
        raise GapMoveError(gap, "cannot_accept")
    if not owner.strip():
        raise GapMoveError(gap, "needs_owner")
    moved = gap.moved(release, GapStatus.ACCEPTED, note or f"{owner}, {due.isoformat()}", by)
    return replace(moved, owner=owner, due=due)


def waive(gap: TrackedGap, release: str, reason: str, by: str = "") -> TrackedGap:
    if not gap.status.is_active:
        raise GapMoveError(gap, "cannot_waive")
    if not reason.strip():
        raise GapMoveError(gap, "needs_reason")
    return replace(gap.moved(release, GapStatus.WAIVED, reason, by), reason=reason)


def overdue(gaps: Sequence[TrackedGap], today: date) -> list[TrackedGap]:
    """Reservations past their due date, still not resolved."""
    return [g for g in gaps if g.status is GapStatus.ACCEPTED and g.due is not None and g.due < today]


def forget_release(gaps: Sequence[TrackedGap], release: str) -> tuple[list[TrackedGap], list[str]]:
    """The tracked gaps as if ``release`` had never been checked: its moves are taken out of each
    gap's history, which then says where the gap stands and between which releases; a gap seen
    only in ``release`` is dropped. Returns the gaps changed and the identities dropped."""
    changed: list[TrackedGap] = []
    dropped: list[str] = []
    for gap in gaps:
        if release not in (gap.first_release, gap.last_release) and all(
            event.release != release for event in gap.history
        ):
            continue
        history = tuple(event for event in gap.history if event.release != release)
        if not history:
            dropped.append(gap.identity)
            continue
        changed.append(
            replace(
                gap,
                history=history,
                status=history[-1].status,
                first_release=history[0].release,
                last_release=history[-1].release,
            )
        )
    return changed, dropped

"""Use cases on tracked gaps: list them, accept one as a reservation, waive one. Audited. And the
reservations an approver gives on the command line (``GAP|OWNER|DATE``), read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from amoa_workflow.domain.dates import typed_date
from amoa_workflow.domain.gap_lifecycle import GapEvent, GapMoveError, GapStatus, TrackedGap, accept, waive
from amoa_workflow.domain.gates import FREE_TEXT, Reservation
from amoa_workflow.domain.model import GapType, Severity
from amoa_workflow.errors import GapMoveRefused, GapNotFound
from amoa_workflow.ports import TrackedGapRepository, UnitOfWork

ACTOR = "amoa-workflow"
_REFUSALS = {
    "cannot_accept": (
        "only an open or reopened gap can be accepted",
        "seul un écart ouvert ou rouvert peut être accepté",
    ),
    "needs_owner": (
        "a reservation needs an owner (--owner)",
        "une réserve a besoin d'un responsable (--owner)",
    ),
    "cannot_waive": (
        "only an open, reopened or accepted gap can be waived",
        "seul un écart en cours peut faire l'objet d'une dérogation",
    ),
    "needs_reason": ("a waiver needs a reason (--reason)", "une dérogation a besoin d'un motif (--reason)"),
}


def tracked(uow: UnitOfWork, active_only: bool = False) -> list[TrackedGap]:
    with uow:
        gaps = uow.tracked_gaps.all()
    return [g for g in gaps if g.status.is_active] if active_only else gaps


def accept_gap(
    uow: UnitOfWork,
    identity: str,
    release: str,
    owner: str,
    due: date,
    actor: str,
    note: str = "",
    today: date | None = None,
) -> TrackedGap:
    """Accept a gap as a reservation: someone owns it and it is due by a date (not before ``today``:
    a reservation overdue when given is no plan, as approvers are told)."""
    if today is not None and due < today:
        raise GapMoveRefused(
            identity,
            why_en=f"its due date {due.isoformat()} is already past: give the date it will be solved by",
            why_fr=f"son échéance {due.isoformat()} est déjà passée : indiquez quand il sera levé",
        )
    return _move(uow, identity, actor, "gap.accepted", lambda gap: accept(gap, release, owner, due, note))


def waive_gap(uow: UnitOfWork, identity: str, release: str, reason: str, actor: str) -> TrackedGap:
    """Waive a gap: it will not be fixed, for a reason that stays in its history."""
    return _move(uow, identity, actor, "gap.waived", lambda gap: waive(gap, release, reason))


def _move(
    uow: UnitOfWork, identity: str, actor: str, action: str, how: Callable[[TrackedGap], TrackedGap]
) -> TrackedGap:
    with uow:
        gaps = {g.identity: g for g in uow.tracked_gaps.all()}
        gap = gaps.get(identity)
        if gap is None:
            raise GapNotFound(identity, sorted(g for g, t in gaps.items() if t.status.is_active))
        try:
            moved = how(gap)
        except GapMoveError as refusal:
            en, fr = _REFUSALS[refusal.code]
            raise GapMoveRefused(identity, why_en=en, why_fr=fr) from None
        uow.tracked_gaps.save_all([moved])
        details = {"status": moved.status.value, "owner": moved.owner, "reason": moved.reason}
        uow.audit.append(
            actor, action, identity, {k: v for k, v in details.items() if v} | {"due": str(moved.due)}
        )
        uow.commit()
    return moved


def reserve(
    tracked_gaps: TrackedGapRepository, release: str, reservations: Sequence[Reservation], note: str
) -> list[TrackedGap]:
    """An approver's reservations, inside the caller's transaction: each is a tracked gap accepted
    with its owner and due date: the gap it names, or a new ``reservation:<release>:<text>`` gap."""
    if not reservations:
        return []
    tracked = {g.identity: g for g in tracked_gaps.all()}
    moved: list[TrackedGap] = []
    for reservation in reservations:
        gap = tracked.get(reservation.gap)
        if gap is None and reservation.text is None:  # a mistyped gap id is not a free text
            raise GapNotFound(reservation.gap, sorted(g for g, t in tracked.items() if t.status.is_active))
        gap = gap or _free_text(reservation, release)
        try:
            moved.append(accept(gap, release, reservation.owner, reservation.due, note))
        except GapMoveError as refusal:
            en, fr = _REFUSALS[refusal.code]
            raise GapMoveRefused(gap.identity, why_en=en, why_fr=fr) from None
    tracked_gaps.save_all(moved)
    return moved


def _free_text(reservation: Reservation, release: str) -> TrackedGap:
    text = reservation.text or ""
    identity = f"reservation:{release}:{' '.join(text.split())[:200]}"
    opened = GapEvent(release, GapStatus.OPEN, text)
    return TrackedGap(identity, GapType.RESERVATION, Severity.MINOR, None, GapStatus.OPEN, release, release,
                      reason=text, history=(opened,))  # fmt: skip


def reservations_from(texts: Sequence[str], free_texts: Sequence[str] = ()) -> list[Reservation]:
    """``GAP|OWNER|DATE`` texts (``--reservation``: a gap's id) and ``TEXT|OWNER|DATE`` texts
    (``--reservation-text``: the approver's words) as reservations; the date ISO or French
    (15/12/2026). ValueError naming the text if malformed."""
    found = []
    for text, free in [(t, False) for t in texts] + [(t, True) for t in free_texts]:
        parts = [p.strip() for p in text.split("|")]
        if len(parts) != 3 or not parts[0]:
            raise ValueError(text)
        try:
            due = typed_date(parts[2])
        except ValueError:
            raise ValueError(text) from None
        found.append(Reservation(FREE_TEXT + parts[0] if free else parts[0], parts[1], due))
    return found

"""Use cases on tracked gaps: list them, accept one as a reservation, waive one. Audited. And the
reservations an approver gives on the command line (``GAP|OWNER|DATE``), read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amoa_workflow.domain.dates import typed_date
from amoa_workflow.domain.decisions import FREE_TEXT, Reservation
from amoa_workflow.domain.gap_lifecycle import GapEvent, GapMoveError, GapStatus, TrackedGap, accept, waive
from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.domain.model import GapType, Severity
from amoa_workflow.domain.proofs import GapMoveStatement
from amoa_workflow.errors import GapMoveRefused, GapNotFound
from amoa_workflow.ports import ApprovalUnitOfWork, TrackedGapRepository, UnitOfWork

ACTOR = "amoa-workflow"
# (public key, statement, signature) → the key's fingerprint when the signature holds, else None
KeyCheck = Callable[[str, str, str], str | None]


@dataclass(frozen=True)
class MoveProof:
    """Who moves a gap: the operator running the command and, for a blocking gap, the approver's
    signature of the move's statement, checked by ``key_check``."""

    operator: str
    signature: str | None = None
    key_check: KeyCheck | None = None


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


@dataclass(frozen=True)
class Move:
    """A gap's move as asked: waive (with a reason) or accept (with an owner and a due date)."""

    release: str
    identity: str
    kind: str  # "waive" or "accept"
    by: str  # who decides: for a blocking gap, an approver of the release's gates
    reason: str = ""
    owner: str = ""
    due: date | None = None
    note: str = ""

    def statement(self, gap: TrackedGap) -> GapMoveStatement:
        due = self.due.isoformat() if self.due else ""
        return GapMoveStatement(self.release, self.identity, self.kind, self.by, self.reason, self.owner, due,
                                len(gap.history))  # fmt: skip


def move_statement(
    uow: ApprovalUnitOfWork, definitions: Sequence[GateDefinition], move: Move
) -> tuple[GapMoveStatement, str] | None:
    """What ``move.by`` signs for the move to be recorded now, and the public key it must verify
    with; None when the gap is not blocking (no signature needed). Refused when ``move.by`` is not
    an approver of the release's gates, or has no key there."""
    with uow:
        gap = _find(uow.tracked_gaps.all(), move.identity)
        if gap.severity is not Severity.BLOCKING:
            return None
        key = _approver_key(uow, definitions, move)
    return move.statement(gap), key


def accept_gap(
    uow: ApprovalUnitOfWork,
    move: Move,
    today: date | None = None,
    definitions: Sequence[GateDefinition] = (),
    proof: MoveProof | None = None,
) -> TrackedGap:
    """Accept a gap as a reservation: someone owns it and it is due by a date (not before ``today``:
    a reservation overdue when given is no plan, as approvers are told). A blocking gap only with
    an approver's signature (``proof``)."""
    due = move.due or date.max
    if today is not None and due < today:
        raise GapMoveRefused(
            move.identity,
            why_en=f"its due date {due.isoformat()} is already past: give the date it will be solved by",
            why_fr=f"son échéance {due.isoformat()} est déjà passée : indiquez quand il sera levé",
        )
    return _move(
        uow, move, "gap.accepted", lambda gap: accept(gap, move.release, move.owner, due, move.note, move.by),
        definitions, proof,
    )  # fmt: skip


def waive_gap(
    uow: ApprovalUnitOfWork,
    move: Move,
    definitions: Sequence[GateDefinition] = (),
    proof: MoveProof | None = None,
) -> TrackedGap:
    """Waive a gap: it will not be fixed, for a reason that stays in its history. A blocking gap only
    with an approver's signature (``proof``)."""
    return _move(
        uow, move, "gap.waived", lambda gap: waive(gap, move.release, move.reason, move.by),
        definitions, proof,
    )  # fmt: skip


def _move(
    uow: ApprovalUnitOfWork,
    move: Move,
    action: str,
    how: Callable[[TrackedGap], TrackedGap],
    definitions: Sequence[GateDefinition],
    proof: MoveProof | None,
) -> TrackedGap:
    with uow:
        gap = _find(uow.tracked_gaps.all(), move.identity)
        try:
            moved = how(gap)
        except GapMoveError as refusal:
            en, fr = _REFUSALS[refusal.code]
            raise GapMoveRefused(move.identity, why_en=en, why_fr=fr) from None
        proved = _proved(uow, definitions, move, gap, proof) if gap.severity is Severity.BLOCKING else {}
        uow.tracked_gaps.save_all([moved])
        details: dict[str, Any] = {"status": moved.status.value, "owner": moved.owner, "reason": moved.reason}
        details = {k: v for k, v in details.items() if v} | {"due": str(moved.due)}
        if proof is not None:
            details["operator"] = proof.operator
        uow.audit.append(move.by, action, move.identity, details | proved)
        uow.commit()
    return moved


def _find(tracked: Sequence[TrackedGap], identity: str) -> TrackedGap:
    gaps = {g.identity: g for g in tracked}
    gap = gaps.get(identity)
    if gap is None:
        raise GapNotFound(identity, sorted(g for g, t in gaps.items() if t.status.is_active))
    return gap


def _approver_key(uow: ApprovalUnitOfWork, definitions: Sequence[GateDefinition], move: Move) -> str:
    """``move.by``'s public key as the release's gates recorded it when they opened (the configured
    gates' when none is open yet); refused when they are not an approver there, or have no key."""
    opened = [g.rules for g in uow.gates.for_release(move.release) if g.rules is not None]
    approvers = [a for rules in (opened or definitions) for a in rules.approvers]
    mine = [a for a in approvers if a.id == move.by]
    if not mine:
        names = ", ".join(sorted({a.id for a in approvers})) or "-"
        raise GapMoveRefused(
            move.identity,
            why_en=f"a blocking gap is moved by an approver: '{move.by}' is not an approver of a gate of "
            f"release {move.release} ({names})",
            why_fr=f"un écart bloquant est traité par un approbateur : « {move.by} » n'est approbateur "
            f"d'aucune porte de la version {move.release} ({names})",
        )
    key = next((a.public_key for a in mine if a.public_key), None)
    if key is None:
        raise GapMoveRefused(
            move.identity,
            why_en=f"'{move.by}' has no public key in the gates of release {move.release}: nothing can prove "
            "the move is theirs",
            why_fr=f"« {move.by} » n'a pas de clé publique dans les portes de la version {move.release} : "
            "rien ne prouve que le geste est le sien",
        )
    return key


def _proved(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    move: Move,
    gap: TrackedGap,
    proof: MoveProof | None,
) -> dict[str, Any]:
    """The proof of a blocking gap's move, checked, as its audit entry keeps it."""
    key = _approver_key(uow, definitions, move)
    if proof is None or proof.signature is None or proof.key_check is None:
        raise GapMoveRefused(
            move.identity,
            why_en=f"no proof that '{move.by}' moves this blocking gap: it is signed with their key "
            "(amoa gaps waive|accept … --by ID [--key FILE])",
            why_fr=f"aucune preuve que « {move.by} » traite cet écart bloquant : le geste se signe avec sa "
            "clé (amoa gaps waive|accept … --by ID [--key FICHIER])",
        )
    statement = move.statement(gap).text()
    fingerprint = proof.key_check(key, statement, proof.signature)
    if fingerprint is None:
        raise GapMoveRefused(
            move.identity,
            why_en=f"the signature is not {move.by}'s signature of this move (sign it again: the gap may "
            "have moved)",
            why_fr=f"la signature n'est pas celle de « {move.by} » pour ce geste (signez à nouveau : "
            "l'écart a pu bouger)",
        )
    return {"proof": {"method": "signature", "statement": statement, "signature": proof.signature,
                      "public_key": key, "key_fingerprint": fingerprint}}  # fmt: skip


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

"""Approvers' decisions on a gate: *approve*, *approve with reservations* (each reservation: a gap
or a text, an owner, a due date) or *reject*, what makes one fit to record, and which one counts.

Only the **latest** decision of each approver of the gate counts (a changed decision is a new one,
with the next sequence number); decisions of anyone else never count. Pure rules, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DecisionKind(StrEnum):
    APPROVE = "approve"
    APPROVE_WITH_RESERVATIONS = "approve_with_reservations"
    REJECT = "reject"

    @property
    def approves(self) -> bool:
        return self is not DecisionKind.REJECT


FREE_TEXT = "reservation:"  # a reservation in the approver's words: "reservation:<text>"


@dataclass(frozen=True)
class Reservation:
    gap: str  # a tracked gap's identity, or "reservation:<text>" (a new tracked reservation)
    owner: str
    due: date

    @property
    def text(self) -> str | None:
        """The approver's words of a free-text reservation; None for one on a gap."""
        return self.gap.removeprefix(FREE_TEXT).strip() if self.gap.startswith(FREE_TEXT) else None


@dataclass(frozen=True)
class Decision:
    approver: str
    kind: DecisionKind
    decided_at: datetime
    comment: str = ""
    reservations: tuple[Reservation, ...] = ()
    sequence: int = 1  # per gate and approver: 2 for a changed decision…
    round: int = 1
    proof: str = ""  # how the approver was authenticated: signature | link ("" before proofs)
    key_fingerprint: str = ""  # SHA256:… of the key that signed (signature)
    signature: str = ""  # the approver's signature of the decision's statement (armored)
    pv_sha256: str = ""  # the fingerprint of the PV decided on
    source: str | None = None  # link:<id>, prefect:<flow run>:<pause key>…
    id: int | None = None  # its row, once stored


def problems(kind: DecisionKind, comment: str, reservations: Sequence[Reservation]) -> list[str]:
    """What is wrong with a decision before it is recorded (codes), empty when it may be recorded."""
    found = []
    if kind is DecisionKind.APPROVE_WITH_RESERVATIONS and not reservations:
        found.append("needs_reservations")
    if kind is not DecisionKind.APPROVE_WITH_RESERVATIONS and reservations:
        found.append("reservations_need_kind")
    if kind is DecisionKind.REJECT and not comment.strip():
        found.append("reject_needs_comment")
    if any(not r.owner.strip() or not r.gap.strip() for r in reservations):
        found.append("reservation_incomplete")
    return found


def latest(decisions: Iterable[Decision], approvers: Iterable[str]) -> dict[str, Decision]:
    """The decision that counts for each approver: their latest one (highest round, then sequence)."""
    allowed = set(approvers)
    chosen: dict[str, Decision] = {}
    for decision in decisions:
        if decision.approver not in allowed:
            continue
        known = chosen.get(decision.approver)
        if known is None or (decision.round, decision.sequence) > (known.round, known.sequence):
            chosen[decision.approver] = decision
    return chosen

"""Whether what a gate shows is proven: each decision against its audit entry and its proof, the
gate's outcome against the decisions that verify.

The PV and ``amoa gates`` show a gate's decisions from the ``decisions`` table and its outcome from
the ``gates`` table: whoever can write to the database can change both. :func:`check` verifies, for
one gate and at a small cost (its own audit entries, one signature check per signed decision):

- each decision of the current round: its ``gate.decision`` entry (same gate, round, approver and
  sequence) is there and intact (its content still gives its hash; with ``AMOA_AUDIT_KEY``, its
  MAC holds); the row says what the entry says; the proof the entry holds is of this decision,
  and a signature verifies with the approver's key in the rules audited when the gate opened;
- the gate's outcome and round: the round is the one its intact ``gate.opened`` and
  ``gate.reopened`` entries give; the outcome is the one the quorum of those rules gives on the
  decisions that verify, or the one an intact ``gate.expired`` entry of the round records (a gate
  closed at its deadline, with no quorum).

A decision that does not verify is *doubtful* (:class:`Doubt` says why); a gate whose outcome does
not follow is *not established*. The whole chain and its anchors (an entry removed, the log
rewritten and hashed again) are ``amoa audit verify``'s to check. Pure: the signature and the MAC
are checked by the functions passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from amoa_workflow.domain import quorum
from amoa_workflow.domain.audit import AuditEntry, chain_hash
from amoa_workflow.domain.audited_decisions import SignatureCheck, decision_differs, proof_flaw, rules_in
from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gates import TIMEOUT_OUTCOMES, Gate, GateDefinition, GateStatus
from amoa_workflow.domain.quorum import Outcome

Sealed = Callable[[AuditEntry], bool]  # the entry's MAC holds under the audit key (True without a key)
EXPIRED = "gate.expired"


class Doubt(StrEnum):
    UNAUDITED = "unaudited"  # no audit entry records it
    ALTERED = "altered"  # its audit entry no longer gives its hash (or its MAC)
    DIFFERS = "differs"  # the row is not what its audit entry records
    PROOF = "proof"  # the proof recorded is not of this decision, or its signature does not verify


@dataclass(frozen=True)
class GateCheck:
    """What of a gate's state verifies: the doubtful decisions (row ids), whether its outcome follows."""

    doubts: tuple[tuple[int, Doubt], ...] = ()
    established: bool = True

    @property
    def verified(self) -> bool:
        return self.established and not self.doubts

    def doubt(self, decision: Decision) -> Doubt | None:
        return next((why for row, why in self.doubts if row == decision.id), None)


def intact(entry: AuditEntry, sealed: Sealed) -> bool:
    """The entry's content still gives its hash, and its MAC holds."""
    digest = chain_hash(entry.prev_hash, entry.at, entry.actor, entry.action, entry.subject, entry.details)
    return digest == entry.hash and sealed(entry)


def check(
    gate: Gate,
    history: Sequence[Decision],
    entries: Iterable[AuditEntry],
    signature_ok: SignatureCheck,
    sealed: Sealed,
) -> GateCheck:
    """``gate`` with its decisions (all rounds, from the table) against its audit ``entries``."""
    log = [e for e in entries if e.subject == gate.audit_subject]
    good = [e for e in log if intact(e, sealed)]
    definition = _audited_rules(gate, good)
    shown = [d for d in history if d.round == gate.round]
    doubts: list[tuple[int, Doubt]] = []
    for decision in shown:
        why = _doubt(decision, gate, log, good, definition, signature_ok)
        if why is not None:
            doubts.append((decision.id if decision.id is not None else -1, why))
    doubtful = {row for row, _ in doubts}
    verified = [d for d in shown if d.id not in doubtful]
    return GateCheck(tuple(doubts), _established(gate, good, definition, verified))


def _audited_rules(gate: Gate, good: Sequence[AuditEntry]) -> GateDefinition | None:
    """The rules audited when the gate opened (or frozen later for a gate opened before rules were
    kept); the table's only for a gate whose log holds none."""
    for entry in good:
        if entry.action in ("gate.opened", "gate.rules_frozen"):
            found = rules_in(gate.name, entry.details.get("rules"))
            if found is not None:
                return found
    return gate.rules


def _doubt(
    decision: Decision,
    gate: Gate,
    log: Sequence[AuditEntry],
    good: Sequence[AuditEntry],
    definition: GateDefinition | None,
    signature_ok: SignatureCheck,
) -> Doubt | None:
    def same(entry: AuditEntry) -> bool:
        details = entry.details
        return (
            entry.action == "gate.decision"
            and entry.actor == decision.approver
            and details.get("round") == decision.round
            and details.get("sequence") == decision.sequence
        )

    entry = next((e for e in good if same(e)), None)
    if entry is None:
        return Doubt.ALTERED if any(same(e) for e in log) else Doubt.UNAUDITED
    if decision_differs(decision, entry) is not None:
        return Doubt.DIFFERS
    if definition is None or proof_flaw(entry, decision, definition, signature_ok) is not None:
        return Doubt.PROOF
    return None


def _established(
    gate: Gate, good: Sequence[AuditEntry], definition: GateDefinition | None, verified: Sequence[Decision]
) -> bool:
    opened = next((e for e in good if e.action == "gate.opened"), None)
    if opened is None or definition is None:
        return False
    rounds = [_int(opened.details.get("round")) or 1]
    rounds += [_int(e.details.get("round")) for e in good if e.action == "gate.reopened"]
    if gate.round != max(rounds):
        return False
    derived = quorum.outcome(definition.quorum, definition.approvers, verified)
    if derived is Outcome.PENDING and gate.status is GateStatus.CLOSED:
        return any(  # closed at its deadline: its own entry says so
            e.action == EXPIRED
            and _int(e.details.get("round")) == gate.round
            and e.details.get("outcome") == gate.outcome.value
            and gate.outcome in TIMEOUT_OUTCOMES
            for e in good
        )
    closed = derived is not Outcome.PENDING
    return gate.outcome is derived and (gate.status is GateStatus.CLOSED) == closed


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1

"""A decision as its audit entry records it, and what the entry says of the row and its proof.

The ``gate.decision`` entries are read back as decisions (:func:`audited_decision`), a row of the
``decisions`` table compared with its entry (:func:`decision_differs`), the proof an entry holds
checked against the decision and the gate's frozen rules (:func:`proof_flaw`). Used by the review
of the whole log (:mod:`.audit_review`) and the check of a gate as shown (:mod:`.verification`).
Pure: signatures are checked by the function passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from amoa_workflow.domain import gates as rules
from amoa_workflow.domain.audit import AuditEntry
from amoa_workflow.domain.decisions import Decision, DecisionKind, Reservation
from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.domain.proofs import ProofKind, Statement, authentication_from

SignatureCheck = Callable[[str, str, str], bool]  # (public key line, statement text, signature) → genuine


def proof_flaw(
    entry: AuditEntry, decision: Decision, definition: GateDefinition, signature_ok: SignatureCheck
) -> str | None:
    """What is wrong with the proof ``entry`` recorded for ``decision`` (as the entry states it):
    ``statement_differs`` (the proof is of another decision), ``signature`` (it does not verify
    with the key in the gate's frozen rules); None when it holds, or when the entry predates proofs."""
    proof = entry.details.get("proof")
    auth = authentication_from(proof, entry.actor) if isinstance(proof, Mapping) else None
    if auth is None:
        return None  # recorded before decisions carried proofs
    expected = Statement(
        str(entry.details.get("release")),
        str(entry.details.get("gate")),
        decision.round,
        decision.sequence,
        decision.approver,
        decision.kind.value,
        decision.comment,
        decision.reservations,
        decision.pv_sha256,
    )
    if auth.statement != expected.text():
        return "statement_differs"
    if auth.method is not ProofKind.SIGNATURE:
        return None
    approver = definition.approver(decision.approver)
    key = approver.public_key if approver else None
    if (
        not key
        or auth.public_key.split()[:2] != key.split()[:2]
        or not signature_ok(key, auth.statement, auth.signature)
    ):
        return "signature"
    return None


def decision_differs(row: Decision, entry: AuditEntry) -> str | None:
    """The first field in which a decision row differs from its audit entry; None when they agree."""
    audited = audited_decision(entry)
    proof = _mapping(entry.details.get("proof"))
    pairs = {
        "decision": (row.kind.value, audited.kind.value),
        "comment": (row.comment, audited.comment),
        "reservations": (row.reservations, audited.reservations),
        "pv_sha256": (row.pv_sha256, audited.pv_sha256),
        "source": (row.source, entry.details.get("source")),
        "signature": (row.signature, str(proof.get("signature", ""))),
        "key_fingerprint": (row.key_fingerprint, str(proof.get("key_fingerprint", ""))),
        "proof": (row.proof, str(proof.get("method", ""))),
    }
    return next((name for name, (in_table, in_audit) in pairs.items() if in_table != in_audit), None)


def audited_decision(entry: AuditEntry) -> Decision:
    """The decision a ``gate.decision`` entry records."""
    details = entry.details
    proof = _mapping(details.get("proof"))
    reservations = tuple(
        Reservation(str(r.get("gap")), str(r.get("owner")), _date(r.get("due")))
        for r in details.get("reservations") or ()
        if isinstance(r, Mapping)
    )
    return Decision(
        entry.actor,
        _kind(details.get("decision")),
        datetime.fromisoformat(entry.at),
        str(details.get("comment", "")),
        reservations,
        _int(details.get("sequence")),
        _int(details.get("round")),
        str(proof.get("method", "")),
        pv_sha256=str(details.get("pv_sha256") or ""),
    )


def rules_in(name: str, raw: Any) -> GateDefinition | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        return rules.definition_from(name, raw)
    except ValueError:
        return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _kind(value: object) -> DecisionKind:
    try:
        return DecisionKind(str(value))
    except ValueError:  # an altered entry: the chain reports it; here it approves nothing
        return DecisionKind.REJECT


def _date(value: object) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return date.min


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1

"""The audit log read against the tables: does what the database says follow from what was audited?

A chain that holds proves its entries were not changed; it does not prove the tables agree with
them. :func:`review` replays each gate from its audit entries alone — opened with its frozen rules,
each decision (its proof checked with the key recorded at the opening), closed, reopened — and
compares the outcome, status and round it derives with the ``gates`` table; each ``decisions`` row
with its audit entry (and each audited decision with its row); each reservation and waiver in
``tracked_gaps`` with the entry that made it. Every disagreement is a :class:`Problem`, in French
and English, naming the entry (or row) concerned. Pure: signatures are checked by the function
passed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from amoa_workflow.domain import gates as rules
from amoa_workflow.domain.audit import AuditEntry
from amoa_workflow.domain.gap_lifecycle import GapStatus, TrackedGap
from amoa_workflow.domain.gates import (
    Decision,
    DecisionKind,
    Gate,
    GateDefinition,
    GateStatus,
    Outcome,
    Reservation,
)
from amoa_workflow.domain.proofs import GAP_MOVE_KIND, ProofKind, Statement, authentication_from

SignatureCheck = Callable[[str, str, str], bool]  # (public key line, statement text, signature) → genuine
_GATE = ("gate.opened", "gate.rules_frozen", "gate.decision", "gate.closed", "gate.reopened")


@dataclass(frozen=True)
class Problem:
    kind: str
    entry_id: int | None  # the audit entry concerned (None: a row no entry accounts for)
    en: str
    fr: str

    def render(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass
class Review:
    problems: list[Problem] = field(default_factory=list)
    gates: int = 0  # re-derived from their audit entries
    signatures: int = 0  # checked with the key recorded at the gate's opening

    def add(self, kind: str, entry_id: int | None, en: str, fr: str) -> None:
        self.problems.append(Problem(kind, entry_id, en, fr))


def review(
    entries: Sequence[AuditEntry],
    gates: Sequence[Gate],
    decisions: Mapping[int, Sequence[Decision]],  # by gate id, with their row ids
    tracked: Sequence[TrackedGap],
    signature_ok: SignatureCheck,
) -> Review:
    found = Review()
    audited: dict[tuple[str, int, str, int], AuditEntry] = {}
    for entry in entries:
        if entry.action == "gate.decision":
            key = (
                entry.subject,
                _int(entry.details.get("round")),
                entry.actor,
                _int(entry.details.get("sequence")),
            )
            audited[key] = entry
    for gate in gates:
        _replay(
            gate,
            [e for e in entries if e.subject == gate.audit_subject and e.action in _GATE],
            signature_ok,
            found,
        )
        for decision in decisions.get(gate.id or -1, ()):
            key = (gate.audit_subject, decision.round, decision.approver, decision.sequence)
            row_entry = audited.pop(key, None)
            if row_entry is None:
                found.add(
                    "decision_unaudited",
                    None,
                    f"decision row {decision.id} ({decision.approver} on {gate.audit_subject}) "
                    "has no audit entry",
                    f"la décision {decision.id} ({decision.approver} sur {gate.audit_subject}) "
                    "n'a pas d'entrée d'audit",
                )
                continue
            _compare_decision(decision, row_entry, found)
    for (subject, _round, approver, _sequence), entry in sorted(audited.items(), key=lambda kv: kv[1].id):
        found.add(
            "decision_missing",
            entry.id,
            f"entry {entry.id}: {approver}'s decision on {subject} is missing from the decisions table",
            f"entrée {entry.id} : la décision de {approver} sur {subject} manque à la table des décisions",
        )
    _review_gaps(entries, tracked, found)
    _review_gap_proofs(entries, signature_ok, found)
    found.problems.sort(key=lambda p: (p.entry_id is None, p.entry_id or 0))
    return found


def _replay(gate: Gate, log: list[AuditEntry], signature_ok: SignatureCheck, found: Review) -> None:
    subject = gate.audit_subject
    opened = next((e for e in log if e.action == "gate.opened"), None)
    if opened is None:
        found.add(
            "gate_unaudited",
            None,
            f"gate {subject} has no 'gate.opened' entry",
            f"la porte {subject} n'a pas d'entrée « gate.opened »",
        )
        return
    definition = rules_in(gate.name, opened.details.get("rules"))
    round_, status, outcome, last = (
        _int(opened.details.get("round")) or 1,
        GateStatus.PENDING,
        Outcome.PENDING,
        opened,
    )
    counted: list[Decision] = []
    for entry in log[log.index(opened) + 1 :]:
        last = entry
        if entry.action == "gate.rules_frozen" and definition is None:
            definition = rules_in(gate.name, entry.details.get("rules"))
        elif entry.action == "gate.decision":
            decision = audited_decision(entry)
            if status is GateStatus.CLOSED or decision.round != round_:
                found.add(
                    "decision_out_of_turn",
                    entry.id,
                    f"entry {entry.id}: a decision on {subject} while it was closed or in another round",
                    f"entrée {entry.id} : une décision sur {subject} porte close ou d'un autre tour",
                )
            counted.append(decision)
            if definition is not None:
                _check_proof(entry, decision, definition, signature_ok, found)
        elif entry.action == "gate.closed":
            if definition is not None:
                derived = rules.outcome(
                    definition.quorum, definition.approvers, [d for d in counted if d.round == round_]
                )
                if entry.details.get("outcome") != derived.value:
                    found.add(
                        "closed_differs",
                        entry.id,
                        f"entry {entry.id}: {subject} closed '{entry.details.get('outcome')}', "
                        f"its audited decisions give '{derived.value}'",
                        f"entrée {entry.id} : {subject} close « {entry.details.get('outcome')} », "
                        f"ses décisions auditées donnent « {derived.value} »",
                    )
            status, outcome = GateStatus.CLOSED, _outcome(entry.details.get("outcome"))
        elif entry.action == "gate.reopened":
            round_, status, outcome = round_ + 1, GateStatus.PENDING, Outcome.PENDING
    if definition is None:
        return  # opened before its rules were recorded: nothing to re-derive the outcome from
    found.gates += 1
    if gate.rules is not None and rules.rules_of(gate.rules) != rules.rules_of(definition):
        found.add(
            "rules_differ",
            opened.id,
            f"gate {subject}: its rules in the gates table differ from those audited "
            f"at its opening (entry {opened.id})",
            f"porte {subject} : ses règles dans la table des portes diffèrent de celles "
            f"auditées à son ouverture (entrée {opened.id})",
        )
    derived = rules.outcome(
        definition.quorum, definition.approvers, [d for d in counted if d.round == round_]
    )
    if status is GateStatus.PENDING and derived is not Outcome.PENDING:
        status, outcome = GateStatus.CLOSED, derived  # the closing entry is missing: the table says
    table = (gate.status, gate.outcome, gate.round)
    if table != (status, outcome, round_):
        found.add(
            "gate_differs",
            last.id,
            f"gate {subject}: the table says {gate.status.value}/{gate.outcome.value} round {gate.round}, "
            f"its audit entries (up to {last.id}) give {status.value}/{outcome.value} round {round_}",
            f"porte {subject} : la table dit {gate.status.value}/{gate.outcome.value} tour {gate.round}, "
            f"ses entrées d'audit (jusqu'à {last.id}) donnent {status.value}/{outcome.value} tour {round_}",
        )


def _check_proof(
    entry: AuditEntry,
    decision: Decision,
    definition: GateDefinition,
    signature_ok: SignatureCheck,
    found: Review,
) -> None:
    flaw = proof_flaw(entry, decision, definition, signature_ok)
    if flaw == "statement_differs":
        found.add(
            "statement_differs",
            entry.id,
            f"entry {entry.id}: the signed statement is not the decision recorded with it",
            f"entrée {entry.id} : la déclaration signée n'est pas la décision enregistrée avec elle",
        )
    elif flaw == "signature":
        found.add(
            "signature",
            entry.id,
            f"entry {entry.id}: {decision.approver}'s signature does not verify with the key "
            "recorded at the gate's opening",
            f"entrée {entry.id} : la signature de {decision.approver} ne se vérifie pas avec "
            "la clé enregistrée à l'ouverture de la porte",
        )
    elif flaw is None and decision.proof == ProofKind.SIGNATURE.value:
        found.signatures += 1


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


def _compare_decision(row: Decision, entry: AuditEntry, found: Review) -> None:
    name = decision_differs(row, entry)
    if name is not None:
        found.add(
            "decision_differs",
            entry.id,
            f"decision row {row.id} differs from its audit entry {entry.id} ({name})",
            f"la décision {row.id} diffère de son entrée d'audit {entry.id} ({name})",
        )


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


def _review_gaps(entries: Sequence[AuditEntry], tracked: Iterable[TrackedGap], found: Review) -> None:
    """Each reservation (accepted gap) and waiver must come from an audited decision or move."""
    latest: dict[
        str, tuple[AuditEntry, str, str | None, str | None]
    ] = {}  # identity → (entry, status, owner, due)
    for entry in entries:
        if entry.action in ("gap.accepted", "gap.waived"):
            status = str(entry.details.get("status", ""))
            latest[entry.subject] = (entry, status, entry.details.get("owner"), entry.details.get("due"))
        elif entry.action == "gate.decision":
            for reserved in entry.details.get("reservations") or ():
                identity = reserved.get("tracked") or reserved.get("gap")
                latest[str(identity)] = (entry, "accepted", reserved.get("owner"), reserved.get("due"))
    for gap in tracked:
        if gap.status not in (GapStatus.ACCEPTED, GapStatus.WAIVED):
            continue
        made = latest.get(gap.identity)
        if made is None or made[1] != gap.status.value:
            found.add(
                "gap_unaudited",
                made[0].id if made else None,
                f"tracked gap {gap.identity} is {gap.status.value} without an audited decision or move",
                f"l'écart suivi {gap.identity} est {gap.status.value} sans décision ni mouvement audité",
            )
        elif gap.status is GapStatus.ACCEPTED and (gap.owner, str(gap.due)) != (made[2], str(made[3])):
            found.add(
                "gap_differs",
                made[0].id,
                f"tracked gap {gap.identity}: owner or due date differ from entry {made[0].id}",
                f"écart suivi {gap.identity} : responsable ou échéance différents de l'entrée {made[0].id}",
            )


def _review_gap_proofs(entries: Sequence[AuditEntry], signature_ok: SignatureCheck, found: Review) -> None:
    """Each signed move of a blocking gap: its statement is of this move, by this approver, and its
    signature verifies with their key in the release's audited gate rules."""
    keys: dict[tuple[str, str], set[str]] = {}  # (release, approver) → public keys audited at openings
    for entry in entries:
        if entry.action in ("gate.opened", "gate.rules_frozen"):
            for approver in _mapping(entry.details.get("rules")).get("approvers") or ():
                if isinstance(approver, Mapping) and approver.get("public_key"):
                    key = (str(entry.details.get("release")), str(approver.get("id")))
                    keys.setdefault(key, set()).add(" ".join(str(approver["public_key"]).split()[:2]))
        proof = _mapping(entry.details.get("proof"))
        if entry.action not in ("gap.waived", "gap.accepted") or not proof:
            continue
        try:
            loaded = json.loads(str(proof.get("statement")))
        except ValueError:
            loaded = None
        signed: Mapping[str, Any] = loaded if isinstance(loaded, dict) else {}
        details, waived = entry.details, entry.action == "gap.waived"
        expected = {
            "kind": GAP_MOVE_KIND, "gap": entry.subject, "approver": entry.actor,
            "move": "waive" if waived else "accept", "reason": details.get("reason", "") if waived else "",
            "owner": "" if waived else details.get("owner"), "due": "" if waived else details.get("due"),
        }  # fmt: skip
        public_key = str(proof.get("public_key", ""))
        allowed = keys.get((str(signed.get("release")), entry.actor))
        if (
            any(signed.get(k) != v for k, v in expected.items())
            or (allowed is not None and " ".join(public_key.split()[:2]) not in allowed)
            or not signature_ok(public_key, str(proof.get("statement")), str(proof.get("signature", "")))
        ):
            found.add(
                "gap_signature",
                entry.id,
                f"entry {entry.id}: the signature of {entry.actor}'s move of {entry.subject} does not verify",
                f"entrée {entry.id} : la signature du geste de {entry.actor} sur {entry.subject} "
                "ne se vérifie pas",
            )
        else:
            found.signatures += 1


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


def _outcome(value: object) -> Outcome:
    try:
        return Outcome(str(value))
    except ValueError:
        return Outcome.PENDING


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1

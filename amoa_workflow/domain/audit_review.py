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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from amoa_workflow.domain import gates as rules
from amoa_workflow.domain import quorum
from amoa_workflow.domain.audit import AuditEntry
from amoa_workflow.domain.audited_decisions import (
    SignatureCheck,
    _int,
    audited_decision,
    decision_differs,
    proof_flaw,
    rules_in,
)
from amoa_workflow.domain.audited_gaps import review_gap_proofs, review_gaps
from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gap_lifecycle import TrackedGap
from amoa_workflow.domain.gates import Gate, GateDefinition, GateStatus
from amoa_workflow.domain.proofs import ProofKind
from amoa_workflow.domain.quorum import Outcome

__all__ = [
    "Problem", "Review", "SignatureCheck", "audited_decision", "decision_differs", "proof_flaw", "review",
    "rules_in",
]  # fmt: skip
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
    review_gaps(entries, tracked, found)
    review_gap_proofs(entries, signature_ok, found)
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
                derived = quorum.outcome(
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
    derived = quorum.outcome(
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


def _compare_decision(row: Decision, entry: AuditEntry, found: Review) -> None:
    name = decision_differs(row, entry)
    if name is not None:
        found.add(
            "decision_differs",
            entry.id,
            f"decision row {row.id} differs from its audit entry {entry.id} ({name})",
            f"la décision {row.id} diffère de son entrée d'audit {entry.id} ({name})",
        )


def _outcome(value: object) -> Outcome:
    try:
        return Outcome(str(value))
    except ValueError:
        return Outcome.PENDING

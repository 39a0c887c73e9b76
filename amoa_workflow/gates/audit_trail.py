"""Use cases on the audit log: verify it whole, record and find an evidence pack's manifest.

:func:`verify_log` checks, in order: the hash chain (:mod:`amoa_workflow.domain.audit`); with the
key, every entry's MAC; the anchored heads (the anchor file's lines of this database, heads printed
in PVs and messages);
then the tables against the entries (:mod:`amoa_workflow.domain.audit_review`: each gate's outcome
re-derived from its audited decisions and frozen rules, each decision row, reservation and waiver),
with each signature checked by the key recorded when its gate opened. The first problem is the
answer; the others are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amoa_workflow.domain.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    Break,
    anchor_break,
    anchors_of,
    keyed_break,
    verify,
)
from amoa_workflow.domain.audit_review import Problem, SignatureCheck, review
from amoa_workflow.ports import ApprovalUnitOfWork, AuditLog

EVIDENCE = "evidence.written"


@dataclass(frozen=True)
class ChainCheck:
    count: int
    last_hash: str
    last_id: int | None = None
    problems: tuple[Problem, ...] = ()
    keyed: bool = False  # the MACs were checked with the key
    anchors: int = 0  # anchored heads checked
    elsewhere: int = 0  # anchor lines of other databases, not checked against this log
    gates: int = 0  # gates whose outcome was re-derived from the audit
    signatures: int = 0  # signatures checked with the key recorded at their gate's opening

    @property
    def broken(self) -> Problem | None:
        """The first place that does not hold; None when everything does."""
        return self.problems[0] if self.problems else None


def verify_log(
    uow: ApprovalUnitOfWork,
    signature_ok: SignatureCheck,
    key: bytes | None = None,
    anchors: Sequence[Anchor] = (),
    extra: Sequence[Problem] = (),
    database: str | None = None,
) -> ChainCheck:
    """Everything the audit log can prove, checked; ``extra``: problems found reading the anchors.

    ``database``: this database's identity, to keep of ``anchors`` those that are its own
    (:func:`~amoa_workflow.domain.audit.anchors_of`); None: every anchor is this log's."""
    with uow:
        entries = uow.audit.entries()
        gates = uow.gates.all()
        decisions = {gate.id or -1: uow.gates.decisions(gate) for gate in gates}
        tracked = uow.tracked_gaps.all()
    problems: list[Problem] = list(extra)
    elsewhere = 0
    if database is not None:
        anchors, elsewhere = anchors_of(anchors, database, entries)
    chained = verify(entries)
    if chained is not None:
        problems.append(_chain_problem(chained))
    if key is not None and (keyed := keyed_break(entries, key)) is not None:
        problems.append(_chain_problem(keyed))
    if (cut := anchor_break(entries, anchors)) is not None:
        problems.append(_anchor_problem(cut.anchor, cut.kind, entries))
    reviewed = review(entries, gates, decisions, tracked, signature_ok)
    problems += reviewed.problems
    return ChainCheck(
        count=len(entries),
        last_hash=entries[-1].hash if entries else GENESIS,
        last_id=entries[-1].id if entries else None,
        problems=tuple(problems),
        keyed=key is not None,
        anchors=len(anchors),
        elsewhere=elsewhere,
        gates=reviewed.gates,
        signatures=reviewed.signatures,
    )


def head(uow: ApprovalUnitOfWork) -> str | None:
    """The log's head as ``ID:HASH`` (what a PV, an evidence pack or a message prints, and
    ``amoa audit verify --head`` checks); None for an empty log."""
    with uow:
        found = uow.audit.head()
    return f"{found[0]}:{found[1]}" if found else None


def record_evidence(
    uow: ApprovalUnitOfWork, actor: str, pack: str, manifest_sha256: str, campaign: str, release: str
) -> str:
    """Keep the evidence pack's manifest hash in the audit log; the entry's hash."""
    with uow:
        digest = append_evidence(uow.audit, actor, pack, manifest_sha256, campaign, release)
        uow.commit()
    return digest


def append_evidence(
    audit: AuditLog, actor: str, pack: str, manifest_sha256: str, campaign: str, release: str
) -> str:
    """The evidence entry appended in the caller's transaction (committed with the rest, or not at all)."""
    details = {"manifest_sha256": manifest_sha256, "campaign": campaign, "release": release}
    return audit.append(actor, EVIDENCE, pack, details)


def evidence_entries(uow: ApprovalUnitOfWork, manifest_sha256: str) -> list[AuditEntry]:
    """The audit entries that recorded a pack with this manifest (none: the pack is not the one written)."""
    with uow:
        entries = uow.audit.entries()
    return [
        e for e in entries if e.action == EVIDENCE and e.details.get("manifest_sha256") == manifest_sha256
    ]


def _chain_problem(found: Break) -> Problem:
    entry = found.entry
    where = f"{entry.id} ({entry.at}, {entry.action} {entry.subject})"
    words = {
        "altered": (
            "its content no longer matches its hash",
            "son contenu ne correspond plus à son empreinte",
        ),
        "unlinked": (
            "it does not follow the entry before it (an entry removed, inserted or moved)",
            "elle ne suit pas l'entrée précédente (une entrée supprimée, insérée ou déplacée)",
        ),
        "mac": (
            "its MAC is not the one AMOA_AUDIT_KEY gives (rewritten without the key)",
            "son MAC n'est pas celui que donne AMOA_AUDIT_KEY (réécrite sans la clé)",
        ),
        "unkeyed": (
            "it has no MAC though AMOA_AUDIT_KEY is set (written without the key, or its MAC removed)",
            "elle n'a pas de MAC alors qu'AMOA_AUDIT_KEY est défini (écrite sans la clé, ou MAC supprimé)",
        ),
    }[found.kind.value]
    return Problem(found.kind.value, entry.id, f"entry {where}: {words[0]}", f"entrée {where} : {words[1]}")


def _anchor_problem(anchor: Anchor, kind: str, entries: Sequence[AuditEntry]) -> Problem:
    last = entries[-1].id if entries else 0
    if kind == "cut":
        return Problem(
            "cut",
            anchor.id,
            f"entry {anchor.id}, anchored in {anchor.where}, is gone: the log was cut "
            f"(it ends at entry {last})",
            f"l'entrée {anchor.id}, ancrée dans {anchor.where}, a disparu : le journal a été coupé "
            f"(il finit à l'entrée {last})",
        )
    return Problem(
        "rewritten",
        anchor.id,
        f"entry {anchor.id}'s hash is not the one anchored in {anchor.where}: the log was rewritten",
        f"l'empreinte de l'entrée {anchor.id} n'est pas celle ancrée dans {anchor.where} : "
        "le journal a été réécrit",
    )

"""The tracked gaps read against the audit log: each reservation (accepted gap) and waiver must come
from an audited decision or move, and each signed move of a blocking gap must verify with its
approver's key in the release's audited gate rules. Part of :func:`.audit_review.review`; pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from amoa_workflow.domain.audit import AuditEntry
from amoa_workflow.domain.audited_decisions import SignatureCheck, _mapping
from amoa_workflow.domain.gap_lifecycle import GapStatus, TrackedGap
from amoa_workflow.domain.proofs import GAP_MOVE_KIND

if TYPE_CHECKING:
    from amoa_workflow.domain.audit_review import Review


def review_gaps(entries: Sequence[AuditEntry], tracked: Iterable[TrackedGap], found: Review) -> None:
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


def review_gap_proofs(entries: Sequence[AuditEntry], signature_ok: SignatureCheck, found: Review) -> None:
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

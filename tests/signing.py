"""Approvers' key pairs made at test time, and decisions signed with them as ``amoa approve`` does.

Real Ed25519 keys and real signatures (the ``cryptography`` package, OpenSSH's formats): a test
decides through :func:`amoa_workflow.gates.decisions.decide` exactly as a user would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.domain.gates import GateApprover, GateDefinition
from amoa_workflow.domain.proofs import Proof, ProofKind
from amoa_workflow.gates import decisions
from amoa_workflow.gates.decisions import DecisionRequest, Recorded
from amoa_workflow.signatures import sshsig
from amoa_workflow.signatures.keys import PublicKey, public_of
from amoa_workflow.signatures.links import LinkSigner
from amoa_workflow.signatures.proofs import ProofChecker

PV = "5f" * 32  # the PV the tests' gates are about, unless they say otherwise


class KeyRing:
    """One private key per approver id, made on first use."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}

    def private(self, approver: str) -> Ed25519PrivateKey:
        return self.keys.setdefault(approver, Ed25519PrivateKey.generate())

    def public(self, approver: str) -> PublicKey:
        return public_of(self.private(approver), approver)

    def approver(self, approver: str, name: str = "", domains: frozenset[str] = frozenset()) -> GateApprover:
        return GateApprover(approver, name or approver, domains, self.public(approver).line)

    def keyed(self, approvers: Sequence[GateApprover]) -> tuple[GateApprover, ...]:
        return tuple(replace(a, public_key=self.public(a.id).line) for a in approvers)

    def write(self, approver: str, folder: Path) -> Path:
        """The approver's private key in a file of their own (0600), as ``amoa keys generate`` writes it."""
        data = self.private(approver).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
        path = folder / f"{approver}.key"
        path.write_bytes(data)
        path.chmod(0o600)
        return path

    def decide(
        self,
        uow: Any,
        definitions: Sequence[GateDefinition],
        release: str,
        gate: str,
        approver: str,
        kind: DecisionKind,
        comment: str = "ok",
        reservations: Sequence[Reservation] = (),
        notify: Any = None,
        source: str | None = None,
        pv: str = PV,
        signer: str | None = None,
        links: LinkSigner | None = None,
        clock: Any = None,
        seen: Any = None,
    ) -> Recorded:
        """``approver`` decides, the statement signed with ``signer``'s key (theirs by default)."""
        from amoa_workflow.checkpoint.services import utc_now

        request = DecisionRequest(release, gate, approver, kind, comment, tuple(reservations), source=source)
        statement = decisions.statement_for(uow(), definitions, request, pv)
        signature = sshsig.sign(self.private(signer or approver), statement.message())
        return decisions.decide(
            uow(), definitions, replace(request, proof=Proof(ProofKind.SIGNATURE, signature)), pv,
            ProofChecker(links), clock or utc_now, notify or (lambda events: None), seen=seen,
        )  # fmt: skip


__all__ = ["PV", "KeyRing"]

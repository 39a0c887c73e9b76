"""Checking the proof a decision carries: the approver's signature, or their own link.

Used by :func:`amoa_workflow.gates.decisions.decide` (through the ``ProofVerifier`` port), so every
way of deciding — ``amoa approve``, the Prefect form, the web page — is checked by the same code.
A refusal says why in one line and nothing is written.
"""

from __future__ import annotations

from datetime import datetime

from amoa_workflow.domain.proofs import Authentication, Proof, ProofKind, Statement
from amoa_workflow.errors import DecisionRefused, LinkRefused
from amoa_workflow.signatures import sshsig
from amoa_workflow.signatures.keys import parse_public_key
from amoa_workflow.signatures.links import LinkSigner, token_in

_FLAWS = {
    sshsig.Flaw.UNREADABLE: ("the signature is unreadable", "la signature est illisible"),
    sshsig.Flaw.NAMESPACE: (
        "the signature was made for something else than a decision (namespace)",
        "la signature a été faite pour autre chose qu'une décision (espace de noms)",
    ),
    sshsig.Flaw.INVALID: (
        "the signature does not match this decision (sign it again: the gate or the PV may have changed)",
        "la signature ne correspond pas à cette décision "
        "(signez-la à nouveau : la porte ou le PV a pu changer)",
    ),
}


class ProofChecker:
    """Checks proofs with the approvers' public keys and, when the page is set up, the link secret."""

    def __init__(self, links: LinkSigner | None = None) -> None:
        self._links = links

    def __repr__(self) -> str:
        return f"ProofChecker(links={'yes' if self._links else 'no'})"

    def authenticate(
        self, proof: Proof, statement: Statement, public_key: str | None, now: datetime
    ) -> Authentication:
        if proof.kind is ProofKind.SIGNATURE:
            return self._signature(proof.value, statement, public_key)
        return self._link(proof.value, statement, now)

    @staticmethod
    def signature_holds(public_key: str, statement: str, signature: str) -> bool:
        return signature_holds(public_key, statement, signature)

    def _signature(self, text: str, statement: Statement, public_key: str | None) -> Authentication:
        who = statement.approver
        if not public_key:
            raise self._refused(
                statement,
                f"'{who}' had no public key when the gate opened: decide with your approval link",
                f"« {who} » n'avait pas de clé publique à l'ouverture de la porte : décidez avec votre lien",
            )
        expected = parse_public_key(public_key)
        flaw = sshsig.verify(text, statement.message(), expected)
        if flaw is sshsig.Flaw.OTHER_KEY:
            used = sshsig.signer(text).fingerprint
            raise self._refused(
                statement,
                f"signed with the key {used}, not with {who}'s ({expected.fingerprint})",
                f"signée avec la clé {used}, pas avec celle de « {who} » ({expected.fingerprint})",
            )
        if flaw is not None:
            raise self._refused(statement, *_FLAWS[flaw])
        return Authentication(
            ProofKind.SIGNATURE, who, statement.text(), expected.fingerprint, expected.line,
            sshsig.armored(text),
        )  # fmt: skip

    def _link(self, text: str, statement: Statement, now: datetime) -> Authentication:
        if self._links is None:
            raise self._refused(
                statement,
                "a link is a proof only where AMOA_WEB_SECRET is set",
                "un lien ne vaut preuve que là où AMOA_WEB_SECRET est défini",
            )
        token = token_in(text)
        if token is None:
            raise LinkRefused(reason="malformed")
        claims = self._links.verify(token, now)
        if (claims.approver, claims.gate, claims.release) != (
            statement.approver,
            statement.gate,
            statement.release,
        ):
            raise self._refused(
                statement,
                f"this link is {claims.approver}'s for {claims.gate} {claims.release}",
                f"ce lien est celui de « {claims.approver} » pour {claims.gate} {claims.release}",
            )
        return Authentication(ProofKind.LINK, statement.approver, statement.text(), link_id=claims.link_id)

    @staticmethod
    def _refused(statement: Statement, why_en: str, why_fr: str) -> DecisionRefused:
        return DecisionRefused(statement.gate, statement.release, why_en=why_en, why_fr=why_fr)


def signature_holds(public_key: str, statement: str, signature: str) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of the statement (for ``amoa audit verify``)."""
    try:
        key = parse_public_key(public_key)
    except ValueError:
        return False
    return sshsig.verify(signature, statement.encode("utf-8"), key) is None


def signer_fingerprint(public_key: str, statement: str, signature: str) -> str | None:
    """The key's fingerprint when ``signature`` is ``public_key``'s signature of the statement; else None."""
    try:
        key = parse_public_key(public_key)
    except ValueError:
        return None
    return key.fingerprint if sshsig.verify(signature, statement.encode("utf-8"), key) is None else None

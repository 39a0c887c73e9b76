"""What an approver signs, and the proofs a decision may carry. Pure: no key, no secret here.

The **statement** of a decision is the canonical JSON (keys sorted, no spaces, UTF-8, one line and
a newline) of the release, the gate, its round, the approver, the approver's sequence number on
the gate, the decision, the comment, the reservations and the SHA-256 fingerprint of the PV
decided on. It names everything the decision changes, and the sequence and round make it usable
once: a signature of an earlier decision does not match the next one.

A **proof** is either the approver's signature of the statement (OpenSSH's format, Ed25519, with
the public key recorded for them when the gate opened) or their own approval link (signed by the
server, single use): the two ways of saying "I am this approver" that the decision service accepts.
Free text is neither.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from amoa_workflow.domain.decisions import Reservation

STATEMENT_KIND = "amoa-decision/v1"
_LINK = re.compile(r"(?:^|/l/)[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}$")


class ProofKind(StrEnum):
    SIGNATURE = "signature"
    LINK = "link"


@dataclass(frozen=True)
class Proof:
    kind: ProofKind
    value: str  # the armored signature, or the link (its address or token)

    @classmethod
    def parse(cls, text: str) -> Proof | None:
        """A signature (armored or one line of base64 starting with ``SSHSIG``) or a link; else None."""
        stripped = text.strip()
        compact = re.sub(r"\s+", "", stripped.replace("-----BEGIN SSH SIGNATURE-----", "").replace(
            "-----END SSH SIGNATURE-----", ""))  # fmt: skip
        if compact.startswith("U1NIU0lH"):  # base64 of "SSHSIG"
            return cls(ProofKind.SIGNATURE, stripped)
        if _LINK.search(stripped.split("?")[0].split("#")[0]):
            return cls(ProofKind.LINK, stripped)
        return None


@dataclass(frozen=True)
class Statement:
    release: str
    gate: str
    round: int
    sequence: int
    approver: str
    decision: str
    comment: str
    reservations: tuple[Reservation, ...]
    pv_sha256: str

    def text(self) -> str:
        content = {
            "kind": STATEMENT_KIND, "release": self.release, "gate": self.gate, "round": self.round,
            "sequence": self.sequence, "approver": self.approver, "decision": self.decision,
            "comment": self.comment, "pv_sha256": self.pv_sha256,
            "reservations": reservations_as_json(self.reservations),
        }  # fmt: skip
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"

    def message(self) -> bytes:
        return self.text().encode("utf-8")

    @classmethod
    def from_text(cls, text: str) -> Statement:
        """The statement a text holds (ValueError when it is not one)."""
        try:
            data = json.loads(text)
            if data.get("kind") != STATEMENT_KIND:
                raise ValueError("not a decision statement")
            return cls(
                str(data["release"]), str(data["gate"]), int(data["round"]), int(data["sequence"]),
                str(data["approver"]), str(data["decision"]), str(data["comment"]),
                tuple(Reservation(str(r["gap"]), str(r["owner"]), date.fromisoformat(r["due"]))
                      for r in data["reservations"]),
                str(data["pv_sha256"]),
            )  # fmt: skip
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a decision statement ({exc})") from None


GAP_MOVE_KIND = "amoa-gap-move/v1"


@dataclass(frozen=True)
class GapMoveStatement:
    """What an approver signs to waive a blocking gap, or accept it as a reservation: the release,
    the gap, the move, its reason or owner and due date, and the number of moves the gap had (the
    signature is good for this one move only)."""

    release: str
    gap: str
    move: str  # "waive" or "accept"
    approver: str
    reason: str
    owner: str
    due: str
    sequence: int

    def text(self) -> str:
        content = {
            "kind": GAP_MOVE_KIND, "release": self.release, "gap": self.gap, "move": self.move,
            "approver": self.approver, "reason": self.reason, "owner": self.owner, "due": self.due,
            "sequence": self.sequence,
        }  # fmt: skip
        return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"

    def message(self) -> bytes:
        return self.text().encode("utf-8")


@dataclass(frozen=True)
class Authentication:
    """Who a proof shows decided, and what anyone needs to check it again later."""

    method: ProofKind
    approver: str
    statement: str  # the statement's text, as signed (or as vouched for by a link)
    key_fingerprint: str = ""  # SHA256:… of the approver's key (signature)
    public_key: str = ""  # the key the signature was checked with (recorded at the gate's opening)
    signature: str = ""  # armored (signature)
    link_id: str | None = None  # (link)

    def details(self) -> dict[str, Any]:
        """What the audit entry keeps of the proof (never a token: a link is named by its id)."""
        if self.method is ProofKind.LINK:
            return {"method": self.method.value, "link_id": self.link_id, "statement": self.statement}
        return {"method": self.method.value, "statement": self.statement, "signature": self.signature,
                "public_key": self.public_key, "key_fingerprint": self.key_fingerprint}  # fmt: skip


def reservations_as_json(reservations: Sequence[Reservation]) -> list[dict[str, str]]:
    return [{"gap": r.gap, "owner": r.owner, "due": r.due.isoformat()} for r in reservations]


def authentication_from(details: Mapping[str, Any], approver: str) -> Authentication | None:
    """The proof an audit entry recorded (None for an entry written before proofs were recorded)."""
    try:
        method = ProofKind(details["method"])
        return Authentication(
            method, approver, str(details["statement"]), str(details.get("key_fingerprint", "")),
            str(details.get("public_key", "")), str(details.get("signature", "")), details.get("link_id"),
        )  # fmt: skip
    except (KeyError, ValueError, TypeError):
        return None

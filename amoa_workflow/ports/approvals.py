"""What deciding on gates needs: the gates and their decisions, approvers' links, the check of a
decision's proof, and the unit of work over them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gates import Gate, GateDefinition
from amoa_workflow.domain.proofs import Authentication, Proof, Statement
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.ports.acceptance import TrackedGapRepository
from amoa_workflow.ports.audit import ChainedAuditLog


class GateStore(Protocol):
    """Approval gates and their decisions (see :mod:`amoa_workflow.store.gates`)."""

    def get(self, release: str, name: str) -> Gate | None: ...

    def for_release(self, release: str) -> list[Gate]: ...

    def all(self) -> list[Gate]: ...

    def open(self, release: str, definition: GateDefinition, now: datetime, basis: frozenset[str]) -> Gate:
        """Insert the gate, pending, its rules frozen (the caller checked it does not exist yet)."""

    def freeze(self, gate: Gate, definition: GateDefinition) -> Gate:
        """Record the rules of a gate opened before rules were kept with it."""

    def lock(self, gate: Gate) -> bool:
        """Take the gate for a decision until the transaction ends; False unless pending in its round."""

    def decisions(self, gate: Gate) -> list[Decision]: ...

    def next_sequence(self, gate: Gate, approver: str) -> int: ...

    def recorded(self, source: str) -> bool: ...

    def add_decision(self, gate: Gate, decision: Decision, source: str | None = None) -> None: ...

    def close(self, gate: Gate, outcome: Outcome, now: datetime) -> None: ...

    def reopen(self, gate: Gate, now: datetime, basis: Sequence[str]) -> bool:
        """A new round from ``now``; False when the gate moved meanwhile (another round)."""

    def rebase(self, gate: Gate, basis: frozenset[str]) -> None:
        """The gap identities the gate's signatures of this round are given on."""


class LinkUses(Protocol):
    """Approvers' links used or revoked, by id (see :mod:`amoa_workflow.store.links`)."""

    def state(self, link_id: str) -> str | None:
        """ "used", "revoked", or None while the link may still be used."""

    def claim(self, link_id: str, actor: str, details: dict[str, Any]) -> None:
        """Record the link used now; refused (:class:`~amoa_workflow.errors.LinkRefused`) if it cannot be."""

    def revoke(self, link_id: str, actor: str, details: dict[str, Any]) -> bool:
        """Revoke the link; False when it was used or revoked already."""


class ProofVerifier(Protocol):
    """Checks the proof of a decision (see :mod:`amoa_workflow.signatures.proofs`)."""

    def authenticate(
        self, proof: Proof, statement: Statement, public_key: str | None, now: datetime
    ) -> Authentication:
        """Who decided, or :class:`~amoa_workflow.errors.DecisionRefused` / ``LinkRefused``."""

    def signature_holds(self, public_key: str, statement: str, signature: str) -> bool:
        """Whether a signature recorded earlier is ``public_key``'s of ``statement`` (the decisions
        already on a gate are checked again before they count)."""


class ApprovalUnitOfWork(Protocol):
    """What deciding on gates needs of a unit of work (the SQL one gives it all)."""

    @property
    def gates(self) -> GateStore: ...

    @property
    def audit(self) -> ChainedAuditLog: ...

    @property
    def tracked_gaps(self) -> TrackedGapRepository: ...

    @property
    def links(self) -> LinkUses: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

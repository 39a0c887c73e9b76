"""Approval gates: who decides, by which frozen rules, and where a gate stands.

A gate (``vabf``, ``mep``…) follows a checkpoint of a release: its approvers decide
(:mod:`amoa_workflow.domain.decisions`) and its quorum rule gives the outcome of their decisions
(:mod:`amoa_workflow.domain.quorum`). Pure rules, no framework.

Frozen rules: when a gate opens, its approvers (with their public keys), quorum, timeout and
escalation are recorded with it (:func:`rules_of`); every decision on the gate is judged by them.
A change in the configuration affects only the gates opened after it.

A later failure the approvers did not see voids their signatures (:mod:`amoa_workflow.domain.voiding`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from amoa_workflow.domain.decisions import Decision, DecisionKind
from amoa_workflow.domain.quorum import Outcome, Quorum, QuorumRule

if TYPE_CHECKING:
    from amoa_workflow.domain.verification import GateCheck

GATE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")  # also a Prefect pause key: lowercase, digits, dashes
MANUAL_PART = "manual"  # a checkpoint waiting for its testers pauses at manual-r1-<n>, as a gate would
RESERVED_GATE_NAMES = frozenset({MANUAL_PART})  # no gate may pause where the manual part does


class GateStatus(StrEnum):
    PENDING = "pending"
    CLOSED = "closed"


@dataclass(frozen=True)
class GateApprover:
    id: str
    name: str = ""
    domains: frozenset[str] = frozenset()  # none: every domain
    public_key: str | None = None  # "ssh-ed25519 AAAA…": their signatures are checked with it
    role: str = ""  # as it is signed in the PV: "Directeur des ressources humaines (MOA)"


@dataclass(frozen=True)
class GateDefinition:
    """A gate as configured: who decides, by which rule, and who is told when it waits too long."""

    name: str
    label: str
    checkpoint: str
    approvers: tuple[GateApprover, ...]
    quorum: QuorumRule = field(default_factory=QuorumRule)
    timeout: timedelta | None = None
    escalate_to: tuple[str, ...] = ()
    on_timeout: Outcome = Outcome.EXPIRED  # the outcome at the deadline with no quorum (TIMEOUT_OUTCOMES)

    def approver(self, approver_id: str) -> GateApprover | None:
        return next((a for a in self.approvers if a.id == approver_id), None)


# What a gate may become at its deadline with no quorum: never an approval (silence signs nothing).
TIMEOUT_OUTCOMES = (Outcome.EXPIRED, Outcome.REJECTED)


@dataclass(frozen=True)
class Gate:
    name: str
    release: str
    status: GateStatus
    opened_at: datetime
    round: int = 1
    outcome: Outcome = Outcome.PENDING
    closed_at: datetime | None = None
    basis: frozenset[str] = frozenset()  # gap identities the approvers decide on
    id: int | None = None
    rules: GateDefinition | None = None  # as frozen at its opening (None: opened before rules were kept)

    @property
    def audit_subject(self) -> str:
        """What its audit entries are about: ``vabf/1.1.0``."""
        return f"{self.name}/{self.release}"


@dataclass(frozen=True)
class GateState:
    definition: GateDefinition
    gate: Gate
    history: tuple[Decision, ...]  # every decision, all rounds
    check: GateCheck | None = None  # what of it verifies against the audit log (None: not checked)

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions of the current round, the ones that count."""
        return tuple(d for d in self.history if d.round == self.gate.round)

    @property
    def counted(self) -> tuple[Decision, ...]:
        """The decisions of the current round that verify against the audit log (all of them when
        the state was not checked): what its outcome, its waiting and its messages go by."""
        return counted_decisions(self.gate, self.history, self.check)

    @property
    def established(self) -> bool:
        """Its recorded status and outcome follow from its verified decisions (True when not checked)."""
        return self.check is None or self.check.established

    @property
    def waiting_for(self) -> list[GateApprover]:
        return waiting_for(self.definition, self.counted) if self.gate.status is GateStatus.PENDING else []


def counted_decisions(
    gate: Gate, history: Iterable[Decision], check: GateCheck | None
) -> tuple[Decision, ...]:
    """The decisions of ``gate``'s current round that verify against the audit log (all of them with
    no ``check``): the ones that count, for a gate with no state built (``GateState.counted``)."""
    return tuple(d for d in history if d.round == gate.round and (check is None or check.doubt(d) is None))


def rules_of(definition: GateDefinition) -> dict[str, object]:
    """The gate's rules as JSON, frozen with the gate when it opens (and in its audit entry)."""
    return {
        "label": definition.label,
        "checkpoint": definition.checkpoint,
        "approvers": [
            {
                "id": a.id,
                "name": a.name,
                "role": a.role,
                "domains": sorted(a.domains),
                "public_key": a.public_key,
            }
            for a in definition.approvers
        ],
        "quorum": {"kind": definition.quorum.kind.value, "required": definition.quorum.required},
        "timeout_hours": definition.timeout.total_seconds() / 3600 if definition.timeout else None,
        "escalate_to": list(definition.escalate_to),
        "on_timeout": definition.on_timeout.value,
    }


def definition_from(name: str, rules: Mapping[str, Any]) -> GateDefinition:
    """The gate's definition from its frozen rules (ValueError when they are not rules)."""
    try:
        quorum = rules["quorum"]
        hours = rules.get("timeout_hours")
        return GateDefinition(
            name=name,
            label=str(rules["label"]),
            checkpoint=str(rules["checkpoint"]),
            approvers=tuple(
                GateApprover(
                    str(a["id"]),
                    str(a.get("name", "")),
                    frozenset(a.get("domains", ())),
                    a.get("public_key") or None,
                    str(a.get("role", "")),
                )
                for a in rules["approvers"]
            ),
            quorum=QuorumRule(Quorum(quorum["kind"]), int(quorum["required"])),
            timeout=timedelta(hours=float(hours)) if hours else None,
            escalate_to=tuple(rules.get("escalate_to", ())),
            on_timeout=_timeout_outcome(rules.get("on_timeout", Outcome.EXPIRED.value)),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not gate rules ({exc})") from None


def _timeout_outcome(value: object) -> Outcome:
    outcome = Outcome(str(value))  # ValueError when it is not an outcome
    if outcome not in TIMEOUT_OUTCOMES:
        raise ValueError(f"not an outcome at a deadline: {value}")
    return outcome


def timed_out(state: GateState) -> bool:
    """Closed at its deadline (``expired``, or its ``on_timeout`` outcome), not by its approvers."""
    if state.gate.outcome is Outcome.EXPIRED:
        return True
    return state.gate.outcome is state.definition.on_timeout is Outcome.REJECTED and not any(
        d.kind is DecisionKind.REJECT for d in state.decisions
    )


def waiting_for(definition: GateDefinition, decisions: Iterable[Decision]) -> list[GateApprover]:
    """The gate's approvers who have not decided in the current round."""
    decided = {d.approver for d in decisions}
    return [a for a in definition.approvers if a.id not in decided]

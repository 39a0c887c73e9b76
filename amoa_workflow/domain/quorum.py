"""The quorum rule of a gate and the outcome its approvers' decisions give under it.

Pure rules, no framework. The outcome, precisely:

- Only the **latest** decision of each approver of the gate counts (a changed decision is a new
  one, with the next sequence number); decisions of anyone else never count.
- ``n_of_m`` (``required`` = N of the M approvers): **approved** as soon as N approvers' latest
  decisions approve; **rejected** as soon as N approvals can no longer be reached, i.e. more than
  M − N approvers reject. Both cannot hold at once, so the outcome is never ambiguous.
- ``all`` is N = M: everyone must approve, one reject rejects at once.
- ``any`` is N = 1: one approval approves; rejected only when every approver has rejected.
- ``per_domain``: the gate's business domains are those of its approvers (an approver with no
  domain counts in every domain). Each domain is ``any`` among its approvers; the gate is
  approved when every domain is approved and rejected as soon as one domain is rejected. With no
  domain at all it is ``any``.
- Approved becomes **approved with reservations** when one of the approving decisions that count
  carries reservations.
- Otherwise **pending**. A gate with no approver stays pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from amoa_workflow.domain.decisions import Decision, DecisionKind, latest

if TYPE_CHECKING:
    from amoa_workflow.domain.gates import GateApprover


class Outcome(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    APPROVED_WITH_RESERVATIONS = "approved_with_reservations"
    REJECTED = "rejected"
    EXPIRED = "expired"  # no quorum by the gate's deadline (its timeout): closed without approval

    @property
    def approved(self) -> bool:
        return self in (Outcome.APPROVED, Outcome.APPROVED_WITH_RESERVATIONS)


class Quorum(StrEnum):
    ALL = "all"
    ANY = "any"
    N_OF_M = "n_of_m"
    PER_DOMAIN = "per_domain"


@dataclass(frozen=True)
class QuorumRule:
    kind: Quorum = Quorum.ALL
    required: int = 1  # n_of_m only

    def describe(self) -> str:
        return f"{self.required}_of_m" if self.kind is Quorum.N_OF_M else self.kind.value


def outcome(rule: QuorumRule, approvers: Sequence[GateApprover], decisions: Iterable[Decision]) -> Outcome:
    """The gate's outcome under ``rule`` given the decisions of its current round (see the module)."""
    counted = latest(decisions, (a.id for a in approvers))
    if rule.kind is Quorum.PER_DOMAIN:
        return _per_domain(approvers, counted)
    voters = [a.id for a in approvers]
    required = {Quorum.ALL: len(voters), Quorum.ANY: 1}.get(rule.kind, min(rule.required, len(voters)))
    return _n_of_m(voters, counted, required)


def _n_of_m(voters: Sequence[str], counted: dict[str, Decision], required: int) -> Outcome:
    if not voters or required < 1:
        return Outcome.PENDING
    mine = [counted[v] for v in voters if v in counted]
    approving = [d for d in mine if d.kind.approves]
    if len(approving) >= required:
        return _approved(approving)
    if len(mine) - len(approving) > len(voters) - required:
        return Outcome.REJECTED
    return Outcome.PENDING


def _per_domain(approvers: Sequence[GateApprover], counted: dict[str, Decision]) -> Outcome:
    domains = sorted({d for a in approvers for d in a.domains})
    if not domains:
        return _n_of_m([a.id for a in approvers], counted, 1)
    verdicts = []
    for domain in domains:
        voters = [a.id for a in approvers if not a.domains or domain in a.domains]
        verdicts.append(_n_of_m(voters, counted, 1))
    if Outcome.REJECTED in verdicts:
        return Outcome.REJECTED
    if all(v.approved for v in verdicts):
        return _approved([d for d in counted.values() if d.kind.approves])
    return Outcome.PENDING


def _approved(approving: Sequence[Decision]) -> Outcome:
    if any(d.kind is DecisionKind.APPROVE_WITH_RESERVATIONS for d in approving):
        return Outcome.APPROVED_WITH_RESERVATIONS
    return Outcome.APPROVED

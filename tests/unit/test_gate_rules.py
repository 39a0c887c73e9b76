"""Quorum rules, the decision that counts, what a decision needs, and when signatures are voided."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from amoa_workflow.domain.decisions import Decision, DecisionKind, Reservation, problems
from amoa_workflow.domain.gates import Gate, GateApprover, GateStatus
from amoa_workflow.domain.model import Gap, GapType, Severity
from amoa_workflow.domain.quorum import Outcome, Quorum, QuorumRule, outcome
from amoa_workflow.domain.voiding import voided

A, R, W = DecisionKind.APPROVE, DecisionKind.REJECT, DecisionKind.APPROVE_WITH_RESERVATIONS
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
THREE = (GateApprover("a"), GateApprover("b"), GateApprover("c"))
BY_DOMAIN = (
    GateApprover("paie1", domains=frozenset({"Paie"})),
    GateApprover("paie2", domains=frozenset({"Paie"})),
    GateApprover("rh", domains=frozenset({"RH"})),
)
PENDING, APPROVED, WITH, REJECTED = (Outcome.PENDING, Outcome.APPROVED, Outcome.APPROVED_WITH_RESERVATIONS,
                                     Outcome.REJECTED)  # fmt: skip
ALL, ANY, PER_DOMAIN = QuorumRule(Quorum.ALL), QuorumRule(Quorum.ANY), QuorumRule(Quorum.PER_DOMAIN)
TWO_OF_THREE = QuorumRule(Quorum.N_OF_M, 2)


def d(approver: str, kind: DecisionKind, sequence: int = 1, round_: int = 1) -> Decision:
    reservations = (Reservation("x", "MOE", date(2025, 7, 1)),) if kind is W else ()
    return Decision(approver, kind, NOW, "c", reservations, sequence, round_)


@pytest.mark.parametrize(
    "rule, approvers, decisions, expected",
    [
        (ALL, THREE, [], PENDING),
        (ALL, THREE, [d("a", A), d("b", A)], PENDING),
        (ALL, THREE, [d("a", A), d("b", A), d("c", A)], APPROVED),
        (ALL, THREE, [d("a", A), d("b", W), d("c", A)], WITH),
        (ALL, THREE, [d("a", R)], REJECTED),  # one reject under "all" rejects at once
        (ANY, THREE, [d("b", A)], APPROVED),
        (ANY, THREE, [d("a", R), d("b", R)], PENDING),  # c may still approve
        (ANY, THREE, [d("a", R), d("b", R), d("c", R)], REJECTED),
        (TWO_OF_THREE, THREE, [d("a", A)], PENDING),
        (TWO_OF_THREE, THREE, [d("a", A), d("c", W)], WITH),
        (TWO_OF_THREE, THREE, [d("a", R)], PENDING),
        (TWO_OF_THREE, THREE, [d("a", R), d("b", R)], REJECTED),  # 2 approvals out of reach
        (PER_DOMAIN, BY_DOMAIN, [d("paie1", A)], PENDING),  # RH has not approved
        (PER_DOMAIN, BY_DOMAIN, [d("paie2", A), d("rh", A)], APPROVED),
        (PER_DOMAIN, BY_DOMAIN, [d("paie1", R), d("rh", A)], PENDING),  # paie2 may still approve
        (PER_DOMAIN, BY_DOMAIN, [d("rh", R)], REJECTED),  # every approver of a domain rejects
        (PER_DOMAIN, THREE, [d("c", A)], APPROVED),  # no domain at all: "any"
        (ALL, (), [d("a", A)], PENDING),  # no approver: never approved
    ],
)
def test_quorum_rules(
    rule: QuorumRule, approvers: tuple[GateApprover, ...], decisions: list[Decision], expected: Outcome
) -> None:
    assert outcome(rule, approvers, decisions) is expected


def test_only_the_latest_decision_of_each_approver_counts_and_strangers_never_count() -> None:
    changed = [d("a", R, 1), d("a", A, 2), d("b", A), d("c", A), d("intrus", R)]
    assert outcome(ALL, THREE, changed) is APPROVED
    assert outcome(ALL, THREE, [d("a", A, 1), d("a", R, 2), d("b", A), d("c", A)]) is REJECTED
    assert (
        outcome(ALL, THREE, [d("a", A, 5, round_=1), d("a", R, 1, round_=2)]) is REJECTED
    )  # later round wins


@pytest.mark.parametrize(
    "kind, comment, reservations, expected",
    [
        (A, "", [], []),
        (W, "", [], ["needs_reservations"]),
        (A, "", [Reservation("x", "MOE", date(2025, 7, 1))], ["reservations_need_kind"]),
        (R, " ", [], ["reject_needs_comment"]),
        (W, "", [Reservation("x", " ", date(2025, 7, 1))], ["reservation_incomplete"]),
    ],
)
def test_what_a_decision_needs(
    kind: DecisionKind, comment: str, reservations: list[Reservation], expected: list[str]
) -> None:
    assert problems(kind, comment, reservations) == expected


def gap(identity: str, kind: GapType) -> Gap:
    return Gap(identity, kind, Severity.BLOCKING, identity.split(":")[-1])


def gate(status: GateStatus, result: Outcome, basis: frozenset[str] = frozenset()) -> Gate:
    return Gate("vabf", "1.1.0", status, NOW, 1, result, basis=basis)


def test_a_new_failure_voids_the_signatures_of_an_approved_gate() -> None:
    known = gap("requirement_failing:EXG-004", GapType.REQUIREMENT_FAILING)
    new = gap("regression:EXG-001", GapType.REGRESSION)
    uncovered = gap("requirement_uncovered:EXG-013", GapType.REQUIREMENT_UNCOVERED)
    approved = gate(GateStatus.CLOSED, APPROVED, frozenset({known.identity}))
    assert voided(approved, [d("a", A)], [known, new, uncovered]) == ("regression:EXG-001",)
    assert voided(approved, [d("a", A)], [known, uncovered]) == ()  # nothing new that fails
    assert voided(gate(GateStatus.CLOSED, REJECTED), [d("a", R)], [new]) == ()  # nothing was signed
    assert voided(gate(GateStatus.PENDING, PENDING), [], [new]) == ()  # nobody signed yet
    assert voided(gate(GateStatus.PENDING, PENDING), [d("a", A)], [new]) == ("regression:EXG-001",)

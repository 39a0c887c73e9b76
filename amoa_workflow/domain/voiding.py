"""Signatures voided by new failures: when a gate's signatures no longer hold.

The signatures on a gate are given on what the approvers saw (its *basis*: the gap identities of
the campaign when the gate opened, then those of the PV the round's first approval was given on).
When a later run of the release brings a new failure (a failing, still-failing, regressed or
non-executable gap not in the basis), an approved gate, or a pending one with approvals, is
reopened: a new round starts, earlier decisions no longer count. Pure rules, no framework.
"""

from __future__ import annotations

from collections.abc import Iterable

from amoa_workflow.domain.decisions import Decision
from amoa_workflow.domain.gates import Gate, GateStatus
from amoa_workflow.domain.model import Gap, GapType

FAILURES = frozenset(
    {
        GapType.REQUIREMENT_FAILING,
        GapType.FIX_STILL_FAILING,
        GapType.REGRESSION,
        GapType.NOT_EXECUTABLE,
        GapType.KNOWN_LIMITATION,
    }
)


def new_failures(basis: frozenset[str], gaps: Iterable[Gap]) -> tuple[str, ...]:
    """Failures found now that the approvers did not see: identities not in the gate's basis."""
    return tuple(sorted({g.identity for g in gaps if g.type in FAILURES} - basis))


def voided(gate: Gate, decisions: Iterable[Decision], gaps: Iterable[Gap]) -> tuple[str, ...]:
    """The new failures that void the gate's signatures; empty when nothing is voided.

    Only signatures void: an approved gate, or a pending one with approvals in its round. A
    rejected gate stays rejected (nothing was signed).
    """
    signed = gate.outcome.approved or (
        gate.status is GateStatus.PENDING and any(d.kind.approves for d in decisions if d.round == gate.round)
    )
    return new_failures(gate.basis, gaps) if signed else ()

"""Reminders and escalation for approval gates still pending.

A gate opened at ``opened_at`` and still pending gets, from ``remind_after`` on, one reminder per
``remind_every`` to the approvers of its checkpoint who have not decided yet; at its deadline
(its own ``timeout``, else ``escalate_after``), one escalation to ``escalate_to``. Reminders follow
the deadline: with one, the first comes at ``remind_after`` or half-way to it, whichever is sooner,
and the escalation goes out at the deadline whatever the reminders. Each reminder is numbered by the period
it falls in, so a scheduled flow running every few minutes sends each one once, and a flow that
did not run for a while sends the current one only, not those it missed. A gate configured with
its own approvers, ``timeout`` and ``escalate_to`` (``[[gates]]``) uses them instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from amoa_workflow.domain.notifications import Directory, Event, EventKind


@dataclass(frozen=True)
class PendingGate:
    id: int
    release: str
    checkpoint: str
    opened_at: datetime
    decided: frozenset[str] = frozenset()  # ids of the approvers who already decided
    # From the gate's configuration, when it has one: its approvers, its own timeout and escalation.
    approvers: tuple[str, ...] = ()
    timeout: timedelta | None = None
    escalate_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReminderPolicy:
    remind_after: timedelta = timedelta(hours=48)
    remind_every: timedelta = timedelta(hours=24)
    escalate_after: timedelta | None = None
    escalate_to: tuple[str, ...] = ()


def gate_subject(gate_id: int) -> str:
    return f"gate-{gate_id}"


def reminders_due(
    gates: Sequence[PendingGate], directory: Directory, policy: ReminderPolicy, now: datetime
) -> Iterator[Event]:
    for gate in gates:
        waited = now - gate.opened_at
        deadline = gate.timeout or policy.escalate_after
        remind_after = policy.remind_after if deadline is None else min(policy.remind_after, deadline / 2)
        if waited < remind_after:
            continue
        if gate.approvers:
            concerned = [a for a in map(directory.approver, gate.approvers) if a is not None]
        else:
            concerned = directory.approvers_of(gate.checkpoint)
        waiting_for = [a for a in concerned if a.id not in gate.decided]
        if not waiting_for:
            continue
        facts: dict[str, object] = {
            "gate": gate.id,
            "release": gate.release,
            "checkpoint": gate.checkpoint,
            "opened_at": gate.opened_at.strftime("%Y-%m-%d %H:%M UTC"),
            "days": waited.days,
            "hours": int(waited.total_seconds() // 3600),
            "waiting_for": [a.name for a in waiting_for],
        }
        number = 1 + int((waited - remind_after) / policy.remind_every)
        yield Event(
            EventKind.REMINDER,
            gate_subject(gate.id),
            {**facts, "escalation": False, "number": number},
            checkpoint=gate.checkpoint,
            to=tuple(a.id for a in waiting_for),
            occurrence=f"reminder-{number}",
        )
        escalate_to = gate.escalate_to or policy.escalate_to
        if deadline is not None and escalate_to and waited >= deadline:
            yield Event(
                EventKind.REMINDER,
                gate_subject(gate.id),
                {**facts, "escalation": True, "number": 1},
                checkpoint=gate.checkpoint,
                to=escalate_to,
                occurrence="escalation",
            )

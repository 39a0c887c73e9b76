"""Asking testers to execute their manual scenarios, and reminding them before the deadline.

When a campaign opens its manual part (``opened_at``, until ``deadline``), each tester with
scenarios still to execute is sent one ``manual_requested`` event carrying their personal link.
Reminders follow the approvers' rules (:mod:`.reminders`): the first at ``remind_after`` or half-way
to the deadline, whichever is sooner, then one per ``remind_every``, each numbered by the period it
falls in (a flow running every few minutes sends each once); none once the deadline has passed or
the tester has nothing left to do. Pure: links are made by the caller (they need the secret).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.domain.reminders import ReminderPolicy


@dataclass(frozen=True)
class ManualOpening:
    """A campaign's manual part, opened for testers until ``deadline``."""

    campaign: str
    release: str
    checkpoint: str
    opened_at: datetime
    deadline: datetime


@dataclass(frozen=True)
class Workload:
    tester: str
    pending: int  # scenarios still to execute


def manual_subject(campaign: str) -> str:
    return f"manual-{campaign}"


def _event(
    kind: EventKind, opening: ManualOpening, load: Workload, link: str | None, occurrence: str,
    number: int = 0,
) -> Event:  # fmt: skip
    facts: dict[str, object] = {
        "release": opening.release,
        "checkpoint": opening.checkpoint,
        "campaign": opening.campaign,
        "scenarios": load.pending,
        "deadline": opening.deadline.strftime("%Y-%m-%d %H:%M UTC"),
    }
    if link:
        facts["execution_link"] = link
    if number:
        facts["number"] = number
    return Event(kind, manual_subject(opening.campaign), facts, checkpoint=opening.checkpoint,
                 to=(load.tester,), occurrence=occurrence)  # fmt: skip


def invitations(opening: ManualOpening, loads: Sequence[Workload], links: Mapping[str, str]) -> list[Event]:
    """One request per tester with scenarios to execute, with their link when there is one."""
    return [
        _event(EventKind.MANUAL_REQUESTED, opening, load, links.get(load.tester), "opened")
        for load in loads
        if load.pending
    ]


def manual_reminders_due(
    opening: ManualOpening,
    loads: Sequence[Workload],
    links: Mapping[str, str],
    policy: ReminderPolicy,
    now: datetime,
) -> Iterator[Event]:
    """The reminder due now to each tester who still has scenarios to execute, before the deadline."""
    if now >= opening.deadline:
        return
    waited = now - opening.opened_at
    remind_after = min(policy.remind_after, (opening.deadline - opening.opened_at) / 2)
    if waited < remind_after:
        return
    number = 1 + int((waited - remind_after) / policy.remind_every)
    for load in loads:
        if load.pending:
            yield _event(EventKind.MANUAL_REMINDER, opening, load, links.get(load.tester),
                         f"reminder-{number}", number)  # fmt: skip

"""Opening a campaign's manual part to its testers, reminding them, and whether it is still awaited.

Opening is audited once per campaign (``manual.opened``: release, checkpoint, opened_at, deadline),
then each tester with scenarios to execute gets a ``manual_requested`` event with their personal
link (made by ``link_for``, sealed until sent). Reminders are queued by the reminders flow for
every campaign still open. Each function takes its unit of work and its ``notify``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from amoa_workflow.domain.manual_invitations import (
    ManualOpening,
    Workload,
    invitations,
    manual_reminders_due,
)
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.reminders import ReminderPolicy
from amoa_workflow.domain.testers import Tester
from amoa_workflow.manual.campaign import ManualPart, ManualUnitOfWork, read_part

OPENED = "manual.opened"
ACTOR = "amoa-workflow"
LinkFor = Callable[[str, ManualOpening], str]  # (tester, opening) → the tester's link
Notify = Callable[[Sequence[Event]], object]


def loads(part: ManualPart) -> list[Workload]:
    per_tester, _ = part.progress()
    return [Workload(row.name, row.counts["pending"]) for row in per_tester if row.name != "-"]


def open_manual_part(
    uow: ManualUnitOfWork,
    campaign: str,
    checkpoint: str,
    testers: Sequence[Tester],
    manual_tags: Sequence[str],
    deadline_after: timedelta,
    clock: Callable[[], datetime],
    link_for: LinkFor | None,
    notify: Notify,
) -> ManualOpening | None:
    """Open the manual part of ``campaign`` (once) and send each tester their link; None when no
    manual scenario is left to execute. Opened already: the opening as it was, nothing sent again."""
    part = read_part(uow, campaign, testers, manual_tags)
    todo = loads(part)
    if not any(load.pending for load in todo):
        return None
    with uow:
        opening = uow.manual.opening(campaign)
        if opening is not None:
            return opening
        now = clock()
        release = uow.manual.release_of(campaign) or ""
        opening = ManualOpening(campaign, release, checkpoint, now, now + deadline_after)
        uow.audit.append(ACTOR, OPENED, campaign, {
            "release": release, "checkpoint": checkpoint, "opened_at": now.isoformat(),
            "deadline": opening.deadline.isoformat(),
            "testers": {load.tester: load.pending for load in todo if load.pending},
        })  # fmt: skip
        uow.commit()
    links = {load.tester: link_for(load.tester, opening) for load in todo if load.pending and link_for}
    notify(invitations(opening, todo, links))
    return opening


def remind_testers(
    uow: ManualUnitOfWork,
    testers: Sequence[Tester],
    manual_tags: Sequence[str],
    policy: ReminderPolicy,
    clock: Callable[[], datetime],
    link_for: LinkFor | None,
    notify: Notify,
) -> list[Event]:
    """Queue the reminders due to testers of every campaign whose manual part is still open."""
    with uow:
        openings = uow.manual.openings()
    now = clock()
    due: list[Event] = []
    for opening in openings:
        if now >= opening.deadline:
            continue
        todo = loads(read_part(uow, opening.campaign, testers, manual_tags))
        links = {load.tester: link_for(load.tester, opening) for load in todo if load.pending and link_for}
        due += manual_reminders_due(opening, todo, links, policy, now)
    if due:
        notify(due)
    return due


def awaited(
    uow: ManualUnitOfWork, campaign: str, testers: Sequence[Tester], manual_tags: Sequence[str],
    now: datetime,
) -> float | None:  # fmt: skip
    """Seconds left until the manual part's deadline while scenarios are still to execute; None when
    nothing is awaited (not opened, all done, or the deadline has passed)."""
    with uow:
        opening = uow.manual.opening(campaign)
    if opening is None or now >= opening.deadline:
        return None
    part = read_part(uow, campaign, testers, manual_tags)
    if not any(load.pending for load in loads(part)):
        return None
    return (opening.deadline - now).total_seconds()


def release_of(uow: ManualUnitOfWork, campaign: str) -> str | None:
    with uow:
        return uow.manual.release_of(campaign)


def just_closed(uow: ManualUnitOfWork, now: datetime, within: timedelta) -> list[ManualOpening]:
    """Manual parts whose deadline passed less than ``within`` ago (a run waiting for one is woken)."""
    with uow:
        return [o for o in uow.manual.openings() if o.deadline <= now < o.deadline + within]

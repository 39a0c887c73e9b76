"""Approval requests with a link of their own for each approver. Pure: events in, events out.

An ``approval_requested`` event names its approvers (``to``, approver or group ids); it becomes one
event per approver, sent to that approver only, whose ``decision_link`` fact is a signed link for
that approver, gate and release. Other events pass unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from amoa_workflow.domain.notifications import Directory, Event, EventKind
from amoa_workflow.web.links import LinkSettings, approval_link


def with_decision_links(
    events: Sequence[Event], directory: Directory, links: LinkSettings, now: datetime
) -> list[Event]:
    found: list[Event] = []
    for event in events:
        gate, release = event.facts.get("gate"), event.facts.get("release")
        if event.kind is not EventKind.APPROVAL_REQUESTED or not isinstance(gate, str) or not release:
            found.append(event)
            continue
        for approver in _approvers(event, directory):
            link = approval_link(links, approver, gate, str(release), now)
            found.append(replace(event, to=(approver,), facts={**event.facts, "decision_link": link}))
    return found


def _approvers(event: Event, directory: Directory) -> list[str]:
    chosen: list[str] = []
    if event.to:
        for name in event.to:
            group = directory.group(name)
            chosen += list(group.members) if group is not None else [name]
    else:
        chosen = [a.id for a in directory.approvers_of(event.checkpoint, event.domains)]
    return list(dict.fromkeys(chosen))

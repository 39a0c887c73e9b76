"""Approval requests with a link of their own for each approver.

An ``approval_requested`` event names its approvers (``to``, approver or group ids); it becomes one
event per approver, sent to that approver only, whose ``decision_link`` fact is that approver's link
for the gate and release, *sealed*: the message stored in the outbox names the link but cannot open
anything. :class:`LinkSigningNotifier` signs it when the message is sent, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from amoa_workflow.domain.notifications import Directory, Event, EventKind
from amoa_workflow.domain.outbox import Delivery, Notification
from amoa_workflow.ports import Notifier
from amoa_workflow.signatures.links import LinkSigner, unseal
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


class LinkSigningNotifier:
    """Sends through ``inner``, each sealed link of the message signed on the way out."""

    def __init__(self, inner: Notifier, signer: LinkSigner) -> None:
        self._inner, self._signer = inner, signer

    def __repr__(self) -> str:
        return f"LinkSigningNotifier({self._inner!r})"

    def send(self, notification: Notification) -> Delivery:
        signed = replace(
            notification,
            title=unseal(notification.title, self._signer),
            text=unseal(notification.text, self._signer),
            html=unseal(notification.html, self._signer),
        )
        return self._inner.send(signed)

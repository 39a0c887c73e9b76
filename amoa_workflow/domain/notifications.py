"""Who is told what: the events worth a notification, approvers and groups, and who receives an event.

Pure rules, no framework. Approvers are reached through named *channels* (an environment
variable or an entry of an apprise configuration file), never through URLs here: URLs carry
secrets and stay in the notifier. Approver and group ids are apprise tags, so they follow
apprise's rules: lowercase letters, digits, ``-`` and ``_`` (no ``:``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

TAG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
KEY_LENGTH = 256  # the outbox column


class EventKind(StrEnum):
    """What happened; each has a template per format. The facts its template reads (all events:
    ``release``; ``checkpoint`` except campaign_finished):

    - campaign_finished: campaign, attempt, scenarios, counts {status: n}, gaps [{severity, type,
      requirement, detail}], blocking (see :func:`amoa_workflow.notify.services.campaign_finished`)
    - approval_requested: optional gaps (a count), blocking, recommendation (go, go_with_reservations,
      no_go)
    - reminder: opened_at, days, number, escalation, waiting_for [names] (see :mod:`.reminders`)
    - decision_recorded: approver, decision, optional comment
    - gate_closed: outcome, optional reservations [texts] (of the decisions that verify), optional
      not_verified [approver names] (a decision of theirs does not verify: it counts for nothing)
    - regression_detected: previous, campaign, requirements [{code, title}]
    - signature_voided: approver, optional reason
    - manual_requested: campaign, scenarios (the tester's, to execute), deadline, optional
      execution_link (see :mod:`.manual_invitations`)
    - manual_reminder: the same, with number (the reminder's)
    """

    CAMPAIGN_FINISHED = "campaign_finished"
    APPROVAL_REQUESTED = "approval_requested"
    REMINDER = "reminder"
    DECISION_RECORDED = "decision_recorded"
    GATE_CLOSED = "gate_closed"
    REGRESSION_DETECTED = "regression_detected"
    SIGNATURE_VOIDED = "signature_voided"
    MANUAL_REQUESTED = "manual_requested"
    MANUAL_REMINDER = "manual_reminder"


@dataclass(frozen=True)
class Event:
    """Something approvers must hear about.

    ``subject`` names what it is about (a campaign key, ``gate-12``); ``occurrence`` tells apart
    events that may happen again on the same subject (run 2 of a campaign, the third reminder):
    the same event announced twice is notified once. ``to`` (approver or group ids) replaces the
    choice by business domain and checkpoint. ``facts`` are the template's variables.
    """

    kind: EventKind
    subject: str
    facts: Mapping[str, object] = field(default_factory=dict)
    checkpoint: str | None = None
    domains: frozenset[str] = frozenset()
    to: tuple[str, ...] = ()
    occurrence: str = ""
    attachment: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Approver:
    """A member of the MOA who decides; empty ``domains``/``checkpoints`` mean all of them."""

    id: str
    name: str
    role: str = ""
    domains: frozenset[str] = frozenset()
    checkpoints: frozenset[str] = frozenset()
    channels: tuple[str, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class Group:
    """Approvers gathered by business domain and checkpoint; may have channels of its own (a team inbox)."""

    id: str
    name: str = ""
    domains: frozenset[str] = frozenset()
    checkpoints: frozenset[str] = frozenset()
    members: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class Directory:
    """Everyone who may be notified, in the project's default language."""

    approvers: tuple[Approver, ...] = ()
    groups: tuple[Group, ...] = ()
    lang: str = "fr"
    testers: tuple[Approver, ...] = ()  # testers of manual scenarios: reached only when named in ``to``

    @property
    def is_empty(self) -> bool:
        people: tuple[Approver | Group, ...] = (*self.approvers, *self.groups, *self.testers)
        return not any(who.channels for who in people)

    def reaches(self, person: str) -> bool:
        """Whether a channel reaches ``person`` now: their own, or one of a group they belong to."""
        who = self.approver(person) or self.tester(person)
        return bool(who and who.channels) or any(g.channels and person in g.members for g in self.groups)

    def tester(self, tester_id: str) -> Approver | None:
        return next((t for t in self.testers if t.id == tester_id), None)

    def approver(self, approver_id: str) -> Approver | None:
        return next((a for a in self.approvers if a.id == approver_id), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def approvers_of(self, checkpoint: str | None, domains: frozenset[str] = frozenset()) -> list[Approver]:
        """The approvers concerned by ``checkpoint`` and ``domains``, directly or through a group."""
        chosen = [a for a in self.approvers if _concerned(a.domains, a.checkpoints, checkpoint, domains)]
        for group in self.groups:
            if _concerned(group.domains, group.checkpoints, checkpoint, domains):
                chosen += [a for a in self.approvers if a.id in group.members]
        return list({a.id: a for a in chosen}.values())


@dataclass(frozen=True)
class Recipient:
    """An approver or a group, with the channels that reach it and the language it reads."""

    id: str
    name: str
    lang: str
    channels: tuple[str, ...]


def _concerned(
    domains: frozenset[str], checkpoints: frozenset[str], checkpoint: str | None, wanted: frozenset[str]
) -> bool:
    if checkpoints and checkpoint is not None and checkpoint not in checkpoints:
        return False
    return not domains or not wanted or bool(domains & wanted)


def recipients(event: Event, directory: Directory) -> list[Recipient]:
    """Who receives ``event``: those named in ``event.to``, else every approver and group concerned
    by its checkpoint and business domains (and a group's members). A channel is used once."""
    seen: set[str] = set()
    found: dict[str, Recipient] = {}
    for who in _chosen(event, directory):
        channels = tuple(c for c in who.channels if c not in seen)
        seen.update(channels)
        if not channels:
            continue
        previous = found.get(who.id)
        if previous is None:
            found[who.id] = Recipient(who.id, who.name or who.id, who.lang or directory.lang, channels)
        else:
            found[who.id] = replace(previous, channels=previous.channels + channels)
    return list(found.values())


def unreachable(event: Event, directory: Directory) -> list[Approver]:
    """The people ``event`` is for (approvers, testers) whom nothing reaches: no channel of their
    own, and no group of theirs that is told has one either."""
    chosen = _chosen(event, directory)
    covered = {m for g in chosen if isinstance(g, Group) and g.channels for m in g.members}
    people = {who.id: who for who in chosen if isinstance(who, Approver)}
    return [who for who in people.values() if not who.channels and who.id not in covered]


def _chosen(event: Event, directory: Directory) -> list[Approver | Group]:
    chosen: list[Approver | Group] = []
    if event.to:
        for name in event.to:
            group = directory.group(name)
            approver = directory.approver(name) or directory.tester(name)
            if group is not None:
                chosen += [group, *(a for a in directory.approvers if a.id in group.members)]
            elif approver is not None:
                chosen.append(approver)
    else:
        chosen += directory.approvers_of(event.checkpoint, event.domains)
        chosen += [
            g
            for g in directory.groups
            if _concerned(g.domains, g.checkpoints, event.checkpoint, event.domains)
        ]
    return chosen


def idempotency_key(event: Event, recipient: str, channel: str) -> str:
    """The same event for the same recipient on the same channel is one notification, sent once."""
    key = "|".join((event.kind.value, event.subject, event.occurrence, recipient, channel))
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"{key[: KEY_LENGTH - 33]}#{digest}"

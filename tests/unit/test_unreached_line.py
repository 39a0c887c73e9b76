"""The line a command that notified ends with: the people its notifications reached no channel for,
once each, and the variable to set; notifications kept so by earlier commands are not its own."""

from __future__ import annotations

import io
from datetime import datetime

from rich.console import Console

from amoa_workflow.cli.notifications import print_unreached_since
from amoa_workflow.domain.notifications import Approver, Directory, Event, EventKind
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.settings.approvers import NotificationSettings
from tests.notification_fakes import Clock, FakeNotificationUow, FakeNotifier

SILENT = Directory((Approver("dupont", "Claire Dupont"), Approver("martin", "Paul Martin", lang="en")))


def finished(attempt: int) -> Event:
    facts = {"release": "1.1.0", "campaign": "recette-1.1.0", "attempt": attempt, "scenarios": 3,
             "counts": {"passed": 3}, "gaps": [], "blocking": 0}  # fmt: skip
    return Event(EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", facts, "recette", occurrence=f"run-{attempt}")


def said(uow: FakeNotificationUow, since: datetime, lang: str) -> str:
    """What ``print_unreached_since`` prints, its white space folded."""
    out = io.StringIO()
    print_unreached_since(Console(file=out, width=1000), uow(), since, lang)
    return " ".join(out.getvalue().split())


def announce(uow: FakeNotificationUow, clock: Clock, directory: Directory, attempt: int) -> None:
    settings = NotificationSettings(directory)
    notifications.announcer(uow, settings, MessageTemplates("Paie"), FakeNotifier, clock)([finished(attempt)])


def test_the_people_a_command_told_nothing_are_named_once_with_the_variable_to_set() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    since = clock()

    announce(uow, clock, SILENT, 1)

    line = said(uow, since, "fr")
    assert line.startswith(
        "Aucun canal de notification pour dupont, martin : 2 notification(s) non envoyée(s)"
    )
    assert "Définissez AMOA_NOTIFY_DUPONT…" in line
    assert said(uow, since, "en").startswith("No notification channel for dupont, martin: 2 ")


def test_notifications_kept_before_the_command_started_are_not_its_own() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    announce(uow, clock, SILENT, 1)  # an earlier command's
    clock.advance(minutes=5)
    since = clock()

    announce(uow, clock, Directory((Approver("roux", "Léa Roux"),)), 2)

    assert said(uow, since, "en").startswith("No notification channel for roux: 1 notification(s)")


def test_a_command_whose_notifications_all_had_a_channel_says_nothing_of_them() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    announce(uow, clock, SILENT, 1)
    clock.advance(minutes=5)
    since = clock()

    announce(uow, clock, Directory((Approver("roux", "Léa Roux", channels=("MAIL_ROUX",)),)), 2)

    assert [r.status.value for r in uow.outbox.rows.values()][-1] == "sent"
    assert said(uow, since, "fr") == ""

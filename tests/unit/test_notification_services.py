"""Queueing and delivering notifications, on in-memory fakes: written first, sent once, retried, resent."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    Release,
    Requirement,
    RequirementCoverage,
    Severity,
)
from amoa_workflow.domain.notifications import Approver, Directory, Event, EventKind, Group
from amoa_workflow.domain.outbox import DeliveryPolicy, DeliveryStatus
from amoa_workflow.domain.reminders import PendingGate, ReminderPolicy
from amoa_workflow.errors import NotificationAlreadySent, NotificationNotFound
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.settings.approvers import NotificationSettings
from tests.notification_fakes import Clock, FakeNotificationUow, FakeNotifier

DIRECTORY = Directory(
    (
        Approver(
            "dupont", "Claire Dupont", domains=frozenset({"Paie"}), channels=("MAIL_DUPONT", "CHAT_DUPONT")
        ),
        Approver(
            "martin", "Paul Martin", domains=frozenset({"Absences"}), channels=("MAIL_MARTIN",), lang="en"
        ),
    ),
    (Group("direction", "Direction", channels=("MAIL_DIRECTION",)),),
)
POLICY = DeliveryPolicy(max_attempts=4, first_retry=timedelta(minutes=1), longest_retry=timedelta(minutes=30))
TEMPLATES = MessageTemplates("Paie")


def finished(attempt: int = 1, domains: frozenset[str] = frozenset({"Paie"})) -> Event:
    facts = {"release": "1.1.0", "campaign": "recette-1.1.0", "attempt": attempt, "scenarios": 3,
             "counts": {"passed": 3}, "gaps": [], "blocking": 0}  # fmt: skip
    return Event(
        EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", facts, "recette", domains, occurrence=f"run-{attempt}"
    )


def test_notifications_are_written_before_anything_is_sent_one_per_recipient_and_channel() -> None:
    uow, clock = FakeNotificationUow(), Clock()

    ids = notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)

    rows = [uow.outbox.rows[i] for i in ids]
    assert [(r.recipient, r.target, r.status) for r in rows] == [
        ("dupont", "MAIL_DUPONT", DeliveryStatus.PENDING),
        ("dupont", "CHAT_DUPONT", DeliveryStatus.PENDING),
        ("direction", "MAIL_DIRECTION", DeliveryStatus.PENDING),
    ]
    assert rows[0].title == "Recette 1.1.0 terminée : 0 écart(s)" and rows[0].lang == "fr"
    assert uow.commits == 1


def test_the_same_event_notified_twice_adds_nothing_a_new_run_is_a_new_notification() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)

    assert notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock) == []
    assert len(notifications.notify(uow, [finished(attempt=2)], DIRECTORY, TEMPLATES, clock)) == 3


def test_each_row_is_sent_once_and_never_again() -> None:
    uow, clock, notifier = FakeNotificationUow(), Clock(), FakeNotifier()
    notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)

    first = notifications.deliver_pending(uow, notifier, clock, POLICY)
    clock.advance(days=3)
    second = notifications.deliver_pending(uow, notifier, clock, POLICY)

    assert (len(first.sent), second) == (3, notifications.DeliveryReport())
    assert sorted(n.target for n in notifier.delivered) == ["CHAT_DUPONT", "MAIL_DIRECTION", "MAIL_DUPONT"]
    assert {r.status for r in uow.outbox.rows.values()} == {DeliveryStatus.SENT}


def test_a_channel_down_is_retried_with_backoff_and_delivered_exactly_once_when_it_comes_back() -> None:
    uow, clock, notifier = FakeNotificationUow(), Clock(), FakeNotifier(down=2)
    notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)

    assert len(notifications.deliver_pending(uow, notifier, clock, POLICY).failed) == 3
    clock.advance(seconds=59)
    assert notifications.deliver_pending(uow, notifier, clock, POLICY) == notifications.DeliveryReport()
    clock.advance(seconds=1)
    assert len(notifications.deliver_pending(uow, notifier, clock, POLICY).failed) == 3  # 2nd attempt
    clock.advance(minutes=2)
    assert len(notifications.deliver_pending(uow, notifier, clock, POLICY).sent) == 3  # 3rd: back up
    clock.advance(hours=5)
    notifications.deliver_pending(uow, notifier, clock, POLICY)

    assert len(notifier.delivered) == 3
    assert {(r.status, r.attempts) for r in uow.outbox.rows.values()} == {(DeliveryStatus.SENT, 3)}


def test_after_the_last_attempt_a_notification_is_given_up_and_a_person_can_resend_it() -> None:
    uow, clock, notifier = FakeNotificationUow(), Clock(), FakeNotifier(down=99)
    notifications.notify(uow, [finished(domains=frozenset({"Absences"}))], DIRECTORY, TEMPLATES, clock)
    for _ in range(POLICY.max_attempts):
        notifications.deliver_pending(uow, notifier, clock, POLICY)
        clock.advance(hours=1)

    dead = notifications.listing(uow, [DeliveryStatus.DEAD])
    assert [(r.target, r.attempts, r.last_error) for r in dead] == [
        ("MAIL_MARTIN", 4, "Connection refused"),
        ("MAIL_DIRECTION", 4, "Connection refused"),
    ]
    assert notifications.deliver_pending(uow, notifier, clock, POLICY) == notifications.DeliveryReport()

    notifier.down = 0
    assert notifications.resend(uow, clock, every_failed=True) == [r.id for r in dead]
    assert len(notifications.deliver_pending(uow, notifier, clock, POLICY).sent) == 2


def test_a_sent_notification_is_never_resent_and_an_unknown_one_is_one_clear_error() -> None:
    uow, clock, notifier = FakeNotificationUow(), Clock(), FakeNotifier()
    [first, *_] = notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)
    notifications.deliver_pending(uow, notifier, clock, POLICY)

    with pytest.raises(NotificationAlreadySent):
        notifications.resend(uow, clock, [first])
    with pytest.raises(NotificationNotFound) as caught:
        notifications.resend(uow, clock, [999])
    assert caught.value.render("en") == "notification 999: not found"
    assert len(notifier.delivered) == 3


def test_a_row_claimed_by_another_deliverer_is_not_sent_twice() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    notifications.notify(uow, [finished()], DIRECTORY, TEMPLATES, clock)
    second = FakeNotifier()
    reports: list[notifications.DeliveryReport] = []

    def another_deliverer_runs_meanwhile(_: object) -> None:
        if not reports:  # while the first deliverer sends its first row, a second one runs to the end
            reports.append(notifications.deliver_pending(uow, second, clock, POLICY))

    first = FakeNotifier(during_send=another_deliverer_runs_meanwhile)
    report = notifications.deliver_pending(uow, first, clock, POLICY)

    assert (len(report.sent), report.taken) == (1, 2)  # it had read 3 rows as due; 2 were taken
    assert len(reports[0].sent) == 2  # the row being sent was not due for the second one
    assert sorted(n.target for n in first.delivered + second.delivered) == [
        "CHAT_DUPONT", "MAIL_DIRECTION", "MAIL_DUPONT",
    ]  # fmt: skip


def test_a_send_that_never_reported_back_is_given_up_after_the_timeout_not_sent_again() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    [row_id] = notifications.notify(uow, [finished(domains=frozenset({"Absences"}))],
                                    Directory(DIRECTORY.approvers), TEMPLATES, clock)  # fmt: skip
    with uow:  # a deliverer claimed it, then died
        row = uow.outbox.rows[row_id]
        uow.outbox.swap(row, notifications.outbox.claimed(row, clock()))
        uow.commit()
    notifier = FakeNotifier()

    clock.advance(minutes=5)
    notifications.deliver_pending(uow, notifier, clock, POLICY)
    assert uow.outbox.rows[row_id].status is DeliveryStatus.SENDING
    clock.advance(minutes=15)
    notifications.deliver_pending(uow, notifier, clock, POLICY)

    assert uow.outbox.rows[row_id].status is DeliveryStatus.DEAD
    assert uow.outbox.rows[row_id].last_error == "notify.error.interrupted"
    assert notifier.delivered == []


def test_reminders_are_queued_once_per_period_for_pending_gates() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    uow.gates.open.append(PendingGate(12, "1.1.0", "recette", clock() - timedelta(hours=50)))
    policy = ReminderPolicy(remind_after=timedelta(hours=48), remind_every=timedelta(hours=24))

    first = notifications.remind_pending_gates(uow, DIRECTORY, TEMPLATES, policy, clock)
    clock.advance(hours=1)
    again = notifications.remind_pending_gates(uow, DIRECTORY, TEMPLATES, policy, clock)

    assert [(uow.outbox.rows[i].recipient, uow.outbox.rows[i].event) for i in first] == [
        ("dupont", "reminder"), ("dupont", "reminder"), ("martin", "reminder"),
    ]  # fmt: skip
    assert again == []
    assert uow.outbox.rows[first[2]].title == "Reminder #1: decision awaited on recette 1.1.0"


REQUIREMENT = Requirement("EXG-004", "Heures sup.", Criticality.CRITICAL, "Paie")
OUTCOME = CampaignOutcome(
    project="Paie", checkpoint="recette", campaign_key="recette-1.1.0", attempt=2,
    release=Release("1.1.0", None, ()), results=(), coverage=(RequirementCoverage(REQUIREMENT),),
    gaps=(Gap("x", GapType.FIX_STILL_FAILING, Severity.BLOCKING, "EXG-004", anomaly_refs=("ANO-042",)),),
    run_folder="/runs/1",
)  # fmt: skip


def test_a_finished_campaign_is_announced_to_its_domains_with_the_report_attached_or_linked() -> None:
    settings = NotificationSettings(DIRECTORY, report_link="https://recette.example.org/{release}/{file}")

    event = notifications.campaign_finished(OUTCOME, Path("/data/reports/1.1.0/recette-1.1.0.html"), settings)

    assert (event.subject, event.occurrence, event.domains) == ("recette-1.1.0", "run-2", frozenset({"Paie"}))
    assert event.attachment == "/data/reports/1.1.0/recette-1.1.0.html"
    assert event.link == "https://recette.example.org/1.1.0/recette-1.1.0.html"
    assert event.facts["blocking"] == 1


def test_without_approvers_nothing_is_queued_and_no_notifier_is_built() -> None:
    uow, clock = FakeNotificationUow(), Clock()

    def no_notifier() -> FakeNotifier:
        raise AssertionError("no notifier is needed")

    report = notifications.announce_campaign(
        uow, NotificationSettings(), TEMPLATES, no_notifier, OUTCOME, Path("r.html"), clock
    )

    assert (report, uow.outbox.rows) == (notifications.DeliveryReport(), {})


def test_people_without_channel_are_recorded_no_channel_named_and_never_sent() -> None:
    uow, clock = FakeNotificationUow(), Clock()
    silent = Directory((Approver("dupont", "Claire Dupont"), Approver("martin", "Paul Martin", lang="en")))

    def no_notifier() -> FakeNotifier:
        raise AssertionError("nothing to send: no notifier is needed")

    announce = notifications.announcer(uow, NotificationSettings(silent), TEMPLATES, no_notifier, clock)
    first, again = announce([finished()]), announce([finished()])

    rows = list(uow.outbox.rows.values())
    assert first.no_channel == ("dupont", "martin") and not first.sent
    assert again.no_channel == ()  # the same event: recorded once, said once
    assert [(r.recipient, r.target, r.status, r.lang) for r in rows] == [
        ("dupont", "-", DeliveryStatus.NO_CHANNEL, "fr"),
        ("martin", "-", DeliveryStatus.NO_CHANNEL, "en"),
    ]
    assert "recette-1.1.0" in rows[0].text  # the message is kept: it can be passed on by hand
    assert notifications.resend(uow, clock, [r.id for r in rows if r.id is not None]) == []
    assert notifications.deliver_pending(uow, FakeNotifier(), clock, POLICY) == notifications.DeliveryReport()
    assert [r.recipient for r in notifications.unreached(uow())] == ["dupont", "martin"]


def test_a_recipient_with_a_channel_is_sent_to_and_one_without_is_named() -> None:
    uow, clock, notifier = FakeNotificationUow(), Clock(), FakeNotifier()
    directory = replace(DIRECTORY, approvers=(*DIRECTORY.approvers, Approver("roux", "Léa Roux")))

    report = notifications.announce_campaign(
        uow, NotificationSettings(directory), TEMPLATES, lambda: notifier, OUTCOME, None, clock
    )

    assert report.no_channel == ("roux",)
    assert len(report.sent) == 3  # dupont twice, the direction's inbox
    assert [r.recipient for r in notifications.unreached(uow())] == ["roux"]

"""The pure rules of notifying: recipients, idempotency keys, backoff, outbox transitions, reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from amoa_workflow.domain import outbox
from amoa_workflow.domain.notifications import (
    Approver,
    Directory,
    Event,
    EventKind,
    Group,
    idempotency_key,
    recipients,
    unreachable,
)
from amoa_workflow.domain.outbox import DeliveryPolicy, DeliveryStatus, Notification
from amoa_workflow.domain.reminders import PendingGate, ReminderPolicy, reminders_due
from amoa_workflow.errors import NotificationAlreadySent

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
DUPONT = Approver("dupont", "Claire Dupont", "Responsable paie", frozenset({"Paie"}), frozenset({"recette"}),
                  ("AMOA_NOTIFY_DUPONT",), "fr")  # fmt: skip
MARTIN = Approver("martin", "Paul Martin", "RH", frozenset({"Absences"}), channels=("AMOA_NOTIFY_MARTIN",))
SPONSOR = Approver("sponsor", "Ada Sponsor", "Direction", channels=("AMOA_NOTIFY_SPONSOR",), lang="en")
SILENT = Approver("silent", "Sans canal", domains=frozenset({"Paie"}))
PAIE = Group("paie", "Équipe paie", frozenset({"Paie"}), members=("silent",), channels=("AMOA_NOTIFY_TEAM",))
DIRECTORY = Directory((DUPONT, MARTIN, SPONSOR, SILENT), (PAIE,), lang="fr")


def event(domains: set[str], checkpoint: str | None = "recette", to: tuple[str, ...] = ()) -> Event:
    return Event(EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", {}, checkpoint, frozenset(domains), to)


def test_an_event_reaches_the_approvers_and_groups_of_its_domains_and_those_of_every_domain() -> None:
    found = recipients(event({"Paie"}), DIRECTORY)

    assert [(r.id, r.lang, r.channels) for r in found] == [
        ("dupont", "fr", ("AMOA_NOTIFY_DUPONT",)),
        ("sponsor", "en", ("AMOA_NOTIFY_SPONSOR",)),  # no domain: every domain
        ("paie", "fr", ("AMOA_NOTIFY_TEAM",)),  # the group's own inbox; its member has no channel
    ]


def test_other_domains_and_other_checkpoints_get_nothing() -> None:
    assert "martin" not in {r.id for r in recipients(event({"Paie"}), DIRECTORY)}
    assert "dupont" not in {r.id for r in recipients(event({"Paie"}, checkpoint="vsr"), DIRECTORY)}
    assert {r.id for r in recipients(event({"Absences"}), DIRECTORY)} == {"martin", "sponsor"}


def test_an_event_without_domains_concerns_every_approver_of_its_checkpoint() -> None:
    assert {r.id for r in recipients(event(set()), DIRECTORY)} == {"dupont", "martin", "sponsor", "paie"}


def test_named_recipients_replace_the_choice_by_domain_and_a_group_brings_its_members() -> None:
    with_member = Directory((DUPONT, MARTIN), (Group("rh", members=("martin",), channels=("TEAM_RH",)),))

    assert [r.id for r in recipients(event({"Paie"}, to=("martin",)), DIRECTORY)] == ["martin"]
    assert [(r.id, r.channels) for r in recipients(event(set(), to=("rh",)), with_member)] == [
        ("rh", ("TEAM_RH",)),
        ("martin", ("AMOA_NOTIFY_MARTIN",)),
    ]


def test_a_channel_shared_by_two_recipients_is_used_once() -> None:
    shared = Directory((DUPONT, Approver("adjoint", "Adjoint", channels=("AMOA_NOTIFY_DUPONT", "OWN"))))

    assert [(r.id, r.channels) for r in recipients(event(set()), shared)] == [
        ("dupont", ("AMOA_NOTIFY_DUPONT",)),
        ("adjoint", ("OWN",)),
    ]


def test_the_idempotency_key_is_the_event_its_subject_and_occurrence_the_recipient_and_channel() -> None:
    first = Event(EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", occurrence="run-1")
    second = Event(EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", occurrence="run-2")

    assert idempotency_key(first, "dupont", "MAIL") == "campaign_finished|recette-1.1.0|run-1|dupont|MAIL"
    assert idempotency_key(first, "dupont", "MAIL") != idempotency_key(second, "dupont", "MAIL")
    assert idempotency_key(first, "dupont", "MAIL") != idempotency_key(first, "dupont", "CHAT")
    long = idempotency_key(Event(EventKind.REMINDER, "x" * 400), "dupont", "MAIL")
    assert len(long) == 256
    assert long != idempotency_key(Event(EventKind.REMINDER, "x" * 399 + "y"), "dupont", "MAIL")


def test_backoff_doubles_up_to_the_longest_wait() -> None:
    policy = DeliveryPolicy(first_retry=timedelta(minutes=1), longest_retry=timedelta(minutes=10))

    assert [outbox.backoff(n, policy).total_seconds() / 60 for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def row(**changes: object) -> Notification:
    base = Notification("k", "campaign_finished", "recette-1.1.0", "dupont", "MAIL", "fr", "Titre", "texte",
                        "<p>texte</p>", T0, next_attempt_at=T0, id=1)  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_failure_is_retried_with_backoff_then_given_up_after_the_last_attempt() -> None:
    policy = DeliveryPolicy(max_attempts=3, first_retry=timedelta(minutes=1))
    attempt = outbox.claimed(row(), T0)
    assert (attempt.status, attempt.attempts, attempt.claimed_at) == (DeliveryStatus.SENDING, 1, T0)

    first = outbox.failed(attempt, "refused", T0, policy)
    assert (first.status, first.next_attempt_at, first.last_error) == (
        DeliveryStatus.FAILED, T0 + timedelta(minutes=1), "refused",
    )  # fmt: skip
    assert not first.is_due(T0 + timedelta(seconds=59))
    assert first.is_due(T0 + timedelta(minutes=1))

    second = outbox.failed(outbox.claimed(first, T0), "refused", T0, policy)
    assert second.next_attempt_at == T0 + timedelta(minutes=2)
    third = outbox.failed(outbox.claimed(second, T0), "refused", T0, policy)
    assert (third.status, third.attempts, third.next_attempt_at) == (DeliveryStatus.DEAD, 3, None)
    assert not third.is_due(T0 + timedelta(days=1))


def test_a_sent_notification_is_never_due_and_cannot_be_resent() -> None:
    sent = outbox.delivered(outbox.claimed(row(), T0), T0)

    assert (sent.status, sent.sent_at, sent.is_due(T0 + timedelta(days=9))) == (
        DeliveryStatus.SENT,
        T0,
        False,
    )
    with pytest.raises(NotificationAlreadySent) as caught:
        outbox.resent(sent, T0)
    assert "déjà envoyée" in caught.value.render("fr")
    with pytest.raises(NotificationAlreadySent):
        outbox.resent(outbox.claimed(row(), T0), T0)  # being sent


def test_a_given_up_notification_can_be_resent_by_a_person() -> None:
    dead = row(status=DeliveryStatus.DEAD, attempts=8, next_attempt_at=None, last_error="refused")

    again = outbox.resent(dead, T0 + timedelta(hours=1))

    assert (again.status, again.next_attempt_at) == (DeliveryStatus.PENDING, T0 + timedelta(hours=1))


def test_a_send_that_never_reported_back_is_given_up_not_resent() -> None:
    policy = DeliveryPolicy(sending_timeout=timedelta(minutes=15))
    sending = outbox.claimed(row(), T0)

    assert not outbox.is_stale(sending, T0 + timedelta(minutes=14), policy)
    assert outbox.is_stale(sending, T0 + timedelta(minutes=15), policy)
    stopped = outbox.interrupted(sending)
    assert (stopped.status, stopped.last_error) == (DeliveryStatus.DEAD, outbox.INTERRUPTED)


def test_an_unanswered_send_is_unknown_never_due_again_until_a_person_resends_it() -> None:
    unknown = outbox.unconfirmed(outbox.claimed(row(), T0), "no answer")

    assert (unknown.status, unknown.is_due(T0 + timedelta(days=30))) == (DeliveryStatus.UNKNOWN, False)
    assert outbox.resent(unknown, T0).status is DeliveryStatus.PENDING


GATE = PendingGate(12, "1.1.0", "recette", T0, decided=frozenset({"sponsor"}))
REMIND = ReminderPolicy(timedelta(hours=48), timedelta(hours=24), timedelta(hours=96), ("paie",))


def test_no_reminder_before_the_delay_then_one_per_period_to_those_who_have_not_decided() -> None:
    assert list(reminders_due([GATE], DIRECTORY, REMIND, T0 + timedelta(hours=47))) == []

    first = list(reminders_due([GATE], DIRECTORY, REMIND, T0 + timedelta(hours=48)))
    again = list(reminders_due([GATE], DIRECTORY, REMIND, T0 + timedelta(hours=71)))
    later = list(reminders_due([GATE], DIRECTORY, REMIND, T0 + timedelta(hours=72)))

    assert [(e.kind, e.subject, e.occurrence, e.to) for e in first] == [
        (EventKind.REMINDER, "gate-12", "reminder-1", ("dupont", "martin", "silent"))  # sponsor decided
    ]
    assert [e.occurrence for e in again] == ["reminder-1"]  # same period: the same reminder
    assert [e.occurrence for e in later] == ["reminder-2"]
    assert first[0].facts["waiting_for"] == ["Claire Dupont", "Paul Martin", "Sans canal"]


def test_escalation_goes_once_to_its_recipients_after_its_delay() -> None:
    events = list(reminders_due([GATE], DIRECTORY, REMIND, T0 + timedelta(hours=100)))

    assert [(e.occurrence, e.to, e.facts["escalation"]) for e in events] == [
        ("reminder-3", ("dupont", "martin", "silent"), False),
        ("escalation", ("paie",), True),
    ]


def test_a_gate_everyone_decided_on_needs_no_reminder() -> None:
    done = PendingGate(13, "1.1.0", "recette", T0, frozenset({"dupont", "martin", "sponsor", "silent"}))

    assert list(reminders_due([done], DIRECTORY, REMIND, T0 + timedelta(days=30))) == []


def test_a_gate_timing_out_before_the_first_reminder_escalates_at_its_timeout() -> None:
    """remind_after 48 h, the gate's own timeout 24 h: the escalation does not wait for 48 h, and
    the first reminder comes half-way to the deadline."""
    short = PendingGate(14, "1.1.0", "recette", T0, timeout=timedelta(hours=24), escalate_to=("paie",))
    policy = ReminderPolicy(remind_after=timedelta(hours=48), remind_every=timedelta(hours=24))

    early = list(reminders_due([short], DIRECTORY, policy, T0 + timedelta(hours=11)))
    half_way = list(reminders_due([short], DIRECTORY, policy, T0 + timedelta(hours=12)))
    at_timeout = list(reminders_due([short], DIRECTORY, policy, T0 + timedelta(hours=24)))

    assert early == []
    assert [e.occurrence for e in half_way] == ["reminder-1"]
    assert [(e.occurrence, e.to) for e in at_timeout if e.facts["escalation"]] == [("escalation", ("paie",))]


def test_the_people_an_event_is_for_whom_no_channel_reaches_are_named() -> None:
    alone = Approver("alone", "Sans canal ni groupe", domains=frozenset({"Paie"}))
    tester = Approver("leroy", "Sophie Leroy")
    directory = replace(DIRECTORY, approvers=(*DIRECTORY.approvers, alone), testers=(tester,))

    assert [a.id for a in unreachable(event({"Paie"}), directory)] == ["alone"]  # silent: the team's inbox
    assert [a.id for a in unreachable(event(set(), to=("leroy", "dupont")), directory)] == ["leroy"]
    assert unreachable(event({"Absences"}), DIRECTORY) == []


def test_a_person_is_reached_by_a_channel_of_their_own_or_of_a_group_of_theirs() -> None:
    directory = Directory(
        approvers=(Approver("dupont", "D", channels=("AMOA_NOTIFY_DUPONT",)), Approver("martin", "M"),
                   Approver("leroy", "L")),
        groups=(Group("paie", members=("martin",), channels=("AMOA_NOTIFY_PAIE",)),
                Group("rh", members=("leroy",))),
    )  # fmt: skip

    reached = [p for p in ("dupont", "martin", "leroy", "inconnu") if directory.reaches(p)]
    assert reached == ["dupont", "martin"]

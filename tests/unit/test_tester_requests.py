"""Testers' requests and reminders (pure): one request each with their link, reminders half-way to
the deadline or at remind_after, numbered by period, none past the deadline or once done; testers
are reached only by the events named to them, never as approvers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from amoa_workflow.domain.manual_invitations import (
    ManualOpening,
    Workload,
    invitations,
    manual_reminders_due,
)
from amoa_workflow.domain.notifications import Approver, Directory, Event, EventKind, recipients
from amoa_workflow.domain.reminders import ReminderPolicy

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OPENING = ManualOpening("recette-1.1.0", "1.1.0", "recette", OPENED, OPENED + timedelta(hours=72))
LOADS = (Workload("leroy", 2), Workload("benali", 0))
LINKS = {"leroy": "https://recette.example/l/abc.unsigned"}
POLICY = ReminderPolicy(remind_after=timedelta(hours=48), remind_every=timedelta(hours=12))


def test_each_tester_with_scenarios_to_execute_gets_one_request_with_their_link() -> None:
    [event] = invitations(OPENING, LOADS, LINKS)

    assert (event.kind, event.to, event.occurrence) == (EventKind.MANUAL_REQUESTED, ("leroy",), "opened")
    assert event.facts["execution_link"] == LINKS["leroy"] and event.facts["scenarios"] == 2
    assert event.facts["deadline"] == "2026-03-05 09:00 UTC"


def test_reminders_come_half_way_to_the_deadline_then_each_period_and_stop_at_it() -> None:
    def due(hours: float) -> list[str]:
        return [
            e.occurrence
            for e in manual_reminders_due(OPENING, LOADS, LINKS, POLICY, OPENED + timedelta(hours=hours))
        ]

    assert due(35) == []
    assert due(36) == ["reminder-1"] and due(47) == ["reminder-1"]
    assert due(48) == ["reminder-2"] and due(71) == ["reminder-3"]
    assert due(72) == []  # the deadline: the checkpoint judges what was recorded
    assert (
        list(
            manual_reminders_due(
                OPENING, (Workload("leroy", 0),), LINKS, POLICY, OPENED + timedelta(hours=40)
            )
        )
        == []
    )


def test_a_tester_is_reached_only_by_the_events_named_to_them() -> None:
    directory = Directory(
        approvers=(Approver("dupont", "Claire Dupont", channels=("AMOA_NOTIFY_DUPONT",)),),
        testers=(Approver("leroy", "Sophie Leroy", channels=("AMOA_NOTIFY_LEROY",)),),
    )
    [request] = invitations(OPENING, LOADS, LINKS)
    for_approvers = Event(EventKind.CAMPAIGN_FINISHED, "recette-1.1.0", checkpoint="recette")

    assert [r.id for r in recipients(request, directory)] == ["leroy"]
    assert [r.id for r in recipients(for_approvers, directory)] == ["dupont"]
    assert not Directory(testers=directory.testers).is_empty

"""One round of reminders (:func:`amoa_workflow.notify.reminders.remind`), the one that both
``amoa notifications --remind`` and the reminders flow run: testers are reminded through the
announcer (their message carries the audit head, as every announcement does), the runs waiting for
a manual part whose deadline has passed are woken, and the round says what it did in one summary.
Real outbox, apprise to an HTTP receiver; the Prefect server is replaced by a waker that records
whom it was asked to wake (the server path is in test_prefect_server_gate.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.gates import audit_trail
from amoa_workflow.notify import reminders
from amoa_workflow.waiting_runs import MANUAL_PART, PrefectWaker, WaitingRun
from flows import reminders as flow
from tests.integration.test_manual_invitations import OPENED, messages, open_at
from tests.receivers import HttpReceiver


class RecordingWaker(PrefectWaker):
    """A waker with a server configured, whose server has one run waiting at every gate asked."""

    def __init__(self) -> None:
        super().__init__({"PREFECT_API_URL": "http://127.0.0.1:9/api"})
        self.asked: list[tuple[str, str]] = []

    def wake_all(self, release: str, gate: str) -> list[WaitingRun]:
        self.asked.append((release, gate))
        return [WaitingRun(f"id-{gate}", f"run-{release}-{gate}", suspended=True)]

    def paused(self) -> list[tuple[tuple[str, str], WaitingRun]]:
        return []


@pytest.fixture
def app(testers_app: Application) -> Application:
    return testers_app


def at(app: Application, now: datetime, waker: PrefectWaker) -> reminders.Reminding:
    return replace(app.reminding(), clock=lambda: now, waker=waker)


def test_a_round_reminds_testers_through_the_announcer_and_sums_up_once(
    app: Application, mailbox: HttpReceiver
) -> None:
    open_at(app, OPENED)
    waker = RecordingWaker()

    done = reminders.remind(at(app, OPENED + timedelta(hours=37), waker))

    assert len(done.tester_reminders) == 2 and done.gate_reminders == ()
    assert done.reminders == 2  # one figure for approvers' and testers' reminders alike
    head = audit_trail.head(app.uow())
    [reminder] = [m for m in messages(mailbox) if m.startswith("Rappel")]  # benali has no channel
    assert head and f"Tête du journal d'audit : {head}" in reminder  # announced, not only queued
    assert waker.asked == []  # no manual part has closed, no gate changed


def test_a_round_wakes_the_runs_waiting_for_a_manual_part_whose_deadline_has_passed(
    app: Application, mailbox: HttpReceiver
) -> None:
    open_at(app, OPENED)  # deadline OPENED + 72 h
    before, after, long_after = RecordingWaker(), RecordingWaker(), RecordingWaker()

    reminders.remind(at(app, OPENED + timedelta(hours=71), before))
    done = reminders.remind(at(app, OPENED + timedelta(hours=73), after))
    reminders.remind(at(app, OPENED + timedelta(hours=72 + 25), long_after))

    assert before.asked == [] and long_after.asked == []
    assert after.asked == [("1.1.0", MANUAL_PART)]
    assert [run.name for run in done.manual_woken] == ["run-1.1.0-manual"]
    assert done.tester_reminders == ()  # past the deadline: no reminder


def test_the_reminders_flow_runs_the_same_round(app: Application, mailbox: HttpReceiver) -> None:
    open_at(app, services.utc_now() - timedelta(hours=37))

    done = flow.remind.fn(app)  # the flow's one task, without Prefect

    assert isinstance(done, reminders.ReminderRound) and done.reminders == 2
    assert len([m for m in messages(mailbox) if m.startswith("Rappel")]) == 1

"""Testers are sent their personal link when a campaign opens its manual part, through the real
outbox and apprise to an HTTP receiver, and reminded before the deadline (SQLite, and PostgreSQL
in CI); the outbox keeps sealed links only, the message carries a link that opens the tester's page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from amoa_workflow.bootstrap import Application
from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict
from amoa_workflow.domain.reminders import ReminderPolicy
from amoa_workflow.manual import invitations
from amoa_workflow.manual.campaign import record_executions
from amoa_workflow.settings.testers import load_testers
from amoa_workflow.signatures.links import EXECUTE, LinkSigner
from amoa_workflow.store.tables import audit_log, notifications
from tests.integration.conftest import TESTERS_SECRET
from tests.integration.test_manual_web import RESULTS
from tests.receivers import HttpReceiver

SECRET = TESTERS_SECRET
KEY = "recette-1.1.0"
OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = ReminderPolicy(remind_after=timedelta(hours=48), remind_every=timedelta(hours=24))


@pytest.fixture
def app(testers_app: Application) -> Application:
    return testers_app


def open_at(app: Application, now: datetime) -> invitations.ManualOpening | None:
    return invitations.open_manual_part(
        app.uow(), KEY, "recette", load_testers(app.settings.project_dir), app.settings.manual_tags,
        timedelta(hours=72), lambda: now, app.tester_links(), app.announcer(app.notifications()),
    )  # fmt: skip


def remind_at(app: Application, now: datetime) -> list[object]:
    return list(invitations.remind_testers(
        app.uow(), load_testers(app.settings.project_dir), app.settings.manual_tags, POLICY, lambda: now,
        app.tester_links(), app.announcer(app.notifications()),
    ))  # fmt: skip


def messages(mailbox: HttpReceiver) -> list[str]:
    return [str(r.body["title"]) + "\n" + str(r.body["message"]) for r in mailbox.requests]


def test_opening_the_manual_part_sends_each_tester_a_link_that_opens_their_page_once(
    app: Application, mailbox: HttpReceiver
) -> None:
    opening = open_at(app, OPENED)
    again = open_at(app, OPENED + timedelta(hours=1))

    assert opening is not None and again == opening
    assert opening.deadline == OPENED + timedelta(hours=72)
    [message] = messages(mailbox)  # sent once; benali has no channel
    assert "Tests utilisateurs à exécuter : recette 1.1.0" in message
    assert "2 scénario(s) de la campagne recette-1.1.0" in message and "2026-03-05 09:00 UTC" in message
    link = re.search(r"https://recette\.example/l/([A-Za-z0-9_.\-]+)", message)
    assert link, message
    claims = LinkSigner(SECRET.encode()).verify(link.group(1), OPENED + timedelta(hours=2), EXECUTE)
    assert (claims.approver, claims.gate, claims.release) == ("leroy", KEY, "1.1.0")
    assert claims.expires == OPENED + timedelta(hours=72 + 24)
    with app.engine.connect() as connection:
        stored = connection.execute(select(notifications.c.body)).scalars().all()
        opened = connection.execute(select(audit_log.c.details).where(audit_log.c.action == "manual.opened"))
        [details] = opened.scalars().all()
    assert all(".unsigned" in text and link.group(1) not in text for text in stored)  # sealed at rest
    assert details["testers"] == {"leroy": 2, "benali": 1}


def test_testers_are_reminded_before_the_deadline_while_scenarios_remain(
    app: Application, mailbox: HttpReceiver
) -> None:
    open_at(app, OPENED)
    early = remind_at(app, OPENED + timedelta(hours=20))
    first = remind_at(app, OPENED + timedelta(hours=37))  # half-way to the 72 h deadline
    twice = remind_at(app, OPENED + timedelta(hours=38))
    steps = (StepOutcome(0, StepVerdict.PASSED), StepOutcome(1, StepVerdict.PASSED),
             StepOutcome(2, StepVerdict.PASSED))  # fmt: skip
    done = [ManualExecution(r.key, "leroy", steps[: len(r.steps)], OPENED, "web") for r in RESULTS[:2]]
    record_executions(app.uow(), KEY, done, "leroy")
    second = remind_at(app, OPENED + timedelta(hours=62))
    late = remind_at(app, OPENED + timedelta(hours=73))

    assert early == [] and late == []
    assert len(first) == 2 and len(twice) == 2  # queued again, sent once (the outbox's key)
    assert [e.to for e in second] == [("benali",)]  # type: ignore[attr-defined]
    reminders = [m for m in messages(mailbox) if m.startswith("Rappel")]
    assert len(reminders) == 1 and "Rappel n°1" in reminders[0] and "/l/" in reminders[0]
    testers, tags = load_testers(app.settings.project_dir), app.settings.manual_tags
    assert invitations.awaited(app.uow(), KEY, testers, tags, OPENED + timedelta(hours=62)) == 10 * 3600

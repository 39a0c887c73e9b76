"""A receiver that answers after the timeout may still have received the message: never sent twice.

A webhook (json://) gets the same ``Idempotency-Key`` header on every attempt of one notification,
so a retry after a timeout is recognisable; a channel that has no such key (e-mail, chats) is not
retried after a timeout: its notification is ``unknown`` until a person resends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from amoa_workflow.domain.outbox import DeliveryStatus
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.notify.notifier import AppriseNotifier
from amoa_workflow.settings.approvers import load_notification_settings
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.integration.test_notifying_approvers import OUTCOME
from tests.notification_fakes import Clock
from tests.receivers import HttpReceiver, SmtpReceiver


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'amoa.db'}")
    yield engine
    engine.dispose()


def _send_twice(tmp_path: Path, engine: Engine, url: str) -> list[DeliveryStatus]:
    """Queue one notification for ``url``, deliver, wait past any retry delay, deliver again."""
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "approvers.toml").write_text(
        '[[approvers]]\nid = "dupont"\nname = "Claire Dupont"\nurls_from = ["CHANNEL"]\n', encoding="utf-8"
    )
    settings = load_notification_settings(tmp_path, "fr", {"CHANNEL": url})
    uow, clock, notifier = (lambda: SqlUnitOfWork(engine)), Clock(), AppriseNotifier(settings.channels.urls)
    notifications.notify(uow(), [notifications.campaign_finished(OUTCOME, None, settings)],
                         settings.directory, MessageTemplates("Paie"), clock)  # fmt: skip
    statuses = []
    for _ in range(2):
        notifications.deliver_pending(uow, notifier, clock, settings.delivery)
        with SqlUnitOfWork(engine) as unit:
            [row] = unit.outbox.with_status(list(DeliveryStatus))
        statuses.append(row.status)
        clock.advance(hours=2)
    return statuses


def test_a_slow_webhook_gets_one_idempotency_key_for_every_attempt(tmp_path: Path, engine: Engine) -> None:
    http = HttpReceiver(delay=2.5).start()
    try:
        statuses = _send_twice(tmp_path, engine, http.url("/recette") + "?rto=1")
    finally:
        http.stop()

    assert statuses == [DeliveryStatus.FAILED, DeliveryStatus.FAILED]  # timed out twice: retried, keyed
    keys = {r.headers.get("Idempotency-Key") for r in http.requests}
    assert len(http.requests) == 2 and len(keys) == 1 and None not in keys


def test_a_slow_mail_server_is_not_sent_the_mail_twice(tmp_path: Path, engine: Engine) -> None:
    smtp = SmtpReceiver(delay=3).start()
    try:
        statuses = _send_twice(tmp_path, engine, smtp.url("dupont@example.org") + "&cto=1")
    finally:
        smtp.stop()

    assert statuses == [DeliveryStatus.UNKNOWN, DeliveryStatus.UNKNOWN]  # a person decides: --resend
    assert len(smtp.messages) == 1

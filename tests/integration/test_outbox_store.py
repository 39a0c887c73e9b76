"""The notification outbox and pending gates in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from amoa_workflow.domain import outbox
from amoa_workflow.domain.model import Release
from amoa_workflow.domain.outbox import DeliveryPolicy, DeliveryStatus, Notification
from amoa_workflow.domain.reminders import PendingGate
from amoa_workflow.store import tables
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
ROW = Notification(
    key="campaign_finished|recette-1.1.0|run-1|dupont|MAIL", event="campaign_finished",
    subject="recette-1.1.0", recipient="dupont", target="MAIL", lang="fr", title="Recette 1.1.0 terminée",
    text="Bonjour Claire,", html="<p>Bonjour Claire,</p>", created_at=T0, next_attempt_at=T0,
    attachment="/data/reports/1.1.0/recette-1.1.0.html",
)  # fmt: skip


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


def test_a_notification_comes_back_as_written_and_its_key_is_stored_once(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        new_id = uow.outbox.add(ROW)
        again = uow.outbox.add(replace(ROW, title="autre"))
        uow.commit()

    with SqlUnitOfWork(engine) as uow:
        assert again is None
        assert new_id is not None
        assert uow.outbox.get(new_id) == replace(ROW, id=new_id)
        assert uow.outbox.with_status([DeliveryStatus.PENDING]) == [replace(ROW, id=new_id)]


def test_only_waiting_rows_whose_time_has_come_are_due(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        now_id = uow.outbox.add(ROW)
        later_id = uow.outbox.add(replace(ROW, key="later", next_attempt_at=T0 + timedelta(minutes=5)))
        uow.outbox.add(replace(ROW, key="sent", status=DeliveryStatus.SENT, sent_at=T0))
        uow.outbox.add(replace(ROW, key="dead", status=DeliveryStatus.DEAD))
        uow.commit()

    with SqlUnitOfWork(engine) as uow:
        assert [r.id for r in uow.outbox.due(T0)] == [now_id]
        assert [r.id for r in uow.outbox.due(T0 + timedelta(minutes=5))] == [now_id, later_id]


def test_a_claim_is_a_compare_and_set_only_one_deliverer_wins(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        row_id = uow.outbox.add(ROW)
        uow.commit()
    with SqlUnitOfWork(engine) as first, SqlUnitOfWork(engine) as second:
        seen_by_first = first.outbox.due(T0)[0]
        seen_by_second = second.outbox.due(T0)[0]
        assert first.outbox.swap(seen_by_first, outbox.claimed(seen_by_first, T0))
        first.commit()
        assert not second.outbox.swap(seen_by_second, outbox.claimed(seen_by_second, T0))
        second.commit()

    with SqlUnitOfWork(engine) as uow:
        stored = uow.outbox.get(row_id or 0)
        assert stored is not None
        assert (stored.status, stored.attempts, stored.claimed_at) == (DeliveryStatus.SENDING, 1, T0)
        failed = outbox.failed(stored, "refused", T0, DeliveryPolicy())
        assert uow.outbox.swap(stored, failed)
        assert not uow.outbox.swap(stored, outbox.delivered(stored, T0))  # stale view: no effect
        uow.commit()
        assert uow.outbox.get(row_id or 0) == failed


def test_pending_gates_come_with_who_already_decided(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.releases.save(Release("1.1.0", None, ()), "sha")
        uow.commit()
    with engine.begin() as connection:
        release_id = connection.execute(select(tables.releases.c.id)).scalar_one()
        for gate_id, name, status in ((1, "recette", "pending"), (2, "vsr", "closed")):
            connection.execute(insert(tables.gates).values(id=gate_id, release_id=release_id, name=name,
                                                           status=status, opened_at=T0))  # fmt: skip
        connection.execute(insert(tables.decisions).values(gate_id=1, approver="dupont", sequence=1,
                                                           decision="go", decided_at=T0))  # fmt: skip

    with SqlUnitOfWork(engine) as uow:
        assert uow.gates.pending() == [PendingGate(1, "1.1.0", "recette", T0, frozenset({"dupont"}))]

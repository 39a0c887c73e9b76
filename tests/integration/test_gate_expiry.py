"""A gate past its deadline is closed ``expired`` once, announced (which wakes its flow run), and
refuses decisions after; a refused run input is audited once however often it is read again.
On SQLite and, when a URL is given, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.domain.gates import GateDefinition, GateState, timed_out
from amoa_workflow.domain.model import Release
from amoa_workflow.domain.notifications import Event
from amoa_workflow.domain.quorum import Outcome, QuorumRule
from amoa_workflow.errors import DecisionRefused
from amoa_workflow.gates import approvals, expiry, refusals
from amoa_workflow.store import tables
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.signing import KeyRing

KEYS = KeyRing()
VABF = GateDefinition(
    "vabf", "VABF", "recette", (KEYS.approver("dupont"), KEYS.approver("martin")), QuorumRule(),
    timeout=timedelta(hours=24),
)  # fmt: skip


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    services.ingest_notes(SqlUnitOfWork(engine), Release("1.1.0", None, ()), "sha", set())
    yield engine
    engine.dispose()


def actions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [
            r.action for r in connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id))
        ]


def test_a_gate_past_its_deadline_expires_once_and_refuses_decisions_after(engine: Engine) -> None:
    announced: list[Event] = []
    opened = approvals.open_gates(SqlUnitOfWork(engine), [VABF], "recette", "1.1.0", (), "go",
                                  services.utc_now, announced.extend, "test")  # fmt: skip
    deadline = opened[0].gate.opened_at + timedelta(hours=24)

    def at(moment: timedelta) -> list[GateState]:
        return expiry.expire_due(SqlUnitOfWork(engine), [VABF], lambda: deadline + moment,
                                 announced.extend, "amoa-workflow")  # fmt: skip

    assert at(-timedelta(minutes=1)) == []  # not yet
    expired = at(timedelta(seconds=1))
    assert [(s.gate.name, s.gate.outcome) for s in expired] == [("vabf", Outcome.EXPIRED)]
    assert at(timedelta(hours=1)) == []  # once
    assert [e.kind.value for e in announced] == ["approval_requested", "gate_closed"]
    assert announced[-1].facts == {
        "release": "1.1.0",
        "checkpoint": "VABF",
        "gate": "vabf",
        "outcome": "expired",
    }
    assert actions(engine)[-2:] == ["gate.opened", "gate.expired"]
    with pytest.raises(DecisionRefused, match="the gate is closed: expired"):
        KEYS.decide(lambda: SqlUnitOfWork(engine), [VABF], "1.1.0", "vabf", "dupont",
                    DecisionKind.APPROVE, "ok", (), announced.extend)  # fmt: skip


def test_a_gate_configured_to_be_rejected_at_its_deadline_is_closed_rejected_and_says_why(
    engine: Engine,
) -> None:
    strict = replace(VABF, on_timeout=Outcome.REJECTED)
    announced: list[Event] = []
    opened = approvals.open_gates(SqlUnitOfWork(engine), [strict], "recette", "1.1.0", (), "go",
                                  services.utc_now, announced.extend, "test")  # fmt: skip
    later = opened[0].gate.opened_at + timedelta(hours=25)

    [closed] = expiry.expire_due(SqlUnitOfWork(engine), [strict], lambda: later, announced.extend, "x")

    assert (closed.gate.outcome, closed.decisions, timed_out(closed)) == (Outcome.REJECTED, (), True)
    assert announced[-1].facts["outcome"] == "rejected"
    with engine.connect() as connection:
        entry = connection.execute(
            select(tables.audit_log).where(tables.audit_log.c.action == "gate.expired")
        ).one()
    assert entry.details["outcome"] == "rejected"
    with pytest.raises(DecisionRefused, match="the gate is closed: rejected"):
        KEYS.decide(lambda: SqlUnitOfWork(engine), [strict], "1.1.0", "vabf", "dupont",
                    DecisionKind.APPROVE, "ok", (), announced.extend)  # fmt: skip


def test_a_gate_without_timeout_never_expires(engine: Engine) -> None:
    endless = replace(VABF, timeout=None)
    opened = approvals.open_gates(SqlUnitOfWork(engine), [endless], "recette", "1.1.0", (), "go",
                                  services.utc_now, lambda events: None, "test")  # fmt: skip
    later = opened[0].gate.opened_at + timedelta(days=365)
    assert expiry.expire_due(SqlUnitOfWork(engine), [endless], lambda: later, lambda e: None, "x") == []


def test_a_refused_input_is_audited_once_however_often_it_is_read(engine: Engine) -> None:
    approvals.open_gates(SqlUnitOfWork(engine), [VABF], "recette", "1.1.0", (), "go",
                         services.utc_now, lambda events: None, "test")  # fmt: skip
    source = "prefect:0b0e:vabf-r1-1"
    recorded = [
        refusals.record_refusal(SqlUnitOfWork(engine), "1.1.0", "vabf", source, "martin", "no proof")
        for _ in range(3)
    ]
    assert recorded == [True, False, False]
    assert actions(engine).count("gate.input_refused") == 1

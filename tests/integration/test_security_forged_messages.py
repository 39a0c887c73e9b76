"""What approvers are told goes by the decisions that verify: the "gate closed" message lists their
reservations only (a decision row forged in the database, here a reservation in dupont's name
inserted by SQL before their genuine approval, is named as not verified, never listed as a
reservation); the reminders spare only who has a verified decision; a new failure voids, and tells
of, only signatures that verify. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain.decisions import DecisionKind
from amoa_workflow.domain.notifications import EventKind
from amoa_workflow.store import tables
from tests.integration.test_security_forged_decisions import (
    decision_id,
    forged_approval_by_insert,
    run_sql,
)
from tests.security_sample import Sample

A = DecisionKind.APPROVE
INVENTED = {"gap": "reservation:réserve inventée par SQL", "owner": "Personne", "due": "2099-01-01"}


def test_gate_closed_names_a_forged_reservation_not_verified_and_does_not_list_it(sample: Sample) -> None:
    with sample.engine().connect() as connection:
        gate_id = connection.execute(select(tables.gates.c.id)).scalar_one()
    run_sql(
        sample.engine(),
        insert(tables.decisions).values(
            gate_id=gate_id, approver="dupont", sequence=1, decision="approve_with_reservations",
            comment="sous réserve", round=1, reservations=[INVENTED], decided_at=utc_now(),
        ),
    )  # fmt: skip
    forged = decision_id(sample.engine(), "dupont")
    told: list[Any] = []

    sample.decide("dupont", A, comment="conforme", notify=told.extend)
    recorded = sample.decide("martin", A, comment="ok", notify=told.extend)

    assert recorded.closed and recorded.state.check is not None
    assert forged in dict(recorded.state.check.doubts)
    [closed] = [e for e in told if e.kind is EventKind.GATE_CLOSED]
    assert "reservations" not in closed.facts and closed.facts["not_verified"] == ["Claire Dupont"]
    for lang, heading in (("fr", "Décisions non vérifiées"), ("en", "Decisions not verified")):
        message = sample.app.messages.render(closed, lang, "Paul Martin")
        assert "inventée" not in message.text + message.html and "Personne" not in message.text
        assert heading in message.text and "Claire Dupont" in message.text.split(heading, 1)[1]


def test_gate_closed_still_lists_the_reservations_of_genuine_decisions(sample: Sample) -> None:
    from datetime import date, timedelta

    from amoa_workflow.domain.decisions import FREE_TEXT, Reservation

    told: list[Any] = []
    kept = Reservation(FREE_TEXT + "libellé de la fiche de paie", "MOE", date.today() + timedelta(30))
    sample.decide("dupont", DecisionKind.APPROVE_WITH_RESERVATIONS, comment="sous réserve",
                  reservations=[kept], notify=told.extend)  # fmt: skip
    sample.decide("martin", A, comment="ok", notify=told.extend)

    [closed] = [e for e in told if e.kind is EventKind.GATE_CLOSED]
    assert closed.facts["reservations"] == [f"{kept.gap} (MOE, {kept.due.isoformat()})"]
    assert "not_verified" not in closed.facts


def test_an_approver_whose_approval_was_forged_is_still_reminded(sample: Sample) -> None:
    from dataclasses import replace
    from datetime import timedelta

    from amoa_workflow.notify import reminders

    forged_approval_by_insert(sample)  # dupont has not decided
    later = utc_now() + timedelta(days=5)

    reminders.remind(replace(sample.app.reminding(), clock=lambda: later))

    with sample.engine().connect() as connection:
        reminded = connection.execute(
            select(tables.notifications.c.recipient).where(tables.notifications.c.event == "reminder")
        ).scalars()
        assert sorted(set(reminded)) == ["dupont", "martin"]  # the forged approval decided nothing


def test_a_new_failure_voids_only_the_signatures_that_verify(sample: Sample) -> None:
    import json
    from dataclasses import replace

    from amoa_workflow.domain.model import Gap, GapType, Severity
    from tests.large_recette import outcome

    forged_approval_by_insert(sample)
    sample.decide("martin", A, comment="ok")  # the forged approval does not count: still pending
    regression = Gap("regression:EXG-001", GapType.REGRESSION, Severity.BLOCKING, "EXG-001")

    [state] = sample.app.check_signatures(replace(outcome(1), gaps=(regression,)))  # as amoa run does

    assert state.gate.round == 2
    with sample.engine().connect() as connection:
        told = connection.execute(
            select(tables.notifications.c.recipient).where(tables.notifications.c.event == "signature_voided")
        ).scalars()
        assert sorted(set(told)) == ["martin"]  # dupont signed nothing
        details = connection.execute(
            select(tables.audit_log.c.details).where(tables.audit_log.c.action == "gate.reopened")
        ).scalar_one()
    assert (json.loads(details) if isinstance(details, str) else details)["voided"] == ["martin"]

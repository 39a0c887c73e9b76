"""A decision forged in the database is never shown as genuine: the PV and ``amoa gates`` check each
decision they show against its audit entry and its proof (signature, or the link recorded), and a
gate's outcome against the decisions that verify. A forged one is marked not verified, the gate's
outcome not established, the command says which decision (exit 1); on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain.decisions import FREE_TEXT, DecisionKind, Reservation
from amoa_workflow.domain.gates import GateStatus
from amoa_workflow.domain.notifications import EventKind
from amoa_workflow.domain.proofs import Proof, ProofKind
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.gates import decisions
from amoa_workflow.reporting import flow_summary
from amoa_workflow.signatures.proofs import ProofChecker
from amoa_workflow.store import tables
from tests.security_sample import Sample
from tests.web_project import signer, token

A, R = DecisionKind.APPROVE, DecisionKind.REJECT


def by_link(sample: Sample, who: str, kind: DecisionKind, comment: str) -> None:
    """A decision made on the web page: proved by the approver's own link."""
    request = decisions.DecisionRequest(
        "1.1.0", "vabf", who, kind, comment, proof=Proof(ProofKind.LINK, token(who))
    )
    decisions.decide(
        sample.app.uow(), sample.app.gates(), request, sample.app.current_pv("1.1.0"),
        ProofChecker(signer()), utc_now, lambda events: None,
    )  # fmt: skip


def by_key(sample: Sample, who: str, kind: DecisionKind, comment: str) -> None:
    sample.decide(who, kind, comment=comment)


def run_sql(engine: Engine, *statements: Any) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(statement)


def decision_id(engine: Engine, approver: str) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                select(tables.decisions.c.id).where(tables.decisions.c.approver == approver)
            ).scalar_one()
        )


def pv(sample: Sample) -> tuple[Any, str]:
    done = sample.amoa("report", "--release", "1.1.0", "--format", "md")
    markdown = next((sample.folder / "data" / "reports" / "1.1.0").glob("*.md")).read_text(encoding="utf-8")
    return done, markdown


@pytest.mark.parametrize("decided", [by_key, by_link], ids=["signed", "link"])
def test_a_reject_turned_into_an_approval_by_sql_is_shown_not_verified_and_approves_nothing(
    sample: Sample, decided: Any
) -> None:
    decided(sample, "dupont", R, "non conforme")
    shown = sample.amoa("gates", "--release", "1.1.0")
    assert shown.returncode == 0 and "REJECTED" in shown.stdout and "not verified" not in shown.stdout
    done, markdown = pv(sample)
    assert done.returncode == 0 and "**VABF: REJECTED**" in markdown and "not verified" not in markdown

    forged = decision_id(sample.engine(), "dupont")
    run_sql(
        sample.engine(),
        update(tables.decisions)
        .where(tables.decisions.c.id == forged)
        .values(decision="approve", comment="Conforme"),
        update(tables.gates).values(outcome="approved"),
    )

    shown = sample.amoa("gates", "--release", "1.1.0")
    assert shown.returncode == 1, shown.stdout + shown.stderr
    assert "APPROVED" not in shown.stdout and "NOT ESTABLISHED" in shown.stdout
    assert "not verified" in shown.stdout
    assert f"decision {forged} (dupont" in shown.stderr and "amoa audit verify" in shown.stderr

    listed = sample.amoa("gates", "--release", "1.1.0", "--format", "json")
    [gate] = json.loads(listed.stdout)["gates"]
    assert listed.returncode == 1 and gate["established"] is False
    assert [(d["approver"], d["verified"]) for d in gate["decisions"]] == [("dupont", False)]

    done, markdown = pv(sample)
    assert done.returncode == 1 and f"decision {forged} (dupont" in done.stderr
    assert "APPROVED" not in markdown and "**VABF: NOT ESTABLISHED" in markdown
    assert "not verified" in markdown


def test_an_approval_inserted_by_sql_and_an_outcome_set_by_sql_establish_nothing(sample: Sample) -> None:
    sample.decide("dupont", A, comment="conforme")
    with sample.engine().connect() as connection:
        gate_id = connection.execute(select(tables.gates.c.id)).scalar_one()
    run_sql(
        sample.engine(),
        insert(tables.decisions).values(
            gate_id=gate_id,
            approver="martin",
            sequence=1,
            decision="approve",
            comment="ok",
            round=1,
            reservations=[],
            decided_at=utc_now(),
        ),
        update(tables.gates).values(status="closed", outcome="approved"),
    )
    shown = sample.amoa("gates", "--release", "1.1.0")
    assert shown.returncode == 1 and "NOT ESTABLISHED" in shown.stdout
    inserted = decision_id(sample.engine(), "martin")
    assert f"decision {inserted} (martin" in shown.stderr and "dupont" not in shown.stderr
    done, markdown = pv(sample)
    assert done.returncode == 1 and "APPROVED" not in markdown


def test_an_outcome_alone_set_by_sql_is_not_established(sample: Sample) -> None:
    sample.decide("dupont", A, comment="conforme")  # martin has not decided: the gate waits
    run_sql(sample.engine(), update(tables.gates).values(status="closed", outcome="approved"))
    shown = sample.amoa("gates", "--release", "1.1.0")
    assert shown.returncode == 1 and "NOT ESTABLISHED" in shown.stdout and "not verified" not in shown.stdout
    assert "vabf" in shown.stderr and "amoa audit verify" in shown.stderr
    done, markdown = pv(sample)
    assert done.returncode == 1 and "APPROVED" not in markdown


def test_genuine_decisions_are_shown_as_before(sample: Sample) -> None:
    sample.decide("dupont", A, comment="conforme")
    sample.decide("martin", A, comment="ok")
    shown = sample.amoa("gates", "--release", "1.1.0")
    assert shown.returncode == 0 and "APPROVED" in shown.stdout and "not verified" not in shown.stdout
    [gate] = json.loads(sample.amoa("gates", "--release", "1.1.0", "--format", "json").stdout)["gates"]
    assert gate["established"] is True and all(d["verified"] for d in gate["decisions"])
    done, markdown = pv(sample)
    assert done.returncode == 0 and "**VABF: APPROVED**" in markdown, done.stderr


def test_the_approvers_page_shows_a_forged_decision_not_verified_and_the_outcome_not_established(
    sample: Sample,
) -> None:
    from fastapi.testclient import TestClient

    from tests.integration.test_web_page import opened
    from tests.web_project import ENVIRON, web_app

    sample.decide("dupont", A, comment="conforme")
    run_sql(
        sample.engine(),
        update(tables.decisions).values(comment="Conforme, sans réserve"),
        update(tables.gates).values(status="closed", outcome="approved"),
    )
    with TestClient(web_app(sample.app, ENVIRON), follow_redirects=False) as client:
        html = opened(client, token("martin"))
    outcome = html.split('id="gate-outcome">', 1)[1].split("</span>", 1)[0]
    assert "non établi" in outcome and "approuvé" not in outcome
    decisions = html.split('id="decisions">', 1)[1].split("</section>", 1)[0]
    assert "Non vérifiée" in decisions


def forged_approval_by_update(sample: Sample) -> int:
    """dupont approves with a reservation; the reservation is erased by SQL (a plain approval)."""
    reservation = Reservation(
        FREE_TEXT + "libellé de la fiche de paie", "dupont", date.today() + timedelta(30)
    )
    sample.decide("dupont", DecisionKind.APPROVE_WITH_RESERVATIONS, comment="sous réserve",
                  reservations=[reservation])  # fmt: skip
    forged = decision_id(sample.engine(), "dupont")
    run_sql(
        sample.engine(),
        update(tables.decisions)
        .where(tables.decisions.c.id == forged)
        .values(decision="approve", comment="Conforme", reservations=[]),
    )
    return forged


def forged_approval_by_insert(sample: Sample) -> int:
    """dupont has not decided: an approval in their name is inserted by SQL."""
    with sample.engine().connect() as connection:
        gate_id = connection.execute(select(tables.gates.c.id)).scalar_one()
    run_sql(
        sample.engine(),
        insert(tables.decisions).values(
            gate_id=gate_id, approver="dupont", sequence=1, decision="approve", comment="ok", round=1,
            reservations=[], decided_at=utc_now(),
        ),
    )  # fmt: skip
    return decision_id(sample.engine(), "dupont")


@pytest.mark.parametrize(
    "forge", [forged_approval_by_update, forged_approval_by_insert], ids=["update", "insert"]
)
def test_a_forged_approval_does_not_close_the_gate_when_the_last_approver_decides(
    sample: Sample, forge: Any
) -> None:
    forged = forge(sample)
    told: list[Any] = []

    recorded = sample.decide("martin", A, comment="ok", notify=told.extend)

    assert not recorded.closed and recorded.state.gate.status is GateStatus.PENDING
    assert recorded.state.gate.outcome is Outcome.PENDING
    assert recorded.state.check is not None and forged in dict(recorded.state.check.doubts)
    assert [e.kind for e in told] == [EventKind.DECISION_RECORDED]  # no "gate closed"
    with sample.engine().connect() as connection:
        stored = connection.execute(select(tables.gates.c.status, tables.gates.c.outcome)).one()
        closings = connection.execute(
            select(tables.audit_log.c.id).where(tables.audit_log.c.action == "gate.closed")
        ).all()
    assert stored.status == "pending" and stored.outcome in (None, "pending")
    assert closings == []  # nothing audited closes it either

    # the Prefect gate flow reads the gate from the database: it is still waiting, not approved
    from flows.decisions import read_gate

    state = read_gate.fn(sample.app, "1.1.0", "vabf")
    assert state is not None and state.gate.status is GateStatus.PENDING
    assert flow_summary.state_name_of(state) != "Approved"


def test_the_approval_recorded_while_a_forged_one_exists_says_so_in_one_line(sample: Sample) -> None:
    forged = forged_approval_by_insert(sample)
    done = sample.amoa("approve", "--release", "1.1.0", "--gate", "vabf", "--approver", "martin",
                       "--decision", "approve", "--comment", "ok", "--yes")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    said = [line for line in done.stderr.splitlines() if f"decision {forged} (dupont" in line]
    assert len(said) == 1 and "amoa audit verify" in said[0], done.stderr
    assert "Gate vabf (VABF), release 1.1.0: awaiting decision" in done.stdout


def test_genuine_decisions_still_close_the_gate_and_tell_it(sample: Sample) -> None:
    told: list[Any] = []
    sample.decide("dupont", A, comment="conforme", notify=told.extend)
    recorded = sample.decide("martin", A, comment="ok", notify=told.extend)
    assert recorded.closed and recorded.state.gate.outcome is Outcome.APPROVED
    assert recorded.state.check is not None and recorded.state.check.verified
    assert [e.kind for e in told][-1] is EventKind.GATE_CLOSED

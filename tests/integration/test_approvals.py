"""Deciding on approval gates through the one service, on SQLite and PostgreSQL: quorum, refusals,
reservations as tracked gaps, concurrent decisions (exactly one outcome), voided signatures, and the
audit chain (intact, then tampered with)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Engine, select, update

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.audit import BreakKind
from amoa_workflow.domain.decisions import DecisionKind, Reservation
from amoa_workflow.domain.gap_lifecycle import GapStatus
from amoa_workflow.domain.gates import GateApprover, GateDefinition, GateStatus
from amoa_workflow.domain.model import Gap, GapType, Release, Severity
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.domain.quorum import Outcome, Quorum, QuorumRule
from amoa_workflow.errors import DecisionRefused, GapMoveRefused, GapNotFound
from amoa_workflow.gates import approvals, audit_trail, voiding
from amoa_workflow.signatures.proofs import signature_holds
from amoa_workflow.store import tables
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.signing import KeyRing

KEYS = KeyRing()
APPROVERS = (KEYS.approver("dupont", "Claire Dupont"), KEYS.approver("martin", "Paul Martin"))
KNOWN = Gap("requirement_failing:EXG-004", GapType.REQUIREMENT_FAILING, Severity.BLOCKING, "EXG-004")
A, R, W = DecisionKind.APPROVE, DecisionKind.REJECT, DecisionKind.APPROVE_WITH_RESERVATIONS
DUE, LATER = (
    date.today() + timedelta(days=365),
    date.today() + timedelta(days=400),
)  # a reservation is due ahead


def vabf(quorum: Quorum = Quorum.ALL, approvers: tuple[GateApprover, ...] = APPROVERS) -> GateDefinition:
    return GateDefinition("vabf", "VABF", "recette", approvers, QuorumRule(quorum))


class Outbox:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.lock = threading.Lock()

    def __call__(self, events: Sequence[Event]) -> None:
        with self.lock:
            self.events += events

    def kinds(self) -> list[str]:
        return [e.kind.value for e in self.events]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    services.ingest_notes(SqlUnitOfWork(engine), Release("1.1.0", None, ()), "sha", set())
    yield engine
    engine.dispose()


def opened(
    engine: Engine, definition: GateDefinition, outbox: Outbox, gaps: Sequence[Gap] = (KNOWN,)
) -> None:
    approvals.open_gates(SqlUnitOfWork(engine), [definition], "recette", "1.1.0", gaps, "no_go",
                         services.utc_now, outbox, "test")  # fmt: skip


def decide(engine: Engine, definition: GateDefinition, who: str, kind: DecisionKind, **more: Any) -> Any:
    return KEYS.decide(
        partial(SqlUnitOfWork, engine), [definition], "1.1.0", "vabf", who, kind, more.pop("comment", "ok"),
        more.pop("reservations", ()), more.pop("outbox", Outbox()), **more,
    )  # fmt: skip


def rows(engine: Engine, table: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(table).order_by(table.c.id)).all())


def test_a_gate_opens_once_and_one_reject_under_all_rejects_at_once(engine: Engine) -> None:
    outbox = Outbox()
    opened(engine, vabf(), outbox)
    opened(engine, vabf(), outbox)  # a rerun opens nothing twice
    assert outbox.kinds() == ["approval_requested"] and outbox.events[0].to == ("dupont", "martin")
    first = decide(engine, vabf(), "dupont", R, comment="montant faux", outbox=outbox)
    assert first.state.gate.outcome is Outcome.REJECTED and first.closed  # "all": one reject rejects


def test_a_changed_decision_is_a_new_entry_and_only_the_latest_counts(engine: Engine) -> None:
    track_known(engine)  # a reservation names a tracked gap
    outbox = Outbox()
    opened(engine, vabf(), outbox)
    decide(engine, vabf(), "dupont", A, outbox=outbox)
    changed = decide(
        engine,
        vabf(),
        "dupont",
        W,
        comment="finalement",
        outbox=outbox,
        reservations=[Reservation(KNOWN.identity, "MOE PaieNova", DUE)],
    )
    assert [d.sequence for d in changed.state.decisions] == [1, 2] and not changed.closed
    closing = decide(engine, vabf(), "martin", A, outbox=outbox)
    assert closing.closed and closing.state.gate.outcome is Outcome.APPROVED_WITH_RESERVATIONS
    assert outbox.kinds() == ["approval_requested"] + ["decision_recorded"] * 3 + ["gate_closed"]
    closed = outbox.events[-1]
    assert closed.facts["outcome"] == "approved_with_reservations"
    assert closed.facts["reservations"] == [f"{KNOWN.identity} (MOE PaieNova, {DUE})"]
    assert [r.action for r in rows(engine, tables.audit_log)][-5:] == [
        "gate.opened", "gate.decision", "gate.decision", "gate.decision", "gate.closed"]  # fmt: skip
    with pytest.raises(DecisionRefused, match="the gate is closed: approved with reservations"):
        decide(engine, vabf(), "martin", R, comment="trop tard")
    assert audit_trail.verify_log(SqlUnitOfWork(engine), signature_holds).broken is None


def test_someone_who_is_not_an_approver_is_refused_and_nothing_is_decided(engine: Engine) -> None:
    opened(engine, vabf(), Outbox())
    with pytest.raises(DecisionRefused) as refused:
        decide(engine, vabf(), "intrus", A)
    assert refused.value.exit_code == 2
    assert "« intrus » n'en est pas approbateur (dupont, martin)" in refused.value.render("fr")
    assert rows(engine, tables.decisions) == []
    assert (
        rows(engine, tables.audit_log)[-1].action == "gate.opened"
    )  # an unauthenticated attempt writes nothing
    with pytest.raises(DecisionRefused, match="needs a comment"):
        decide(engine, vabf(), "dupont", R, comment="")


def test_reservations_become_tracked_gaps_with_owner_and_due_date(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow:  # the campaign's analysis tracks the known gap
        from amoa_workflow.domain.gap_lifecycle import reconcile

        uow.tracked_gaps.save_all(reconcile([], [KNOWN], "1.1.0"))
        uow.commit()
    opened(engine, vabf(Quorum.ANY), Outbox())
    free = "reservation:Former les gestionnaires de paie"
    reservations = [Reservation(KNOWN.identity, "MOE PaieNova", DUE),
                    Reservation(free, "DRH", LATER)]  # fmt: skip
    decide(engine, vabf(Quorum.ANY), "martin", W, reservations=reservations)
    with uow:
        tracked = {g.identity: g for g in uow.tracked_gaps.all()}
    known, free = tracked[KNOWN.identity], tracked["reservation:1.1.0:Former les gestionnaires de paie"]
    assert (known.status, known.owner, known.due) == (GapStatus.ACCEPTED, "MOE PaieNova", DUE)
    assert (free.status, free.owner, free.type) == (GapStatus.ACCEPTED, "DRH", GapType.RESERVATION)
    with uow:  # the next campaign does not resolve a reservation no analysis can find
        from amoa_workflow.domain.gap_lifecycle import reconcile

        after = {g.identity: g for g in reconcile(uow.tracked_gaps.all(), [], "1.2.0")}
    assert after[free.identity].status is GapStatus.ACCEPTED
    assert after[KNOWN.identity].status is GapStatus.RESOLVED


def test_a_reservation_on_a_gap_that_cannot_be_accepted_refuses_the_whole_decision(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow:
        from amoa_workflow.domain.gap_lifecycle import reconcile

        uow.tracked_gaps.save_all(reconcile(reconcile([], [KNOWN], "1.0.0"), [], "1.1.0"))  # resolved
        uow.commit()
    opened(engine, vabf(Quorum.ANY), Outbox())
    with pytest.raises(GapMoveRefused):
        decide(engine, vabf(Quorum.ANY), "martin", W,
               reservations=[Reservation(KNOWN.identity, "MOE", DUE)])  # fmt: skip
    assert rows(engine, tables.decisions) == []


def test_a_reservation_naming_no_tracked_gap_refuses_the_decision_naming_the_gaps(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with uow:
        from amoa_workflow.domain.gap_lifecycle import reconcile

        uow.tracked_gaps.save_all(reconcile([], [KNOWN], "1.1.0"))
        uow.commit()
    opened(engine, vabf(Quorum.ANY), Outbox())
    with pytest.raises(GapNotFound) as refused:  # a mistyped id, or a text not declared as such
        decide(engine, vabf(Quorum.ANY), "martin", W,
               reservations=[Reservation("requirement_failing:EXG-04", "MOE", DUE)])  # fmt: skip
    assert KNOWN.identity in str(refused.value)
    assert rows(engine, tables.decisions) == []


@pytest.mark.parametrize("quorum", [Quorum.ALL, Quorum.ANY])
def test_concurrent_decisions_give_exactly_one_outcome(engine: Engine, quorum: Quorum) -> None:
    people = tuple(KEYS.approver(f"a{n}") for n in range(6))
    definition = vabf(quorum, people)
    opened(engine, definition, Outbox())
    start, results, refusals = threading.Barrier(len(people)), [], []

    def approve(who: str) -> None:
        start.wait()
        try:
            results.append(decide(engine, definition, who, A))
        except DecisionRefused as refusal:
            refusals.append(refusal)

    threads = [threading.Thread(target=approve, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    closings = [r for r in rows(engine, tables.audit_log) if r.action == "gate.closed"]
    [gate] = rows(engine, tables.gates)
    assert len(closings) == 1 and sum(r.closed for r in results) == 1
    assert (gate.status, gate.outcome) == ("closed", "approved")
    expected = len(people) if quorum is Quorum.ALL else 1  # "any": the first approval closes the gate
    assert len(rows(engine, tables.decisions)) == expected == len(results)
    assert len(refusals) == len(people) - expected
    assert (
        audit_trail.verify_log(SqlUnitOfWork(engine), signature_holds).broken is None
    )  # no fork in the chain


def test_a_new_failure_on_an_approved_release_voids_the_signatures(engine: Engine) -> None:
    outbox = Outbox()
    opened(engine, vabf(), outbox)
    decide(engine, vabf(), "dupont", A, outbox=outbox)
    assert decide(engine, vabf(), "martin", A, outbox=outbox).closed
    same = voiding.void_signatures(SqlUnitOfWork(engine), [vabf()], "1.1.0", [KNOWN], services.utc_now,
                                     outbox, "test")  # fmt: skip
    assert same == []  # the same failures as signed: nothing voided
    regression = Gap("regression:EXG-001", GapType.REGRESSION, Severity.BLOCKING, "EXG-001")
    [state] = voiding.void_signatures(SqlUnitOfWork(engine), [vabf()], "1.1.0", [KNOWN, regression],
                                        services.utc_now, outbox, "test")  # fmt: skip
    assert (state.gate.status, state.gate.round, state.decisions) == (GateStatus.PENDING, 2, ())
    assert [a.id for a in state.waiting_for] == ["dupont", "martin"]
    voided = [e for e in outbox.events if e.kind is EventKind.SIGNATURE_VOIDED]
    assert [(e.to, e.facts["reason"]) for e in voided] == [(("dupont",), "regression:EXG-001"),
                                                           (("martin",), "regression:EXG-001")]  # fmt: skip
    assert rows(engine, tables.audit_log)[-1].action == "gate.reopened"
    again = decide(engine, vabf(), "dupont", A)
    assert not again.closed and again.state.decisions[0].round == 2  # the old signatures no longer count


def test_a_replayed_run_input_is_recorded_once(engine: Engine) -> None:
    opened(engine, vabf(), Outbox())
    first = decide(engine, vabf(), "dupont", A, source="prefect:run:vabf-r1-1")
    replay = decide(engine, vabf(), "dupont", A, source="prefect:run:vabf-r1-1")
    assert first.recorded and not replay.recorded and len(rows(engine, tables.decisions)) == 1


def test_a_tampered_audit_entry_is_found(engine: Engine) -> None:
    opened(engine, vabf(), Outbox())
    decide(engine, vabf(), "dupont", A)
    decide(engine, vabf(), "martin", A)
    assert audit_trail.verify_log(SqlUnitOfWork(engine), signature_holds).broken is None
    target = next(r for r in rows(engine, tables.audit_log) if r.action == "gate.decision")
    with engine.begin() as connection:
        connection.execute(update(tables.audit_log).where(tables.audit_log.c.id == target.id)
                           .values(details={**target.details, "decision": "reject"}))  # fmt: skip
    broken = audit_trail.verify_log(SqlUnitOfWork(engine), signature_holds).broken
    assert broken is not None and (broken.entry_id, broken.kind) == (target.id, BreakKind.ALTERED)


def track_known(engine: Engine) -> None:
    from amoa_workflow.domain.gap_lifecycle import reconcile

    uow = SqlUnitOfWork(engine)
    with uow:
        uow.tracked_gaps.save_all(reconcile([], [KNOWN], "1.1.0"))
        uow.commit()


def test_a_failure_found_before_the_first_signature_is_part_of_what_was_signed(engine: Engine) -> None:
    """A failure found after the gate opened but before anyone approved (a tester's result, a rerun)
    is on the PV the approvers sign: a later run with the same failures voids nothing."""
    manual = Gap("requirement_failing:EXG-003", GapType.REQUIREMENT_FAILING, Severity.BLOCKING, "EXG-003")
    outbox = Outbox()
    opened(engine, vabf(), outbox)  # basis: KNOWN only
    seen = (KNOWN, manual)  # then a tester records a failure: the PV now shows both

    decide(engine, vabf(), "dupont", A, outbox=outbox, seen=seen)
    assert decide(engine, vabf(), "martin", A, outbox=outbox, seen=seen).closed

    same = voiding.void_signatures(SqlUnitOfWork(engine), [vabf()], "1.1.0", list(seen), services.utc_now,
                                     outbox, "test")  # fmt: skip
    assert same == []  # what they signed, again: the signatures hold
    regression = Gap("regression:EXG-001", GapType.REGRESSION, Severity.BLOCKING, "EXG-001")
    [state] = voiding.void_signatures(SqlUnitOfWork(engine), [vabf()], "1.1.0", [*seen, regression],
                                        services.utc_now, outbox, "test")  # fmt: skip
    assert state.gate.round == 2  # a failure nobody saw still voids them
    decision = next(r for r in rows(engine, tables.audit_log) if r.action == "gate.decision")
    assert decision.details["seen_gaps"] == [manual.identity, KNOWN.identity]


def test_a_reservation_due_in_the_past_is_refused_as_on_the_web_page(engine: Engine) -> None:
    track_known(engine)
    opened(engine, vabf(Quorum.ANY), Outbox())
    late = Reservation(KNOWN.identity, "MOE PaieNova", date.today() - timedelta(days=1))

    with pytest.raises(DecisionRefused, match="due date is already past") as refused:
        decide(engine, vabf(Quorum.ANY), "martin", W, reservations=[late])

    assert "l'échéance d'une réserve est déjà passée" in refused.value.render("fr")
    assert rows(engine, tables.decisions) == []

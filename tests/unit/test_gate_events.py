"""The gates' notifications: each event's facts render in its templates (French and English), and a
gate's own timeout escalates to its own recipients."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from amoa_workflow.domain import gate_events
from amoa_workflow.domain.decisions import FREE_TEXT, Decision, DecisionKind, Reservation
from amoa_workflow.domain.gates import Gate, GateApprover, GateDefinition, GateState, GateStatus
from amoa_workflow.domain.model import Gap, GapType, Severity
from amoa_workflow.domain.notifications import Approver, Directory, Group
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.domain.reminders import PendingGate, ReminderPolicy, reminders_due
from amoa_workflow.domain.verification import Doubt, GateCheck
from amoa_workflow.notify.messages import MessageTemplates

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
VABF = GateDefinition(
    "vabf", "VABF", "recette", (GateApprover("dupont", "Claire Dupont"), GateApprover("martin"))
)
GATE = Gate("vabf", "1.1.0", GateStatus.CLOSED, NOW, 1, Outcome.APPROVED_WITH_RESERVATIONS, NOW, id=7)
DECISION = Decision("dupont", DecisionKind.APPROVE_WITH_RESERVATIONS, NOW, "<b>ok</b>",
                    (Reservation("requirement_uncovered:EXG-013", "MOE", date(2025, 7, 31)),))  # fmt: skip
STATE = GateState(VABF, GATE, (DECISION,))
GAP = Gap("requirement_failing:EXG-004", GapType.REQUIREMENT_FAILING, Severity.BLOCKING, "EXG-004")


@pytest.mark.parametrize(
    "lang, words", [("fr", "approuvé avec réserves"), ("en", "approved with reservations")]
)
def test_each_gate_event_renders_in_both_languages(lang: str, words: str) -> None:
    templates = MessageTemplates("Paie")
    events = [
        gate_events.approval_requested(VABF, GATE, [GAP], "no_go"),
        gate_events.decision_recorded(STATE, DECISION),
        gate_events.gate_closed(STATE),
        gate_events.signature_voided(STATE, "dupont", ["regression:EXG-001"]),
    ]
    messages = [templates.render(event, lang, "Claire Dupont") for event in events]
    assert all(e.to == ("dupont", "martin") for e in events[:3]) and events[3].to == ("dupont",)
    assert words in messages[1].text and words in messages[2].text.lower()
    assert " — EXG-013 (MOE, 2025-07-31)" in messages[2].text  # the gap in words, not its raw id
    assert " — EXG-001" in messages[3].text and "Claire Dupont" in messages[3].title
    assert not any(":EXG-" in m.text + m.html for m in messages)
    assert "&lt;b&gt;ok&lt;/b&gt;" in messages[1].html  # a comment is text, never markup


def test_a_gate_with_its_own_timeout_escalates_to_its_own_recipients() -> None:
    directory = Directory((Approver("dupont", "Claire Dupont", channels=("X",)), Approver("martin", "Paul")),
                          (Group("direction", members=("martin",), channels=("Y",)),))  # fmt: skip
    policy = ReminderPolicy(remind_after=timedelta(hours=48), escalate_after=None)
    pending = PendingGate(
        7, "1.1.0", "vabf", NOW - timedelta(hours=80), frozenset({"martin"}),
        approvers=("dupont", "martin"), timeout=timedelta(hours=72), escalate_to=("direction",),
    )  # fmt: skip
    reminder, escalation = reminders_due([pending], directory, policy, NOW)
    assert reminder.to == ("dupont",) and reminder.facts["waiting_for"] == ["Claire Dupont"]
    assert escalation.to == ("direction",) and escalation.facts["escalation"] is True


@pytest.mark.parametrize(
    "lang, heading", [("fr", "Décisions non vérifiées"), ("en", "Decisions not verified")]
)
def test_gate_closed_lists_only_the_reservations_of_decisions_that_verify(lang: str, heading: str) -> None:
    forged = Decision("martin", DecisionKind.APPROVE_WITH_RESERVATIONS, NOW, "sous réserve",
                      (Reservation(FREE_TEXT + "réserve inventée", "personne", date(2025, 8, 1)),),
                      id=9)  # fmt: skip
    state = GateState(VABF, GATE, (replace(DECISION, id=8), forged), GateCheck(((9, Doubt.UNAUDITED),)))

    event = gate_events.gate_closed(state)
    message = MessageTemplates("Paie").render(event, lang, "Claire Dupont")

    assert event.facts["reservations"] == ["requirement_uncovered:EXG-013 (MOE, 2025-07-31)"]
    assert event.facts["not_verified"] == ["martin"]
    assert "inventée" not in message.text + message.html and "personne" not in message.text + message.html
    assert heading in message.text and "martin" in message.text.split(heading, 1)[1]
    assert heading in message.html

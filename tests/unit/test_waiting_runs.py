"""Which flow runs a gate's change wakes (a decision recorded, the gate closed), and when nothing is
asked of a Prefect server at all."""

from __future__ import annotations

from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.release_events import announce_release
from amoa_workflow.waiting_runs import (
    PrefectWaker,
    gate_of,
    gates_changed,
    pause_key,
    waits_at,
    wake_left_waiting,
    waking,
)


def closed(release: str, gate: str) -> Event:
    return Event(EventKind.GATE_CLOSED, "gate-1", {"release": release, "gate": gate, "outcome": "approved"})


def test_a_decision_that_leaves_the_gate_open_wakes_too_and_each_gate_once() -> None:
    decided = Event(EventKind.DECISION_RECORDED, "gate-1", {"release": "1.1.0", "gate": "vabf"})
    partial = Event(EventKind.DECISION_RECORDED, "gate-2", {"release": "1.3.0", "gate": "mep"})  # 1 of 2
    reminded = Event(EventKind.REMINDER, "gate-3", {"release": "1.4.0", "gate": "vsr"})
    events = [
        decided,
        closed("1.1.0", "vabf"),
        closed("1.1.0", "vabf"),
        closed("1.2.0", "vsr"),
        partial,
        reminded,
    ]
    assert gates_changed(events) == [("1.1.0", "vabf"), ("1.2.0", "vsr"), ("1.3.0", "mep")]


def test_a_run_waits_at_a_gate_by_its_pause_key_only() -> None:
    assert pause_key("vabf", 2, 3) == "vabf-r2-3"
    assert waits_at("vabf", "vabf-r2-3")
    assert not waits_at("vabf", "vabf-rx-r1-1")  # another gate whose name starts the same
    assert not waits_at("vabf", "1") and not waits_at("vabf", None)


def test_the_gate_a_run_waits_at_is_read_from_its_pause_key() -> None:
    assert gate_of(pause_key("vabf", 1, 2)) == "vabf"
    assert gate_of(pause_key("mise-en-prod", 2, 10)) == "mise-en-prod"
    assert gate_of("1") is None and gate_of(None) is None and gate_of("Vabf-r1-1") is None


def test_without_a_server_nothing_is_woken_and_notifying_goes_on() -> None:
    sent: list[object] = []
    announce = waking(lambda events: sent.append(list(events)) or "report", PrefectWaker({}))
    assert announce([closed("1.1.0", "vabf")]) == "report"
    assert PrefectWaker({}).wake_all("1.1.0", "vabf") == [] and len(sent) == 1
    assert wake_left_waiting(PrefectWaker({}), {("1.1.0", "vabf")}) == []


def test_unchanged_notes_or_no_server_emit_no_event() -> None:
    assert announce_release("1.2.0", "unchanged", 1, {"PREFECT_API_URL": "http://127.0.0.1:9/api"}) is False
    assert announce_release("1.2.0", "created", 1, {}) is False

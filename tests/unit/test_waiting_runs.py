"""Which flow runs a gate's change wakes (a decision recorded, the gate closed), and when nothing is
asked of a Prefect server at all."""

from __future__ import annotations

import logging

import httpx
import pytest

from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.errors import PrefectServerUnavailable
from amoa_workflow.release_events import announce_release
from amoa_workflow.waiting_runs import (
    PrefectWaker,
    WaitingRun,
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


class DownWaker(PrefectWaker):
    """Asks a server that does not answer, failing as Prefect's client does: its version check
    raises ``RuntimeError`` from the refused connection."""

    def paused(self) -> list[tuple[tuple[str, str], WaitingRun]]:
        url = self.environ["PREFECT_API_URL"]
        try:
            raise httpx.ConnectError("All connection attempts failed", request=httpx.Request("GET", url))
        except httpx.ConnectError as refused:
            raise RuntimeError(f"Failed to reach API at {url}/") from refused


def test_a_server_down_when_waking_is_one_warning_in_the_project_language(
    caplog: pytest.LogCaptureFixture, down_url: str
) -> None:
    waker = DownWaker({"PREFECT_API_URL": down_url}, lang="fr")
    with caplog.at_level(logging.WARNING, logger="amoa_workflow.waiting_runs"):
        assert waker.wake_all("0.4.0", "vabf") == []
    [said] = [record.getMessage() for record in caplog.records]
    assert said.startswith("la porte vabf de 0.4.0 a changé, mais le serveur Prefect")
    assert down_url in said and "ne répond pas" in said
    assert "amoa notifications --remind" in said  # the reminders wake it once the gate is closed


def test_a_server_down_for_the_runs_left_waiting_is_one_warning_in_the_project_language(
    caplog: pytest.LogCaptureFixture, down_url: str
) -> None:
    for lang, words in (("fr", "ne répond pas"), ("en", "does not answer")):
        caplog.clear()
        waker = DownWaker({"PREFECT_API_URL": down_url}, lang=lang)
        with caplog.at_level(logging.WARNING, logger="amoa_workflow.waiting_runs"):
            assert wake_left_waiting(waker, {("0.4.0", "vabf")}) == []
        [said] = [record.getMessage() for record in caplog.records]
        assert words in said and down_url in said


def test_a_server_that_fails_otherwise_is_named_with_its_error(caplog: pytest.LogCaptureFixture) -> None:
    class FailingWaker(PrefectWaker):
        def paused(self) -> list[tuple[tuple[str, str], WaitingRun]]:
            raise ValueError("no flow runs for you")

    waker = FailingWaker({"PREFECT_API_URL": "https://amoa:secret@prefect.example.org/api"}, lang="en")
    with caplog.at_level(logging.WARNING, logger="amoa_workflow.waiting_runs"):
        waker.wake_all("0.4.0", "manual")
    [said] = [record.getMessage() for record in caplog.records]
    assert said.startswith(
        "the manual part of 0.4.0 changed, but the Prefect server https://prefect.example.org/api"
    )
    assert "failed (ValueError: no flow runs for you)" in said and "secret" not in said


def test_new_notes_with_the_server_down_raise_its_one_line_and_emit_nothing(down_url: str) -> None:
    with pytest.raises(PrefectServerUnavailable) as raised:
        announce_release("1.2.0", "created", 1, {"PREFECT_API_URL": down_url})
    assert raised.value.exit_code == 3 and down_url in raised.value.render("fr")

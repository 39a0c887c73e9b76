"""The signal that stopped a run: read in one place, named in one place (the message, the exit code
and the run's history line agree)."""

from __future__ import annotations

import signal

import pytest
from prefect.exceptions import TerminationSignal

from amoa_workflow.domain.selection import EVERYTHING
from amoa_workflow.errors import Interrupted, signal_name, signal_of
from amoa_workflow.scenarios.runs import interrupted_selection


@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        (Interrupted(signal.SIGTERM), signal.SIGTERM),
        (Interrupted(signal.SIGINT), signal.SIGINT),
        (TerminationSignal(signal.SIGTERM), signal.SIGTERM),  # Prefect's, on a worker's SIGTERM
        (KeyboardInterrupt(), signal.SIGINT),  # Python's own Ctrl-C
    ],
)
def test_the_signal_of_every_kind_of_stop_is_read_by_one_function(stop: BaseException, expected: int) -> None:
    assert signal_of(stop) == expected


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_the_history_line_and_the_message_name_the_signal_alike(signum: int) -> None:
    line = interrupted_selection(EVERYTHING, [], signum).origin
    name = signal_name(signum)
    assert line.startswith(f"interrupted ({name}) after 0 scenarios")
    assert f"({name})" in Interrupted(signum).render("en")
    assert Interrupted(signum).exit_code == 128 + signum


def test_ctrl_c_is_named_as_the_user_typed_it() -> None:
    assert signal_name(signal.SIGINT) == "Ctrl-C"
    assert signal_name(signal.SIGTERM) == "SIGTERM"
    assert signal_name(signal.SIGHUP) == "signal 1"

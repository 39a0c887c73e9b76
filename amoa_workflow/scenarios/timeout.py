"""Per-scenario time limit inside the scenario-run subprocess.

Each scenario (or outline row) gets one budget for its setup, steps and teardown. When it is
spent, :class:`ScenarioTimeout` is raised where the scenario is (a step waiting on a system
that does not answer, a fixture starting a service): the scenario ends as an ``error`` with a
clear message and the run goes on with the next one. The alarm is only armed inside pytest's
setup / call / teardown phases, which turn any exception into a report.

Uses ``SIGALRM`` (POSIX, main thread); elsewhere only the whole-run limit of the runner applies.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Generator
from types import FrameType

import pytest

_budget_key = pytest.StashKey[float]()
TEARDOWN_GRACE = 5.0  # seconds


class ScenarioTimeout(Exception):
    """The scenario used up its time budget."""


def usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class ScenarioTimer:
    """pytest plugin arming a real-time alarm around each phase of each scenario."""

    def __init__(self, seconds: float, message: str) -> None:
        self.seconds = seconds
        self.message = message

    def _raise(self, signum: int, frame: FrameType | None) -> None:
        raise ScenarioTimeout(self.message)

    def _phase(self, item: pytest.Item, floor: float = 0.001) -> Generator[None, object, object]:
        remaining = max(item.stash.get(_budget_key, self.seconds), floor)
        previous = signal.signal(signal.SIGALRM, self._raise)
        signal.setitimer(signal.ITIMER_REAL, remaining)
        started = time.monotonic()
        try:
            return (yield)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            item.stash[_budget_key] = remaining - (time.monotonic() - started)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, object, object]:
        item.stash[_budget_key] = self.seconds
        return (yield from self._phase(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        return (yield from self._phase(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, object, object]:
        # Fixtures are always torn down: a scenario stopped in its steps still gets a short grace.
        return (yield from self._phase(item, floor=min(self.seconds, TEARDOWN_GRACE)))

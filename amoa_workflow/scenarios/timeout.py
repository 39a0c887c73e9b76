"""Per-scenario time limit inside the scenario-run subprocess.

Each scenario (or outline row) gets one budget for its setup, steps and teardown. When it is
spent, :class:`ScenarioTimeout` is raised where the scenario is (a step waiting on a system
that does not answer, a fixture starting a service): the scenario ends as an ``error`` with a
clear message and the run goes on with the next one. The alarm is only armed inside pytest's
setup / call / teardown phases, which turn any exception into a report.

:class:`ScenarioTimeout` derives from ``BaseException``, as ``KeyboardInterrupt`` does: a step
that retries on ``except Exception`` does not swallow it. The alarm fires again every second
until the phase ends, so even a loop catching everything is interrupted again and again.

Uses ``SIGALRM`` (POSIX, main thread); elsewhere only the whole-run limit of the runner applies.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Generator
from types import FrameType
from typing import Any

import pytest

_budget_key = pytest.StashKey[float]()
TEARDOWN_GRACE = 5.0  # seconds
REPEAT = 1.0  # seconds between alarms once the budget is spent, for code that swallowed the first


class ScenarioTimeout(BaseException):
    """The scenario used up its time budget (not an ``Exception``: ``except Exception`` lets it through)."""


FIRED = pytest.StashKey[str]()  # on the item whose budget ran out: the message


def usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class ScenarioTimer:
    """pytest plugin arming a real-time alarm around each phase of each scenario."""

    def __init__(self, seconds: float, message: str) -> None:
        self.seconds = seconds
        self.message = message
        self.item: pytest.Item | None = None
        self._handler = self._raise  # one bound method, installed as SIGALRM's handler
        self._replaced: signal.Handlers | int | Callable[..., Any] | None = None  # the handler before ours

    def _raise(self, signum: int, frame: FrameType | None) -> None:
        if self.item is not None:
            self.item.stash[FIRED] = self.message
        raise ScenarioTimeout(self.message)

    def _phase(self, item: pytest.Item, floor: float = 0.001) -> Generator[None, object, object]:
        remaining = max(item.stash.get(_budget_key, self.seconds), floor)
        # Installed once for the run, and again only where a scenario put its own handler in its
        # place: installing it around each phase cost 11 µs a call, 6,000 calls per 1,000 scenarios.
        if signal.getsignal(signal.SIGALRM) is not self._handler:
            replaced = signal.signal(signal.SIGALRM, self._handler)
            self._replaced = replaced if self._replaced is None else self._replaced
        self.item = item
        signal.setitimer(signal.ITIMER_REAL, remaining, REPEAT)
        started = time.monotonic()
        try:
            return (yield)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.item = None
            item.stash[_budget_key] = remaining - (time.monotonic() - started)

    def pytest_unconfigure(self) -> None:
        """The handler that was there before the run's first scenario, back in place."""
        if self._replaced is not None:
            signal.signal(signal.SIGALRM, self._replaced)
            self._replaced = None

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

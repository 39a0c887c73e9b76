"""Flaky scenarios: those whose outcome keeps flipping between runs of the same scenario.

Only runs where the scenario really ran count: a skipped run is neither a pass nor a failure.
A flip is a change between passing and not passing (failed, undefined or error) from one run
to the next; a scenario is flaky when its flips over the last ``window`` runs reach ``threshold``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from amoa_workflow.domain.model import Status


@dataclass(frozen=True)
class Flakiness:
    key: str
    statuses: tuple[Status, ...]  # oldest first, within the window
    flips: int
    flaky: bool


def flips(statuses: Sequence[Status]) -> int:
    """How many times the outcome changed between consecutive runs (skipped runs ignored)."""
    outcomes = [status is Status.PASSED for status in statuses if status.executed]
    return sum(1 for before, after in itertools.pairwise(outcomes) if before != after)


def assess(history: Mapping[str, Sequence[Status]], window: int, threshold: int) -> list[Flakiness]:
    """The flakiness of each scenario from its statuses, oldest first; most flips first.

    Only the last ``window`` statuses of each scenario are read.
    """
    _check(window, threshold)
    found = []
    for key, statuses in history.items():
        recent = tuple(statuses[-window:])
        count = flips(recent)
        found.append(Flakiness(key=key, statuses=recent, flips=count, flaky=count >= threshold))
    return sorted(found, key=lambda f: (-f.flips, f.key))


def _check(window: int, threshold: int) -> None:
    if window < 2 or threshold < 1:
        raise ValueError("flakiness needs a window of at least 2 runs and a threshold of at least 1 flip")

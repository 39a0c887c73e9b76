"""Flakiness: pass/fail flips over the last runs of a scenario, past a threshold."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.flakiness import assess, flips
from amoa_workflow.domain.model import Status

P, F, S, U, E = Status.PASSED, Status.FAILED, Status.SKIPPED, Status.UNDEFINED, Status.ERROR


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], 0),
        ([P, P, P], 0),
        ([F, F], 0),
        ([P, F], 1),
        ([P, F, P, F], 3),
        ([P, S, P], 0),  # a skipped run did not run: no flip
        ([P, S, F], 1),
        ([F, U, E], 0),  # failing in different ways is still failing
        ([E, P], 1),
    ],
)
def test_a_flip_is_a_change_between_passing_and_not_passing(statuses: list[Status], expected: int) -> None:
    assert flips(statuses) == expected


def test_a_scenario_is_flaky_from_the_threshold_within_the_window() -> None:
    history = {
        "steady": [P] * 12,
        "fixed": [F, F, F, P, P, P],
        "flaky": [P, F, P, P, F, P],
        "was_flaky": [P, F, P, F, P, P, P, P, P, P, P, P],
    }

    found = {f.key: f for f in assess(history, window=6, threshold=2)}

    assert [key for key, f in found.items() if f.flaky] == ["flaky"]
    assert found["flaky"].flips == 4
    assert found["fixed"].flips == 1
    assert found["was_flaky"].statuses == (P,) * 6  # older flips are out of the window


def test_most_flips_come_first() -> None:
    found = assess({"a": [P, F], "b": [P, F, P, F], "c": [P]}, window=10, threshold=1)

    assert [f.key for f in found] == ["b", "a", "c"]


def test_the_window_and_threshold_must_make_sense() -> None:
    with pytest.raises(ValueError, match="window"):
        assess({}, window=1, threshold=1)

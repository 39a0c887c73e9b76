"""Sharding: feature files spread evenly and deterministically; shard results merge as a serial run."""

from __future__ import annotations

import pytest

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.domain.shards import DuplicateResult, merge, split

WEIGHTS = {
    "f/a.feature": 10.0,
    "f/b.feature": 7.0,
    "f/c.feature": 5.0,
    "f/d.feature": 4.0,
    "f/e.feature": 4.0,
}


def test_every_file_goes_to_exactly_one_shard() -> None:
    shards = split(WEIGHTS, 3)

    files = [path for shard in shards for path in shard]
    assert sorted(files) == sorted(WEIGHTS)


def test_shards_are_balanced_by_weight() -> None:
    loads = sorted(sum(WEIGHTS[p] for p in shard) for shard in split(WEIGHTS, 2))

    assert loads[-1] - loads[0] <= max(WEIGHTS.values())  # greedy, largest first
    assert loads == [14.0, 16.0]


def test_files_of_equal_weight_are_split_equally() -> None:
    shards = split({f"f/{i:02d}.feature": 1.0 for i in range(50)}, 2)

    assert [len(shard) for shard in shards] == [25, 25]


def test_the_same_files_always_give_the_same_shards() -> None:
    assert split(WEIGHTS, 3) == split(dict(reversed(list(WEIGHTS.items()))), 3)


def test_more_shards_than_files_leaves_no_empty_shard() -> None:
    assert split({"f/a.feature": 1.0}, 4) == (("f/a.feature",),)


def test_a_run_needs_at_least_one_shard() -> None:
    with pytest.raises(ValueError, match="at least one shard"):
        split(WEIGHTS, 0)


def result(key: str) -> ScenarioResult:
    return ScenarioResult(key, key.split("::")[0], "F", key, 1, Status.PASSED)


def test_merged_results_are_in_the_order_of_a_serial_run() -> None:
    merged = merge([[result("f/b::2"), result("f/b::1")], [result("f/a::1")]])

    assert [r.key for r in merged] == ["f/a::1", "f/b::1", "f/b::2"]


def test_a_scenario_reported_by_two_shards_is_refused() -> None:
    with pytest.raises(DuplicateResult, match="f/a::1"):
        merge([[result("f/a::1")], [result("f/a::1")]])


def test_a_duplicate_names_the_two_shards_that_reported_it() -> None:
    with pytest.raises(DuplicateResult) as raised:
        merge([[result("f/a::1")], [result("f/b::1")], [result("f/a::1")]])

    assert (raised.value.key, raised.value.first, raised.value.second) == ("f/a::1", "shard 1", "shard 3")

"""Sharding: feature files (split by scenario where needed) spread evenly by measured duration and
deterministically; shard results merge as a serial run."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.domain.shards import DuplicateResult, Part, balance, merge, weigh


def files(weights: dict[str, float]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Feature files of one scenario each, weighing what is given."""
    return {path: (("S", weight),) for path, weight in weights.items()}


def load(shard: tuple[Part, ...], weights: dict[str, tuple[tuple[str, float], ...]]) -> float:
    return sum(weight for part in shard for name, weight in weights[part.path] if runs(part, name))


def runs(part: Part, name: str) -> bool:
    if part.names is None:
        return True
    return (name not in part.names) if part.others else (name in part.names)


WEIGHTS = files(
    {"f/a.feature": 10.0, "f/b.feature": 7.0, "f/c.feature": 5.0, "f/d.feature": 4.0, "f/e.feature": 4.0}
)


def test_every_file_goes_to_exactly_one_shard() -> None:
    shards = balance(WEIGHTS, 3)

    paths = [part.path for shard in shards for part in shard]
    assert sorted(paths) == sorted(WEIGHTS)
    assert all(part.names is None for shard in shards for part in shard)


def test_shards_are_balanced_by_weight() -> None:
    loads = sorted(load(shard, WEIGHTS) for shard in balance(WEIGHTS, 2))

    assert loads == [14.0, 16.0]


def test_files_of_equal_weight_are_split_equally() -> None:
    shards = balance(files({f"f/{i:02d}.feature": 1.0 for i in range(50)}), 2)

    assert [len(shard) for shard in shards] == [25, 25]


def test_the_same_files_always_give_the_same_shards() -> None:
    assert balance(WEIGHTS, 3) == balance(dict(reversed(list(WEIGHTS.items()))), 3)


def test_more_shards_than_files_leaves_no_empty_shard() -> None:
    assert balance(files({"f/a.feature": 1.0}), 4) == ((Part("f/a.feature"),),)


def test_a_run_needs_at_least_one_shard() -> None:
    with pytest.raises(ValueError, match="at least one shard"):
        balance(WEIGHTS, 0)


def test_measured_durations_weigh_the_files_not_their_number_of_scenarios() -> None:
    weights = weigh(
        {"f/slow.feature": ["A"], "f/fast.feature": ["B", "C", "D"], "f/quick.feature": ["E", "F"]},
        {("f/slow.feature", "A"): 9.0, ("f/fast.feature", "B"): 1.0, ("f/fast.feature", "C"): 1.0,
         ("f/fast.feature", "D"): 1.0, ("f/quick.feature", "E"): 3.0, ("f/quick.feature", "F"): 3.0},
    )  # fmt: skip

    shards = balance(weights, 2)

    assert sorted(sorted(part.path for part in shard) for shard in shards) == [
        ["f/fast.feature", "f/quick.feature"],
        ["f/slow.feature"],
    ]


def test_a_scenario_never_measured_weighs_the_median_of_those_measured() -> None:
    weights = weigh(
        {"f/a.feature": ["old", "new"], "f/b.feature": ["x", "y"]},
        {("f/a.feature", "old"): 1.0, ("f/b.feature", "x"): 2.0, ("f/b.feature", "y"): 10.0},
    )

    assert weights["f/a.feature"] == (("old", 1.0), ("new", 2.0))


def test_without_any_history_each_scenario_weighs_the_same() -> None:
    assert weigh({"f/a.feature": ["x", "y"]}, {}) == {"f/a.feature": (("x", 1.0), ("y", 1.0))}


def test_a_file_that_could_not_be_read_still_goes_to_one_shard() -> None:
    weights = weigh({"f/broken.feature": [], "f/a.feature": ["x"]}, {})

    assert weights["f/broken.feature"] == (("", 1.0),)
    assert sorted(p.path for shard in balance(weights, 2) for p in shard) == [
        "f/a.feature",
        "f/broken.feature",
    ]


def test_a_file_heavier_than_a_shard_is_split_by_scenario() -> None:
    weights = {
        "f/big.feature": tuple((f"S{i}", 1.0) for i in range(8)),
        "f/small.feature": (("T", 1.0),),
        "f/tiny.feature": (("U", 1.0),),
    }

    shards = balance(weights, 2)

    assert [load(shard, weights) for shard in shards] == [5.0, 5.0]
    big = [part for shard in shards for part in shard if part.path == "f/big.feature"]
    assert big == [
        Part("f/big.feature", ("S5", "S6", "S7"), others=True),
        Part("f/big.feature", ("S5", "S6", "S7")),
    ]


def test_the_first_part_of_a_split_file_also_runs_scenarios_the_plan_did_not_know() -> None:
    weights = {"f/big.feature": (("S1", 1.0), ("S2", 1.0))}
    first, second = (shard[0] for shard in balance(weights, 2))

    assert runs(first, "added since") and not runs(second, "added since")
    assert [runs(first, n) for n in ("S1", "S2")] == [True, False]
    assert [runs(second, n) for n in ("S1", "S2")] == [False, True]


@st.composite
def feature_weights(draw: st.DrawFn) -> dict[str, tuple[tuple[str, float], ...]]:
    count = draw(st.integers(1, 12))
    weight = st.floats(0.0, 50.0, allow_nan=False)
    return {
        f"f/{i:02d}.feature": tuple((f"S{j}", draw(weight)) for j in range(draw(st.integers(1, 15))))
        for i in range(count)
    }


@settings(max_examples=300, deadline=None)
@given(feature_weights(), st.integers(1, 8))
def test_every_scenario_runs_exactly_once(
    weights: dict[str, tuple[tuple[str, float], ...]], count: int
) -> None:
    shards = balance(weights, count)

    assert 1 <= len(shards) <= count
    for path, scenarios in weights.items():
        parts = [part for shard in shards for part in shard if part.path == path]
        assert parts, path
        assert sum(part.others or part.names is None for part in parts) == 1  # unknown scenarios: one part
        for name, _ in scenarios:
            assert sum(runs(part, name) for part in parts) == 1, (path, name)


@settings(max_examples=300, deadline=None)
@given(feature_weights(), st.integers(1, 8))
def test_each_shard_is_within_the_heaviest_scenario_of_the_mean(
    weights: dict[str, tuple[tuple[str, float], ...]], count: int
) -> None:
    total = sum(w for scenarios in weights.values() for _, w in scenarios)
    heaviest = max(w for scenarios in weights.values() for _, w in scenarios)
    assume(total > 0)
    shards = balance(weights, count)
    loads = [load(shard, weights) for shard in shards] + [0.0] * (count - len(shards))

    for value in loads:
        assert abs(value - total / count) <= heaviest + 1e-9 * total


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(1, 10))
def test_files_that_balance_whole_are_never_split(count: int, per_shard: int, scenarios: int) -> None:
    weights = {
        f"f/{i:02d}.feature": tuple((f"S{j}", 1.0) for j in range(scenarios))
        for i in range(count * per_shard)
    }

    shards = balance(weights, count)

    assert len(shards) == count
    assert all(part.names is None for shard in shards for part in shard)
    assert {load(shard, weights) for shard in shards} == {float(per_shard * scenarios)}


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

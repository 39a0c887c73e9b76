"""Splitting a run into shards and merging their results back, as pure rules.

A shard is a set of feature files run by one process. Files are never split: Background,
module-scoped fixtures and outline rows of a file stay together, so a sharded run executes
each scenario exactly as a serial run does. Merged results are ordered by scenario key, the
order a serial run is stored in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from amoa_workflow.domain.model import ScenarioResult


def split(weights: Mapping[str, float], count: int) -> tuple[tuple[str, ...], ...]:
    """Feature files spread over at most ``count`` shards of about equal total weight.

    Greedy "largest first" (each file goes to the lightest shard so far); ties are broken by
    path, so the same files and weights always give the same shards. Empty shards are dropped.
    """
    if count < 1:
        raise ValueError("a run needs at least one shard")
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for path in sorted(weights, key=lambda p: (-weights[p], p)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest].append(path)
        loads[lightest] += weights[path]
    return tuple(tuple(sorted(shard)) for shard in shards if shard)


class DuplicateResult(ValueError):
    """Two shards reported the same scenario: the split was not a partition."""

    def __init__(self, key: str, first: str, second: str) -> None:
        super().__init__(f"{key} (reported by {first} and by {second})")
        self.key, self.first, self.second = key, first, second


def merge(shard_results: Iterable[Iterable[ScenarioResult]]) -> tuple[ScenarioResult, ...]:
    """One result per scenario key, in key order, whatever shard each came from."""
    merged: dict[str, ScenarioResult] = {}
    origin: dict[str, int] = {}
    for shard, results in enumerate(shard_results, start=1):
        for result in results:
            if result.key in merged:
                raise DuplicateResult(result.key, f"shard {origin[result.key]}", f"shard {shard}")
            merged[result.key], origin[result.key] = result, shard
    return tuple(merged[key] for key in sorted(merged))

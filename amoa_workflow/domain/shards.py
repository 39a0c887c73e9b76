"""Splitting a run into shards and merging their results back, as pure rules.

A shard is a set of feature files run by one process, weighed by the scenarios' measured
durations (:func:`weigh`) and balanced (:func:`balance`). A file is split by scenario only when
no balanced plan keeps it whole (it weighs more than a shard, or no file boundary falls near a
cut): each part of it is then run by its own process, so its Background runs for each of its
scenarios as always, but its module-scoped fixtures are set up once per part, not once per file.
An outline's rows stay together. Merged results are ordered by scenario key, the order a serial
run is stored in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from amoa_workflow.domain.model import ScenarioResult


@dataclass(frozen=True)
class Part:
    """What one shard runs of a feature file: every scenario (``names`` None), or only those
    named; with ``others``, every scenario *but* those named (the part that also takes scenarios
    the plan did not know of, so a split file still runs each of its scenarios exactly once)."""

    path: str
    names: tuple[str, ...] | None = None
    others: bool = False


FeatureWeights = Mapping[str, Sequence[tuple[str, float]]]
Weights = dict[str, tuple[tuple[str, float], ...]]


def weigh(scenarios: Mapping[str, Sequence[str]], measured: Mapping[tuple[str, str], float]) -> Weights:
    """Each feature file's scenarios with their weight: the measured duration of (file, scenario)
    (an outline's rows summed), else the median of the measured ones (1.0 when none was measured).

    A file whose scenarios are unknown (it could not be read) weighs one scenario named ``""``.
    """
    known = sorted(measured.values())
    middle = len(known) // 2
    typical = (known[middle] if len(known) % 2 else (known[middle - 1] + known[middle]) / 2) if known else 1.0
    return {
        path: tuple((name, measured.get((path, name), typical)) for name in dict.fromkeys(names or ("",)))
        for path, names in scenarios.items()
    }


def balance(weights: FeatureWeights, count: int) -> tuple[tuple[Part, ...], ...]:
    """Feature files (and, where needed, their scenarios) spread over at most ``count`` shards,
    each within the heaviest scenario's weight of the mean load.

    Whole files first: greedy "largest first" (each file to the lightest shard so far). When that
    leaves a shard as far from the mean as the heaviest scenario weighs, or further (a file heavier than a
    shard, or a few big files that do not pack), the scenarios are laid end to end, files in path
    order, and cut at the multiples of the mean load instead; each cut moves to the nearest file
    boundary within half the heaviest scenario, and only when there is none does it fall between
    two scenarios of a file, which is then split into parts. Empty shards are dropped; the same
    weights always give the same plan.
    """
    if count < 1:
        raise ValueError("a run needs at least one shard")
    scenarios = {path: dict(weights[path]) or {"": 0.0} for path in sorted(weights)}
    items = [(path, name, float(w)) for path, named in scenarios.items() for name, w in named.items()]
    if items and sum(w for *_, w in items) <= 0:  # nothing measured takes time: count scenarios
        items = [(path, name, 1.0) for path, name, _ in items]
    total = sum(w for *_, w in items)
    mean = total / count
    heaviest = max((w for *_, w in items), default=0.0)
    whole = _whole_files(scenarios, count)
    if all(abs(sum(scenarios[p][n] for p, n, _ in shard) - mean) < heaviest for shard in whole):
        return _parts(scenarios, [shard for shard in whole if shard])
    ends = [0.0]  # the cumulative weight after each scenario
    for *_, w in items:
        ends.append(ends[-1] + w)
    file_starts = {i for i, item in enumerate(items) if i == 0 or items[i - 1][0] != item[0]} | {len(items)}
    cuts = [0]
    for k in range(1, count):
        target = k * mean
        nearest = min(range(cuts[-1], len(items) + 1), key=lambda i: (abs(ends[i] - target), i))
        boundaries = [i for i in range(cuts[-1], len(items) + 1) if i in file_starts]
        close = [i for i in boundaries if abs(ends[i] - target) <= heaviest / 2]
        cuts.append(min(close, key=lambda i: (abs(ends[i] - target), i)) if close else nearest)
    cuts.append(len(items))
    stretches = [items[start:end] for start, end in pairwise(cuts)]
    return _parts(scenarios, [s for s in stretches if s])


def _whole_files(
    scenarios: Mapping[str, Mapping[str, float]], count: int
) -> list[list[tuple[str, str, float]]]:
    shards: list[list[tuple[str, str, float]]] = [[] for _ in range(count)]
    loads = [0.0] * count
    weight = {path: sum(named.values()) for path, named in scenarios.items()}
    for path in sorted(scenarios, key=lambda p: (-weight[p], p)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest] += [(path, name, w) for name, w in scenarios[path].items()]
        loads[lightest] += weight[path]
    return [sorted(shard, key=lambda item: item[0]) for shard in shards]


def _parts(
    scenarios: Mapping[str, Mapping[str, float]], stretches: Sequence[Sequence[tuple[str, str, float]]]
) -> tuple[tuple[Part, ...], ...]:
    """Stretches of scenarios as parts of files; the first part of a split file takes the others."""
    seen: set[str] = set()
    plan: list[tuple[Part, ...]] = []
    for stretch in stretches:
        named: dict[str, list[str]] = {}
        for path, name, _ in stretch:
            named.setdefault(path, []).append(name)
        parts: list[Part] = []
        for path, names in named.items():
            everything = tuple(scenarios[path])
            if len(names) == len(everything):
                parts.append(Part(path))
            elif path not in seen:
                here = frozenset(names)
                parts.append(Part(path, tuple(name for name in everything if name not in here), others=True))
            else:
                parts.append(Part(path, tuple(names)))
            seen.add(path)
        plan.append(tuple(parts))
    return tuple(plan)


class DuplicateResult(ValueError):
    """Two shards reported the same scenario: the split was not a partition."""

    def __init__(self, key: str, first: str, second: str) -> None:
        super().__init__(f"{key} (reported by {first} and by {second})")
        self.key, self.first, self.second = key, first, second


def distinct_records(records: Iterable[dict[str, Any]], shard: int) -> list[dict[str, Any]]:
    """A shard's scenario records, one per key: a repeated one is kept once; one that comes back with
    another content raises :class:`DuplicateResult` (it was reported twice, differently)."""
    kept: dict[str, dict[str, Any]] = {}
    for record in records:
        seen = kept.setdefault(record["key"], record)
        if seen != record:
            raise DuplicateResult(
                record["key"],
                f"shard {shard}: {seen.get('status', '?')}",
                f"shard {shard}: {record.get('status', '?')}",
            )
    return list(kept.values())


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

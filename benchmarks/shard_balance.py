"""How even the shards of a run are, by the plan's rule, on a made-up recette with measured times.

A recette of ``--files`` feature files (default 300; 1 to 40 scenarios each, each scenario taking
a measured time drawn from a log-normal law, median 0.5 s, 1 % of them slow: 30 to 120 s) and one
end-to-end file of 400 scenarios of 5 to 15 s each, heavier than a quarter of the whole; fixed
seed. For 2, 4 and 8 shards, the longest shard against the mean (1.00 is perfect; the run lasts
as long as its longest shard) for three plans:

  by size       whole files, largest first, weighed by their number of scenarios (what file size
                measures), the plan before durations were read
  measured      whole files, largest first, weighed by the scenarios' measured times
  balanced      ``amoa_workflow.domain.shards.balance``: measured, a file split by scenario when
                whole files do not balance within the heaviest scenario

and how many files ``balanced`` split, and how long planning takes.

    .venv/bin/python benchmarks/shard_balance.py [--files 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.domain.shards import Part, balance, weigh


def recette(files: int, seed: int) -> tuple[dict[str, list[str]], dict[tuple[str, str], float]]:
    draw = random.Random(seed)
    scenarios: dict[str, list[str]] = {}
    measured: dict[tuple[str, str], float] = {}
    for number in range(files):
        path = f"features/f{number:04d}.feature"
        end_to_end = number == files // 2
        scenarios[path] = [f"S{i}" for i in range(400 if end_to_end else draw.randint(1, 40))]
        for name in scenarios[path]:
            if end_to_end:
                measured[(path, name)] = draw.uniform(5, 15)
            else:
                slow = draw.random() < 0.01
                measured[(path, name)] = draw.uniform(30, 120) if slow else draw.lognormvariate(-0.7, 0.8)
    return scenarios, measured


def whole_files(weights: dict[str, float], count: int) -> list[list[str]]:
    shards: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for path in sorted(weights, key=lambda p: (-weights[p], p)):
        lightest = min(range(count), key=lambda i: (loads[i], i))
        shards[lightest].append(path)
        loads[lightest] += weights[path]
    return shards


def load(parts: list[Part], scenarios: dict[str, list[str]], measured: dict[tuple[str, str], float]) -> float:
    total = 0.0
    for part in parts:
        for name in scenarios[part.path]:
            runs = part.names is None or ((name not in part.names) if part.others else (name in part.names))
            total += measured[(part.path, name)] if runs else 0.0
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    scenarios, measured = recette(arguments.files, arguments.seed)
    total = sum(measured.values())
    count_of = {path: float(len(names)) for path, names in scenarios.items()}
    time_of = {path: sum(measured[(path, n)] for n in names) for path, names in scenarios.items()}
    print(f"{arguments.files} files, {len(measured)} scenarios, {total:.0f} s measured in all")
    print(f"{'shards':>6} {'by size':>8} {'measured':>9} {'balanced':>9} {'split files':>12} {'plan ms':>8}")
    for count in (2, 4, 8):
        mean = total / count
        by_size = max(sum(time_of[p] for p in shard) for shard in whole_files(count_of, count)) / mean
        by_time = max(sum(time_of[p] for p in shard) for shard in whole_files(time_of, count)) / mean
        started = time.perf_counter()
        plan = balance(weigh(scenarios, measured), count)
        elapsed = (time.perf_counter() - started) * 1000
        balanced = max(load(list(shard), scenarios, measured) for shard in plan) / mean
        split = len({part.path for shard in plan for part in shard if part.names is not None})
        print(f"{count:>6} {by_size:>8.2f} {by_time:>9.2f} {balanced:>9.2f} {split:>12} {elapsed:>8.1f}")


if __name__ == "__main__":
    main()

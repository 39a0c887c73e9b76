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

and how many files ``balanced`` split, and how long planning takes. With ``--history N``, the
recette's scenarios are also stored with N runs each in a fresh SQLite database (or
``--database URL``: an empty database of its own, the tables are created there), and reading
their durations back (the plan's one query) is timed.

    .venv/bin/python benchmarks/shard_balance.py [--files 300] [--seed 7] [--history 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.domain.shards import Part, balance, weigh
from amoa_workflow.store import tables
from amoa_workflow.store.bulk import insert_rows
from amoa_workflow.store.database import open_database
from amoa_workflow.store.run_durations import measured_durations


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


def history(
    url: str, scenarios: dict[str, list[str]], measured: dict[tuple[str, str], float], runs: int
) -> None:
    """Store ``runs`` runs of every scenario, then time reading their durations back."""
    engine = open_database(url)
    now = datetime.now(UTC)
    keys = [(path, name, f"{path}::{name}") for path, names in scenarios.items() for name in names]
    with engine.begin() as connection:
        connection.execute(
            tables.releases.insert().values(
                id=1, version="1.0.0", source="x", notes_sha256="x", ingested_at=now
            )
        )
        connection.execute(
            tables.campaigns.insert().values(
                id=1, key="recette-1.0.0", release_id=1, checkpoint="recette", attempt=runs, started_at=now
            )
        )
        insert_rows(
            connection,
            tables.scenario_results,
            [
                {
                    "campaign_id": 1,
                    "scenario_key": key,
                    "feature_path": path,
                    "feature_name": "F",
                    "scenario": name,
                    "line": 1,
                    "status": "passed",
                    "tags": [],
                    "requirement_codes": [],
                    "example": [],
                    "duration": measured[(path, name)],
                    "message": None,
                    "rule": None,
                }
                for path, name, key in keys
            ],
        )
        for run in range(1, runs + 1):
            connection.execute(
                tables.runs.insert().values(
                    id=run,
                    campaign_id=1,
                    attempt=run,
                    run_key=f"r{run}",
                    selection="all",
                    shards=1,
                    started_at=now + timedelta(minutes=run),
                )
            )
            insert_rows(
                connection,
                tables.run_results,
                [
                    {
                        "run_id": run,
                        "scenario_key": key,
                        "status": "passed",
                        "duration": measured[(path, name)],
                        "record": {},
                    }
                    for path, name, key in keys
                ],
            )
    with engine.connect() as connection:
        started = time.perf_counter()
        read = measured_durations(connection)
        elapsed = time.perf_counter() - started
    engine.dispose()
    stored = len(keys) * runs
    print(f"durations of {len(read)} scenarios read from {stored} run results: {elapsed * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--history", type=int, default=0, help="runs of each scenario to store and read back")
    parser.add_argument(
        "--database",
        default="",
        help="an empty database of its own, written to (default: a fresh SQLite file)",
    )
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
    if arguments.history:
        with tempfile.TemporaryDirectory() as folder:
            url = arguments.database or f"sqlite:///{Path(folder) / 'amoa.db'}"
            history(url, scenarios, measured, arguments.history)


if __name__ == "__main__":
    main()

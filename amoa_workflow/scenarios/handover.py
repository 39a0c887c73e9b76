"""A shard run on any host, its results handed over through the database; the merge reads them back.

:func:`run_handed_over` is what one worker does with one shard: check that its copy of the project
is the revision the checkpoint planned with (or refuse, one line), open an attempt, run the shard's
pytest process and, while it runs, write the scenarios it reports (steps included) to the database
every second or so (which also says the shard is alive), then the rest and how it ended (exit code,
the end of its log). :func:`merged_from_handover` is the checkpoint's side: one result per scenario,
from the last finished attempt of each shard. Nothing goes through a shared folder.

A plan crosses hosts as JSON (:func:`plan_to_json`): its paths are relative to the project.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from amoa_workflow.domain.selection import Selection
from amoa_workflow.domain.shards import Part
from amoa_workflow.errors import ProjectRevisionRefused, RunnerError, ServiceUnavailable
from amoa_workflow.ports import ShardHandovers
from amoa_workflow.scenarios.records import to_record, to_result
from amoa_workflow.scenarios.revision import project_revision
from amoa_workflow.scenarios.runner import PytestBddRunner, RunPlan, ScenarioRun, Shard, ShardRun

LOG_EXCERPT = 4000  # characters of the end of a shard's pytest output kept with its attempt
EVERY = 1.0  # seconds between two writes of a running shard (its heartbeat)

Warn = Callable[[ServiceUnavailable], None]  # told of a heartbeat the database refused


def plan_to_json(plan: RunPlan) -> dict[str, Any]:
    return {
        "selection": plan.selection.to_json(),
        "roots": list(plan.roots),
        "shards": [
            {
                "index": s.index,
                "only": None if s.only is None else list(s.only),
                "skip": list(s.skip),
                "scenarios": [
                    {"path": p.path, "names": None if p.names is None else list(p.names), "others": p.others}
                    for p in s.scenarios
                ],
            }
            for s in plan.shards
        ],
        "workers": plan.workers,
    }


def plan_from_json(data: dict[str, Any]) -> RunPlan:
    shards = tuple(
        Shard(
            int(s["index"]),
            None if s["only"] is None else tuple(s["only"]),
            tuple(s["skip"]),
            tuple(
                Part(p["path"], None if p["names"] is None else tuple(p["names"]), bool(p["others"]))
                for p in s.get("scenarios", ())
            ),
        )
        for s in data["shards"]
    )
    return RunPlan(Selection.from_json(data["selection"]), tuple(data["roots"]), shards, int(data["workers"]))


@dataclass(frozen=True)
class ShardOutcome:
    index: int
    attempt: int
    host: str
    scenarios: int
    exit_code: int
    current: bool  # False: a newer attempt replaced this one while it ran; nothing of it counts


@dataclass
class _Follower:
    """Reads the shard's results file as it grows and hands the new records over, every ``EVERY`` s.

    A heartbeat the database refuses is a warning (``warn``): its records wait for the next one, and
    the final send (after pytest ended) catches up or raises."""

    handover: ShardHandovers
    run_key: str
    index: int
    attempt: int
    results: Path
    clock: Callable[[], datetime]
    warn: Warn
    offset: int = 0
    sent: set[str] = field(default_factory=set)
    unsent: list[dict[str, Any]] = field(default_factory=list)
    last: float = 0.0
    current: bool = True

    def __call__(self, reported: int, selected: int) -> None:
        if time.monotonic() - self.last >= EVERY:
            self.beat()

    def beat(self) -> None:
        """Hand the new records over while pytest runs; a database error waits for the next beat."""
        try:
            self.flush()
        except ServiceUnavailable as error:
            self.last = time.monotonic()
            self.warn(error)

    def flush(self) -> None:
        self.send(self._new_records())

    def send(self, records: list[dict[str, Any]]) -> None:
        self.unsent += records
        records = [r for r in self.unsent if r["key"] not in self.sent]
        self.current = self.handover.add(self.run_key, self.index, self.attempt, records, self.clock())
        self.unsent = []
        self.sent.update(r["key"] for r in records)
        self.last = time.monotonic()

    def _new_records(self) -> list[dict[str, Any]]:
        if not self.results.is_file():
            return []
        with self.results.open("rb") as stream:
            stream.seek(self.offset)
            chunk = stream.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written waits for the next time
        self.offset += len(complete)
        records = []
        for line in complete.decode("utf-8", errors="replace").splitlines():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return records


def run_handed_over(
    runner: PytestBddRunner,
    handover: ShardHandovers,
    data_dir: Path,
    release: str,
    run_key: str,
    plan: RunPlan,
    index: int,
    revision: str,
    host: str,
    clock: Callable[[], datetime],
    warn: Warn = lambda error: None,
) -> ShardOutcome:
    """Run shard ``index`` of ``plan`` here, its results handed over as they come; refuse another revision.

    A heartbeat the database refused is told to ``warn`` and sent again with the next one."""
    found = project_revision(runner.project_dir, runner.features_dir, data_dir)
    if found != revision:
        handover.refuse(run_key, index, host, found, clock())  # the checkpoint gives up at once
        raise ProjectRevisionRefused(
            shard=index, host=host, project=str(runner.project_dir), found=found, expected=revision
        )
    attempt = handover.open(run_key, index, host, revision, clock())
    folder = runner.shard_folder(run_key, index)
    follower = _Follower(handover, run_key, index, attempt, folder / "results.jsonl", clock, warn)
    shard_run = runner.run_shard(release, run_key, plan, index, follower)
    follower.flush()
    follower.send([to_record(result) for result in shard_run.results])  # those no line said: not run
    log = folder / "pytest.log"
    excerpt = log.read_text(encoding="utf-8", errors="replace")[-LOG_EXCERPT:] if log.is_file() else ""
    closed = handover.close(run_key, index, attempt, shard_run.exit_code, excerpt, clock())
    return ShardOutcome(
        index, attempt, host, len(shard_run.results), shard_run.exit_code, closed and follower.current
    )


def merged_from_handover(
    runner: PytestBddRunner, handover: ShardHandovers, run_key: str, plan: RunPlan
) -> ScenarioRun:
    """The run as one: each shard's last finished attempt, read back from the database."""
    finished = handover.finished(run_key)
    missing = [shard.index for shard in plan.shards if shard.index not in finished]
    if missing:
        raise RunnerError(
            features=str(runner.features_dir),
            detail=f"shard {', '.join(map(str, missing))} of {run_key} handed no results over",
        )
    pattern = re.compile(runner.requirement_pattern)
    shard_runs = [
        ShardRun(
            shard.index,
            tuple(to_result(record, pattern) for record in finished[shard.index].records),
            finished[shard.index].attempt.exit_code or 0,
        )
        for shard in plan.shards
    ]
    return runner.merge(run_key, plan, shard_runs)

"""The pytest process of one shard, seen from the runner: started in a session of its own, followed
(scenarios reported out of scenarios selected, read from its files as they grow), and killed with
everything it started (xdist workers, services under test) when the run's deadline passes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

Progress = Callable[[int, int], None]  # (scenarios reported, scenarios selected so far)


@dataclass
class ShardProcess:
    index: int
    folder: Path  # holds results.jsonl (one line per scenario reported) and manifest.json
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    deadline: float  # time.monotonic() past which it is killed
    timed_out: bool = False
    reported: int = 0
    offset: int = 0
    selected: int | None = None

    @classmethod
    def start(
        cls, index: int, folder: Path, command: Sequence[str], cwd: Path, env: dict[str, str], timeout: float
    ) -> ShardProcess:
        log = (folder / "pytest.log").open("wb")
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=os.name == "posix",
        )  # fmt: skip
        return cls(index, folder, process, log, time.monotonic() + timeout)

    def manifest(self) -> list[dict[str, Any]] | None:
        """The scenarios it selected, once its collection is over."""
        path = self.folder / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def kill(self) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        except ProcessLookupError:
            pass
        self.process.wait()

    def _follow(self) -> None:
        results = self.folder / "results.jsonl"
        if results.is_file():
            with results.open("rb") as stream:
                stream.seek(self.offset)
                chunk = stream.read()
            self.offset += len(chunk)
            self.reported += chunk.count(b"\n")
        if self.selected is None:
            manifest = self.manifest()
            self.selected = None if manifest is None else len(manifest)


def wait(processes: Sequence[ShardProcess], progress: Progress | None = None) -> None:
    """Until every process has ended or been killed at its deadline; reports progress as it goes."""
    pending = list(processes)
    while pending:
        remaining = max(0.0, min(p.deadline for p in pending) - time.monotonic())
        with contextlib.suppress(subprocess.TimeoutExpired):
            pending[0].process.wait(timeout=min(remaining, 0.2) if progress else remaining)
        for running in pending:
            if running.process.poll() is None and time.monotonic() >= running.deadline:
                running.timed_out = True
                running.kill()
        pending = [p for p in pending if p.process.poll() is None]
        if progress is not None:
            for process in processes:
                process._follow()
            reported = sum(p.reported for p in processes)  # a file that does not parse reports, unselected
            progress(reported, max(reported, sum(p.selected or 0 for p in processes)))
    for finished in processes:
        finished.log.close()

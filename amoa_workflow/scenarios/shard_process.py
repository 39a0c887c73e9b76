"""The pytest process of one shard, seen from the runner: started in a session of its own, followed
(scenarios reported out of scenarios selected, read from its files as they grow), and killed with
everything it started (xdist workers, services under test) when the run's deadline passes.

Started in a session of its own, a shard does not get the terminal's Ctrl-C: whoever is
interrupted stops the shards (:func:`stop_all`: SIGTERM to each process group, SIGKILL after a
grace period). Every shard process alive in this process is known here, so that the first signal
stops them gracefully and a second one kills them at once: no pytest process outlives us."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from amoa_workflow.errors import signal_of

Progress = Callable[[int, int], None]  # (scenarios reported, scenarios selected so far)
GRACE = 3.0  # seconds a shard has to end on SIGTERM before SIGKILL

_alive: set[ShardProcess] = set()
_alive_lock = threading.Lock()


@dataclass(eq=False)
class ShardProcess:
    index: int
    folder: Path  # holds results.jsonl (one line per scenario reported) and manifest.json
    process: subprocess.Popen[bytes]
    log: IO[bytes]
    deadline: float  # time.monotonic() past which it is killed
    timed_out: bool = False
    interrupted: int | None = None  # the signal that stopped it, when we were interrupted
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
        shard = cls(index, folder, process, log, time.monotonic() + timeout)
        with _alive_lock:
            _alive.add(shard)
        return shard

    def manifest(self) -> list[dict[str, Any]] | None:
        """The scenarios it selected, once its collection is over."""
        path = self.folder / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def kill(self) -> None:
        self._signal(signal.SIGKILL)
        self.process.wait()
        self._forget()

    def stop(self, signum: int) -> None:
        """Ask it (and its group) to end: SIGTERM; what ``wait`` or :func:`stop_all` then reaps."""
        self.interrupted = signum
        self._signal(signal.SIGTERM)

    def _signal(self, signum: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, signum)
            elif signum == signal.SIGKILL:
                self.process.kill()
            else:
                self.process.terminate()
        except (ProcessLookupError, PermissionError):
            pass

    def _forget(self) -> None:
        with _alive_lock:
            _alive.discard(self)

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


def alive() -> list[ShardProcess]:
    with _alive_lock:
        return list(_alive)


def stop_all(signum: int, grace: float = GRACE) -> None:
    """Stop every shard process of this process and all they started; SIGKILL what outlives ``grace``."""
    stop(alive(), signum, grace)


def stop(stopping: Sequence[ShardProcess], signum: int, grace: float = GRACE) -> None:
    """Stop these shard processes and all they started; SIGKILL what outlives ``grace``."""
    for shard in stopping:
        shard.stop(signum)
    deadline = time.monotonic() + grace
    for shard in stopping:
        with contextlib.suppress(subprocess.TimeoutExpired):
            shard.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        shard.kill()  # the group too: a worker or a service it started may ignore SIGTERM


def wait(processes: Sequence[ShardProcess], progress: Progress | None = None) -> None:
    """Until every process has ended or been killed at its deadline; reports progress as it goes.

    Interrupted (Ctrl-C, SIGTERM turned into :class:`~amoa_workflow.errors.Interrupted`), it stops
    every shard process before passing the interruption on; anything else that stops it (``progress``
    raised, a database error) stops its own processes first: no pytest process is left running."""
    try:
        _wait(processes, progress)
    except KeyboardInterrupt as interruption:
        stop_all(signal_of(interruption))
        raise
    except BaseException:
        stop(processes, signal.SIGTERM)
        raise
    finally:
        for process in processes:
            process.log.close()
            if process.process.poll() is not None:
                process._forget()


def _wait(processes: Sequence[ShardProcess], progress: Progress | None) -> None:
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

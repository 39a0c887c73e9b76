"""A run of the scenarios: the runner it is given (a port) and what it gives back, and the id
that names the run's folder and its place in the campaign's history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from amoa_workflow.domain.file_names import file_name
from amoa_workflow.domain.model import ScenarioResult
from amoa_workflow.domain.selection import Selection


class ScenarioRunner(Protocol):
    def run(
        self,
        release: str,
        run_id: str,
        selection: Selection = ...,
        shards: int = ...,
        workers: int = ...,
        progress: Callable[[int, int], None] | None = ...,
    ) -> ScenarioRunLike: ...


class ScenarioRunLike(Protocol):
    @property
    def results(self) -> tuple[ScenarioResult, ...]: ...

    @property
    def folder(self) -> Path: ...

    @property
    def interrupted(self) -> int | None: ...  # the signal that stopped it; results are what finished


RUN_TIME = "%Y%m%dT%H%M%S%fZ"


def new_run_id(key: str, clock: Callable[[], datetime]) -> str:
    """``<campaign>/<UTC time>``: the run's folder under the runs directory and its key in the history."""
    return f"{file_name(key, 'campaign', 'campaign key')}/{clock().strftime(RUN_TIME)}"


def run_started(run_folder: str) -> datetime | None:
    """When a run started, read from its folder's name (:func:`new_run_id`); None for another name
    (a tester's results: they were recorded as they came)."""
    try:
        return datetime.strptime(Path(run_folder).name, RUN_TIME).replace(tzinfo=UTC)
    except ValueError:
        return None

"""Run the Gherkin scenarios with pytest-bdd in a subprocess and read back what happened.

One subprocess per run: in-process reruns would reuse stale parsed features and modules.
The results come from our own plugin (:mod:`amoa_workflow.scenario_plugin`), never from
``--cucumberjson``, which reports undefined steps as passed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.errors import FileMissing, RunnerError

RELEASE_VARIABLE = "AMOA_RELEASE"
_RUN_INI = "[pytest]\nfilterwarnings =\n    ignore::pytest.PytestUnknownMarkWarning\n"
# pytest's exit codes: 0 all passed, 1 some failed, 5 nothing collected. Anything else is ours to report.
_NORMAL_EXITS = (0, 1, 5)


@dataclass(frozen=True)
class ScenarioRun:
    """Where a run happened and what it produced."""

    results: tuple[ScenarioResult, ...]
    folder: Path
    exit_code: int


@dataclass(frozen=True)
class PytestBddRunner:
    """Runs the features of a project; the results file and pytest's output go to ``runs_dir``."""

    project_dir: Path
    features_dir: Path
    runs_dir: Path
    requirement_pattern: str
    timeout: float

    def run(self, release: str, run_id: str) -> ScenarioRun:
        if not self.features_dir.is_dir():
            raise FileMissing(self.features_dir)
        folder = self.runs_dir / run_id
        folder.mkdir(parents=True, exist_ok=True)
        results_file = folder / "results.jsonl"
        results_file.unlink(missing_ok=True)
        ini = folder / "pytest.ini"
        ini.write_text(_RUN_INI, encoding="utf-8")
        command = [
            sys.executable, "-m", "pytest", str(self.features_dir),
            "-p", "amoa_workflow.scenario_plugin", "-p", "no:cacheprovider",
            "-c", str(ini), "--rootdir", str(self.project_dir), "--confcutdir", str(self.features_dir),
            "--continue-on-collection-errors", "--amoa-results", str(results_file),
            "-q", "--no-header", "-rN",
        ]  # fmt: skip
        environment = {**os.environ, RELEASE_VARIABLE: release, "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            completed = subprocess.run(
                command,
                cwd=self.project_dir,
                env=environment,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RunnerError(
                features=str(self.features_dir), detail=f"no result after {self.timeout:.0f} s (run_timeout)"
            ) from None
        (folder / "pytest.log").write_text(completed.stdout + completed.stderr, encoding="utf-8")
        if completed.returncode not in _NORMAL_EXITS:
            tail = (completed.stderr or completed.stdout).strip().splitlines()[-1:] or ["?"]
            raise RunnerError(
                features=str(self.features_dir), detail=f"pytest exit code {completed.returncode}: {tail[0]}"
            )
        results = read_results(results_file, re.compile(self.requirement_pattern))
        return ScenarioRun(results=results, folder=folder, exit_code=completed.returncode)


def read_results(path: Path, requirement_pattern: re.Pattern[str]) -> tuple[ScenarioResult, ...]:
    if not path.is_file():
        return ()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(sorted((to_result(r, requirement_pattern) for r in records), key=lambda r: r.key))


def to_result(record: dict[str, Any], requirement_pattern: re.Pattern[str]) -> ScenarioResult:
    tags = tuple(record.get("tags", ()))
    return ScenarioResult(
        key=record["key"],
        feature_path=record["feature_path"],
        feature_name=record.get("feature_name", ""),
        scenario=record.get("scenario", ""),
        line=int(record.get("line", 0)),
        status=Status(record["status"]),
        tags=tags,
        requirement_codes=tuple(t for t in tags if requirement_pattern.fullmatch(t)),
        example=tuple((str(k), str(v)) for k, v in record.get("example", ())),
        duration=float(record.get("duration", 0.0)),
        message=record.get("message"),
        steps=tuple(
            StepResult(
                position=int(step.get("position", index)),
                keyword=step["keyword"],
                text=step["text"],
                line=int(step["line"]),
                status=Status(step["status"]),
                duration=float(step.get("duration", 0.0)),
                error=step.get("error"),
            )
            for index, step in enumerate(record.get("steps", ()))
        ),
    )

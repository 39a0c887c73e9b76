"""Run the Gherkin scenarios with pytest-bdd in subprocesses and read back what happened.

One subprocess per run, or per shard: in-process reruns would reuse stale parsed features and
modules. The results come from our own plugin (:mod:`amoa_workflow.scenarios.plugin`), never
from ``--cucumberjson``, which reports undefined steps as passed.

A run is planned (:meth:`PytestBddRunner.plan`, made in :mod:`amoa_workflow.scenarios.planning`:
which scenarios, which shard gets which feature files), each shard runs in its own process
(:meth:`~PytestBddRunner.run_shard`, optionally with xdist workers), and the shards' results are
merged (:meth:`~PytestBddRunner.merge`) into what a serial run gives; a run that found no scenario
at all (an empty features folder, a selection that matches nothing) is refused there, before
anything is recorded. :meth:`~PytestBddRunner.run`
does the three, shards in parallel; a Prefect flow calls them one task per shard. Past the run's
time limit the processes are killed and every scenario that had not reported becomes an ``error``
result saying so: nothing hangs, nothing is silently lost. Interrupted (Ctrl-C, SIGTERM), the
shards are stopped and the run holds what had finished, marked :attr:`ScenarioRun.interrupted`: it
is recorded as a partial run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amoa_workflow.domain import shards as shard_rules
from amoa_workflow.domain.file_names import inside
from amoa_workflow.domain.manual import DEFAULT_TAGS as DEFAULT_MANUAL_TAGS
from amoa_workflow.domain.model import ScenarioResult
from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.errors import DuplicateScenario, NoScenarioFound, RunnerError, signal_of
from amoa_workflow.i18n import translator
from amoa_workflow.scenarios.bindings import binding_modules, project_import_root
from amoa_workflow.scenarios.planning import Features
from amoa_workflow.scenarios.planning import RunPlan as RunPlan  # where the flows and handover read it
from amoa_workflow.scenarios.planning import Shard as Shard
from amoa_workflow.scenarios.pytest_log import cause
from amoa_workflow.scenarios.records import not_run, read_lines, to_record, to_result
from amoa_workflow.scenarios.shard_process import Progress, ShardProcess, stop_all, wait
from amoa_workflow.scenarios.shard_spec import write_spec

RELEASE_VARIABLE = "AMOA_RELEASE"
BYTECODE = ".bytecode"  # under the runs folder, without a cache folder: the scenario processes' bytecode
_RUN_INI = "[pytest]\nfilterwarnings =\n    ignore::pytest.PytestUnknownMarkWarning\n"
# pytest's exit codes: 0 all passed, 1 some failed, 5 nothing collected. Anything else is ours to report.
_NORMAL_EXITS = (0, 1, 5)


@dataclass(frozen=True)
class ShardRun:
    index: int
    results: tuple[ScenarioResult, ...]
    exit_code: int


@dataclass(frozen=True)
class ScenarioRun:
    """Where a run happened and what it produced."""

    results: tuple[ScenarioResult, ...]
    folder: Path
    exit_code: int
    selection: Selection = EVERYTHING
    shards: int = 1
    interrupted: int | None = None  # the signal that stopped it; then ``results`` are what finished


@dataclass(frozen=True)
class PytestBddRunner:
    """Runs the features of a project; each run's files go to ``runs_dir / run_id``."""

    project_dir: Path
    features_dir: Path
    runs_dir: Path
    requirement_pattern: str
    timeout: float  # whole run, seconds
    scenario_timeout: float = 0.0  # per scenario, seconds; 0 for none
    lang: str = "en"
    step_index: bool = True
    manual_tags: tuple[str, ...] = DEFAULT_MANUAL_TAGS  # scenarios recorded pending, never executed
    python: Sequence[str] = field(default=(sys.executable,))
    # (feature file, scenario) → seconds, from the run history: what shards are balanced by
    durations: Callable[[], Mapping[tuple[str, str], float]] | None = None
    bytecode_dir: Path | None = None  # where the scenario processes keep their bytecode (runs_dir/.bytecode)

    def plan(self, selection: Selection = EVERYTHING, shards: int = 1, workers: int = 0) -> RunPlan:
        """Which feature files each shard runs; checks the selected paths (made project-relative)."""
        features = Features(self.project_dir, self.features_dir, self.manual_tags, self.durations)
        return features.plan(selection, shards, workers)

    def run(
        self,
        release: str,
        run_id: str,
        selection: Selection = EVERYTHING,
        shards: int = 1,
        workers: int = 0,
        progress: Progress | None = None,
    ) -> ScenarioRun:
        """Plan, run every shard in parallel, merge."""
        plan = self.plan(selection, shards, workers)
        folder = self._folder(run_id)
        processes: list[ShardProcess] = []
        try:
            processes += [self._launch(release, folder, plan, shard) for shard in plan.shards]
            wait(processes, progress)
        except KeyboardInterrupt as interruption:  # the shards are stopped: keep what they finished
            signum = signal_of(interruption)
            stop_all(signum)
            return self.merge(run_id, plan, [self._collect(process) for process in processes], signum)
        return self.merge(run_id, plan, [self._collect(process) for process in processes])

    def run_shard(
        self, release: str, run_id: str, plan: RunPlan, index: int, progress: Progress | None = None
    ) -> ShardRun:
        """Run one shard of ``plan`` (1-based ``index``) and wait for it."""
        shard = next(s for s in plan.shards if s.index == index)
        process = self._launch(release, self._folder(run_id), plan, shard)
        wait([process], progress)
        return self._collect(process)

    def merge(
        self, run_id: str, plan: RunPlan, shard_runs: Sequence[ShardRun], interrupted: int | None = None
    ) -> ScenarioRun:
        """The shards' results as one run, ordered as a serial run stores them; ``interrupted`` by
        that signal, what finished."""
        folder = self._folder(run_id)
        try:
            results = shard_rules.merge(run.results for run in shard_runs)
        except shard_rules.DuplicateResult as twice:
            raise DuplicateScenario(key=twice.key, first=twice.first, second=twice.second) from None
        if not results and interrupted is None:  # recorded, it would stand for the campaign's results
            raise NoScenarioFound(self.features_dir, plan.selection.describe())
        merged = folder / "results.jsonl"
        whole = interrupted is None and len(shard_runs) == 1
        own = folder / f"shard-{shard_runs[0].index}" / "results.jsonl" if shard_runs else merged
        if whole and shard_runs[0].exit_code in _NORMAL_EXITS and own.is_file():  # the shard's own lines
            shutil.copyfile(own, merged)
        else:
            lines = (json.dumps(to_record(r), ensure_ascii=False) + "\n" for r in results)
            merged.write_text("".join(lines), encoding="utf-8")
        exit_code = max((run.exit_code for run in shard_runs), default=5)
        shards = max(len(plan.shards), 1)
        return ScenarioRun(results, folder, exit_code, plan.selection, shards, interrupted)

    def shard_folder(self, run_id: str, index: int) -> Path:
        """Where shard ``index`` of run ``run_id`` keeps its files on this host."""
        return self._folder(run_id) / f"shard-{index}"

    def _folder(self, run_id: str) -> Path:
        folder = inside(self.runs_dir, tuple(run_id.split("/")), "run", "run key")
        self.runs_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # the runs' evidence: owner only
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return folder

    def _bytecode(self) -> dict[str, str]:
        """Where the scenario processes keep their bytecode (ours, pytest's rewritten conftests, the
        project's step modules): compiled once, reused by the next runs (of every project, in the
        user's cache), never beside the project's files."""
        return {"PYTHONPYCACHEPREFIX": str(self.bytecode_dir or self.runs_dir / BYTECODE)}

    def _launch(self, release: str, folder: Path, plan: RunPlan, shard: Shard) -> ShardProcess:
        shard_folder = folder / f"shard-{shard.index}"  # what shard_folder() says
        shard_folder.mkdir(parents=True, exist_ok=True)
        for name in ("results.jsonl", "manifest.json"):
            (shard_folder / name).unlink(missing_ok=True)
        ini = shard_folder / "pytest.ini"
        ini.write_text(_RUN_INI, encoding="utf-8")
        spec = shard_folder / "shard.json"
        write_spec(spec, shard.only, shard.skip, plan.roots, shard.scenarios)
        modules = binding_modules(self.project_dir, self.features_dir, skip=(self.runs_dir,))
        command = [
            *self.python, "-m", "pytest", *plan.roots, *modules,
            "-p", "amoa_workflow.scenarios.plugin", "-p", "no:cacheprovider",
            "-c", str(ini), "--rootdir", str(self.project_dir), "--confcutdir", str(self.project_dir),
            "--continue-on-collection-errors", "-q", "--no-header", "-rN",
            "--amoa-results", str(shard_folder / "results.jsonl"),
            "--amoa-manifest", str(shard_folder / "manifest.json"),
            "--amoa-shard", str(spec), "--amoa-lang", self.lang,
            "--amoa-manual-tags", ",".join(self.manual_tags),
        ]  # fmt: skip
        if not plan.selection.is_everything:
            selection_file = shard_folder / "selection.json"
            selection_file.write_text(
                json.dumps(plan.selection.to_json(), ensure_ascii=False), encoding="utf-8"
            )
            command += ["--amoa-selection", str(selection_file)]
        if self.scenario_timeout > 0:
            command += ["--amoa-scenario-timeout", str(self.scenario_timeout)]
        if not self.step_index:
            command.append("--amoa-no-step-index")
        if plan.workers > 1:
            command += ["-n", str(plan.workers)]
        environment = {**os.environ, RELEASE_VARIABLE: release, **self._bytecode()}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        importable = [project_import_root(self.project_dir), os.environ.get("PYTHONPATH", "")]
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, importable))
        return ShardProcess.start(
            shard.index, shard_folder, command, self.project_dir, environment, self.timeout
        )

    def _collect(self, process: ShardProcess) -> ShardRun:
        t = translator(self.lang)
        pattern = re.compile(self.requirement_pattern)
        records = read_lines(process.folder / "results.jsonl")
        code = process.process.returncode
        if process.interrupted is not None:  # stopped on purpose: what finished, nothing made up
            return ShardRun(process.index, tuple(to_result(r, pattern) for r in records), code)
        if process.timed_out or code not in _NORMAL_EXITS:
            log = (process.folder / "pytest.log").read_text(encoding="utf-8", errors="replace").strip()
            tail = cause(log, self.project_dir, t)
            if process.timed_out:
                message = t("run.not_finished", seconds=f"{self.timeout:g}")
                detail = f"no result after {self.timeout:g} s (run_timeout)"
            else:
                message = t("run.stopped", code=code, detail=tail)
                detail = f"pytest exit code {code}: {tail}"
            selected = process.manifest()
            if selected is None:  # it never got as far as knowing its scenarios
                raise RunnerError(features=str(self.features_dir), detail=detail)
            reported = {r["key"] for r in records}
            records += [not_run(entry, message) for entry in selected if entry["key"] not in reported]
        return ShardRun(process.index, tuple(to_result(r, pattern) for r in records), code)

"""What our runs cost against raw pytest-bdd on the same generated suite, measured in one process.

Three cases (``--case``, default all), each timing subprocess runs alternately, median of ``--repeat``:

  plain  1000 scenarios (50 files × 20 × 3 steps). raw ``pytest`` on a ``scenarios(".")`` module
         vs our runner (plugin, per-step records, read back), vs our runner + recording the run in
         SQLite (what ``amoa run`` does). Target: ours / raw ≤ 1.10.
         With ``--prefect``: the same through the Prefect checkpoint flow (ingest, shard tasks,
         record, report); the embedded server's start is timed apart, not in the ratio.
  io     the same suite, the "When" step waiting 5 ms (a call to the system under test): ours
         sharded on 2 processes, and on 2 xdist workers, vs raw serial pytest. Target ≤ 0.60.
  steps  the same suite with 2000 more step definitions in the library: raw pytest-bdd's lookup
         is linear; ours (indexed) vs ours without the extra definitions. Target ≤ 1.5.
         Raw pytest-bdd and our runner without the index are measured once (they are slow).

    .venv/bin/python benchmarks/runner_overhead.py [--case plain|io|steps|all] [--repeat 3] [--prefect]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.scenarios.runner import PytestBddRunner
from amoa_workflow.settings.project import load_settings
from benchmarks.suite import generate

SCENARIOS = 1000


def raw(root: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", str(root / "features" / "raw_suite.py"), "-q",
         "-p", "no:cacheprovider", "-c", str(root / "pytest.ini"), "--rootdir", str(root)],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if completed.returncode != 0 or f"{SCENARIOS} passed" not in completed.stdout:
        raise SystemExit(f"raw pytest-bdd did not pass:\n{completed.stdout[-2000:]}")
    return elapsed


def project(root: Path, **suite: float) -> Application:
    generate(root, **suite)  # type: ignore[arg-type]
    app = bootstrap(load_settings(root, environ={"AMOA_DATABASE_URL": f"sqlite:///{root / 'amoa.db'}"}))
    services.ingest(app.uow(), app.sources, "1.0.0")
    return app


def ours(
    app: Application, record: bool = False, runner: PytestBddRunner | None = None, **options: int
) -> float:
    started = time.perf_counter()
    run = services.run_scenarios(runner or app.runner, "1.0.0", "bench-1.0.0", services.utc_now, **options)  # type: ignore[arg-type]
    if record:
        services.record_campaign(
            app.uow(), "bench", "bench", "1.0.0", "bench-1.0.0", run.results, str(run.folder)
        )
    elapsed = time.perf_counter() - started
    passed = sum(1 for r in run.results if r.status.value == "passed")
    if passed != SCENARIOS:
        raise SystemExit(f"our run: {passed} of {len(run.results)} scenarios passed, expected {SCENARIOS}")
    return elapsed


def median(measure: Callable[[], float], repeat: int) -> float:
    return statistics.median(measure() for _ in range(repeat))


def alternate(measures: dict[str, Callable[[], float]], repeat: int) -> dict[str, float]:
    """Each measure once per round, rounds repeated: drifts of the machine hit all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def line(label: str, seconds: float, reference: float | None = None, target: str = "") -> None:
    ratio = f"{seconds / reference:6.2f}×" if reference else ""
    print(f"  {label:<52} {seconds:7.2f} s  {ratio}  {target}")


def plain(folder: Path, repeat: int, with_prefect: bool) -> float:
    app = project(folder / "plain")
    root = app.settings.project_dir
    found = alternate(
        {"raw": lambda: raw(root), "ours": lambda: ours(app), "recorded": lambda: ours(app, record=True)},
        repeat,
    )
    print(f"plain: {SCENARIOS} scenarios × 3 steps (50 files × 20), median of {repeat}")
    line("raw pytest-bdd", found["raw"])
    line("amoa runner (subprocess, plugin, read back)", found["ours"], found["raw"], "target ≤ 1.10")
    line("amoa run: runner + record in SQLite", found["recorded"], found["raw"], "target ≤ 1.10")
    if with_prefect:
        server, empty, flow_time = prefect(root, repeat)
        line("Prefect: embedded server start (apart, not in ratios)", server)
        line("Prefect: an empty flow run (0-1 s: heartbeat join)", empty)
        line("Prefect checkpoint flow: ingest, run, record, report", flow_time, found["raw"])
    return found["ours"]


def prefect(root: Path, repeat: int) -> tuple[float, float, float]:
    os.environ.setdefault("PREFECT_HOME", str(root / "prefect-home"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect import flow

    from flows.checkpoint import acceptance_checkpoint

    @flow(name="warm-up")
    def warm_up() -> None:
        pass

    def timed(call: Callable[[], object]) -> float:
        started = time.perf_counter()
        call()
        return time.perf_counter() - started

    server = timed(warm_up)  # the first API call starts the embedded server
    empty = median(lambda: timed(warm_up), repeat)
    checkpoint = median(
        lambda: timed(
            lambda: acceptance_checkpoint(release="1.0.0", project_dir=str(root), campaign="bench")
        ),
        repeat,
    )
    return server, empty, checkpoint


def io_bound(folder: Path, repeat: int) -> None:
    app = project(folder / "io", io_wait_ms=5)
    root = app.settings.project_dir
    found = alternate(
        {"raw": lambda: raw(root), "shards": lambda: ours(app, shards=2),
         "workers": lambda: ours(app, workers=2)}, repeat,
    )  # fmt: skip
    print(f"io: the same, one step waiting 5 ms, median of {repeat}")
    line("raw pytest-bdd, serial", found["raw"])
    line("amoa runner, --shards 2", found["shards"], found["raw"], "target ≤ 0.60")
    line("amoa runner, --workers 2 (xdist)", found["workers"], found["raw"], "target ≤ 0.60")


def steps(folder: Path, repeat: int, ours_plain: float | None) -> None:
    base = project(folder / "base")
    extra = project(folder / "extra", extra_steps=2000)
    measures = {"extra": lambda: ours(extra)}
    if ours_plain is None:
        measures["base"] = lambda: ours(base)
    found = alternate(measures, repeat)
    base_time = ours_plain if ours_plain is not None else found["base"]
    raw_base, raw_extra = (
        median(lambda: raw(base.settings.project_dir), repeat),
        raw(extra.settings.project_dir),
    )
    linear = ours(extra, runner=replace(extra.runner, step_index=False))
    print(
        f"steps: the same suite, +2000 step definitions in the library (median of {repeat}; linear ones once)"
    )
    line("raw pytest-bdd, no extra definitions", raw_base)
    line("raw pytest-bdd, +2000 definitions", raw_extra, raw_base)
    line("amoa runner, no extra definitions", base_time)
    line("amoa runner, +2000 definitions (step index)", found["extra"], base_time, "target ≤ 1.5")
    line("amoa runner, +2000 definitions, index off", linear, base_time)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--case", choices=("plain", "io", "steps", "all"), default="all")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--prefect", action="store_true", help="also run the Prefect checkpoint flow (plain case)"
    )
    options = parser.parse_args()
    # Our modules compiled once, as an installed Python has them (pytest's come compiled by pip).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        ours_plain = None
        if options.case in ("plain", "all"):
            ours_plain = plain(Path(folder), options.repeat, options.prefect)
        if options.case in ("io", "all"):
            io_bound(Path(folder), options.repeat)
        if options.case in ("steps", "all"):
            steps(Path(folder), options.repeat, ours_plain)


if __name__ == "__main__":
    main()

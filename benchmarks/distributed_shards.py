"""One checkpoint spread over 1, 2 and 4 workers of a real Prefect server, and what a shard costs.

A generated recette of 2000 scenarios (100 files × 20 × 3 steps, each step waiting 5 ms: a call to
the system under test) is checked by the checkpoint flow (ingest, run, record, PV) with its shards
sent to the work pool (``shard_deployment``): N process workers on the queue ``shards``, one run at
a time each, each in a folder of its own with its own copy of the project; the results come back
through the project database (SQLite here). For N = 1, 2, 4 it times the whole checkpoint (``N``
shards, ``N`` workers) and the shard phase alone (first shard sent → last shard completed), and
gives the ratio to one worker (target with two: ≤ 0.60).

The fixed cost of one shard sent to the pool (run_deployment, the worker's poll, a new process,
imports, pull step, bootstrap, the hand-over) is the checkpoint of one feature file (20 scenarios)
sent to the pool as one shard, minus the same checkpoint with its shard run in the checkpoint's own
process (a thread + a subprocess, the embedded default).

    .venv/bin/python benchmarks/distributed_shards.py [--workers 1,2,4] [--files 100] [--repeat 1]
                                                      [--keep DIR] [--prefect-database URL] [--engine]

The server, its workers and the checkpoint all run on this machine (2 cores, shared): the workers
poll every second (``PREFECT_WORKER_QUERY_SECONDS=1``). Each host has run one feature file once
before it is measured (untimed): all start in the same state, their scenario processes' bytecode
compiled, as any host after its first run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from amoa_workflow.cli.local_server import wait_until_answering  # noqa: E402
from benchmarks.suite import generate  # noqa: E402
from tests.receivers import free_port  # noqa: E402  (20000-32000: out of the kernel's ephemeral range)

SHARD_DEPLOYMENT = "acceptance-shard/acceptance-shard"


def load() -> str:
    """The load average (1, 5, 15 min): what else this machine was doing meanwhile."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@contextmanager
def server(folder: Path, database: str | None = None) -> Any:
    """A Prefect server on loopback (its database: SQLite in its home, or ``database``); this
    process's environment points at it (before Prefect is imported)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {"PREFECT_HOME": str(folder / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}  # fmt: skip
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env | ({"PREFECT_API_DATABASE_CONNECTION_URL": database} if database else {}),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    try:
        try:
            wait_until_answering(api, process, within=120)
        except RuntimeError as error:
            raise SystemExit(f"{error}\n" + (folder / "server.log").read_text()[-2000:]) from None
        env |= {
            "PREFECT_API_URL": api,
            "PREFECT_WORKER_QUERY_SECONDS": "1",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        }
        yield env
    finally:
        stop(process)


def prefect(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(BIN / "prefect"), *args], env=env, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)


def workers(env: dict[str, str], project: Path, folder: Path, count: int) -> list[subprocess.Popen[bytes]]:
    """``count`` workers of the queue ``shards``, each in a folder with a copy of ``project``."""
    started = []
    for number in range(1, count + 1):
        host = folder / f"host-{number}"
        if not host.exists():
            shutil.copytree(project, host / "projet", ignore=shutil.ignore_patterns("data", "amoa.db"))
            warm(env, host / "projet")
        with (host / "worker.log").open("ab") as log:
            started.append(
                subprocess.Popen(
                    [str(BIN / "prefect"), "worker", "start", "--pool", "amoa", "--name", f"host-{number}",
                     "--work-queue", "shards", "--limit", "1"],
                    env=env | {"AMOA_PROJECT_DIR": str(host / "projet")}, cwd=host, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            )  # fmt: skip
    time.sleep(8)  # each has started and polls
    return started


def warm(env: dict[str, str], copy: Path) -> None:
    """One feature file run once on this host (``amoa run``, its own database), untimed: its scenario
    processes' bytecode is compiled (in the user's cache, shared by the hosts of one machine) as on
    any host after its first run, so that every host starts each measure in the same state (a fresh
    host pays ~1.5 s of CPU once)."""
    local = {k: v for k, v in env.items() if k not in ("AMOA_DATABASE_URL", "AMOA_PROJECT_DIR")}
    subprocess.run(
        [str(BIN / "amoa"), "-p", str(copy), "run", "-r", "1.0.0", "--path", "features/paie_00.feature"],
        env=local, cwd=copy, capture_output=True, check=False,
    )  # fmt: skip


def checkpoint(project: Path, campaign: str, **parameters: Any) -> tuple[float, float | None]:
    """Run the checkpoint flow here; its wall time, and that of its shard phase when sent to the pool."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    from flows.checkpoint import acceptance_checkpoint

    started = time.perf_counter()
    state = acceptance_checkpoint(
        release="1.0.0", project_dir=str(project), campaign=campaign, wait_for_approval="none",
        return_state=True, **parameters,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if not state.is_completed():
        raise SystemExit(f"the checkpoint ended {state.name}: {state.message}")
    if not parameters.get("shard_deployment"):
        return elapsed, None
    with get_client(sync_client=True) as client:
        parent = state.state_details.flow_run_id
        assert parent is not None
        children = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[parent]))
        )
    first = min(run.created for run in children if run.created)
    last = max(run.end_time for run in children if run.end_time)
    return elapsed, (last - first).total_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the logs, the database)")
    parser.add_argument(
        "--prefect-database", help="the Prefect server's database (postgresql+asyncpg://…); default SQLite"
    )
    parser.add_argument(
        "--engine",
        action="store_true",
        help="the shard deployment names its interpreter (job variable command): no workspace supervisor",
    )
    options = parser.parse_args()
    counts = [int(n) for n in options.workers.split(",")]
    with contextlib.ExitStack() as stack:
        if options.keep:
            folder = options.keep
            folder.mkdir(parents=True)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="amoa-distributed-")))
        project = folder / "coordinator"
        generate(project, files=options.files, scenarios=20, io_wait_ms=5, io_every_step=True)
        database = f"sqlite:///{folder / 'shared' / 'amoa.db'}"
        (folder / "shared").mkdir()
        with server(folder, options.prefect_database) as env:
            env |= {
                "AMOA_DATABASE_URL": database,
                "AMOA_CODE_DIR": str(REPO),
                "AMOA_PROJECT_DIR": str(project),
            }
            os.environ.update(env)  # for the checkpoint flow run in this process (Prefect not imported yet)
            prefect(env, "work-pool", "create", "amoa", "--type", "process", "--overwrite")  # a reused server
            command = f"command={sys.executable} -m prefect.engine"
            engine = ["--job-variable", command] if options.engine else []
            prefect(env, "--no-prompt", "deploy", "--name", "acceptance-shard", *engine)
            scenarios = options.files * 20
            print(
                f"{scenarios} scenarios × 3 steps × 5 ms; our database SQLite, Prefect's "
                f"{'PostgreSQL' if options.prefect_database else 'SQLite'}"
                f"{'; shards started by the engine alone' if options.engine else ''}; "
                f"{os.cpu_count()} cores, load {load()}"
            )
            results: dict[int, tuple[float, float]] = {}
            for count in counts:
                results[count] = spread(env, project, folder, count, options.repeat)
                (whole, phase), (one, one_phase) = results[count], results[counts[0]]
                print(
                    f"{count} worker(s), {count} shard(s): checkpoint {whole:6.1f} s ({whole / one:.2f}×), "
                    f"shard phase {phase:6.1f} s ({phase / one_phase:.2f}×); load {load()}",
                    flush=True,
                )
            pooled, local = fixed_cost(env, project, folder)
            print(
                f"fixed cost of a shard sent to the pool: {pooled - local:.1f} s (one file, 20 scenarios: "
                f"{pooled:.1f} s on the pool, {local:.1f} s in the checkpoint's own process); load {load()}"
            )


def spread(env: dict[str, str], project: Path, folder: Path, count: int, repeat: int) -> tuple[float, float]:
    """The checkpoint in ``count`` shards on ``count`` workers: median whole and shard-phase times."""
    started = workers(env, project, folder, count)
    try:
        timed = [
            checkpoint(project, f"bench-{count}-{n}", shards=count, shard_deployment=SHARD_DEPLOYMENT,
                       shard_lost_after=120)
            for n in range(repeat)
        ]  # fmt: skip
    finally:
        for worker in started:
            stop(worker)
    return statistics.median(t for t, _ in timed), statistics.median(p or 0.0 for _, p in timed)


def fixed_cost(env: dict[str, str], project: Path, folder: Path) -> tuple[float, float]:
    """One feature file checked with its one shard on the pool, and in the checkpoint's process."""
    one_file = {"paths": ["features/paie_00.feature"], "shards": 1}
    started = workers(env, project, folder, 1)
    try:
        pooled = [
            checkpoint(project, f"fixed-pool-{n}", shard_deployment=SHARD_DEPLOYMENT, **one_file)[0]
            for n in range(3)
        ]
        local = [checkpoint(project, f"fixed-local-{n}", **one_file)[0] for n in range(3)]
    finally:
        for worker in started:
            stop(worker)
    return statistics.median(pooled), statistics.median(local)


if __name__ == "__main__":
    main()

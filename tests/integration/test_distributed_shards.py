"""One checkpoint across two hosts, on a real Prefect server: each shard a flow run any worker takes.

The checkpoint deployment runs on a coordinating worker; two process workers serving the queue
``shards`` (one run at a time each) start in two folders of their own, each with its own copy of
the acceptance project (its own ``data/``): nothing is shared but the database. The checkpoint
sends its two shards to the pool (``run_deployment`` of ``acceptance-shard``): each worker runs
one, with its copy, and hands its results over through the database; the PV is then read from a
third folder with ``amoa report``. A worker killed in the middle of its shard (the host lost: the
worker, its flow run and the pytest process) does not lose the campaign: the checkpoint notices the
silence, sends the shard again, the other worker runs it, the rows of the dead attempt are replaced.

Reuses the server machinery of :mod:`tests.integration.test_prefect_server_gate`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_VARIABLE, _postgres_schema_url
from tests.integration import test_prefect_server_gate as server
from tests.integration.test_prefect_server_gate import BIN, PRELUDE, REPO, prefect
from tests.processes import stop

prefect_env = server.prefect_env  # the same fixture: a Prefect server on a free loopback port

pytestmark = pytest.mark.prefect

# A feature whose scenarios take a while (0.4 s each), so a worker can be lost in the middle of it.
SLOW_STEP = """

@given(parsers.parse("une saisie qui prend {ms:d} ms"))
def _saisie_lente(ms: int) -> None:
    import time

    time.sleep(ms / 1000)
"""


def slow_feature(name: str, count: int) -> str:
    scenarios = "\n".join(
        f"  Scénario: Saisie lente {name} {n}\n    Étant donné une saisie qui prend 400 ms\n"
        for n in range(1, count + 1)
    )
    return f"# language: fr\nFonctionnalité: Saisies lentes {name}\n\n{scenarios}"


# Start the checkpoint with 2 shards sent to the pool (when a host is to be lost: three files of the
# features only); print its end, and which host was lost.
DRIVER = """
kill_when_running = json.loads(sys.argv[3])
# A worker is taken for lost after 15 s of silence when one is killed; else after 90 s: two busy
# cores can keep a live shard silent for more than 15 s, and nothing is to be lost.
parameters = {"shards": 2, "shard_deployment": "acceptance-shard/acceptance-shard",
              "shard_lost_after": 15 if kill_when_running else 90, "wait_for_approval": "none"}
if kill_when_running:  # a partial checkpoint, as the UI's form would start it: two files and the payroll
    parameters["paths"] = [f"features/{name}.feature" for name in ("saisies_a", "saisies_b", "paie")]
story = {"killed": None}
with get_client(sync_client=True) as client:
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", parameters=parameters, timeout=0)
    if kill_when_running:  # tell the test which shard is running where; it kills that host
        print(json.dumps({"ready": str(run.id)}), flush=True)
        story["killed"] = sys.stdin.readline().strip()
    final = state_when(client, run.id, lambda s: s.is_final(), 240, "the checkpoint to end")
    story["final"] = {"type": final.type.value, "message": final.message or ""}
print(json.dumps(story))
"""


@pytest.fixture
def shared_database(tmp_path: Path) -> Iterator[str]:
    """The one thing the hosts share: PostgreSQL when given, else a SQLite file outside their folders."""
    base = os.environ.get(POSTGRES_VARIABLE)
    if base:
        yield from _postgres_schema_url(base)
    else:
        (tmp_path / "database").mkdir()
        yield f"sqlite:///{tmp_path / 'database' / 'amoa.db'}"


def hosts(sample_project: Path, tmp_path: Path, slow: bool) -> list[Path]:
    """The project's copies: the coordinator's (the sample), and one per shard host, each in its folder."""
    if slow:
        (sample_project / "features" / "saisies_a.feature").write_text(
            slow_feature("A", 12), encoding="utf-8"
        )
        (sample_project / "features" / "saisies_b.feature").write_text(
            slow_feature("B", 12), encoding="utf-8"
        )
        conftest = sample_project / "features" / "conftest.py"
        conftest.write_text(conftest.read_text(encoding="utf-8") + SLOW_STEP, encoding="utf-8")
    copies = []
    for number in (1, 2):
        copy = tmp_path / f"host-{number}" / "projet"
        shutil.copytree(sample_project, copy, ignore=shutil.ignore_patterns("data", "__pycache__"))
        copies.append(copy)
    return copies


def start_worker(env: dict[str, str], folder: Path, name: str, *queue: str) -> subprocess.Popen[bytes]:
    with (folder / f"{name}.log").open("wb") as log:
        return subprocess.Popen(
            [str(BIN / "prefect"), "worker", "start", "--pool", "amoa", "--name", name, *queue],
            env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def listening(log: Path, name: str, within: float = 90) -> None:
    """Wait until the worker ``name`` says it started (it polls its queue from then on)."""
    deadline = time.monotonic() + within
    while f"Worker '{name}' started!" not in log.read_text(errors="replace"):
        assert time.monotonic() < deadline, f"worker {name} did not start: " + log.read_text(errors="replace")
        time.sleep(0.2)


def processes_of(project: Path) -> list[int]:
    """Our processes that run for the host of ``project``: its worker's flow runs and their pytest."""
    marker = f"AMOA_PROJECT_DIR={project}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
    return found


def distributed_checkpoint(
    prefect_env: dict[str, str],
    sample_project: Path,
    tmp_path: Path,
    database: str,
    kill: bool,
    stale: bool = False,
) -> tuple[dict[str, object], list[Path], list[str]]:
    """Deploy, start the coordinator and two shard workers, run the checkpoint; the workers' logs.
    ``stale``: the second host's copy of the project is not the coordinator's."""
    copies = hosts(sample_project, tmp_path, slow=kill)
    if stale:
        feature = copies[1] / "features" / "paie.feature"
        feature.write_text(feature.read_text(encoding="utf-8").replace("22 %", "23 %"), encoding="utf-8")
    common = prefect_env | {
        "AMOA_CODE_DIR": str(REPO), "AMOA_LANG": "fr", "AMOA_DATABASE_URL": database,
        "PREFECT_LOGGING_LEVEL": "INFO",
    }  # fmt: skip
    coordinator = common | {"AMOA_PROJECT_DIR": str(sample_project)}
    prefect(coordinator, "work-pool", "create", "amoa", "--type", "process")
    prefect(coordinator, "--no-prompt", "deploy", "--name", "checkpoint-1.1.0", "--name", "acceptance-shard")
    started = [start_worker(coordinator, tmp_path, "coordinator", "--work-queue", "default")]
    for number, copy in enumerate(copies, start=1):
        env = common | {"AMOA_PROJECT_DIR": str(copy)}
        started.append(
            start_worker(env, copy.parent, f"host-{number}", "--work-queue", "shards", "--limit", "1")
        )
    for number, copy in enumerate(copies, start=1):  # both polling before the shards are sent: else
        listening(copy.parent / f"host-{number}.log", f"host-{number}")  # the first up may take both
    driver = subprocess.Popen(
        [sys.executable, "-c", PRELUDE + DRIVER, str(BIN / "amoa"), str(sample_project), json.dumps(kill)],
        env=coordinator, cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        if kill:
            assert driver.stdout is not None and driver.stdin is not None
            driver.stdout.readline()
            victim = lost_host(database, copies)
            for pid in [started[victim].pid, *processes_of(copies[victim - 1])]:  # the host, lost at once
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            driver.stdin.write(f"host-{victim}\n")
            driver.stdin.flush()
        out, err = driver.communicate(timeout=300)
    finally:
        if driver.poll() is None:
            driver.kill()
        for worker in started:
            stop(worker)
    logs = [(copy.parent / f"host-{n}.log").read_text(errors="replace") for n, copy in enumerate(copies, 1)]
    assert driver.returncode == 0, err[-3000:] + "\n".join(logs) + (tmp_path / "coordinator.log").read_text()
    return json.loads(out.strip().splitlines()[-1]), copies, logs


def lost_host(database: str, copies: list[Path]) -> int:
    """Once a shard has handed over a few of its slow scenarios: the index (1, 2) of its host."""
    engine = create_engine(database)
    query = text(
        "SELECT a.shard, a.attempt FROM shard_attempts a JOIN shard_results r ON r.run_key = a.run_key "
        "AND r.shard = a.shard AND r.attempt = a.attempt WHERE a.status = 'running' "
        "AND r.scenario_key LIKE '%saisies_%' GROUP BY a.shard, a.attempt HAVING count(*) >= 2"
    )
    try:
        for _ in range(600):
            with contextlib.suppress(Exception), engine.connect() as connection:  # not created yet
                running = connection.execute(query).first()
                if running is not None:
                    shard = running[0]
                    for number, copy in enumerate(copies, start=1):
                        if any(
                            f"shard {shard} de" in line and str(copy) in line for line in _log(copy, number)
                        ):
                            return number
            import time

            time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError("no shard ran its slow scenarios")


def _log(copy: Path, number: int) -> list[str]:
    path = copy.parent / f"host-{number}.log"
    return path.read_text(errors="replace").splitlines() if path.exists() else []


def rows(database: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(database)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


def test_two_workers_in_two_folders_each_run_one_shard_and_the_pv_is_read_from_a_third(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path, shared_database: str
) -> None:
    story, copies, logs = distributed_checkpoint(
        prefect_env, sample_project, tmp_path, shared_database, False
    )

    assert story["final"]["type"] == "COMPLETED", story  # type: ignore[index]
    started = [[line for line in log.splitlines() if " de recette-1.1.0/run-" in line and "(projet" in line]
               for log in logs]  # fmt: skip
    assert [len(lines) for lines in started] == [1, 1], logs  # each worker ran one shard…
    assert {lines[0].split("shard ")[1][0] for lines in started} == {"1", "2"}
    assert all(str(copy) in lines[0] for copy, lines in zip(copies, started, strict=True))  # …with its copy
    attempts = rows(shared_database, "SELECT shard, attempt, status FROM shard_attempts ORDER BY shard")
    assert attempts == [(1, 1, "finished"), (2, 1, "finished")]
    handed = rows(shared_database, "SELECT scenario_key FROM shard_results")
    recorded = rows(shared_database, "SELECT scenario_key FROM run_results")
    assert len(handed) == len(set(handed)) == len(recorded) > 20  # every result, once, in the database
    assert sorted(handed) == sorted(recorded)
    for copy in copies:
        assert not (copy / "data" / "reports").exists()  # the PV is made by the checkpoint, not the hosts

    reader = tmp_path / "lecteur" / "projet"
    shutil.copytree(sample_project / "config", reader / "config")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    pv_dir = reader / "pv"
    done = subprocess.run(
        [str(BIN / "amoa"), "-p", str(reader), "--lang", "fr", "report", "-r", "1.1.0", "-o", str(pv_dir)],
        env=env | {"AMOA_DATABASE_URL": shared_database}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    [pv] = pv_dir.glob("*.html")
    page = pv.read_text(encoding="utf-8")
    assert "1.1.0" in page and "ANO-042" in page and "EXG-013" in page


def test_a_worker_lost_in_the_middle_of_its_shard_the_shard_runs_elsewhere_once(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path, shared_database: str
) -> None:
    story, copies, logs = distributed_checkpoint(prefect_env, sample_project, tmp_path, shared_database, True)

    assert story["final"]["type"] == "COMPLETED", story  # type: ignore[index]
    victim = int(str(story["killed"]).split("-")[1])
    survivor = 3 - victim
    attempts = rows(
        shared_database, "SELECT shard, attempt, status FROM shard_attempts ORDER BY shard, attempt"
    )
    [(lost_shard, _, _)] = [a for a in attempts if a[1] == 2]
    assert [a for a in attempts if a[0] == lost_shard] == [
        (lost_shard, 1, "replaced"),
        (lost_shard, 2, "finished"),
    ]
    survivor_log = logs[survivor - 1]
    assert f"shard {lost_shard} de" in survivor_log and str(copies[survivor - 1]) in survivor_log  # elsewhere
    handed = rows(shared_database, "SELECT shard, attempt, scenario_key FROM shard_results")
    assert {attempt for shard, attempt, _ in handed if shard == lost_shard} == {2}  # the dead rows replaced
    keys = [key for _, _, key in handed]
    recorded = rows(shared_database, "SELECT scenario_key, status FROM run_results")
    assert len(keys) == len(set(keys)) == len(recorded)  # no scenario twice
    assert sum(1 for key, _ in recorded if "saisies_" in str(key)) == 24
    files = {str(key).split("::")[0] for key, _ in recorded}  # the selection given as flow parameters
    assert files == {"features/saisies_a.feature", "features/saisies_b.feature", "features/paie.feature"}
    [(selection,)] = rows(shared_database, "SELECT selection FROM runs")
    assert "--path features/saisies_a.feature" in str(selection)
    if shared_database.startswith("sqlite"):
        with sqlite3.connect(shared_database.removeprefix("sqlite:///")) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_worker_with_another_revision_of_the_project_refuses_its_shard_in_one_line(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path, shared_database: str
) -> None:
    story, copies, logs = distributed_checkpoint(
        prefect_env, sample_project, tmp_path, shared_database, False, stale=True
    )

    final = story["final"]
    assert final["type"] == "FAILED", story  # type: ignore[index]
    message = str(final["message"])  # type: ignore[index]
    assert f"refusé sur {socket.gethostname()} : le projet {copies[1]} est à la révision" in message, message
    assert message.startswith("exécution des scénarios impossible")  # the checkpoint's own line, in French
    assert "abandonné après 1 essai" in message  # not sent to another worker: the copy is to be fixed
    assert re.findall(r"essai Prefect (\d+)", logs[1]) == ["1"]  # refused once: no retry, no second try
    assert "Traceback" not in message and "\n" not in message
    refused = [line for line in logs[1].splitlines() if "refusé sur" in line]
    assert refused, logs[1]
    [stale_shard] = {int(n) for n in re.findall(r"shard (\d) de recette-1\.1\.0/run-\S+ sur", logs[1])}
    handed = rows(shared_database, "SELECT shard, attempt, status FROM shard_attempts")
    assert [row for row in handed if row[0] == stale_shard] == [(stale_shard, 1, "refused")]  # ran nothing
    assert all(row[:2] == (3 - stale_shard, 1) for row in handed if row[0] != stale_shard)  # may have run
    assert rows(shared_database, "SELECT count(*) FROM runs") == [(0,)]  # nothing recorded as a run

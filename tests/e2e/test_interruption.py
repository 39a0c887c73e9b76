"""Ctrl-C and SIGTERM during a run, as a user at a terminal or a scheduler stopping a job would.

The command runs in a session of its own and the signal goes to its whole process group, as a
terminal's Ctrl-C does. Its scenarios include one that hangs after starting a process of its own
(a service under test): after the signal, ``ps`` must show none of them, what had finished must
be recorded as an interrupted run, and the command must end with one line and 130 / 143.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from amoa_workflow.errors import Interrupted
from amoa_workflow.store import tables
from tests.e2e.conftest import AMOA

FEATURE = """\
Feature: Interruption
  Scenario: First quick check
    Given a quick step

  Scenario: Second quick check
    Given a quick step

  Scenario: A step that hangs
    Given a step that starts a service and hangs

  Scenario: Never reached
    Given a quick step
"""

STEPS = """\
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from pytest_bdd import given

MARKERS = Path(os.environ["INTERRUPTION_MARKERS"])


@given("a quick step")
def quick() -> None:
    pass


@given("a step that starts a service and hangs")
def hang() -> None:
    if os.environ.get("INTERRUPTION_IGNORE_SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    service = subprocess.Popen(["sleep", "300"])
    (MARKERS / "pids").write_text(f"{os.getpid()} {service.pid}")
    time.sleep(300)
"""


@pytest.fixture
def hanging_project(sample_project: Path) -> Iterator[Path]:
    folder = sample_project / "features" / "interruption"
    folder.mkdir()
    (folder / "interruption.feature").write_text(FEATURE, encoding="utf-8")
    (folder / "conftest.py").write_text(STEPS, encoding="utf-8")
    yield sample_project
    # Whatever the test found, leave nothing running behind it.
    markers = sample_project / "pids"
    pids = [int(pid) for pid in markers.read_text().split()] if markers.is_file() else []
    for line in _alive(sample_project, pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(line.split()[0]), signal.SIGKILL)


def _start(project: Path, prefect_home: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    environment |= {
        "AMOA_LANG": "en",
        "PREFECT_HOME": str(prefect_home),
        "INTERRUPTION_MARKERS": str(project),
        "COLUMNS": "160",
        **extra,
    }
    return subprocess.Popen(
        [str(AMOA), *args, "--release", "1.1.0"],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job at a terminal
    )


def _hanging_pids(project: Path, command: subprocess.Popen[str], patience: float = 240) -> list[int]:
    """The pids of the hanging scenario's pytest process and of the service it started."""
    markers = project / "pids"
    end = time.monotonic() + patience
    while not markers.is_file() or len(markers.read_text().split()) < 2:
        if command.poll() is not None or time.monotonic() > end:
            out, err = command.communicate()
            pytest.fail(f"the hanging scenario never started (exit {command.returncode}): {out}{err}")
        time.sleep(0.2)
    return [int(pid) for pid in markers.read_text().split()]


def _alive(project: Path, pids: list[int]) -> list[str]:
    """The lines of ``ps`` for those pids, or for any process running in the project."""
    listing = subprocess.run(["ps", "-eo", "pid,stat,args"], capture_output=True, text=True, check=True)
    lines = listing.stdout.splitlines()[1:]
    return [
        line
        for line in lines
        if (int(line.split()[0]) in pids and " Z" not in f" {line.split()[1]}") or str(project) in line
    ]


def _runs(project: Path) -> list[tuple[str, list[str]]]:
    """Each recorded run: its selection as ``amoa runs list`` shows it, and its results' statuses."""
    engine = create_engine(f"sqlite:///{project / 'data' / 'amoa.db'}")
    with engine.connect() as connection:
        runs = connection.execute(select(tables.runs.c.id, tables.runs.c.selection)).all()
        recorded = [
            (selection, list(connection.execute(
                select(tables.run_results.c.status).where(tables.run_results.c.run_id == run_id)
            ).scalars()))
            for run_id, selection in runs
        ]  # fmt: skip
    engine.dispose()
    return recorded


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_every_scenario_process_records_what_finished_and_exits_with_one_line(
    hanging_project: Path, prefect_home: Path, signum: int, code: int
) -> None:
    command = _start(hanging_project, prefect_home, "run", "--path", "features/interruption")
    pids = _hanging_pids(hanging_project, command)

    if signum == signal.SIGINT:
        os.killpg(command.pid, signum)  # Ctrl-C at the terminal: the foreground group
    else:
        command.send_signal(signum)  # kill PID, as a scheduler or systemd does
    out, err = command.communicate(timeout=60)

    assert command.returncode == code, out + err
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0, err  # one line
    assert "2 finished scenario(s) recorded as run 1 of campaign recette-1.1.0" in err
    assert _alive(hanging_project, pids) == []
    ((selection, statuses),) = _runs(hanging_project)
    named = f"({Interrupted(signum).signal_name})"  # one name for a signal, in the message and the history
    assert selection.startswith(f"interrupted {named}") and "after 2 scenarios of --path" in selection
    assert named in err
    assert statuses == ["passed", "passed"]


def test_a_second_ctrl_c_does_not_wait_for_a_shard_that_ignores_sigterm(
    hanging_project: Path, prefect_home: Path
) -> None:
    command = _start(
        hanging_project, prefect_home, "run", "--path", "features/interruption",
        INTERRUPTION_IGNORE_SIGTERM="1",
    )  # fmt: skip
    pids = _hanging_pids(hanging_project, command)

    os.killpg(command.pid, signal.SIGINT)
    time.sleep(0.5)  # the first one is being handled: the shard is asked to stop, and ignores it
    os.killpg(command.pid, signal.SIGINT)
    out, err = command.communicate(timeout=60)

    assert command.returncode == 130, out + err
    assert "stopped at once" in err
    assert "Traceback" not in err
    assert _alive(hanging_project, pids) == []


@pytest.mark.prefect  # amoa checkpoint starts its embedded Prefect server
def test_an_interrupted_checkpoint_ends_its_flow_run_cancelled_and_leaves_no_process(
    hanging_project: Path, own_prefect_home: Path
) -> None:
    command = _start(hanging_project, own_prefect_home, "checkpoint")  # its own home: its only flow run
    pids = _hanging_pids(hanging_project, command, patience=300)

    os.killpg(command.pid, signal.SIGINT)
    out, err = command.communicate(timeout=120)

    assert command.returncode == 130, out + err
    assert "Traceback" not in err
    assert _alive(hanging_project, pids) == []
    states = subprocess.run(
        [str(AMOA.with_name("python")), "-c", FLOW_RUN_STATES],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
            "PREFECT_HOME": str(own_prefect_home),
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert states.returncode == 0, states.stderr
    assert json.loads(states.stdout) == ["CANCELLED"], states.stdout
    assert re.search(r"Interrupted \(Ctrl-C\): \d+ finished scenario\(s\) recorded as run 1 ", err), err


FLOW_RUN_STATES = """\
import asyncio, json
from prefect.client.orchestration import get_client
from prefect.client.schemas.sorting import FlowRunSort

async def main():
    async with get_client() as client:
        runs = await client.read_flow_runs(sort=FlowRunSort.START_TIME_ASC)
    print(json.dumps([run.state.type.value for run in runs if run.state]))

asyncio.run(main())
"""

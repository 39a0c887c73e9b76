"""A bug in a flow run keeps Prefect's traceback in the run's log: only the mistakes of the exception
tree are said in one line (:mod:`flows.mistakes`). A flow run for real (Prefect's ephemeral API, in
a process of its own), its task failing on a ``KeyError``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.prefect

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from prefect import flow, task
from flows.mistakes import project_run

@task(name="read the plan")
def read_plan(app):
    return {}["shards"]

@flow(name="with-a-bug")
def with_a_bug(project_dir):
    return project_run(project_dir, read_plan)

state = with_a_bug(sys.argv[1], return_state=True)
print("final state:", state.type.value)
"""


def test_a_bug_in_a_task_keeps_its_traceback_in_the_runs_log(
    sample_project: Path, tmp_path: Path, own_prefect_home: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {"PREFECT_HOME": str(own_prefect_home), "AMOA_LANG": "fr", "PYTHONPATH": str(REPO)}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(sample_project)], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=180, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "final state: FAILED"
    task_failure = done.stderr[done.stderr.index("Task run failed with exception: KeyError('shards')") :]
    assert task_failure.splitlines()[1] == "Traceback (most recent call last):", done.stderr
    assert "KeyError: 'shards'" in task_failure
    assert "Encountered exception during execution: KeyError('shards')" in done.stderr  # the flow's own

"""A user's mistake met inside a flow run: one line, in the project's language, never a traceback,
neither from ``amoa checkpoint`` nor in the run's own log when Prefect runs the flow (a deployment,
a worker: no ``amoa`` to check the inputs first), nor from ``python -m flows.gates``. Through
Prefect's embedded server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Amoa

pytestmark = pytest.mark.prefect

REPO = Path(__file__).resolve().parents[2]

FLOW_RUN = """
import json, sys
from flows.checkpoint import acceptance_checkpoint
state = acceptance_checkpoint(release=sys.argv[2], project_dir=sys.argv[1], return_state=True)
print(json.dumps({"type": state.type.value, "message": state.message}))
"""


def test_a_features_folder_without_scenario_is_one_line_and_no_traceback(
    amoa: Amoa, sample_project: Path
) -> None:
    (sample_project / "features_empty").mkdir()
    config = sample_project / "config" / "amoa.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('features = "features"', 'features = "features_empty"'),
        encoding="utf-8",
    )

    empty = amoa("checkpoint", "--release", "1.1.0")

    said = f"aucun scénario trouvé dans {sample_project / 'features_empty'}"
    assert empty.returncode == 2, empty.stdout + empty.stderr
    assert "Traceback" not in empty.stdout + empty.stderr, empty.stderr
    assert [line for line in empty.stderr.splitlines() if line.startswith("Erreur")] == [f"Erreur: {said}"]
    task_lines = [line for line in empty.stderr.splitlines() if "Task run 'merge the shards" in line]
    assert any(line.endswith(f" - {said}") for line in task_lines), empty.stderr  # the task's log: the line
    assert f"Flow run '1.1.0' - Finished in state Failed('{said}')" in empty.stderr  # its final state too


def python(project: Path, prefect_home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {"PREFECT_HOME": str(prefect_home), "AMOA_LANG": "fr", "PYTHONPATH": str(REPO), "COLUMNS": "160"}
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"  # as amoa sets it: no heartbeat on the embedded SQLite
    return subprocess.run(
        [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300,
        check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def flow_run(project: Path, release: str, prefect_home: Path) -> tuple[dict[str, str], str]:
    """The checkpoint flow run as a worker runs a deployment's: the flow itself, no ``amoa`` before it."""
    done = python(project, prefect_home, "-c", FLOW_RUN, str(project), release)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout + done.stderr


def test_a_requirement_with_a_bad_row_ends_the_flow_run_with_its_line_and_no_traceback(
    sample_project: Path, prefect_home: Path
) -> None:
    path = sample_project / "requirements" / "exigences.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("criticite: mineure", "criticite: basse", 1), encoding="utf-8")
    row = text.rindex("- id:", 0, text.index("criticite: mineure"))  # the line of its row
    line = 1 + text[:row].count("\n")

    state, output = flow_run(sample_project, "1.1.0", prefect_home)

    assert state["type"] == "FAILED"
    assert state["message"].startswith(f"{path}:{line} : "), state["message"]
    assert "« basse »" in state["message"] and "\n" not in state["message"]
    assert "Traceback" not in output, output
    assert "Encountered exception" not in output and "Retry" not in output, output


def test_a_release_the_notes_do_not_hold_ends_the_flow_run_with_its_line_and_no_traceback(
    sample_project: Path, prefect_home: Path
) -> None:
    state, output = flow_run(sample_project, "9.9.9", prefect_home)

    assert state["type"] == "FAILED"
    assert state["message"].startswith("version 9.9.9 : absente de "), state["message"]
    assert "CHANGELOG.md" in state["message"] and "1.1.0, 1.0.0" in state["message"]
    assert "Traceback" not in output and "Encountered exception" not in output, output


def test_a_gate_never_opened_ends_python_m_flows_gates_with_its_line_and_no_traceback(
    sample_project: Path, prefect_home: Path
) -> None:
    done = python(sample_project, prefect_home, "-m", "flows.gates", "--release", "1.1.0", "--gate", "vabf")

    said = "porte « vabf » de la version 1.1.0 : pas encore ouverte"
    assert done.returncode == 2, done.stderr[-3000:]
    assert len([line for line in done.stderr.splitlines() if line.startswith(said)]) == 1, done.stderr
    assert f'Finished in state Failed("{said}' in done.stderr
    assert "Traceback" not in done.stdout + done.stderr, done.stderr

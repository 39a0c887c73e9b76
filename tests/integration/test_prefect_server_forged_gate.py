"""A gate closed by SQL does not end the gate flow approved, on a real Prefect server.

The approval-gate flow waits (paused) at gate vabf of 1.1.0 after dupont's genuine approval; an
approval in martin's name is inserted in the database and the gate set closed, approved. The
reminders round (``amoa notifications --remind``) wakes the run left waiting at a closed gate: woken,
it judges the gate from the decisions that verify against the audit log, as the PV does, names the
row that does not verify in its log and ends in a state that says the gate's outcome is not
established; a run started afterwards, reading the gate at once, ends the same way. The checkpoint
deployment, suspended at its gate and woken the same way, runs again from the top and ends the same.

Prefect runs in subprocesses only (see :mod:`tests.integration.test_prefect_server_gate`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from amoa_workflow.domain.decisions import DecisionKind
from tests.integration.test_prefect_server_gate import (
    BIN,
    PRELUDE,
    REPO,
    approvers_with_keys,
    deployed_and_driven,
    prefect_env,
    worker_logs,
)
from tests.security_sample import KEYS, approvers
from tests.web_project import prepared

__all__ = ["prefect_env"]  # the fixture, shared with the other real-server tests
pytestmark = pytest.mark.prefect

# Start the approval-gate flow (pause: its process waits); once it waits at the gate, forge the
# gate by SQL, run a round of reminders (which wakes it), read how it ended and what it logged;
# then start another run of the flow on the forged gate.
FORGED_DRIVER = """
import sqlite3
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

database, code = sys.argv[3], sys.argv[4]


def gate_flow():
    return subprocess.Popen([sys.executable, "-m", "flows.gates", "--release", "1.1.0", "--gate", "vabf",
                             "--project-dir", project], cwd=code, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def ended(client, run_id):
    final = state_when(client, run_id, lambda s: s.is_final(), 120, "the run to end")
    for _ in range(100):  # log lines reach the server in batches, after the state may have
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
        if any("PV" in entry.message for entry in logs):
            break
        time.sleep(0.2)
    return {"type": final.type.value, "name": final.name, "message": final.message or "",
            "logs": [entry.message for entry in logs]}


story = {}
with get_client(sync_client=True) as client:
    waiting = gate_flow()
    paused = until(lambda: [r for r in client.read_flow_runs() if r.state and r.state.is_paused()], 120,
                   "the gate flow waiting at its gate")
    run_id = paused[0].id
    with sqlite3.connect(database) as db:
        db.execute("INSERT INTO decisions (gate_id, approver, sequence, decision, comment, round, "
                   "reservations, decided_at) SELECT id, 'martin', 1, 'approve', 'ok', 1, '[]', "
                   "'2026-01-05 10:00:00.000000' FROM gates")
        db.execute("UPDATE gates SET status = 'closed', outcome = 'approved'")
        story["forged"] = db.execute("SELECT id FROM decisions WHERE approver = 'martin'").fetchone()[0]
    story["remind"] = cli("notifications", "--remind")
    story["woken"] = ended(client, run_id)
    story["woken_output"] = waiting.communicate(timeout=60)[0][-3000:]
    known = {r.id for r in client.read_flow_runs()}
    again = gate_flow()
    story["again_output"] = again.communicate(timeout=180)[0][-3000:]
    [later] = [r for r in client.read_flow_runs() if r.id not in known]
    story["again"] = ended(client, later.id)
print(json.dumps(story))
"""


def test_a_gate_set_approved_by_sql_ends_the_gate_flow_not_established_naming_the_forged_row(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    database = sample_project / "data" / "amoa.db"
    database.parent.mkdir(exist_ok=True)
    url = f"sqlite:///{database}"
    app = prepared(sample_project, url, approvers=approvers())
    try:
        KEYS.decide(app.uow, app.gates(), "1.1.0", "vabf", "dupont", DecisionKind.APPROVE,
                    comment="Conforme", pv=app.current_pv("1.1.0"))  # fmt: skip
    finally:
        app.engine.dispose()
    keys = tmp_path / "keys"
    keys.mkdir()
    for who in ("dupont", "martin"):
        KEYS.write(who, keys)
    environment = prefect_env | {
        "AMOA_DATABASE_URL": url,
        "AMOA_LANG": "fr",
        "AMOA_KEYS_DIR": str(keys),
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    driven = subprocess.run(
        [sys.executable, "-c", PRELUDE + FORGED_DRIVER, str(BIN / "amoa"), str(sample_project),
         str(database), str(REPO)],
        env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:]
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    forged = story["forged"]

    assert "réveillée : elle attendait une porte déjà close" in story["remind"], story["remind"]
    for run in ("woken", "again"):
        final = story[run]
        assert final["type"] == "COMPLETED", final["message"] + story[f"{run}_output"]
        assert final["name"] == "Not established", final["name"] + story[f"{run}_output"]
        assert "porte vabf : NON ÉTABLI" in final["message"] and "APPROUVÉ" not in final["message"]
        assert "approved" not in final["name"].lower()
        logged = "\n".join(final["logs"])
        assert f"la décision {forged} (martin) n'est pas vérifiée" in logged, logged
        assert "l'issue enregistrée « APPROUVÉ » ne découle pas de ses décisions vérifiées" in logged, logged
        assert "gate vabf of 1.1.0: approved" not in logged, logged


# The checkpoint deployment suspended at its gate; dupont approves with `amoa approve`; the gate is
# set closed, approved, by SQL; the reminders round wakes the run, which runs again from the top.
CHECKPOINT_DRIVER = """
import sqlite3

database = sys.argv[3]
story = {}
with get_client(sync_client=True) as client:
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
    state_when(client, run.id, lambda s: s.is_paused(), 300, "the gate")
    cli("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme", "-y", offline=True)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE gates SET status = 'closed', outcome = 'approved'")
    story["remind"] = cli("notifications", "--remind")
    final = state_when(client, run.id, lambda s: s.is_final(), 300, "the run to end")
    story["final"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
print(json.dumps(story))
"""


def test_a_checkpoint_woken_at_a_gate_set_approved_by_sql_ends_not_established(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    database = sample_project / "data" / "amoa.db"
    driven = deployed_and_driven(
        prefect_env, sample_project, tmp_path, CHECKPOINT_DRIVER, str(database), timeout=600
    )
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    assert "réveillée : elle attendait une porte déjà close" in story["remind"], story["remind"]
    assert story["final"]["type"] == "COMPLETED", story["final"]["message"] + worker_logs(tmp_path)
    assert story["final"]["name"] == "Not established", story["final"]
    assert "porte vabf : NON ÉTABLI" in story["final"]["message"]

"""The checkpoint as a deployment on a real Prefect server, suspended at its gate and resumed with
approval inputs: a real ``prefect server start`` on loopback, the repository's ``prefect.yaml``
deployed on a process work pool, a worker, and two approvers deciding through ``resume_flow_run``,
each input carrying the approver's signature (``amoa approve --print-signature``); an input whose
proof is free text is refused, records nothing, and the flow waits again.

Prefect runs in subprocesses only (its warnings stay out of this process); ``PREFECT_API_URL`` is
set for them alone. The server is stopped at the end, even when the test fails.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from amoa_workflow.domain.audit import AuditEntry, verify
from amoa_workflow.settings.approver_keys import register_public_key
from tests.signing import KeyRing

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
UNCOVERED = "known_limitation:EXG-013"
READY_WITHIN = 120  # seconds: the server migrates a fresh database first (10-15 s here)

pytestmark = pytest.mark.prefect

# Runs in a subprocess against the server: start the deployment, and each time the flow run waits
# at the gate (suspended), resume it with the next approver's decision; print what happened.
DRIVER = """
import json, sys, time
from prefect.deployments import run_deployment
from prefect.client.orchestration import get_client
from prefect.flow_runs import resume_flow_run

import subprocess

decisions, amoa, project = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]


def signed(entry):
    answer = dict(entry["input"])
    if "amoa" in entry:  # the approver signs on their machine and pastes the proof into the form
        done = subprocess.run([amoa, "-p", project, "approve", *entry["amoa"], "--print-signature"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        printed = done.stdout
        answer |= dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
    return answer


run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
seen = []
deadline = time.monotonic() + 150
with get_client(sync_client=True) as client:
    while time.monotonic() < deadline:
        state = client.read_flow_run(run.id).state
        if state.is_paused() and state.state_details.pause_key not in [s["key"] for s in seen]:
            seen.append({"key": state.state_details.pause_key, "state": state.name})
            resume_flow_run(run.id, run_input=signed(decisions[len(seen) - 1]))
        elif state.is_final():
            break
        time.sleep(0.5)
    final = client.read_flow_run(run.id).state
print(json.dumps({"pauses": seen, "final": final.type.value, "message": final.message or ""}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@pytest.fixture
def prefect_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A Prefect server on a free loopback port; the environment its clients need."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + READY_WITHIN
        while True:
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Prefect server did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield env | {
            "PREFECT_API_URL": api,
            "PREFECT_WORKER_QUERY_SECONDS": "1",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        }
    finally:
        stop(server)
        log.close()


def prefect(env: dict[str, str], *args: str, cwd: Path = REPO) -> str:
    done = subprocess.run(
        [str(BIN / "prefect"), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_checkpoint_deployment_waits_at_its_gate_and_resumes_with_the_approvers_decisions(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    keys = KeyRing()
    (tmp_path / "keys").mkdir()
    for who in ("dupont", "martin"):
        register_public_key(sample_project, who, keys.public(who))
        keys.write(who, tmp_path / "keys")
    env = prefect_env | {
        "AMOA_CODE_DIR": str(REPO),
        "AMOA_PROJECT_DIR": str(sample_project),
        "AMOA_LANG": "fr",
        "AMOA_KEYS_DIR": str(tmp_path / "keys"),
    }
    prefect(env, "work-pool", "create", "amoa", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--name", "checkpoint-1.1.0")
    with (tmp_path / "worker.log").open("wb") as log:
        worker = subprocess.Popen(
            [str(BIN / "prefect"), "worker", "start", "--pool", "amoa"],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    decisions = [
        {"input": {"approver": "martin", "decision": "approve", "proof": "je suis martin, j'approuve"}},
        {
            "input": {"approver": "dupont", "decision": "approve", "comment": "Conforme pour la paie"},
            "amoa": ["-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme pour la paie"],
        },
        {
            "input": {
                "approver": "martin",
                "decision": "approve_with_reservations",
                "comment": "Sous réserve",
                "reservations": [{"gap": UNCOVERED, "owner": "MOE PaieNova", "due": "2025-07-31"}],
            },
            "amoa": [
                "-r",
                "1.1.0",
                "-a",
                "martin",
                "-d",
                "approve_with_reservations",
                "-c",
                "Sous réserve",
                "--reservation",
                f"{UNCOVERED}|MOE PaieNova|2025-07-31",
            ],
        },
    ]
    try:
        driven = subprocess.run(
            [sys.executable, "-c", DRIVER, json.dumps(decisions), str(BIN / "amoa"), str(sample_project)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=200,
            check=False,
        )
    finally:
        stop(worker)
    assert driven.returncode == 0, driven.stderr[-3000:] + (tmp_path / "worker.log").read_text()[-3000:]
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    assert story["final"] == "COMPLETED", story["message"] + (tmp_path / "worker.log").read_text()[-3000:]
    assert [p["key"] for p in story["pauses"]] == ["vabf-r1-1", "vabf-r1-2", "vabf-r1-3"]  # free text: again
    assert {p["state"] for p in story["pauses"]} == {"Suspended"}

    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        gate = db.execute("SELECT status, outcome, round FROM gates").fetchall()
        decided = db.execute("SELECT approver, decision, source FROM decisions ORDER BY id").fetchall()
        proofs = db.execute("SELECT proof, key_fingerprint FROM decisions ORDER BY id").fetchall()
        runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        reserved = db.execute(
            "SELECT status, owner FROM tracked_gaps WHERE identity = ?", (UNCOVERED,)
        ).fetchone()
        query = "SELECT id, hashed_at, actor, action, subject, details, prev_hash, hash FROM audit_log"
        audit = [AuditEntry(*r[:5], json.loads(r[5]), r[6], r[7]) for r in db.execute(query)]
    assert gate == [("closed", "approved_with_reservations", 1)]
    assert [(a, d) for a, d, _ in decided] == [("dupont", "approve"), ("martin", "approve_with_reservations")]
    assert all(source.startswith("prefect:") for _, _, source in decided)
    assert proofs == [
        ("signature", keys.public("dupont").fingerprint),
        ("signature", keys.public("martin").fingerprint),
    ]
    assert runs == 1  # resumed twice, run from the top each time: the scenarios ran once
    assert reserved == ("accepted", "MOE PaieNova")
    assert [e.action for e in audit if e.action.startswith("gate.")] == [
        "gate.opened",
        "gate.decision",
        "gate.decision",
        "gate.closed",
    ]
    assert verify(audit) is None
    report = (sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.html").read_text(
        encoding="utf-8"
    )
    assert "APPROUVÉ AVEC RÉSERVES" in report and "Paul Martin" in report

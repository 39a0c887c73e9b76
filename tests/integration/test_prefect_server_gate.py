"""The checkpoint as a deployment on a real Prefect server, suspended at its gate and resumed with
approval inputs: a real ``prefect server start`` on loopback, the project's ``prefect.yaml``
(written by ``amoa --project DIR deploy``, as the repository's is) deployed as an operator does,
from a folder holding neither the code nor the project, on a process work pool, a worker, and two
approvers deciding through ``resume_flow_run``, each input carrying the approver's signature
(``amoa approve --print-signature``); an input whose proof is free text is refused, records no
decision (its refusal is audited once), and the flow waits again. Decisions made with ``amoa
approve`` wake the suspended flow run through the Prefect API; a gate past its deadline is expired
and the run ends in a state named after it; the run leaves artifacts, a summary line, tags and
the name of its database.

Prefect runs in subprocesses only (its warnings stay out of this process); ``PREFECT_API_URL`` is
set for them alone. The server is stopped at the end, even when the test fails.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from amoa_workflow.cli.local_server import wait_until_answering
from amoa_workflow.domain.audit import AuditEntry, verify
from amoa_workflow.settings.approver_keys import register_public_key
from tests.processes import stop
from tests.receivers import HttpReceiver, free_port
from tests.signing import KeyRing

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
UNCOVERED = "known_limitation:EXG-013"
DUE = (date.today() + timedelta(days=365)).isoformat()  # a reservation is due ahead
READY_WITHIN = 120  # seconds: a few here, its home copied from one already migrated

pytestmark = pytest.mark.prefect

# What every driver script starts with (each runs in a subprocess against the server, given the
# `amoa` command and the project folder, then its own arguments): `cli` runs an amoa command and
# stops the driver with its output if it fails; `until` polls a check until it gives something;
# `state_when` waits for a flow run's state to satisfy a check.
PRELUDE = """
import json, os, subprocess, sys, time
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
from prefect.flow_runs import resume_flow_run

amoa, project = sys.argv[1], sys.argv[2]


def cli(*args, offline=False):  # offline: where no Prefect server is configured (no PREFECT_API_URL)
    env = {k: v for k, v in os.environ.items() if not (offline and k == "PREFECT_API_URL")}
    done = subprocess.run([amoa, "-p", project, *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    return done.stdout


def until(check, seconds, what, every=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise SystemExit(f"{what}: not within {seconds} s")


def state_when(client, run_id, check, seconds, what):
    return until(lambda: check(state := client.read_flow_run(run_id).state) and state, seconds, what)


def signed(*approve):  # the proof lines `amoa approve … --print-signature` prints, as form fields
    printed = cli("approve", *approve, "--print-signature")
    return dict(line.split(": ", 1) for line in printed.splitlines() if ": " in line)
"""

# Start the deployment, and each time the flow run waits at the gate (suspended), resume it with
# the next approver's decision; print what happened.
DRIVER = """
decisions = json.loads(sys.argv[3])


def answer(entry):  # the approver signs on their machine and pastes the proof into the form
    return dict(entry["input"]) | (signed(*entry["amoa"]) if "amoa" in entry else {})


run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
seen = []
deadline = time.monotonic() + 150
with get_client(sync_client=True) as client:
    while time.monotonic() < deadline:
        state = client.read_flow_run(run.id).state
        if state.is_paused() and state.state_details.pause_key not in [s["key"] for s in seen]:
            seen.append({"key": state.state_details.pause_key, "state": state.name})
            resume_flow_run(run.id, run_input=answer(decisions[len(seen) - 1]))
        elif state.is_final():
            break
        time.sleep(0.5)
    final = client.read_flow_run(run.id).state
print(json.dumps({"pauses": seen, "final": final.type.value, "message": final.message or ""}))
"""


@pytest.fixture
def prefect_env(tmp_path: Path, own_prefect_home: Path) -> Iterator[dict[str, str]]:
    """A Prefect server on a free loopback port, on the test's own home; the environment its clients
    need."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AMOA_"))}
    env |= {
        "PREFECT_HOME": str(own_prefect_home),
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
        try:
            wait_until_answering(api, server, within=READY_WITHIN)
        except RuntimeError as error:
            pytest.fail(f"{error}\n" + (tmp_path / "server.log").read_text()[-3000:])
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
    keys = approvers_with_keys(sample_project, tmp_path / "keys")
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
                "reservations": [{"gap": UNCOVERED, "owner": "MOE PaieNova", "due": DUE}],
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
                f"{UNCOVERED}|MOE PaieNova|{DUE}",
            ],
        },
    ]
    driven = deployed_and_driven(
        prefect_env, sample_project, tmp_path, DRIVER, json.dumps(decisions), timeout=200,
    )  # fmt: skip
    assert driven.returncode == 0, driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    assert story["final"] == "COMPLETED", story["message"] + worker_logs(tmp_path)
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
        "gate.input_refused",  # the free-text input: refused visibly, once, though read again on resume
        "gate.decision",
        "gate.decision",
        "gate.closed",
    ]
    assert verify(audit) is None
    report = (sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.html").read_text(
        encoding="utf-8"
    )
    assert "APPROUVÉ AVEC RÉSERVES" in report and "Paul Martin" in report


# Starts the deployment, waits for the suspended gate, sends a Prefect-form input with a bad
# identity (martin's decision carrying dupont's signature), waits for the gate again, then decides
# with `amoa approve` (dupont, martin) and times how long the flow run takes to wake and complete.
WAKE_DRIVER = """
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

story = {}
started = time.monotonic()
run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
with get_client(sync_client=True) as client:
    first = state_when(client, run.id, lambda s: s.is_paused(), 150, "the gate")
    story["to_gate"] = time.monotonic() - started
    story["pauses"] = [first.state_details.pause_key]
    proof = signed("-r", "1.1.0", "-a", "dupont", "-d", "reject", "-c", "non")
    resume_flow_run(run.id, run_input={"approver": "martin", "decision": "reject", "comment": "non"} | proof)
    key = first.state_details.pause_key
    again = state_when(client, run.id, lambda s: s.is_paused() and s.state_details.pause_key != key, 150,
                       "the gate again")
    story["pauses"].append(again.state_details.pause_key)
    partial = time.monotonic()
    cli("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme", "-y")  # 1 of 2: open
    key = again.state_details.pause_key
    third = state_when(client, run.id, lambda s: s.is_paused() and s.state_details.pause_key != key, 150,
                       "the run woken by the first decision to wait again")
    story["partial_to_waiting_again"] = time.monotonic() - partial
    story["pauses"].append(third.state_details.pause_key)
    decided = time.monotonic()  # the closing decision: `amoa approve` starts
    cli("approve", "-r", "1.1.0", "-a", "martin", "-d", "approve", "-c", "Conforme", "-y")
    story["cli"] = time.monotonic() - decided
    state_when(client, run.id, lambda s: not s.is_paused(), 150, "the run to wake")
    story["decision_to_resume"] = time.monotonic() - decided
    final = state_when(client, run.id, lambda s: s.is_final(), 150, "the run to end")
    story["decision_to_completed"] = time.monotonic() - decided
    story["final"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
    story["artifacts"] = sorted(a.key for a in client.read_artifacts() if a.key)
    for _ in range(100):  # log lines reach the server in batches, after the state may have
        logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
        story["logs"] = [entry.message for entry in logs]
        if any(" · PV" in m for m in story["logs"]):
            break
        time.sleep(0.2)
    story["tags"] = sorted({tag for task in client.read_task_runs() for tag in task.tags})
print(json.dumps(story))
"""


def approvers_with_keys(project: Path, folder: Path) -> KeyRing:
    keys = KeyRing()
    folder.mkdir()
    for who in ("dupont", "martin"):
        register_public_key(project, who, keys.public(who))
        keys.write(who, folder)
    return keys


def start_workers(env: dict[str, str], logs: Path, count: int = 2) -> list[subprocess.Popen[bytes]]:
    """``count`` process workers on the pool ``amoa``, each logging to a file of its own."""
    started = []
    for number in range(1, count + 1):
        with (logs / f"worker-{number}.log").open("wb") as log:
            started.append(
                subprocess.Popen(
                    [str(BIN / "prefect"), "worker", "start", "--pool", "amoa", "--name", f"worker-{number}"],
                    env=env,
                    cwd=logs,  # neither the code nor the project: the runs' is the pull step's
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
    return started


def worker_logs(folder: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(folder.glob("worker-*.log")))


def deployed_and_driven(
    prefect_env: dict[str, str],
    project: Path,
    tmp_path: Path,
    driver: str,
    *driver_args: str,
    deploy: tuple[str, ...] = ("--name", "checkpoint-1.1.0"),
    workers: int = 1,
    timeout: float = 900,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The project deployed as the guide says (``amoa --project DIR deploy``, then ``prefect deploy
    --prefect-file DIR/prefect.yaml`` from another folder) on the process pool ``amoa`` with
    ``workers`` workers running, and ``driver`` (a Python script, after :data:`PRELUDE`, given the
    ``amoa`` command, the project folder and ``driver_args``) run against them; the workers are
    stopped whatever happens."""
    environment = prefect_env | {
        "AMOA_CODE_DIR": str(REPO),
        "AMOA_PROJECT_DIR": str(project),
        "AMOA_LANG": "fr",
        "AMOA_KEYS_DIR": str(tmp_path / "keys"),
        **(env or {}),
    }
    prefect(environment, "work-pool", "create", "amoa", "--type", "process")
    written = subprocess.run(
        [str(BIN / "amoa"), "--project", str(project), "deploy"],
        env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert written.returncode == 0, written.stdout + written.stderr
    assert (project / "prefect.yaml").read_text("utf-8") == (REPO / "prefect.yaml").read_text("utf-8")
    prefect(environment, "--no-prompt", "deploy", *deploy, "--prefect-file", str(project / "prefect.yaml"),
            cwd=tmp_path)  # fmt: skip
    started = start_workers(environment, tmp_path, count=workers)
    try:
        return subprocess.run(
            [sys.executable, "-c", PRELUDE + driver, str(BIN / "amoa"), str(project), *driver_args],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        for worker in started:
            stop(worker)


def test_decisions_made_elsewhere_wake_the_suspended_checkpoint_and_a_bad_input_is_refused_visibly(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    driven = deployed_and_driven(
        prefect_env, sample_project, tmp_path, WAKE_DRIVER, workers=2, timeout=400,
        env={"PREFECT_LOGGING_LEVEL": "INFO"},  # the flow's log lines reach the server
    )  # fmt: skip
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    print(
        f"\ntrigger → suspended at the gate: {story['to_gate']:.1f} s; closing `amoa approve` started → "
        f"flow run resumed: {story['decision_to_resume']:.1f} s (the command took {story['cli']:.1f} s); "
        f"→ Completed: {story['decision_to_completed']:.1f} s; first of two decisions → waiting again: "
        f"{story['partial_to_waiting_again']:.1f} s"
    )
    # The refused input: waiting again; dupont's decision (1 of 2) woke it: said, and waiting again.
    assert story["pauses"] == ["vabf-r1-1", "vabf-r1-2", "vabf-r1-3"]
    pending = (
        "porte vabf de 1.1.0 toujours en attente — décisions : Claire Dupont — approuvé ; "
        "attendu : Paul Martin"
    )
    assert pending in story["logs"], "\n".join(story["logs"])
    assert story["final"]["type"] == "COMPLETED"
    assert story["final"]["name"] == "Approved"
    assert "porte vabf : APPROUVÉ" in story["final"]["message"]
    assert "recommandation :" in story["final"]["message"]
    assert {"recommendation-1-1-0", "requirements-1-1-0", "pv-1-1-0"} <= set(story["artifacts"])
    assert any(m.startswith("Base de données : sqlite") for m in story["logs"])
    # its workers have no AMOA_DATABASE_URL: a deployment's run on the project's own file is said
    assert any(m.startswith("AMOA_DATABASE_URL n'est pas défini pour ce worker") for m in story["logs"])
    summary = [m for m in story["logs"] if "Version 1.1.0 (recette-1.1.0)" in m and "PV :" in m]
    assert summary, "\n".join(story["logs"])
    assert any("input refused at gate vabf" in m for m in story["logs"])
    assert {"amoa", "release-1.1.0"} <= set(story["tags"])

    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        gate = db.execute("SELECT status, outcome FROM gates").fetchall()
        decided = db.execute("SELECT approver, decision, source FROM decisions ORDER BY id").fetchall()
        runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        refused = db.execute(
            "SELECT actor, details FROM audit_log WHERE action = 'gate.input_refused'"
        ).fetchall()
    assert gate == [("closed", "approved")]
    assert [(a, d) for a, d, _ in decided] == [("dupont", "approve"), ("martin", "approve")]
    assert runs == 1
    # Refused once, audited once, though the woken flow read that input again when it ran from the top.
    assert len(refused) == 1 and refused[0][0] == "martin"
    assert json.loads(refused[0][1])["source"].endswith(":vabf-r1-1")


# New notes for 1.0.0 (`amoa ingest`) start a checkpoint through the deployment's trigger; two runs
# of 1.1.0 started at once take turns; once the 1.0.0 gate is past its deadline, `amoa notifications
# --remind` expires it and the suspended run ends, named after it.
TRIGGER_DRIVER = """
story = {}
with get_client(sync_client=True) as client:
    started = time.monotonic()
    cli("ingest", f"{project}/release_notes/CHANGELOG.md", "-r", "1.0.0")
    triggered = client.read_deployment_by_name("acceptance-checkpoint/checkpoint-on-new-release")

    def new_release_run():
        runs = client.read_flow_runs()
        return [r for r in runs if r.deployment_id == triggered.id and r.parameters.get("release") == "1.0.0"]

    run_100 = until(new_release_run, 120, "a checkpoint of 1.0.0")[0]
    story["notes_to_run"] = time.monotonic() - started
    state_when(client, run_100.id, lambda s: s.is_paused(), 200, "1.0.0 at its gate")
    story["notes_to_gate"] = time.monotonic() - started

    twins = [run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0,
                            parameters={"wait_for_approval": "none"}) for _ in range(2)]
    finals = [state_when(client, r.id, lambda s: s.is_final(), 300, "1.1.0 runs") for r in twins]
    story["twins"] = [{"type": s.type.value, "name": s.name} for s in finals]
    story["twin_states"] = [[s.name for s in client.read_flow_run_states(r.id)] for r in twins]

    waited = time.monotonic() - started
    time.sleep(max(0.0, story["notes_to_gate"] + 72 - waited))  # the 1.0.0 gate: 72 s after it opened
    story["remind"] = until(lambda: "1.0.0 expirée" in (out := cli("notifications", "--remind")) and out, 120,
                            "the 1.0.0 gate expired", every=0.5)
    final = state_when(client, run_100.id, lambda s: s.is_final(), 200, "1.0.0 ends")
    story["expired"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
print(json.dumps(story))
"""


def test_new_notes_start_a_checkpoint_one_run_of_a_release_at_a_time_and_a_gate_expires_at_its_deadline(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    config = sample_project / "config" / "approvers.toml"
    text = config.read_text(encoding="utf-8").replace("timeout = 72 ", "timeout = 0.02 ")  # 72 s
    config.write_text(
        text.replace('id = "martin"\n', 'id = "martin"\nurls_from = ["AMOA_NOTIFY_MARTIN"]\n', 1)
    )
    receiver = HttpReceiver().start()
    try:
        driven = deployed_and_driven(
            prefect_env, sample_project, tmp_path, TRIGGER_DRIVER, deploy=("--all",), workers=2, timeout=900,
            env={"AMOA_NOTIFY_MARTIN": receiver.url("/martin"), "PREFECT_LOGGING_LEVEL": "INFO"},
        )  # fmt: skip
    finally:
        receiver.stop()
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    print(f"\nnotes stored → checkpoint run created: {story['notes_to_run']:.1f} s; → at its gate: "
          f"{story['notes_to_gate']:.1f} s")  # fmt: skip
    assert [t["type"] for t in story["twins"]] == ["COMPLETED", "COMPLETED"]  # no IntegrityError
    assert any("AwaitingConcurrencySlot" in states for states in story["twin_states"])  # one waited
    assert story["expired"]["type"] == "COMPLETED" and story["expired"]["name"] == "Expired"
    assert "porte vabf : EXPIRÉ" in story["expired"]["message"]
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        gates = db.execute("SELECT r.version, g.status, g.outcome FROM gates g JOIN releases r "
                           "ON r.id = g.release_id ORDER BY r.version").fetchall()  # fmt: skip
        runs = db.execute("SELECT c.key, count(*) FROM runs JOIN campaigns c ON c.id = runs.campaign_id "
                          "GROUP BY c.key ORDER BY c.key").fetchall()  # fmt: skip
        expired = db.execute("SELECT subject FROM audit_log WHERE action = 'gate.expired'").fetchall()
        escalations = db.execute(
            "SELECT count(*) FROM notifications WHERE idempotency_key LIKE '%escalation%'"
        ).fetchone()[0]
    assert ("1.0.0", "closed", "expired") in gates
    assert dict(runs) == {"recette-1.0.0": 1, "recette-1.1.0": 2}
    assert ("vabf/1.0.0",) in expired
    assert escalations >= 1


# `amoa serve` next to the deployments of prefect.yaml: it adds its own, and stopping it pauses
# only those; the workers' deployment keeps its entrypoint, pool and schedule, and still runs.
SERVE_DRIVER = """
import os, signal

log = sys.argv[3]


def deployment(client, name):
    try:
        return client.read_deployment_by_name(name)
    except Exception:
        return None


story = {}
with get_client(sync_client=True) as client, open(log, "wb") as output:
    # started as a script's background job is: SIGINT ignored, inherited (Ctrl-C must stop it still)
    serving = subprocess.Popen([amoa, "-p", project, "serve"], stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        served = until(lambda: deployment(client, "acceptance-checkpoint/served-checkpoint-1.1.0"), 120,
                       "amoa serve's deployment", every=0.5)
    finally:
        os.killpg(serving.pid, signal.SIGINT)
        serving.wait(60)
    time.sleep(2)
    for name in ("acceptance-checkpoint/checkpoint-1.1.0", "approval-reminders/approval-reminders",
                 "acceptance-checkpoint/served-checkpoint-1.1.0"):
        found = client.read_deployment_by_name(name)
        story[name] = {"paused": found.paused, "entrypoint": found.entrypoint, "pool": found.work_pool_name,
                       "schedules": [s.active for s in found.schedules]}
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0,
                         parameters={"wait_for_approval": "none"})
    final = state_when(client, run.id, lambda s: s.is_final(), 300, "the workers' run")
    story["run"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
print(json.dumps(story))
"""


def test_amoa_serve_next_to_the_workers_deployments_neither_replaces_nor_pauses_them(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    driven = deployed_and_driven(
        prefect_env, sample_project, tmp_path, SERVE_DRIVER, str(tmp_path / "serve.log"),
        deploy=("--name", "checkpoint-1.1.0", "--name", "approval-reminders"),
        timeout=600,
    )  # fmt: skip
    serve_log = (
        (tmp_path / "serve.log").read_text(errors="replace")[-2000:]
        if (tmp_path / "serve.log").exists()
        else ""
    )
    assert driven.returncode == 0, (
        driven.stdout[-3000:] + driven.stderr[-3000:] + serve_log + worker_logs(tmp_path)
    )
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    ours = story["acceptance-checkpoint/checkpoint-1.1.0"]
    assert ours == {"paused": False, "entrypoint": "flows.checkpoint:acceptance_checkpoint",
                    "pool": "amoa", "schedules": [True]}  # fmt: skip
    assert story["approval-reminders/approval-reminders"]["paused"] is False
    assert story["acceptance-checkpoint/served-checkpoint-1.1.0"]["pool"] is None  # served: its own
    assert story["run"]["type"] == "COMPLETED", story["run"]["message"] + worker_logs(tmp_path)


# dupont decides with `amoa approve`; martin, the last one, through the approvers' web page (a
# real `amoa web` with PREFECT_API_URL set): the web decision wakes the suspended run.
WEB_DRIVER = """
import re
import httpx

log, port = sys.argv[3], int(sys.argv[4])


def _ok(base):
    try:
        return httpx.get(base + "/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


story = {}
with get_client(sync_client=True) as client, open(log, "wb") as output:
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
    state_when(client, run.id, lambda s: s.is_paused(), 300, "the gate")
    cli("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme", "-y")
    web = subprocess.Popen([amoa, "-p", project, "web", "--port", str(port)], stdout=output,
                           stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        until(lambda: _ok(base), 60, "amoa web")
        printed = cli("link", "--release", "1.1.0", "--gate", "vabf", "--approver", "martin")
        link = re.search(r"/l/(\\S+)", printed)
        browser = httpx.Client(base_url=base, timeout=30)
        door = browser.get(f"/l/{link.group(1)}")
        html = browser.get(door.headers["location"]).text
        hidden = {name: re.search(f'name="{name}" value="([^"]+)"', html).group(1) for name in ("csrf", "pv")}
        decided = time.monotonic()
        answer = browser.post("/gates/1.1.0/vabf", data=hidden | {"decision": "approve", "comment": "OK"})
        story["web_status"] = answer.status_code
        state_when(client, run.id, lambda s: not s.is_paused(), 120, "the run to wake")
        story["web_to_resume"] = time.monotonic() - decided
    finally:
        web.terminate()
        web.wait(30)
    final = state_when(client, run.id, lambda s: s.is_final(), 300, "the run to end")
    story["final"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
print(json.dumps(story))
"""


def test_a_decision_on_the_web_page_wakes_the_suspended_checkpoint(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    driven = deployed_and_driven(
        prefect_env, sample_project, tmp_path, WEB_DRIVER, str(tmp_path / "web.log"), str(free_port()),
        timeout=900,
        env={"AMOA_WEB_SECRET": "test-secret-0123456789-abcdefghijklmnop", "AMOA_WEB_URL": "http://127.0.0.1"},
    )  # fmt: skip
    web_log = (
        (tmp_path / "web.log").read_text(errors="replace")[-2000:] if (tmp_path / "web.log").exists() else ""
    )
    assert driven.returncode == 0, (
        driven.stdout[-3000:] + driven.stderr[-3000:] + web_log + worker_logs(tmp_path)
    )
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    print(f"\nweb decision posted → flow run resumed: {story['web_to_resume']:.1f} s")
    assert story["web_status"] in (200, 303)
    assert story["final"]["type"] == "COMPLETED" and story["final"]["name"] == "Approved"
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        sources = db.execute("SELECT approver, source FROM decisions ORDER BY id").fetchall()
    assert [a for a, _ in sources] == ["dupont", "martin"] and sources[1][1].startswith("link:")


# Both approvers decide where no Prefect server is configured: the gate closes, the suspended run
# is not woken; `amoa notifications --remind` (what the reminders flow runs) finds it left waiting
# at a closed gate and wakes it.
MISSED_DRIVER = """
story = {}
with get_client(sync_client=True) as client:
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0)
    state_when(client, run.id, lambda s: s.is_paused(), 300, "the gate")
    cli("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme", "-y", offline=True)
    cli("approve", "-r", "1.1.0", "-a", "martin", "-d", "approve", "-c", "Conforme", "-y", offline=True)
    time.sleep(5)
    story["after_decisions"] = client.read_flow_run(run.id).state.name
    story["remind"] = cli("notifications", "--remind")
    final = state_when(client, run.id, lambda s: s.is_final(), 300, "the run to end")
    story["final"] = {"type": final.type.value, "name": final.name, "message": final.message or ""}
print(json.dumps(story))
"""


def test_a_run_left_waiting_at_a_closed_gate_is_woken_by_the_reminders(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    driven = deployed_and_driven(prefect_env, sample_project, tmp_path, MISSED_DRIVER, timeout=900)
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])
    assert story["after_decisions"] == "Suspended"  # no server where they decided: no wake
    assert "réveillée : elle attendait une porte déjà close" in story["remind"], story["remind"]
    assert story["final"]["type"] == "COMPLETED" and story["final"]["name"] == "Approved"


# The checkpoint waits for its testers first (wait_for_testers): suspended at the manual part until
# a workbook import records every manual scenario and wakes it; then it asks the approvers and
# waits at its gate, the campaign judged with what the testers recorded.
TESTERS_DRIVER = """
from openpyxl import load_workbook

story = {}
with get_client(sync_client=True) as client:
    run = run_deployment("acceptance-checkpoint/checkpoint-1.1.0", timeout=0,
                         parameters={"wait_for_testers": True})
    first = state_when(client, run.id, lambda s: s.is_paused(), 300, "the manual part")
    story["first"] = first.state_details.pause_key
    time.sleep(3)
    story["still"] = client.read_flow_run(run.id).state.state_details.pause_key
    cli("manual", "export", "--release", "1.1.0", "classeur.xlsx")
    book = load_workbook("classeur.xlsx")
    for name in ("leroy", "benali"):
        sheet = book[name]
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, 7).value = "réussi"
    book.save("classeur.xlsx")
    story["import"] = cli("manual", "import", "classeur.xlsx", "--by", "sophie")
    gate = state_when(client, run.id, lambda s: s.is_paused() and not s.state_details.pause_key.startswith(
        "manual-"), 300, "the gate")
    story["then"] = gate.state_details.pause_key
print(json.dumps(story))
"""


def test_the_checkpoint_waits_for_its_testers_then_asks_the_approvers_with_their_results(
    prefect_env: dict[str, str], sample_project: Path, tmp_path: Path
) -> None:
    approvers_with_keys(sample_project, tmp_path / "keys")
    driven = deployed_and_driven(prefect_env, sample_project, tmp_path, TESTERS_DRIVER, timeout=600)
    assert driven.returncode == 0, driven.stdout[-3000:] + driven.stderr[-3000:] + worker_logs(tmp_path)
    story = json.loads(driven.stdout.strip().splitlines()[-1])

    assert story["first"] == "manual-r1-1" and story["still"] == "manual-r1-1"
    assert "5 exécution(s) manuelle(s) enregistrée(s)" in story["import"]
    assert story["then"].startswith("vabf-r1-")
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        actions = [a for (a,) in db.execute("SELECT action FROM audit_log ORDER BY id")]
    manual = [a for a in actions if a in ("manual.opened", "manual.recorded", "gate.opened")]
    assert manual == ["manual.opened", "manual.recorded", "gate.opened"]  # the gate after the testers

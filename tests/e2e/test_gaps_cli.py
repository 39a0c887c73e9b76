"""``amoa gaps`` and ``amoa report`` after a checkpoint: reservations, waivers, published files."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.gates import approvals
from amoa_workflow.settings.project import load_settings
from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line
from tests.sample_checkpoint import run_checkpoint


@pytest.fixture
def recorded(sample_project: Path) -> Path:
    """The sample's release 1.1.0 checked and recorded (without Prefect: the flow is tested elsewhere)."""
    app = bootstrap(load_settings(sample_project, environ={}))
    run_checkpoint(app, "1.1.0")
    app.engine.dispose()
    return sample_project


def test_a_gap_accepted_as_a_reservation_shows_in_the_list_and_the_report(amoa: Amoa, recorded: Path) -> None:
    due = date.today() + timedelta(days=200)
    too_late = amoa(
        "gaps", "accept", "known_limitation:EXG-013", "--release", "1.1.0",
        "--owner", "MOE PaieNova", "--due", "30/06/2025", "--by", "marie.dupont",
    )  # fmt: skip
    accepted = amoa(
        "gaps", "accept", "known_limitation:EXG-013", "--release", "1.1.0",
        "--owner", "MOE PaieNova", "--due", due.strftime("%d/%m/%Y"), "--by", "marie.dupont",
    )  # fmt: skip
    listed = amoa("gaps", "--release", "1.1.0")
    published = amoa("report", "--release", "1.1.0", "-f", "html", "-f", "evidence")

    assert too_late.returncode == 2 and "son échéance 2025-06-30 est déjà passée" in too_late.stderr
    assert accepted.returncode == 0, accepted.stderr
    shown = " ".join(listed.stdout.replace("│", " ").split())
    assert f"réserve (MOE PaieNova, {due.isoformat()})" in shown and "échue" not in shown
    assert published.returncode == 0, published.stderr
    html = (recorded / "data" / "reports" / "1.1.0" / "recette-1.1.0.html").read_text(encoding="utf-8")
    assert "MOE PaieNova" in html and "réserve" in html
    assert (recorded / "data" / "reports" / "1.1.0" / "recette-1.1.0-preuves.zip").is_file()


def test_a_waiver_needs_a_reason_and_an_unknown_gap_is_named(amoa: Amoa, recorded: Path) -> None:
    no_reason = amoa("gaps", "waive", "known_limitation:EXG-013", "--release", "1.1.0", "--reason", " ")
    unknown = amoa("gaps", "waive", "regression:EXG-999", "--release", "1.1.0", "--reason", "hors lot")

    assert_one_clear_line(no_reason, 2, "known_limitation:EXG-013", "motif")
    assert_one_clear_line(unknown, 2, "regression:EXG-999", "inconnu")


def test_a_report_for_a_release_never_checked_is_one_clear_line(amoa: Amoa, recorded: Path) -> None:
    completed = amoa("report", "--release", "1.0.0")

    assert_one_clear_line(completed, 2, "1.0.0")


def test_gaps_and_the_audit_check_read_as_json_for_scripts(amoa: Amoa, recorded: Path) -> None:
    amoa(
        "gaps",
        "accept",
        "known_limitation:EXG-013",
        "--release",
        "1.1.0",
        "--owner",
        "MOE",
        "--due",
        "2027-01-31",
    )
    listed = amoa("gaps", "--release", "1.1.0", "--format", "json")
    audit = amoa("audit", "verify", "--format", "json")
    wrong = amoa("gaps", "--release", "1.1.0", "--format", "yaml")

    document = json.loads(listed.stdout)
    assert (document["format"], document["release"], document["recommendation"]) == (
        "amoa.gaps/1",
        "1.1.0",
        "no_go",
    )
    fix, known = document["gaps"]
    assert (fix["id"], fix["severity"], fix["facts"], fix["status"]) == (
        "fix_still_failing:ANO-042", "blocking", ["requirement_failing"], "open"
    )  # fmt: skip
    assert (known["status"], known["owner"], known["due"]) == ("accepted", "MOE", "2027-01-31")
    checked = json.loads(audit.stdout)
    assert audit.returncode == 0 and checked["format"] == "amoa.audit-verify/1"
    assert checked["ok"] is True and checked["entries"] > 0 and checked["problems"] == []
    assert wrong.returncode == 2 and "'yaml': table or json" in wrong.stderr


def test_gates_and_runs_read_as_json_for_scripts(amoa: Amoa, recorded: Path) -> None:
    app = bootstrap(load_settings(recorded, environ={}))
    settings = app.settings
    outcome = services.campaign_outcome(
        app.uow(), settings.project_name, "recette", "1.1.0", "recette-1.1.0", settings.rules
    )
    approvals.open_gates(
        app.uow(), app.gates(), "recette", "1.1.0", outcome.gaps, "no_go", services.utc_now,
        lambda events: None, "test",
    )  # fmt: skip
    app.engine.dispose()
    gates = amoa("gates", "--release", "1.1.0", "--format", "json")
    runs = amoa("runs", "list", "--release", "1.1.0", "--format", "json")

    assert gates.returncode == 0, gates.stderr
    document = json.loads(gates.stdout)
    assert (document["format"], document["release"]) == ("amoa.gates/1", "1.1.0")
    (vabf,) = document["gates"]
    assert (vabf["name"], vabf["status"], vabf["outcome"]) == ("vabf", "pending", "pending")
    assert vabf["decisions"] == []
    assert vabf["quorum"]["kind"] == "all" and sorted(vabf["waiting_for"]) == ["dupont", "martin"]
    assert runs.returncode == 0, runs.stderr
    history = json.loads(runs.stdout)
    assert (history["format"], history["campaign"]) == ("amoa.runs/1", "recette-1.1.0")
    (run,) = history["runs"]
    assert run["attempt"] == 1 and run["selection"] == "all" and sum(run["counts"].values()) > 0


def test_a_release_stored_by_mistake_is_removed_and_the_audit_still_holds(amoa: Amoa, recorded: Path) -> None:
    app = bootstrap(load_settings(recorded, environ={}))
    run_checkpoint(app, "1.0.0")
    app.engine.dispose()

    removed = amoa("releases", "remove", "1.0.0", "--reason", "version de démonstration", "--by", "marie")
    listed = amoa("releases", "list")
    verified = amoa("audit", "verify")
    unknown = amoa("releases", "remove", "9.9", "--reason", "typo")

    assert removed.returncode == 0, removed.stderr
    assert "Version 1.0.0 supprimée : 1 campagne(s)" in removed.stdout
    assert listed.stdout.split() == ["1.1.0"]
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert_one_clear_line(unknown, 2, "9.9", "1.1.0")


@pytest.mark.parametrize("columns", ["80", "60"])
def test_gap_ids_are_listed_whole_at_any_terminal_width(amoa: Amoa, recorded: Path, columns: str) -> None:
    """The id is what ``gaps accept`` and ``approve --reservation`` take: it is never cut."""
    ids = [g["id"] for g in json.loads(amoa("gaps", "--release", "1.1.0", "--format", "json").stdout)["gaps"]]

    listed = amoa("gaps", "--release", "1.1.0", env={"COLUMNS": columns})

    assert listed.returncode == 0, listed.stderr
    assert ids and [i for i in ids if i not in listed.stdout] == [], listed.stdout
    assert "…" not in listed.stdout


def test_a_reservation_left_past_its_due_date_is_listed_overdue(amoa: Amoa, recorded: Path) -> None:
    due = date.today() + timedelta(days=1)
    assert amoa("gaps", "accept", "known_limitation:EXG-013", "--release", "1.1.0", "--owner", "MOE",
                "--due", due.isoformat(), "--by", "marie.dupont").returncode == 0  # fmt: skip
    with sqlite3.connect(recorded / "data" / "amoa.db") as db:  # then time passes: due two weeks ago
        db.execute("UPDATE tracked_gaps SET due = ? WHERE identity = 'known_limitation:EXG-013'",
                   ((date.today() - timedelta(days=14)).isoformat(),))  # fmt: skip

    listed = amoa("gaps", "--release", "1.1.0")

    assert listed.returncode == 0, listed.stderr
    shown = " ".join(listed.stdout.replace("│", " ").split())
    assert "réserve (MOE, " in shown and "— échue" in shown

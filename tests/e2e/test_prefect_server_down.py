"""A Prefect server set in ``PREFECT_API_URL`` that does not answer (a port where nothing listens).

A command that needs it says so in one line naming its URL and what to do, exit code 3; a command
for which it is only told (``amoa ingest``) says in one line of ours what will not happen, and
goes on. Never a traceback, never Prefect's own lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line


def test_a_checkpoint_with_the_prefect_server_down_is_one_line_naming_it(amoa: Amoa, down_url: str) -> None:
    completed = amoa("checkpoint", "--release", "1.1.0", env={"PREFECT_API_URL": down_url})

    assert_one_clear_line(completed, 3, down_url, "ne répond pas", "PREFECT_API_URL")


def test_serving_with_the_prefect_server_down_is_one_line_in_english_too(amoa: Amoa, down_url: str) -> None:
    completed = amoa("--lang", "en", "serve", env={"PREFECT_API_URL": down_url}, timeout=120)

    assert completed.stdout.count("\n") <= 1  # at most the line naming what it was to serve
    assert_one_clear_line(completed, 3, down_url, "does not answer", "PREFECT_API_URL")


def test_new_notes_with_the_prefect_server_down_are_stored_with_one_warning_of_ours(
    amoa: Amoa, down_url: str
) -> None:
    completed = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0",
                     env={"PREFECT_API_URL": down_url}, timeout=120)  # fmt: skip

    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert down_url in lines[0] and "aucun point de contrôle" in lines[0] and "1.1.0" in lines[0]
    assert "Prefect" in lines[0] and "EventsWorker" not in lines[0]
    assert "enregistrée" in completed.stdout  # the notes are stored all the same
    assert "1.1.0" in amoa("releases", "list").stdout


def test_waiting_for_a_gate_with_the_prefect_server_down_is_one_line_too(
    sample_project: Path, prefect_home: Path, down_url: str
) -> None:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("AMOA_", "PREFECT_"))
    }
    environment.update({"PREFECT_HOME": str(prefect_home), "AMOA_LANG": "fr", "PREFECT_API_URL": down_url})
    completed = subprocess.run(
        [sys.executable, "-m", "flows.gates", "--release", "1.1.0", "--gate", "vabf"],
        cwd=sample_project, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert_one_clear_line(completed, 3, down_url, "ne répond pas")

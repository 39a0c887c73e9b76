"""``amoa deploy``: prefect.yaml written from config/amoa.toml, and checked against it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO
from tests.e2e.conftest import Amoa


def test_a_schedule_changed_in_amoa_toml_makes_prefect_yaml_stale_until_deploy_writes_it(
    amoa: Amoa, sample_project: Path
) -> None:
    shutil.copy(REPO / "prefect.yaml", sample_project / "prefect.yaml")
    fresh = amoa("deploy", "--check")
    config = sample_project / "config" / "amoa.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("0 6 * * 1-5", "30 5 * * 1-5"), "utf-8")

    stale = amoa("deploy", "--check")
    written = amoa("deploy")
    again = amoa("deploy", "--check")

    assert fresh.returncode == 0, fresh.stderr
    assert stale.returncode == 1 and "lancez amoa deploy" in stale.stderr
    assert written.returncode == 0 and again.returncode == 0
    deployed = yaml.safe_load((sample_project / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    assert deployed[0]["schedules"] == [{"cron": "30 5 * * 1-5", "timezone": "Europe/Paris"}]


def test_a_project_made_by_init_is_deployable_from_its_own_folder(amoa: Amoa, tmp_path: Path) -> None:
    """The operator's way: a project of its own (not this repository), `amoa --project DIR deploy`,
    then Prefect loads every entrypoint of DIR/prefect.yaml from DIR, where the repository's
    `flows/` folder is not: the entrypoints name the installed package, not a file."""
    project = tmp_path / "recette"
    made = amoa("init", str(project), "--demo")
    written = amoa("--project", str(project), "deploy")

    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_ENTRYPOINTS, str(project / "prefect.yaml")],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_", "PYTHONPATH"))},
    )  # fmt: skip

    assert made.returncode == 0, made.stderr
    assert written.returncode == 0, written.stderr
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert json.loads(loaded.stdout.strip().splitlines()[-1]) == [
        "acceptance-checkpoint", "acceptance-shard", "approval-gate", "approval-reminders",
    ]  # fmt: skip
    assert f"prefect --no-prompt deploy --all --prefect-file {project / 'prefect.yaml'}" in written.stdout


# Prefect's own loader, as `prefect deploy` (to read the parameters) and a worker (to run) use it.
LOAD_ENTRYPOINTS = """
import json, sys
import yaml
from prefect.flows import load_flow_from_entrypoint

document = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
names = [load_flow_from_entrypoint(d["entrypoint"], use_placeholder_flow=False).name
         for d in document["deployments"]]
print(json.dumps(names))
"""


def test_a_prefect_yaml_written_elsewhere_is_the_file_the_next_command_names(
    amoa: Amoa, tmp_path: Path
) -> None:
    target = tmp_path / "deploiement" / "prefect.yaml"
    target.parent.mkdir()

    written = amoa("deploy", "--output", str(target))

    assert written.returncode == 0, written.stderr
    assert target.is_file()
    assert f"prefect --no-prompt deploy --all --prefect-file {target}" in written.stdout

"""``amoa deploy``: prefect.yaml written from config/amoa.toml, and checked against it."""

from __future__ import annotations

import shutil
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

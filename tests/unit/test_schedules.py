"""Scheduled checkpoints per release ([[schedules]]) and the deployments ``amoa serve`` builds from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.schedules import Schedule, load_schedules

REPO = Path(__file__).resolve().parents[2]


def test_the_sample_schedules_release_1_1_0_on_working_days() -> None:
    assert load_schedules(REPO) == (Schedule("1.1.0", "0 6 * * 1-5", "Europe/Paris", 1, "pause"),)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[schedules]]\nrelease = "1.1.0"\ncron = "0 6 * *"\n', "five-field cron"),
        ('[[schedules]]\nrelease = "1"\ncron = "0 6 * * *"\nwait_for_approval = "x"', "none/pause/suspend"),
        ('[[schedules]]\nrelease = "1"\ncron = "0 6 * * *"\n[[schedules]]\nrelease = "1"\ncron = "0 7 * * *"',
         "one schedule per release"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "amoa.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_schedules(tmp_path)


def test_serve_builds_one_deployment_per_release_and_the_reminders() -> None:
    from flows.deployments import deployments

    built = deployments("/srv/recette", (Schedule("1.1.0", "0 6 * * 1-5", "Europe/Paris", 2, "suspend"),))
    assert [d.name for d in built] == ["checkpoint-1.1.0", "approval-reminders"]
    assert built[0].parameters == {"release": "1.1.0", "project_dir": "/srv/recette", "shards": 2,
                                   "wait_for_approval": "suspend"}  # fmt: skip
    assert built[0].schedules[0].schedule.cron == "0 6 * * 1-5"  # type: ignore[union-attr]

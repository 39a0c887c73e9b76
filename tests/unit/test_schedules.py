"""Scheduled checkpoints per release ([[schedules]]) and the deployments ``amoa serve`` builds from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.schedules import Schedule, load_schedules

REPO = Path(__file__).resolve().parents[2]


def test_the_sample_schedules_release_1_1_0_on_working_days() -> None:
    assert load_schedules(REPO) == (Schedule("1.1.0", "0 6 * * 1-5", "Europe/Paris", 1, "suspend"),)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[[schedules]]\nrelease = "1.1.0"\ncron = "0 6 * *"\n', "five-field cron"),
        ('[[schedules]]\nrelease = "1"\ncron = "0 6 * * *"\nwait_for_approval = "x"', "none/pause/suspend"),
        ('[[schedules]]\nrelease = "1"\ncron = "0 6 * * *"\nwait_for_testers = "yes"', "true or false"),
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

    schedule = Schedule("1.1.0", "0 6 * * 1-5", "Europe/Paris", 2, "suspend", wait_for_testers=True)
    built = deployments("/srv/recette", (schedule,))
    assert [d.name for d in built] == ["served-checkpoint-1.1.0", "served-approval-reminders"]
    assert built[0].parameters == {"release": "1.1.0", "project_dir": "/srv/recette", "shards": 2,
                                   "wait_for_approval": "suspend", "wait_for_testers": True}  # fmt: skip
    assert built[0].schedules[0].schedule.cron == "0 6 * * 1-5"  # type: ignore[union-attr]


def test_served_deployments_never_take_the_names_of_those_prefect_yaml_deploys() -> None:
    """Same flow, same name: serving replaced the workers' deployment (its path, its mode), and
    stopping serve paused it. The names differ now, and a release runs once at a time either way."""
    import yaml

    from flows.deployments import deployments

    declared = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    served = deployments("/srv/recette", (Schedule("1.1.0", "0 6 * * 1-5"),))
    assert not {d["name"] for d in declared} & {d.name for d in served}
    checkpoint = next(d for d in declared if d["entrypoint"].endswith(":acceptance_checkpoint"))
    assert checkpoint["concurrency_limit"]["limit"] == 1
    assert served[0].concurrency_limit == 1


def test_prefect_yaml_says_what_amoa_toml_says() -> None:
    """amoa.toml said pause where prefect.yaml said suspend: each checkpoint deployment of
    prefect.yaml has the release, schedule, shards and waiting mode of its [[schedules]] entry."""
    import yaml

    declared = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    checkpoints = [
        d for d in declared if d["entrypoint"].endswith(":acceptance_checkpoint") and d.get("schedules")
    ]
    as_deployed = {
        (d["name"], d["parameters"]["release"], d["schedules"][0]["cron"], d["schedules"][0].get("timezone"),
         d["parameters"]["shards"], d["parameters"]["wait_for_approval"], d["parameters"]["wait_for_testers"])
        for d in checkpoints
    }  # fmt: skip
    as_configured = {
        (s.deployment, s.release, s.cron, s.timezone, s.shards, s.wait_for_approval, s.wait_for_testers)
        for s in load_schedules(REPO)
    }
    assert as_deployed == as_configured


def test_prefect_yaml_is_exactly_what_amoa_deploy_makes_from_amoa_toml() -> None:
    """One source of truth: the deployments of the work pool come from [[schedules]]."""
    from amoa_workflow.settings.prefect_yaml import prefect_yaml

    assert (REPO / "prefect.yaml").read_text(encoding="utf-8") == prefect_yaml(load_schedules(REPO))


def test_a_generated_prefect_yaml_has_no_yaml_aliases_and_quotes_what_would_not_stay_text() -> None:
    import yaml

    from amoa_workflow.settings.prefect_yaml import prefect_yaml

    text = prefect_yaml(
        (Schedule("2.0", "0 6 * * 1-5", "Europe/Paris", 2, "pause"), Schedule("2.1", "0 7 * * *"))
    )
    document = yaml.safe_load(text)
    assert "&id" not in text and "*id" not in text
    first, second = document["deployments"][:2]
    assert first["parameters"] == {
        "release": "2.0", "project_dir": "{{ $AMOA_PROJECT_DIR }}", "shards": 2, "wait_for_approval": "pause",
        "wait_for_testers": False,
        "shard_deployment": "acceptance-shard/acceptance-shard",  # its shards go to the pool, one run each
    }  # fmt: skip
    assert "shard_deployment" not in second["parameters"]  # one shard: run where the checkpoint runs
    assert first["schedules"] == [{"cron": "0 6 * * 1-5", "timezone": "Europe/Paris"}]
    assert second["schedules"] == [{"cron": "0 7 * * *"}]
    assert [d["name"] for d in document["deployments"]] == [
        "checkpoint-2.0", "checkpoint-2.1", "checkpoint-on-new-release", "acceptance-shard", "approval-gate",
        "approval-reminders",
    ]  # fmt: skip
    [shard] = [d for d in document["deployments"] if d["name"] == "acceptance-shard"]
    assert shard["entrypoint"] == "flows.shards:acceptance_shard"  # the installed module: any folder
    assert shard["work_pool"] == {"name": "amoa", "work_queue_name": "shards"}
    assert "parameters" not in shard  # the project is each worker's own copy: AMOA_PROJECT_DIR there

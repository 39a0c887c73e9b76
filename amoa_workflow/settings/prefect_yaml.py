"""``prefect.yaml`` made from ``config/amoa.toml``: one source of truth for the deployments.

``[[schedules]]`` says which releases are checked when and how the flow waits at its gates;
``amoa deploy`` writes the same deployments for a process work pool that ``amoa serve`` serves
(named without the ``served-`` prefix, so the two never collide), plus the checkpoint started
by new release notes, the approval-gate flow and the reminders. ``amoa deploy --check`` says
whether the file on disk is still what the configuration makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from amoa_workflow.settings.schedules import Schedule

PREFECT_VERSION = "3.9.1"
REMINDERS_CRON = "*/15 * * * *"
PROJECT_DIR = "{{ $AMOA_PROJECT_DIR }}"
CODE_DIR = "{{ $AMOA_CODE_DIR }}"  # the runs' working directory: the same path on every worker host
SHARD_DEPLOYMENT = "acceptance-shard/acceptance-shard"  # flows/shards.py says the same
SHARD_QUEUE = "shards"
HEADER = """\
# Prefect deployments of amoa-workflow on a process work pool (see docs/prefect-and-postgresql.md).
# Made by `amoa deploy` from config/amoa.toml ([[schedules]]): edit that file, then run it again;
# `amoa deploy --check` fails when this file is no longer what the configuration makes.
#
#   export AMOA_CODE_DIR=/opt/amoa-workflow       # amoa-workflow's folder, at this path on every worker host
#   export AMOA_PROJECT_DIR=/srv/recette          # the acceptance project (config/, features/…)
#   export AMOA_DATABASE_URL=postgresql+psycopg://amoa@db:5432/recette
#   prefect work-pool create {pool} --type process
#   prefect --no-prompt deploy --all --prefect-file $AMOA_PROJECT_DIR/prefect.yaml  # or --name NAME
#   prefect worker start --pool {pool} --work-queue default   # on each host that runs checkpoints
#   prefect worker start --pool {pool} --work-queue shards --limit 1   # on each host that runs shards
#
# The entrypoints are modules of the installed amoa-workflow (flows.checkpoint…), not files: Prefect
# loads them wherever it runs in amoa-workflow's environment, so deploy from any folder. A worker
# started without --work-queue serves every queue of the pool, "shards" included (its --limit then
# bypassed). A checkpoint with shards > 1 sends each shard to the queue "shards" (deployment
# acceptance-shard): one flow run per shard, any worker of that queue takes it and runs it with its
# host's copy of the project (AMOA_PROJECT_DIR in the worker's environment); the results go
# through the database.
#
# `{{{{ $VAR }}}}` values are read from the environment when deploying. A checkpoint suspended at its
# gate frees its worker; resumed (Prefect UI form, `resume_flow_run`, a decision made with
# `amoa approve` or on the web page), it runs again from the top, finds its run recorded in our
# database and goes straight to the gate. One run of a release at a time: a second one waits in
# AwaitingConcurrencySlot (a run suspended at its gate frees its slot).
"""


def prefect_yaml(schedules: Sequence[Schedule], pool: str = "amoa") -> str:
    """The text of ``prefect.yaml`` for these schedules on the work pool ``pool``."""
    deployments: list[dict[str, Any]] = [
        {
            "name": schedule.deployment,
            "description": f"Recette de la version {schedule.release} ({schedule.cron}), puis ses portes.",
            "entrypoint": "flows.checkpoint:acceptance_checkpoint",
            "parameters": schedule.parameters(PROJECT_DIR)
            | ({"shard_deployment": SHARD_DEPLOYMENT} if schedule.shards > 1 else {}),
            "concurrency_limit": _one_at_a_time(),
            "schedules": [_cron(schedule)],
            "work_pool": _pool(pool),
        }
        for schedule in schedules
    ]  # fmt: skip
    waiting = schedules[0].wait_for_approval if schedules else "suspend"
    deployments += [
        {
            "name": "checkpoint-on-new-release",
            "description": "Recette de chaque nouvelle version dès ses notes enregistrées (amoa ingest).",
            "entrypoint": "flows.checkpoint:acceptance_checkpoint",
            "parameters": {"project_dir": PROJECT_DIR, "shards": 1, "wait_for_approval": waiting},
            "concurrency_limit": _one_at_a_time(),
            "triggers": [{
                "type": "event", "enabled": True, "match": {"prefect.resource.id": "amoa.release.*"},
                "expect": ["amoa.release.ingested"],
                "parameters": {"release": "{{ event.resource['amoa.release'] }}"},
            }],
            "work_pool": _pool(pool),
        },
        {
            "name": "acceptance-shard",
            "description": "Un shard de recette, pris par tout worker (copie du projet : AMOA_PROJECT_DIR).",
            "entrypoint": "flows.shards:acceptance_shard",
            "work_pool": _pool(pool, SHARD_QUEUE),
        },
        {
            "name": "approval-gate",
            "description": "Attendre les décisions d'une porte déjà ouverte (lancée à la demande).",
            "entrypoint": "flows.gates:approval_gate",
            "parameters": {"project_dir": PROJECT_DIR, "wait_for_approval": waiting},
            "work_pool": _pool(pool),
        },
        {
            "name": "approval-reminders",
            "description": "Rappels et escalades des portes en attente, toutes les 15 minutes.",
            "entrypoint": "flows.reminders:approval_reminders",
            "parameters": {"project_dir": PROJECT_DIR},
            "schedules": [{"cron": REMINDERS_CRON}],
            "work_pool": _pool(pool),
        },
    ]  # fmt: skip
    document = {
        "name": "amoa-workflow",
        "prefect-version": PREFECT_VERSION,
        "pull": [{"prefect.deployments.steps.set_working_directory": {"directory": CODE_DIR}}],
        "deployments": deployments,
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110)
    return HEADER.format(pool=pool) + body


def _pool(name: str, queue: str = "default") -> dict[str, str]:  # a new mapping each time: no YAML alias
    return {"name": name, "work_queue_name": queue}


def _one_at_a_time() -> dict[str, object]:
    return {"limit": 1, "collision_strategy": "ENQUEUE"}


def _cron(schedule: Schedule) -> dict[str, str]:
    return {"cron": schedule.cron} | ({"timezone": schedule.timezone} if schedule.timezone else {})

"""A checkpoint's tasks retry what may come back, never a user's mistake (the same five seconds later)."""

from __future__ import annotations

from prefect.states import Completed, Failed

from amoa_workflow.errors import ReleaseNotStored
from flows.retries import unless_user_error


def test_a_release_never_ingested_is_not_tried_again() -> None:
    failed = Failed(data=ReleaseNotStored("v2026.05.1", ["1.1.0", "1.0.0"]))

    assert unless_user_error(None, None, failed) is False


def test_a_database_that_does_not_answer_is_tried_again() -> None:
    assert unless_user_error(None, None, Failed(data=ConnectionError("refused"))) is True
    assert unless_user_error(None, None, Completed(data=1)) is True


def test_every_task_that_retries_spares_a_users_mistake() -> None:
    import importlib

    from prefect import Task

    retrying = [
        (module, name)
        for module in (
            "checkpoint",
            "checkpoint_tasks",
            "gates",
            "decisions",
            "deadlines",
            "manual",
            "reminders",
            "publication",
            "shards",
        )
        for name, value in vars(importlib.import_module(f"flows.{module}")).items()
        if isinstance(value, Task) and value.retries
    ]
    assert len(retrying) >= 10
    for module, name in retrying:
        task = getattr(importlib.import_module(f"flows.{module}"), name)
        assert task.retry_condition_fn is unless_user_error, f"flows.{module}.{name}"

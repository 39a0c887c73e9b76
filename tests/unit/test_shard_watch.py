"""What the checkpoint does with a shard running elsewhere: done, wait, run it once more, give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from amoa_workflow.domain.shard_watch import Verdict, verdict

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("state", "alive", "tries", "expected"),
    [
        ("COMPLETED", ago(500), 1, Verdict.DONE),
        ("SCHEDULED", None, 1, Verdict.WAIT),  # no worker has taken it yet: not lost
        ("PENDING", ago(500), 1, Verdict.WAIT),
        ("RUNNING", ago(5), 1, Verdict.WAIT),  # handed something over 5 s ago
        ("RUNNING", ago(61), 1, Verdict.RERUN),  # silent past lost_after: its worker died
        ("RUNNING", ago(61), 2, Verdict.GIVE_UP),  # already run again once
        ("CRASHED", ago(1), 1, Verdict.RERUN),  # its process died and the server knows it
        ("CRASHED", ago(1), 2, Verdict.GIVE_UP),
        ("FAILED", ago(1), 1, Verdict.GIVE_UP),  # its own retry spent, or a refused project copy
        ("CANCELLED", ago(1), 1, Verdict.GIVE_UP),  # someone stopped it on purpose
    ],
)
def test_a_shard_is_run_again_once_when_its_worker_died_and_never_otherwise(
    state: str, alive: datetime | None, tries: int, expected: Verdict
) -> None:
    assert verdict(state, alive, NOW, 60.0, tries) is expected


def test_a_try_is_judged_on_its_own_news_not_on_the_attempt_it_replaces() -> None:
    """The dead first attempt's row stays 'running' until the second one opens: it must not make the
    second try, just started, look silent for as long as the first has been dead."""
    from prefect import State
    from prefect.states import Running, Scheduled

    from amoa_workflow.domain.shard_watch import ShardAttempt
    from flows.shards import last_news

    dead = ShardAttempt(1, 1, "hote-a", "running", ago(300))
    started: State[Any] = Running()
    started.timestamp = ago(3)
    assert last_news(started, [dead], 1, after=1) == ago(3)  # its start, not the dead row
    assert last_news(Scheduled(), [dead], 1, after=1) is None  # no worker yet: no news, not lost
    second = ShardAttempt(1, 2, "hote-b", "running", ago(1))
    other = ShardAttempt(2, 1, "hote-b", "running", ago(0))
    assert last_news(started, [dead, second, other], 1, after=1) == ago(1)  # its own hand-overs
    naive = ShardAttempt(1, 2, "hote-b", "finished", ago(2).replace(tzinfo=None))  # as SQLite gives it
    assert last_news(started, [naive], 1, after=1) == ago(2)

"""What the checkpoint does with a shard running elsewhere: done, wait, run it once more, give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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

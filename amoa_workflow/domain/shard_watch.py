"""What the checkpoint does with a shard that runs elsewhere, as a pure rule.

A shard sent to the work pool is a flow run some worker takes. It is done when that run completed;
it is run once more (a new flow run, any worker) when its run crashed, or when it says it is
running but has not handed anything over for ``lost_after`` seconds: its worker (host, process)
died without telling the server. Past ``tries`` runs, or when its run failed (its own retry spent)
or was cancelled, the checkpoint gives up and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

MAX_TRIES = 2  # the first run and one more


@dataclass(frozen=True)
class ShardAttempt:
    """One attempt of one shard, as the database holds it."""

    shard: int
    attempt: int
    host: str
    status: str
    alive_at: datetime
    exit_code: int | None = None
    log: str | None = None


@dataclass(frozen=True)
class HandedOver:
    """What a finished shard handed over: its records (scenario and steps) and how it ended."""

    attempt: ShardAttempt
    records: tuple[dict[str, Any], ...]


class Verdict(Enum):
    WAIT = "wait"
    DONE = "done"
    RERUN = "rerun"
    GIVE_UP = "give_up"


def verdict(
    state: str,
    alive: datetime | None,
    now: datetime,
    lost_after: float,
    tries: int,
    max_tries: int = MAX_TRIES,
) -> Verdict:
    """What to do with a shard whose flow run is in ``state`` (a Prefect state type, e.g. ``RUNNING``),
    last seen alive at ``alive``, after ``tries`` runs."""
    again = Verdict.RERUN if tries < max_tries else Verdict.GIVE_UP
    if state == "COMPLETED":
        return Verdict.DONE
    if state == "CRASHED":
        return again
    if state in ("FAILED", "CANCELLED", "CANCELLING"):
        return Verdict.GIVE_UP
    if state == "RUNNING" and alive is not None and (now - alive).total_seconds() > lost_after:
        return again
    return Verdict.WAIT

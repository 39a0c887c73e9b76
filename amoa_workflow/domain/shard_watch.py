"""What the checkpoint does with a shard that runs elsewhere, as a pure rule.

A shard sent to the work pool is a flow run some worker takes. It is done when that run completed;
it is run once more (a new flow run, any worker) when its run crashed, or when it says it is
running but has not handed anything over for ``lost_after`` seconds: its worker (host, process)
died without telling the server, or when its run failed (its code raised: the database, pytest
that could not start). Past ``tries`` runs, when its run was cancelled, or when a worker refused it
(its copy of the project is not the planned revision: running it again would not change that), the
checkpoint gives up and says why; also when no worker has taken it
``start_within`` seconds after it was sent (no worker serves the pool, or none can reach it): it
would otherwise hold the release's checkpoint for ever.

Silence is measured with the checkpoint's own clock only (:func:`noticed`): a piece of news (an
attempt's ``alive_at``, written with its worker's clock; the run's start, with the server's) counts
from when the checkpoint first saw it, so hosts whose clocks disagree never make a live shard look
dead, nor a dead one alive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

MAX_TRIES = 2  # the first run and one more
START_WITHIN = 900.0  # seconds a shard may wait for a worker to take it before the checkpoint gives up
WAITING = ("SCHEDULED", "PENDING", "PAUSED")  # sent, not taken by a worker yet
REFUSED = "refused"  # the status of an attempt a worker refused (another revision of the project)
FINISHED = "finished"  # the status of an attempt whose pytest process ended and handed everything over
ENDED = (FINISHED, REFUSED)  # the statuses of an attempt that will write nothing more


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


@dataclass(frozen=True)
class Seen:
    """The latest news of a shard's try (in its writer's clock) and when the checkpoint first saw it
    (in its own)."""

    news: datetime | None = None
    at: datetime | None = None


def last_news(
    state: str, started: datetime | None, attempts: Sequence[ShardAttempt], index: int, after: int
) -> datetime | None:
    """When the shard's current try last said it was alive: its run started (``started``, while it is
    ``RUNNING``), or it handed something over (its attempts past ``after``, the dead ones it replaces
    left out)."""
    news = [_utc(a.alive_at) for a in attempts if a.shard == index and a.attempt > after]
    if state == "RUNNING":
        news.append(_utc(started))
    return max(filter(None, news), default=None)


def refused(attempts: Sequence[ShardAttempt], index: int, after: int) -> bool:
    """Whether a worker refused the shard's current try (an attempt past ``after`` says ``refused``)."""
    return any(a.shard == index and a.attempt > after and a.status == REFUSED for a in attempts)


def ended(attempts: Sequence[ShardAttempt], index: int, after: int) -> bool:
    """Whether the shard's current try says it is over (an attempt past ``after`` finished or was
    refused): its flow run is about to end, worth asking the server about now."""
    return any(a.shard == index and a.attempt > after and a.status in ENDED for a in attempts)


def noticed(before: Seen, news: datetime | None, now: datetime) -> Seen:
    """``before``, or ``news`` seen ``now`` (the checkpoint's clock) when it is new."""
    if news is None or news == before.news:
        return before
    return Seen(news, now)


def verdict(
    state: str,
    alive: datetime | None,
    now: datetime,
    lost_after: float,
    tries: int,
    max_tries: int = MAX_TRIES,
    sent_at: datetime | None = None,
    start_within: float = START_WITHIN,
    refusal: bool = False,
) -> Verdict:
    """What to do with a shard whose flow run is in ``state`` (a Prefect state type, e.g. ``RUNNING``),
    last seen alive at ``alive``, after ``tries`` runs, the last one sent at ``sent_at`` (all three
    times in the checkpoint's clock); ``refusal``: a worker refused it."""
    again = Verdict.RERUN if tries < max_tries else Verdict.GIVE_UP
    if state in WAITING and sent_at is not None and (now - sent_at).total_seconds() > start_within:
        return Verdict.GIVE_UP  # sending it again would wait for the same missing worker
    if state == "COMPLETED":
        return Verdict.DONE
    if state == "FAILED" and refusal:
        return Verdict.GIVE_UP
    if state in ("CRASHED", "FAILED"):
        return again
    if state in ("CANCELLED", "CANCELLING"):
        return Verdict.GIVE_UP
    if state == "RUNNING" and alive is not None and (now - alive).total_seconds() > lost_after:
        return again
    return Verdict.WAIT


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

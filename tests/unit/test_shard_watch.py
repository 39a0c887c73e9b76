"""What the checkpoint does with a shard running elsewhere: done, wait, run it once more, give up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amoa_workflow.domain.shard_watch import (
    Seen,
    ShardAttempt,
    Verdict,
    ended,
    last_news,
    noticed,
    refused,
    verdict,
)
from amoa_workflow.i18n import translator

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
        ("FAILED", ago(1), 1, Verdict.RERUN),  # its code raised (the database, pytest): any worker, once
        ("FAILED", ago(1), 2, Verdict.GIVE_UP),
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
    dead = ShardAttempt(1, 1, "hote-a", "running", ago(300))
    assert last_news("RUNNING", ago(3), [dead], 1, after=1) == ago(3)  # its start, not the dead row
    assert last_news("SCHEDULED", ago(3), [dead], 1, after=1) is None  # no worker yet: no news, not lost
    second = ShardAttempt(1, 2, "hote-b", "running", ago(1))
    other = ShardAttempt(2, 1, "hote-b", "running", ago(0))
    assert last_news("RUNNING", ago(3), [dead, second, other], 1, after=1) == ago(1)  # its own hand-overs
    naive = ShardAttempt(1, 2, "hote-b", "finished", ago(2).replace(tzinfo=None))  # as SQLite gives it
    assert last_news("RUNNING", ago(3), [naive], 1, after=1) == ago(2)


@pytest.mark.parametrize("skew", [-600, 0, 600])
def test_silence_is_measured_with_the_checkpoints_clock_whatever_the_workers_clock_says(skew: int) -> None:
    """alive_at is written with the worker's clock: compared with the checkpoint's, a worker 10 min
    behind looked dead while it beat every second, and one 10 min ahead could not be found dead."""
    worker = timedelta(seconds=skew)
    seen = Seen()
    for second in range(120):  # beats every second, for two minutes
        now = NOW + timedelta(seconds=second)
        beat = ShardAttempt(1, 1, "hote-b", "running", now + worker)
        seen = noticed(seen, last_news("RUNNING", NOW + worker, [beat], 1, after=0), now)
        assert verdict("RUNNING", seen.at, now, 60.0, 1) is Verdict.WAIT
    for second in range(120, 300):  # then silent: its host was lost
        now = NOW + timedelta(seconds=second)
        seen = noticed(seen, last_news("RUNNING", NOW + worker, [beat], 1, after=0), now)
        expected = Verdict.WAIT if second - 119 <= 60 else Verdict.RERUN
        assert verdict("RUNNING", seen.at, now, 60.0, 1) is expected, second


@pytest.mark.parametrize("state", ["SCHEDULED", "PENDING", "PAUSED"])
def test_a_shard_no_worker_takes_is_given_up_after_start_within_instead_of_waited_for_ever(
    state: str,
) -> None:
    assert verdict(state, None, NOW, 60.0, 1, sent_at=ago(899), start_within=900) is Verdict.WAIT
    assert verdict(state, None, NOW, 60.0, 1, sent_at=ago(901), start_within=900) is Verdict.GIVE_UP
    assert verdict(state, None, NOW, 60.0, 1, sent_at=ago(3600)) is Verdict.GIVE_UP  # 15 min by default
    assert verdict("RUNNING", ago(5), NOW, 60.0, 1, sent_at=ago(3600)) is Verdict.WAIT  # taken: not this rule


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_why_a_shard_is_given_up_is_said_in_the_projects_language(lang: str) -> None:
    t = translator(lang)
    not_taken = t("flow.shard_not_taken", start_within="900")
    silent = t("flow.shard_silent", since="06:00:00", lost_after="60")
    assert "900 s" in not_taken and "06:00:00" in silent and "\n" not in not_taken + silent
    assert ("aucun worker" in not_taken and "aucune nouvelle" in silent) == (lang == "fr")
    assert ("no worker" in not_taken and "no news" in silent) == (lang == "en")


def test_a_shard_a_worker_refused_is_given_up_at_once_not_sent_again() -> None:
    """Its copy of the project is another revision: a second try (Prefect's retry, then) could only
    be refused the same way, and held the checkpoint a while longer."""
    mine = ShardAttempt(1, 2, "hote-b", "refused", ago(1))
    before = ShardAttempt(1, 1, "hote-a", "refused", ago(60))
    assert refused([before, mine], 1, after=1) and not refused([before], 1, after=1)
    assert not refused([mine], 2, after=0)  # another shard's
    assert verdict("FAILED", None, NOW, 60.0, 1, refusal=True) is Verdict.GIVE_UP
    assert verdict("FAILED", None, NOW, 60.0, 1, refusal=False) is Verdict.RERUN


def test_a_try_whose_attempt_ended_is_worth_asking_the_server_about_at_once() -> None:
    """Its flow run is about to end (completed, or failed on a refusal): the checkpoint reads it now
    rather than at its next round of the server, and merges within one read of the database."""
    replaced = ShardAttempt(1, 1, "hote-a", "finished", ago(30))  # an earlier try's: not news of this one
    running = ShardAttempt(1, 2, "hote-b", "running", ago(1))
    assert not ended([replaced, running], 1, after=1)
    assert ended([replaced, ShardAttempt(1, 2, "hote-b", "finished", ago(0))], 1, after=1)
    assert ended([ShardAttempt(1, 2, "hote-b", "refused", ago(0))], 1, after=1)
    assert not ended([ShardAttempt(2, 2, "hote-b", "finished", ago(0))], 1, after=1)  # another shard's

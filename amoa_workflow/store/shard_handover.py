"""Where the shards of a run hand their results over: the project database, not a shared folder.

A shard runs on whichever worker takes it, on any host. It opens an attempt (1, then 2 if it is
run again), writes its scenario records as they finish, beats while it runs, and closes the
attempt with its exit code and the end of its log. A new attempt of a shard replaces what the
attempts before it wrote, in the same transaction that opens it; an attempt that has been
replaced (its worker came back to life) writes nothing more. The merge reads, for each shard,
its last finished attempt: one result per scenario, whatever died and ran again.

Records are written in bulk (:func:`~amoa_workflow.store.bulk.insert_rows`), one statement per
batch whatever its size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError

from amoa_workflow.domain.shard_watch import HandedOver, ShardAttempt
from amoa_workflow.domain.shards import DuplicateResult, distinct_records
from amoa_workflow.errors import DuplicateScenario
from amoa_workflow.store import locks
from amoa_workflow.store.bulk import insert_rows
from amoa_workflow.store.database import safe_url
from amoa_workflow.store.failures import database_failure
from amoa_workflow.store.tables import shard_attempts, shard_results

RUNNING, FINISHED, REPLACED, REFUSED = "running", "finished", "replaced", "refused"


@dataclass(frozen=True)
class ShardHandover:
    engine: Engine

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except DBAPIError as error:
            raise database_failure(safe_url(str(self.engine.url)), error) from None

    def open(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int:
        """A new attempt of ``shard``: the ones before it are replaced and their records removed."""
        a = shard_attempts.c
        with self._transaction() as connection:
            locks.hold(connection, f"shard:{run_key}:{shard}")
            mine = (a.run_key == run_key) & (a.shard == shard)
            last = connection.execute(select(func.max(a.attempt)).where(mine)).scalar_one_or_none() or 0
            connection.execute(update(shard_attempts).where(mine).values(status=REPLACED))
            r = shard_results.c
            connection.execute(delete(shard_results).where((r.run_key == run_key) & (r.shard == shard)))
            connection.execute(
                shard_attempts.insert().values(
                    run_key=run_key, shard=shard, attempt=last + 1, host=host[:255], revision=revision,
                    status=RUNNING, started_at=now, alive_at=now,
                )
            )  # fmt: skip
        return last + 1

    def refuse(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int:
        """An attempt of ``shard`` refused on ``host`` (its copy at ``revision``): it runs nothing, and
        says to the checkpoint that sending it again is no use."""
        a = shard_attempts.c
        with self._transaction() as connection:
            locks.hold(connection, f"shard:{run_key}:{shard}")
            mine = (a.run_key == run_key) & (a.shard == shard)
            last = connection.execute(select(func.max(a.attempt)).where(mine)).scalar_one_or_none() or 0
            connection.execute(
                shard_attempts.insert().values(
                    run_key=run_key, shard=shard, attempt=last + 1, host=host[:255], revision=revision[:64],
                    status=REFUSED, started_at=now, alive_at=now, finished_at=now,
                )
            )  # fmt: skip
        return last + 1

    def add(
        self, run_key: str, shard: int, attempt: int, records: Sequence[dict[str, Any]], now: datetime
    ) -> bool:
        """Write these records of a running attempt (and say it is alive); False if it was replaced.

        A record repeated in ``records`` is written once; a key repeated with another content raises
        :class:`~amoa_workflow.errors.DuplicateScenario`, nothing written."""
        try:
            records = distinct_records(records, shard)
        except DuplicateResult as twice:
            raise DuplicateScenario(key=twice.key, first=twice.first, second=twice.second) from None
        with self._transaction() as connection:
            locks.hold(connection, f"shard:{run_key}:{shard}")
            if not self._current(connection, run_key, shard, attempt):
                return False
            insert_rows(
                connection,
                shard_results,
                [
                    {"run_key": run_key, "shard": shard, "attempt": attempt, "scenario_key": record["key"],
                     "record": record}
                    for record in records
                ],
            )  # fmt: skip
            self._attempt(connection, run_key, shard, attempt, alive_at=now)
        return True

    def close(self, run_key: str, shard: int, attempt: int, exit_code: int, log: str, now: datetime) -> bool:
        """The attempt finished with ``exit_code``; False if it had been replaced meanwhile."""
        with self._transaction() as connection:
            locks.hold(connection, f"shard:{run_key}:{shard}")
            if not self._current(connection, run_key, shard, attempt):
                return False
            self._attempt(
                connection, run_key, shard, attempt, status=FINISHED, exit_code=exit_code, log=log,
                alive_at=now, finished_at=now,
            )  # fmt: skip
        return True

    def attempts(self, run_key: str) -> list[ShardAttempt]:
        """Every attempt of every shard of the run, by shard then attempt."""
        a = shard_attempts.c
        with self._transaction() as connection:
            rows = connection.execute(
                select(a.shard, a.attempt, a.host, a.status, a.alive_at, a.exit_code, a.log)
                .where(a.run_key == run_key)
                .order_by(a.shard, a.attempt)
            ).all()
        return [ShardAttempt(*row) for row in rows]

    def finished(self, run_key: str) -> dict[int, HandedOver]:
        """Each finished shard of the run (its current attempt) with its records, by scenario key."""
        a, r = shard_attempts.c, shard_results.c
        with self._transaction() as connection:
            done = connection.execute(
                select(a.shard, a.attempt, a.host, a.status, a.alive_at, a.exit_code, a.log).where(
                    (a.run_key == run_key) & (a.status == FINISHED)
                )
            ).all()
            rows = connection.execute(
                select(r.shard, r.attempt, r.record).where(r.run_key == run_key).order_by(r.scenario_key)
            ).all()
        found: dict[int, HandedOver] = {}
        for row in done:
            attempt = ShardAttempt(*row)
            records = tuple(rec for s, n, rec in rows if s == attempt.shard and n == attempt.attempt)
            found[attempt.shard] = HandedOver(attempt, records)
        return found

    def _current(self, connection: Connection, run_key: str, shard: int, attempt: int) -> bool:
        a = shard_attempts.c
        status = connection.execute(
            select(a.status).where((a.run_key == run_key) & (a.shard == shard) & (a.attempt == attempt))
        ).scalar_one_or_none()
        return status == RUNNING

    def _attempt(self, connection: Connection, run_key: str, shard: int, attempt: int, **values: Any) -> None:
        a = shard_attempts.c
        connection.execute(
            update(shard_attempts)
            .where((a.run_key == run_key) & (a.shard == shard) & (a.attempt == attempt))
            .values(**values)
        )

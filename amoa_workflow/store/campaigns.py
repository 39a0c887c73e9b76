"""Campaigns in SQL: their current results, updated in place, and the history of their runs.

A campaign (``recette-1.1.0``) is run again and again. Each run is one row of ``runs`` (its
attempt number) with what it observed (``run_results``, ``run_observations``); ``scenario_results`` holds the
campaign's current result per scenario. A full run makes the current results exactly its own;
a partial run (a selection) updates only the scenarios it ran. Recording the same run twice
(a retried task) changes nothing: the run is found by its key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from sqlalchemy import Connection, Row, Select, delete, func, insert, select, update

from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.model import RunRecord, ScenarioResult, Status
from amoa_workflow.errors import CampaignNotFound, ReleaseNotStored
from amoa_workflow.store.bulk import insert_tuples, update_rows
from amoa_workflow.store.manual import SqlManualWork, with_executions
from amoa_workflow.store.releases import SqlReleases
from amoa_workflow.store.result_rows import (
    RESULT_COLUMNS,
    STEP_COLUMNS,
    VALUES,
    read_results,
    result_row,
    result_tuples,
    step_tuples,
)
from amoa_workflow.store.run_observations import pack, unpack
from amoa_workflow.store.tables import (
    campaigns,
    run_observations,
    run_results,
    runs,
    scenario_results,
    step_results,
)


def _now() -> datetime:
    return datetime.now(UTC)


class SqlCampaigns:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _id(self, key: str) -> int:
        campaign_id = self.find(key)
        if campaign_id is None:
            raise CampaignNotFound(key, self.keys())
        return campaign_id

    def find(self, key: str) -> int | None:
        campaign_id = self.connection.execute(select(campaigns.c.id).where(campaigns.c.key == key)).scalar()
        return None if campaign_id is None else int(campaign_id)

    def keys(self) -> list[str]:
        return list(self.connection.execute(select(campaigns.c.key).order_by(campaigns.c.key)).scalars())

    def start(
        self,
        key: str,
        version: str,
        checkpoint: str,
        run_folder: str,
        run_key: str | None = None,
        selection: str = "all",
        shards: int = 1,
        started_at: datetime | None = None,
    ) -> int:
        """Create the campaign or open its next run (started at ``started_at``, or now); returns the
        run's attempt number.

        Starting again a run already started (same ``run_key``) returns its attempt: no new run.
        Without a ``run_key``, every call is a new run.
        """
        release_id = SqlReleases(self.connection).id_of(version)
        if release_id is None:
            raise ReleaseNotStored(version, SqlReleases(self.connection).versions())
        row = self._locked(key, release_id, checkpoint)
        if run_key is not None:
            known = self.connection.execute(select(runs.c.attempt).where(runs.c.run_key == run_key)).scalar()
            if known is not None:
                return int(known)
        attempt = int(row.attempt) + 1
        run_key = run_key or f"{key}/attempt-{attempt}"
        values = {
            "attempt": attempt,
            "started_at": started_at or _now(),
            "finished_at": None,
            "run_folder": run_folder,
        }
        campaign_id = row.id
        self.connection.execute(update(campaigns).where(campaigns.c.id == row.id).values(**values))
        self.connection.execute(
            insert(runs).values(
                campaign_id=campaign_id,
                attempt=attempt,
                run_key=run_key,
                selection=selection,
                shards=shards,
                started_at=values["started_at"],
                folder=run_folder,
            )
        )
        return attempt

    def _locked(self, key: str, release_id: int, checkpoint: str) -> Row[Any]:
        """The campaign's row, created if need be, locked until the transaction ends.

        Runs of one campaign recorded at once each get an attempt of their own: the row is created
        with ``INSERT … ON CONFLICT DO NOTHING`` (a second creator waits for the first, then finds
        its row), then read ``FOR UPDATE`` on PostgreSQL; on SQLite the insert, a write, already holds
        the database's write lock until the commit. Attempt 0 means "created, no run yet".
        """
        dialect = self.connection.dialect.name
        values = {"key": key, "release_id": release_id, "checkpoint": checkpoint, "attempt": 0,
                  "started_at": _now()}  # fmt: skip
        if dialect in ("postgresql", "sqlite"):
            creation = import_module(f"sqlalchemy.dialects.{dialect}").insert(campaigns)  # the one in use
            self.connection.execute(creation.values(**values).on_conflict_do_nothing(index_elements=["key"]))
        elif self.find(key) is None:  # another database: no concurrent first run
            self.connection.execute(insert(campaigns).values(**values))
        query = select(campaigns).where(campaigns.c.key == key).with_for_update()
        return self.connection.execute(query).one()

    def finish(self, key: str) -> None:
        campaign_id, attempt = self.connection.execute(
            select(campaigns.c.id, campaigns.c.attempt).where(campaigns.c.key == key)
        ).one()
        now = _now()
        self.connection.execute(
            update(campaigns).where(campaigns.c.id == campaign_id).values(finished_at=now)
        )
        self.connection.execute(
            update(runs)
            .where(runs.c.campaign_id == campaign_id, runs.c.attempt == attempt)
            .values(finished_at=now)
        )

    def record_run(self, key: str, attempt: int, results: Sequence[ScenarioResult]) -> None:
        """Keep what run ``attempt`` observed, as it was (replacing an earlier recording of it): each
        scenario's status and duration, and the whole observation in one document."""
        run_id = self._run_id(key, attempt)
        if run_id is None:
            raise CampaignNotFound(key, [str(run.attempt) for run in self.runs(key)], attempt)
        self.connection.execute(delete(run_results).where(run_results.c.run_id == run_id))
        self.connection.execute(delete(run_observations).where(run_observations.c.run_id == run_id))
        rows = [(run_id, r.key, VALUES[r.status], r.duration) for r in results]
        insert_tuples(self.connection, run_results, ("run_id", "scenario_key", "status", "duration"), rows)
        self.connection.execute(insert(run_observations).values(run_id=run_id, body=pack(results)))

    def save_results(self, key: str, results: Sequence[ScenarioResult], partial: bool = False) -> None:
        """Make the current results ``results`` (full run) or update those scenarios only (partial run).

        Written in bulk, one statement per table and not per scenario.
        """
        campaign_id = self._id(key)
        query = select(scenario_results.c.scenario_key, scenario_results.c.id).where(
            scenario_results.c.campaign_id == campaign_id
        )
        existing = self._ids(query)
        wanted = {r.key for r in results}
        stale = (
            []
            if partial
            else [row_id for scenario_key, row_id in existing.items() if scenario_key not in wanted]
        )
        updated = [r for r in results if r.key in existing]
        if partial:  # the steps of the results updated are written again
            for chunk in chunks([existing[r.key] for r in updated]):
                self.connection.execute(delete(step_results).where(step_results.c.result_id.in_(chunk)))
        elif existing:  # a full run: those of every result
            mine = select(scenario_results.c.id).where(scenario_results.c.campaign_id == campaign_id)
            self.connection.execute(delete(step_results).where(step_results.c.result_id.in_(mine)))
        for chunk in chunks(stale):
            self.connection.execute(delete(scenario_results).where(scenario_results.c.id.in_(chunk)))
        update_rows(
            self.connection, scenario_results, [{"id": existing[r.key], **result_row(r)} for r in updated]
        )
        inserted = [r for r in results if r.key not in existing]
        if inserted:  # without RETURNING: SQLite would then insert row by row to keep their order
            last = self.connection.execute(select(func.max(scenario_results.c.id))).scalar() or 0
            rows = result_tuples(campaign_id, inserted)
            insert_tuples(self.connection, scenario_results, RESULT_COLUMNS, rows)
            existing = self._inserted_ids(last, inserted, existing) or self._ids(query)
        insert_tuples(self.connection, step_results, STEP_COLUMNS, step_tuples(results, existing))

    def _inserted_ids(
        self, last: int, inserted: Sequence[ScenarioResult], existing: dict[str, int]
    ) -> dict[str, int] | None:
        """The ids of the rows just inserted above id ``last``, without reading them back: each took
        a larger id than the one before (SQLite's rowid, PostgreSQL's sequence within one COPY), so
        when the rows above ``last`` are as many as inserted and their ids unbroken, they are ours,
        in order. None when that does not hold (another writer's rows among or between them)."""
        ids = scenario_results.c.id
        low, high, count = self.connection.execute(
            select(func.min(ids), func.max(ids), func.count()).where(ids > last)
        ).one()
        if count != len(inserted) or high - low + 1 != count:
            return None
        return existing | {result.key: low + n for n, result in enumerate(inserted)}

    def _ids(self, query: Select[tuple[str, int]]) -> dict[str, int]:
        return {key: row_id for key, row_id in self.connection.execute(query).tuples()}  # noqa: C416 - dict(Result) would call Result.keys()

    def attachments(self, key: str) -> tuple[Attachment, ...]:
        return SqlManualWork(self.connection).attachments(key)

    def results(self, key: str, steps: bool = True) -> list[ScenarioResult]:
        """The campaign's current results by scenario key, in two queries (one without ``steps``)."""
        campaign_id = self._id(key)
        return with_executions(
            self.connection, campaign_id, read_results(self.connection, campaign_id, steps)
        )

    def as_saved(self, key: str, results: Sequence[ScenarioResult]) -> list[ScenarioResult]:
        """What :meth:`results` reads after a full run saved ``results``, without reading them back:
        the results by scenario key, with the testers' recorded executions applied."""
        ordered = sorted(results, key=lambda result: result.key)
        return with_executions(self.connection, self._id(key), ordered)

    def runs(self, key: str) -> list[RunRecord]:
        """The campaign's runs, first to last, with how many results of each status."""
        campaign_id = self._id(key)
        counted = (
            select(run_results.c.run_id, run_results.c.status, func.count())
            .join(runs, run_results.c.run_id == runs.c.id)
            .where(runs.c.campaign_id == campaign_id)
            .group_by(run_results.c.run_id, run_results.c.status)
        )
        counts: dict[int, list[tuple[str, int]]] = {}
        for run_id, status, n in self.connection.execute(counted).tuples():
            counts.setdefault(run_id, []).append((status, int(n)))
        rows = self.connection.execute(
            select(runs).where(runs.c.campaign_id == campaign_id).order_by(runs.c.attempt)
        ).all()
        return [
            RunRecord(
                campaign_key=key,
                attempt=row.attempt,
                run_key=row.run_key,
                selection=row.selection,
                shards=row.shards,
                started_at=row.started_at,
                finished_at=row.finished_at,
                counts=tuple(sorted(counts.get(row.id, []))),
            )
            for row in rows
        ]

    def run_results(self, key: str, attempt: int) -> list[ScenarioResult] | None:
        """What run ``attempt`` observed, or None if the campaign has no such run."""
        run_id = self._run_id(key, attempt)
        if run_id is None:
            return None
        body = self.connection.execute(
            select(run_observations.c.body).where(run_observations.c.run_id == run_id)
        ).scalar()
        return [] if body is None else sorted(unpack(body), key=lambda result: result.key)

    def history(self, window: int, key: str | None = None) -> dict[str, list[Status]]:
        """Each scenario's statuses in its last ``window`` runs, oldest first (of one campaign or all)."""
        rank = (
            func.row_number()
            .over(
                partition_by=run_results.c.scenario_key, order_by=(runs.c.started_at.desc(), runs.c.id.desc())
            )
            .label("rank")
        )
        query = select(run_results.c.scenario_key, run_results.c.status, rank).join(
            runs, run_results.c.run_id == runs.c.id
        )
        if key is not None:
            query = query.where(runs.c.campaign_id == self._id(key))
        ranked = query.subquery()
        rows = self.connection.execute(
            select(ranked.c.scenario_key, ranked.c.status)
            .where(ranked.c.rank <= window)
            .order_by(ranked.c.scenario_key, ranked.c.rank.desc())
        ).tuples()
        history: dict[str, list[Status]] = {}
        for scenario_key, status in rows:
            history.setdefault(scenario_key, []).append(Status(status))
        return history

    def run_count(self, key: str) -> int:
        """How many runs the campaign has had."""
        query = select(func.count()).select_from(runs).where(runs.c.campaign_id == self._id(key))
        return int(self.connection.execute(query).scalar() or 0)

    def _run_id(self, key: str, attempt: int) -> int | None:
        run_id = self.connection.execute(
            select(runs.c.id)
            .join(campaigns, runs.c.campaign_id == campaigns.c.id)
            .where(campaigns.c.key == key, runs.c.attempt == attempt)
        ).scalar()
        return None if run_id is None else int(run_id)


def chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """``ids`` in slices small enough for one ``IN (…)`` on every database."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]

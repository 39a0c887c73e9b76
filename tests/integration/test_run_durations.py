"""The durations a sharding plan weighs, read from the run history (SQLite and PostgreSQL): each
scenario's mean over its last runs, an outline's rows summed, whatever campaign ran it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import Criticality, Release, Requirement, ScenarioResult, Status
from amoa_workflow.store.database import open_database
from amoa_workflow.store.run_durations import measured_durations
from amoa_workflow.store.unit_of_work import SqlUnitOfWork

RELEASES = [
    Release("1.0.0", "2025-01-10", (), "CHANGELOG.md"),
    Release("1.1.0", "2025-03-14", (), "CHANGELOG.md"),
]
START = datetime(2025, 3, 14, 9, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    with SqlUnitOfWork(engine) as uow:
        uow.requirements.save_all([Requirement("EXG-001", "Paie", Criticality.MAJOR, "Paie")])
        for release in RELEASES:
            uow.releases.save(release, "sha")
        uow.commit()
    yield engine
    engine.dispose()


def result(key: str, scenario: str, seconds: float) -> ScenarioResult:
    path = key.split("::")[0]
    return ScenarioResult(key, path, "Paie", scenario, 1, Status.PASSED, duration=seconds)


def record(engine: Engine, version: str, run: int, results: list[ScenarioResult]) -> None:
    clock = START + timedelta(minutes=run)
    services.record_campaign(
        SqlUnitOfWork(engine), "Paie", "recette", version, f"recette-{version}", results,
        f"runs/recette-{version}/{clock:%Y%m%dT%H%M%S}",
    )  # fmt: skip


def test_each_scenario_weighs_its_mean_over_its_last_runs(engine: Engine) -> None:
    for run, seconds in enumerate([100.0, 2.0, 4.0]):  # the first run falls out of a window of two
        record(engine, "1.1.0", run, [result("f/paie.feature::net", "net", seconds)])

    with engine.connect() as connection:
        assert measured_durations(connection, window=2) == {("f/paie.feature", "net"): 3.0}


def test_an_outline_weighs_its_rows_together(engine: Engine) -> None:
    rows = [result(f"f/paie.feature::montant[{n}]", "montant", float(n)) for n in (1, 2, 3)]
    record(engine, "1.1.0", 0, rows)

    with engine.connect() as connection:
        assert measured_durations(connection) == {("f/paie.feature", "montant"): 6.0}


def test_every_campaign_s_runs_count(engine: Engine) -> None:
    record(engine, "1.0.0", 0, [result("f/a.feature::old", "old", 5.0)])
    record(engine, "1.1.0", 1, [result("f/b.feature::new", "new", 7.0)])

    with engine.connect() as connection:
        assert measured_durations(connection) == {("f/a.feature", "old"): 5.0, ("f/b.feature", "new"): 7.0}


def test_the_project_runner_plans_from_its_own_database(sample_app: Application) -> None:
    with sample_app.engine.connect() as connection:
        assert measured_durations(connection) == {}  # a fresh database: every scenario weighs the same

    plan = sample_app.runner.plan(shards=3)

    assert len(plan.shards) == 3
    assert plan.shards[0].only is None and all(shard.only for shard in plan.shards[1:])

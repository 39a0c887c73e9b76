"""A real run of every status, stored through the SQL store (SQLite and PostgreSQL) and read back:
what is stored and exported is what happened; reruns keep their history and lose nothing."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import JSON, Engine, column, create_engine, func, insert, select, table

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import Criticality, Release, Requirement, ScenarioResult, Status, StepResult
from amoa_workflow.errors import CampaignNotFound
from amoa_workflow.scenarios import runs
from amoa_workflow.scenarios.records import to_record, to_result
from amoa_workflow.scenarios.runner import PytestBddRunner, ScenarioRun
from amoa_workflow.store import tables
from amoa_workflow.store.database import MIGRATIONS, open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork

DATA = Path(__file__).parents[1] / "data" / "statuses"
KEY = "recette-1.1.0"
REQUIREMENTS = [Requirement(f"EXG-{n:03d}", f"Exigence {n}", Criticality.MAJOR, "Paie") for n in range(1, 11)]
RELEASE = Release("1.1.0", "2025-03-14", (), "CHANGELOG.md")
NOW = datetime(2025, 3, 14, tzinfo=UTC)


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> PytestBddRunner:
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA, project / "features")
    shutil.copy(DATA.parent / "manual" / "manual.feature", project / "features")  # pending ones too
    return PytestBddRunner(
        project, project / "features", project / "runs", r"EXG-\d{3}", timeout=120, scenario_timeout=1
    )


@pytest.fixture(scope="module")
def observed(runner: PytestBddRunner) -> ScenarioRun:
    return runner.run("1.1.0", f"{KEY}/first")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    with SqlUnitOfWork(engine) as uow:
        uow.requirements.save_all(REQUIREMENTS)
        uow.releases.save(RELEASE, "sha")
        uow.commit()
    yield engine
    engine.dispose()


def record(engine: Engine, run: ScenarioRun, selection: object = None) -> services.CampaignOutcome:
    extra = {} if selection is None else {"selection": selection}
    return services.record_campaign(
        SqlUnitOfWork(engine),
        "Paie",
        "recette",
        "1.1.0",
        KEY,
        run.results,
        str(run.folder),
        **extra,  # type: ignore[arg-type]
    )


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
            for table in tables.metadata.sorted_tables
        }


def test_the_stored_results_are_exactly_what_happened(engine: Engine, observed: ScenarioRun) -> None:
    record(engine, observed)

    with SqlUnitOfWork(engine) as uow:
        stored = uow.campaigns.results(KEY)
        history = uow.campaigns.run_results(KEY, 1)

    assert stored == list(observed.results)  # statuses, steps, errors, tracebacks, rule, tags, example rows
    assert history == list(observed.results)
    assert {r.status for r in stored} == set(Status)


def test_the_exported_cucumber_json_says_what_the_records_say(engine: Engine, observed: ScenarioRun) -> None:
    record(engine, observed)

    document = json.loads(runs.export(SqlUnitOfWork(engine), KEY, "cucumber"))

    exported = [(feature["uri"], element) for feature in document for element in feature["elements"]]
    assert len(exported) == len(observed.results)  # every scenario and outline row, none dropped
    for (uri, element), result in zip(exported, observed.results, strict=True):  # both in key order
        assert (uri, element["name"], element["line"]) == (
            result.feature_path,
            result.scenario or result.feature_path,
            result.line,
        )
        expected = ["failed" if s.status is Status.ERROR else s.status.value for s in result.steps]
        assert [s["result"]["status"] for s in element["steps"]] == expected, result.key
        hooks = [h["result"]["status"] for h in element.get("before", []) + element.get("after", [])]
        shown = expected + hooks
        if result.status is Status.PASSED:
            assert set(shown) == {"passed"}, result.key
        elif result.status is Status.SKIPPED:
            assert "skipped" in shown and not {"failed", "undefined"} & set(shown), result.key
        elif result.status is Status.UNDEFINED:
            assert "undefined" in shown and "failed" not in shown, result.key
        elif result.status is Status.PENDING:  # a manual scenario waiting for its tester
            assert set(shown) == {"pending"}, result.key
        else:
            assert "failed" in shown, result.key


def test_rerunning_what_failed_keeps_the_history_and_loses_nothing(
    engine: Engine, observed: ScenarioRun, runner: PytestBddRunner
) -> None:
    record(engine, observed)
    failed = runs.failures_of_run(SqlUnitOfWork(engine), KEY, 1)
    expected = {r.key for r in observed.results if r.status.is_failure}

    rerun = runner.run("1.1.0", f"{KEY}/rerun", failed)
    outcome = record(engine, rerun, failed)

    assert failed.keys == expected
    assert {r.key for r in rerun.results} == expected
    assert outcome.attempt == 2
    with SqlUnitOfWork(engine) as uow:
        assert [r.key for r in uow.campaigns.results(KEY)] == [
            r.key for r in observed.results
        ]  # nothing lost
        assert {r.key for r in uow.campaigns.run_results(KEY, 2) or []} == expected
        history = uow.campaigns.runs(KEY)
    assert [(h.attempt, h.selection) for h in history] == [(1, "all"), (2, "--rerun-failed 1")]
    assert dict(history[1].counts) == {"failed": 3, "undefined": 2, "error": 3}


def test_recording_the_same_run_twice_changes_nothing(engine: Engine, observed: ScenarioRun) -> None:
    record(engine, observed)
    before = counts(engine)

    assert record(engine, observed).attempt == 1

    after = counts(engine)
    assert after.pop("audit_log") == before.pop("audit_log") + 1  # one more event, no other row
    assert after == before
    assert after["runs"] == 1 and after["run_results"] == len(observed.results)
    assert after["run_observations"] == 1


def test_a_second_run_of_the_campaign_adds_one_run_to_the_history_and_nothing_else(
    engine: Engine, observed: ScenarioRun
) -> None:
    record(engine, observed)
    before = counts(engine)

    again = dataclasses.replace(observed, folder=observed.folder.with_name("second"))
    assert record(engine, again).attempt == 2

    after = counts(engine)
    assert after.pop("runs") == before.pop("runs") + 1
    assert after.pop("run_results") == before.pop("run_results") + len(observed.results)
    assert after.pop("run_observations") == before.pop("run_observations") + 1  # its whole observation
    assert after.pop("audit_log") == before.pop("audit_log") + 1
    assert after == before  # current results, steps, gaps: updated in place


def flipped(results: tuple[ScenarioResult, ...], key: str, status: Status) -> tuple[ScenarioResult, ...]:
    return tuple(dataclasses.replace(r, status=status) if r.key == key else r for r in results)


def test_a_scenario_that_keeps_flipping_is_found_flaky_from_the_stored_history(
    engine: Engine, observed: ScenarioRun
) -> None:
    key = "features/english.feature::passes"
    for attempt, status in enumerate([Status.PASSED, Status.FAILED, Status.PASSED, Status.ERROR], start=1):
        run = dataclasses.replace(
            observed, results=flipped(observed.results, key, status), folder=observed.folder / str(attempt)
        )
        record(engine, run)

    found = {
        f.key: f for f in runs.flaky(SqlUnitOfWork(engine), runs.FlakinessRule(window=3, threshold=2), KEY)
    }

    assert found[key].statuses == (Status.FAILED, Status.PASSED, Status.ERROR)  # the last 3, oldest first
    assert found[key].flaky and found[key].flips == 2
    assert [f.key for f in found.values() if f.flaky] == [key]  # the others never changed


def test_asking_for_a_run_that_does_not_exist_names_the_runs_there_are(
    engine: Engine, observed: ScenarioRun
) -> None:
    record(engine, observed)

    with pytest.raises(CampaignNotFound, match=r"no run #7 \(known: 1\)"):
        runs.failures_of_run(SqlUnitOfWork(engine), KEY, 7)
    with pytest.raises(CampaignNotFound, match=r"recette-9\.9\.9: not recorded yet"):
        runs.export(SqlUnitOfWork(engine), "recette-9.9.9", "junit")


def schema_at(database_url: str, revision: str, attempt: int) -> tuple[Engine, Config]:
    """A database migrated up to ``revision`` only, with release 1.1.0 and its campaign at ``attempt``."""
    engine = create_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    with engine.begin() as connection:
        connection.execute(
            insert(tables.releases).values(
                id=1, version="1.1.0", source="x", notes_sha256="s", ingested_at=NOW
            )
        )
        connection.execute(
            insert(tables.campaigns).values(
                id=1, key=KEY, release_id=1, checkpoint="recette", attempt=attempt, started_at=NOW,
                run_folder=f"/runs/{attempt}",
            )
        )  # fmt: skip
    return engine, config


def test_campaigns_recorded_before_the_run_history_become_their_last_run(database_url: str) -> None:
    engine, _ = schema_at(database_url, "0002", attempt=3)
    with engine.begin() as connection:
        connection.execute(
            insert(tables.scenario_results).values(
                id=1, campaign_id=1, scenario_key="f.feature::s", feature_path="f.feature", feature_name="F",
                scenario="s", line=2, status="failed", tags=["EXG-001"], requirement_codes=["EXG-001"],
                example=[], duration=0.5, message="boom",
            )
        )  # fmt: skip
        connection.execute(
            insert(tables.step_results).values(
                result_id=1, position=0, keyword="Given", text="x", line=3, status="failed", duration=0.5,
                error="boom",
            )
        )  # fmt: skip
    engine.dispose()

    upgraded = open_database(database_url)
    with SqlUnitOfWork(upgraded) as uow:
        [last] = uow.campaigns.runs(KEY)
        [result] = uow.campaigns.run_results(KEY, 3) or []
    upgraded.dispose()

    assert (last.attempt, last.selection, dict(last.counts)) == (3, "all", {"failed": 1})
    assert (result.key, result.status, result.message) == ("f.feature::s", Status.FAILED, "boom")
    assert [(s.text, s.error) for s in result.steps] == [("x", "boom")]


RICH = ScenarioResult(
    "f.feature::Plan <n>", "f.feature", "Fiche de paie", "Plan <n>", 7, Status.FAILED, ("EXG-001", "lent"),
    ("EXG-001",), (("n", "2"),), 0.25, "écart « net »",
    (StepResult(0, "Étant donné", "les salariés", 8, Status.PASSED, 0.1,
                table=(("nom", "brut"), ("Léa", "3 000"))),
     StepResult(1, "Alors", "le bulletin", 11, Status.FAILED, 0.15, "AssertionError: net", "Traceback…",
                doc_string="Net à payer\n2 345,67 €")),
    "Règle de calcul",
)  # fmt: skip


def test_runs_recorded_one_record_per_scenario_keep_every_field_once_kept_per_run(
    database_url: str, observed: ScenarioRun
) -> None:
    """Migration 0016 moves each run's records into its document, and back on downgrade."""
    engine, config = schema_at(database_url, "0015", attempt=1)
    old_results = [*observed.results, RICH]
    run_results = table("run_results", column("run_id"), column("scenario_key"), column("status"),
                        column("duration"), column("record", JSON))  # fmt: skip
    with engine.begin() as connection:
        connection.execute(
            insert(tables.runs).values(
                id=1, campaign_id=1, attempt=1, run_key=f"{KEY}/1", selection="all", shards=1, started_at=NOW
            )
        )
        connection.execute(
            insert(run_results),
            [{"run_id": 1, "scenario_key": r.key, "status": r.status.value, "duration": r.duration,
              "record": to_record(r)} for r in old_results],
        )  # fmt: skip
    upgraded = open_database(database_url)
    with SqlUnitOfWork(upgraded) as uow:
        kept = uow.campaigns.run_results(KEY, 1)
        [run] = uow.campaigns.runs(KEY)
    upgraded.dispose()

    assert kept == sorted(old_results, key=lambda r: r.key)
    assert sum(n for _, n in run.counts) == len(old_results)

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
    with engine.connect() as connection:
        records = connection.execute(
            select(run_results.c.record).order_by(run_results.c.scenario_key)
        ).scalars()
        assert [to_result(r) for r in records] == sorted(old_results, key=lambda r: r.key)
    engine.dispose()


def test_a_run_is_listed_from_when_it_started_not_when_it_was_recorded(
    engine: Engine, observed: ScenarioRun
) -> None:
    started = datetime(2026, 3, 1, 8, 0, 5, 250000, tzinfo=UTC)  # its folder is named after it
    record(engine, dataclasses.replace(observed, folder=observed.folder.with_name("20260301T080005250000Z")))

    with SqlUnitOfWork(engine) as uow:
        [run] = uow.campaigns.runs(KEY)

    assert run.started_at is not None and run.finished_at is not None
    utc = [t if t.tzinfo else t.replace(tzinfo=UTC) for t in (run.started_at, run.finished_at)]  # SQLite
    assert utc[0] == started and utc[1] > started

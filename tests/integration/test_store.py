"""The SQL store, on SQLite and on PostgreSQL: migrations, round trips, idempotency, audit chain."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select

from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Severity,
    Status,
    StepResult,
)  # fmt: skip
from amoa_workflow.errors import DatabaseUnavailable
from amoa_workflow.store import database, tables
from amoa_workflow.store.database import MIGRATIONS, open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork

NET = Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie", "Brut → net")
NOTES = Release(
    version="1.1.0", released_on="2025-03-14", source="CHANGELOG.md",
    items=(ReleaseNoteItem(ItemKind.FIXED, "Corrections", "ANO-042", 7, ("EXG-001",), ("ANO-042",)),),
)  # fmt: skip
RESULT = ScenarioResult(
    key="paie.feature::net[3000]", feature_path="features/paie.feature", feature_name="Paie", scenario="net",
    line=12, status=Status.FAILED, tags=("EXG-001", "ANO-042"), requirement_codes=("EXG-001",),
    example=(("brut", "3000"),), duration=0.25, message="AssertionError: 2340 != 2300",
    steps=(StepResult(0, "Given", "un salarié", 13, Status.PASSED, 0.1,
                      table=(("champ", "valeur"), ("brut", "3000"))),
           StepResult(1, "Then", "le net est 2340", 14, Status.FAILED, 0.15, "AssertionError: 2340 != 2300",
                      doc_string='{"net": 2340}')),
)  # fmt: skip
GAP = Gap(
    "requirement_failing:EXG-001", GapType.REQUIREMENT_FAILING, Severity.BLOCKING, "EXG-001", (RESULT.key,)
)


@pytest.fixture
def engine(database_url: str) -> Engine:
    engine = open_database(database_url)
    yield engine  # type: ignore[misc]
    engine.dispose()


def head_revision() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def store_campaign(engine: Engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        uow.requirements.save_all([NET])
        uow.releases.save(NOTES, "sha-1")
        attempt = uow.campaigns.start("recette-1.1.0", "1.1.0", "recette", "/runs/1")
        uow.campaigns.save_results("recette-1.1.0", [RESULT])
        uow.gaps.replace("recette-1.1.0", [GAP])
        uow.commit()
    return attempt


def test_the_migrations_build_exactly_the_declared_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), tables.metadata)

    assert differences == []


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    assert database.head_revision() == head_revision()


def test_opening_twice_migrates_once(database_url: str) -> None:
    open_database(database_url).dispose()
    engine = open_database(database_url)

    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    engine.dispose()


def test_what_is_stored_comes_back_the_same(engine: Engine) -> None:
    store_campaign(engine)

    with SqlUnitOfWork(engine) as uow:
        assert uow.requirements.all() == [NET]
        assert uow.releases.get("1.1.0") == NOTES
        assert uow.campaigns.results("recette-1.1.0") == [RESULT]
        assert uow.gaps.for_campaign("recette-1.1.0") == [GAP]


def test_storing_the_same_campaign_twice_adds_no_row(engine: Engine) -> None:
    store_campaign(engine)
    before = {table.name: count(engine, table) for table in tables.metadata.sorted_tables}

    assert store_campaign(engine) == 2
    after = {table.name: count(engine, table) for table in tables.metadata.sorted_tables}

    assert after.pop("runs") == before.pop("runs") + 1  # the second run is kept in the run history…
    assert after == before  # …and the campaign's results are updated in place
    assert after["scenario_results"] == 1
    assert after["step_results"] == 2


def test_changed_notes_are_a_new_revision_that_keeps_the_previous_one(engine: Engine) -> None:
    store_campaign(engine)
    added = ReleaseNoteItem(ItemKind.ADDED, "Nouveautés", "Export DSN", 3, ("EXG-013",), tickets=("PAIE-7",))
    changed = Release("1.1.0", "2025-03-15", (NOTES.items[0], added), "CHANGELOG.md")

    with SqlUnitOfWork(engine) as uow:
        saved = uow.releases.save(changed, "sha-2")
        assert (saved.outcome, saved.revision, saved.previous) == ("updated", 2, NOTES)
        assert uow.releases.save(changed, "sha-2").outcome == "unchanged"
        assert uow.releases.get("1.1.0") == changed
        uow.commit()

    assert count(engine, tables.release_note_items) == 2
    assert count(engine, tables.releases) == 1
    assert count(engine, tables.release_revisions) == 2


def test_nothing_is_written_without_commit(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.requirements.save_all([NET])

    assert count(engine, tables.requirements) == 0


def test_each_audit_entry_carries_the_hash_of_the_previous_one(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        first = uow.audit.append("amoa", "release.created", "1.1.0", {"items": 1})
        second = uow.audit.append("amoa", "campaign.recorded", "recette-1.1.0", {"attempt": 1})
        uow.commit()

    with engine.connect() as connection:
        rows = connection.execute(select(tables.audit_log).order_by(tables.audit_log.c.id)).all()
    assert [r.hash for r in rows] == [first, second]
    assert rows[0].prev_hash == "0" * 64
    assert rows[1].prev_hash == first
    assert len({r.hash for r in rows}) == 2


def test_an_unreachable_database_is_one_clear_error_without_the_password() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database("postgresql+psycopg://amoa:s3cret@127.0.0.1:1/recette?connect_timeout=2")

    assert "127.0.0.1:1/recette" in str(caught.value)
    assert "s3cret" not in str(caught.value)


def test_requirements_are_kept_as_they_stood_for_each_release(engine: Engine) -> None:
    renamed = Requirement("EXG-001", "Salaire net avant impôt", Criticality.CRITICAL, "Paie", "Brut → net")
    added = Requirement("EXG-020", "Export DSN", Criticality.MAJOR, "Déclaratif")
    with SqlUnitOfWork(engine) as uow:
        uow.releases.save(NOTES, "sha-1")
        uow.releases.save(Release("1.2.0", None, (), "CHANGELOG.md"), "sha-2")
        uow.requirements.snapshot("1.1.0", [NET])
        uow.requirements.snapshot("1.2.0", [renamed, added])
        uow.requirements.snapshot("1.2.0", [renamed, added])  # again: replaced, not doubled
        uow.commit()

    with SqlUnitOfWork(engine) as uow:
        assert uow.requirements.as_of("1.1.0") == [NET]
        assert uow.requirements.as_of("1.2.0") == [renamed, added]
        assert uow.requirements.as_of("0.9.0") is None
    assert count(engine, tables.requirement_versions) == 3

"""Storage in bulk, on SQLite and PostgreSQL: the statements a use case sends do not grow with the data.

Each use case (ingest, record a campaign, read it back for the report, record the next release
against it) is run on a small and on a ten times larger recette; the number of statements sent to
the database must be the same for both. A per-row round trip (an INSERT per requirement, an
UPDATE per gap, a SELECT per result) shows as a count that grows with the data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, Text, cast, event, select

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.model import (
    Criticality,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Status,
    StepResult,
)
from amoa_workflow.store.database import open_database
from amoa_workflow.store.tables import scenario_results
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.conftest import POSTGRES_VARIABLE, _postgres_schema_url


@dataclass
class Recette:
    requirements: list[Requirement]
    releases: dict[str, Release]

    def release(self, version: str) -> tuple[Release, str]:
        return self.releases[version], f"sha-{version}-{len(self.requirements)}"


def recette(size: int, retitled: int = 0) -> Recette:
    requirements = [
        Requirement(f"EXG-{n:04d}", f"Exigence {n}" + (" (v2)" if n < retitled else ""),
                    (Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR)[n % 3], f"D{n % 4}")
        for n in range(size)
    ]  # fmt: skip
    releases = {
        version: Release(version, "2026-11-30", tuple(
            ReleaseNoteItem(ItemKind.FIXED if n % 2 else ItemKind.ADDED, "Notes", f"Item {n}", n + 1,
                            (f"EXG-{n:04d}",), (f"ANO-{n}",) if n % 2 else ())
            for n in range(size)
        ))
        for version in ("1.0.0", "1.1.0")
    }  # fmt: skip
    return Recette(requirements, releases)


def results(size: int, run: int) -> list[ScenarioResult]:
    found = []
    for n in range(size):
        for k in range(3):
            failing = (n + k + run) % 4 == 0
            status = Status.FAILED if failing else Status.PASSED
            key = f"f{n % 5}.feature::S{n}-{k}"
            steps = tuple(
                StepResult(p, ("Given", "When", "Then")[p], f"step {p}", 3 + p,
                           Status.FAILED if failing and p == 2 else Status.PASSED, 0.01,
                           "AssertionError" if failing and p == 2 else None)
                for p in range(3)
            )  # fmt: skip
            tags = (f"EXG-{n:04d}",) + ((f"ANO-{n}",) if k == 0 else ())
            found.append(ScenarioResult(key, f"f{n % 5}.feature", "F", f"S{n}-{k}", 3, status, tags,
                                        (f"EXG-{n:04d}",), (), 0.03, None, steps))  # fmt: skip
    return found


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    sent: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_per_use_case(database_url: str, size: int) -> dict[str, int]:
    """How many statements each use case sends for a recette of ``size`` requirements."""
    engine = open_database(database_url)
    data = recette(size)
    uow = lambda: SqlUnitOfWork(engine)  # noqa: E731 - a factory, as the services take it
    rules = AcceptanceRules()

    class Sources:
        def __init__(self, data: Recette) -> None:
            self.data = data

        def requirements(self) -> list[Requirement]:
            return self.data.requirements

        def release(self, version: str) -> tuple[Release, str]:
            return self.data.release(version)

    counts: dict[str, int] = {}
    try:
        with statements(engine) as sent:
            services.ingest(uow(), Sources(data), "1.0.0")
        counts["ingest (new requirements)"] = len(sent)
        with statements(engine) as sent:
            services.record_campaign(
                uow(), "P", "recette", "1.0.0", "recette-1.0.0", results(size, 1), "/r/1"
            )
        counts["record (first release)"] = len(sent)
        with statements(engine) as sent:
            services.ingest(uow(), Sources(recette(size, retitled=size // 2)), "1.1.0")
        counts["ingest (changed requirements)"] = len(sent)
        with statements(engine) as sent:
            services.record_campaign(
                uow(), "P", "recette", "1.1.0", "recette-1.1.0", results(size, 2), "/r/2"
            )
        counts["record (against the previous release)"] = len(sent)
        with statements(engine) as sent:
            services.record_campaign(
                uow(), "P", "recette", "1.1.0", "recette-1.1.0", results(size, 3), "/r/3"
            )
        counts["record (run again: results and gaps updated)"] = len(sent)
        with statements(engine) as sent:
            services.campaign_outcome(uow(), "P", "recette", "1.1.0", "recette-1.1.0", rules)
        counts["outcome (the report's input)"] = len(sent)
    finally:
        engine.dispose()
    return counts


@pytest.fixture
def second_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind (the first one holds the smaller recette)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'larger.db'}"
    else:
        yield from _postgres_schema_url(os.environ[POSTGRES_VARIABLE])


def test_the_statements_of_each_use_case_do_not_grow_with_the_data(
    database_url: str, second_database_url: str
) -> None:
    small = statements_per_use_case(database_url, 12)
    large = statements_per_use_case(second_database_url, 120)
    assert large == small


def test_a_full_run_recorded_is_judged_on_what_is_read_back_later(database_url: str) -> None:
    """A full run's results are not read back after they are written: what ``record_campaign``
    judged must be what the report reads from the database (order, examples, tables, doc strings)."""
    engine = open_database(database_url)
    data = recette(6)
    uow = lambda: SqlUnitOfWork(engine)  # noqa: E731 - a factory, as the services take it
    step = StepResult(0, "Given", "a table", 4, Status.PASSED, 0.5, None, None, (("a", "b"), ("1", "2")))
    spoken = StepResult(1, "When", "a doc string", 7, Status.FAILED, 1.0, "E", "T", (), "")
    found = [
        ScenarioResult("z.feature::Z", "z.feature", "Z", "Z", 2, Status.FAILED, ("EXG-0001", "ANO-1"),
                       ("EXG-0001",), (("n", "1"), ("nom", "à")), 1.5, "E", (step, spoken), "Règle"),
        ScenarioResult("a.feature::A <1>", "a.feature", "A", "A", 3, Status.UNDEFINED, ("EXG-0002",),
                       ("EXG-0002",), (), 0.0, None, (spoken,)),
        *results(3, 1),
    ]  # fmt: skip
    try:
        services.ingest(uow(), Sources(data), "1.0.0")
        recorded = services.record_campaign(uow(), "P", "recette", "1.0.0", "recette-1.0.0", found, "/r/1")
        read = services.campaign_outcome(uow(), "P", "recette", "1.0.0", "recette-1.0.0", AcceptanceRules())
    finally:
        engine.dispose()
    assert recorded.results == read.results
    assert [r.key for r in recorded.results] == sorted(r.key for r in found)
    assert (recorded.coverage, recorded.gaps) == (read.coverage, read.gaps)


class Sources:
    def __init__(self, data: Recette) -> None:
        self.data = data

    def requirements(self) -> list[Requirement]:
        return self.data.requirements

    def release(self, version: str) -> tuple[Release, str]:
        return self.data.release(version)


TRICKY_TAGS = (
    ["EXG-001", "lent"], ["x\", \"y"], ['a"b', "c\\d"], ["é", "Paie/Temps"], [""],
    ["tab\there", "ligne\nsuite"], ["🙂", "\u2028"], ["EXG-002", "EXG-002"],
)  # fmt: skip


def test_tags_of_every_kind_are_stored_as_the_json_any_reader_expects(database_url: str) -> None:
    """Lists of plain tags are written without json.dumps: their text must be json.dumps's all the same."""
    engine = open_database(database_url)
    requirement = Requirement("EXG-001", "Bulletin", Criticality.MAJOR, "Paie")
    results = [
        ScenarioResult(
            f"f.feature::s{n}", "f.feature", "F", f"s{n}", n + 1, Status.PASSED, tuple(tags), ("EXG-001",)
        )
        for n, tags in enumerate(TRICKY_TAGS)
    ]
    with SqlUnitOfWork(engine) as uow:
        uow.requirements.save_all([requirement])
        uow.releases.save(Release("1.0.0", "2026-11-30", ()), "sha")
        uow.commit()
    services.record_campaign(
        SqlUnitOfWork(engine), "P", "recette", "1.0.0", "recette-1.0.0", results, "/runs/1"
    )
    with SqlUnitOfWork(engine) as uow:
        stored = uow.campaigns.results("recette-1.0.0")
    with engine.connect() as connection:
        texts = connection.execute(
            select(cast(scenario_results.c.tags, Text)).order_by(scenario_results.c.line)
        ).scalars()
        written = list(texts)
    engine.dispose()

    assert [r.tags for r in stored] == [tuple(tags) for tags in TRICKY_TAGS]
    assert written == [json.dumps(list(tags)) for tags in TRICKY_TAGS]

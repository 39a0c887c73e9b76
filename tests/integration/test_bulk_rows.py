"""Rows written in bulk as tuples are the rows written as dictionaries, on SQLite and PostgreSQL.

Step and scenario results go to the database as tuples (no dictionary per row): the values stored,
JSON included, and the checks of bounded columns must be those of the dictionary path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from amoa_workflow.errors import TextTooLong
from amoa_workflow.store.bulk import insert_rows, insert_tuples
from amoa_workflow.store.database import open_database
from amoa_workflow.store.tables import campaigns, releases, scenario_results

COLUMNS = ("campaign_id", "scenario_key", "feature_path", "feature_name", "rule", "scenario", "line",
           "status", "tags", "requirement_codes", "example", "duration", "message")  # fmt: skip


def rows(campaign_id: int, prefix: str) -> list[tuple[Any, ...]]:
    return [
        (campaign_id, f"{prefix}.feature::S{n}", f"{prefix}.feature", "Paie", None if n % 2 else "Règle",
         f"S{n}", n, "failed" if n % 3 == 0 else "passed",
         ["EXG-001", 'a "quoted" tag', "é\\t"][: n % 4], ["EXG-001"],
         [["mois", "janvier"]] if n % 5 == 0 else [],
         0.5, None if n % 2 else "AssertionError: écart")
        for n in range(40)
    ]  # fmt: skip


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = open_database(database_url)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            releases.insert().values(
                id=1, version="1.0.0", source="notes.md", notes_sha256="0" * 64, ingested_at=now
            )
        )
        for campaign_id in (1, 2):
            connection.execute(
                campaigns.insert().values(
                    id=campaign_id, key=f"c{campaign_id}", release_id=1, checkpoint="recette", attempt=1,
                    started_at=now,
                )
            )  # fmt: skip
    yield engine
    engine.dispose()


def stored(engine: Engine, campaign_id: int) -> list[tuple[Any, ...]]:
    columns = [scenario_results.c[name] for name in COLUMNS[2:]]
    query = (
        select(*columns).where(scenario_results.c.campaign_id == campaign_id).order_by(scenario_results.c.id)
    )
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]


def test_tuples_store_what_dictionaries_store(engine: Engine) -> None:
    with engine.begin() as connection:
        insert_tuples(connection, scenario_results, COLUMNS, rows(1, "f"))
        insert_rows(
            connection, scenario_results, [dict(zip(COLUMNS, row, strict=True)) for row in rows(2, "f")]
        )

    assert stored(engine, 1) == stored(engine, 2)
    assert stored(engine, 1)[10][6:9] == (["EXG-001", 'a "quoted" tag'], ["EXG-001"], [["mois", "janvier"]])


def test_a_value_too_long_for_its_column_is_refused_as_by_the_dictionary_path(engine: Engine) -> None:
    long = [(1, "k" * 600, *row[2:]) for row in rows(1, "f")[:1]]

    with pytest.raises(TextTooLong) as by_tuple, engine.begin() as connection:
        insert_tuples(connection, scenario_results, COLUMNS, long)
    with pytest.raises(TextTooLong) as by_dict, engine.begin() as connection:
        insert_rows(connection, scenario_results, [dict(zip(COLUMNS, long[0], strict=True))])

    assert str(by_tuple.value) == str(by_dict.value)
    assert "scenario_results.scenario_key" in str(by_tuple.value)
    assert stored(engine, 1) == []


def test_rows_of_another_width_than_the_columns_named_are_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="13 columns named, rows of 12 values"), engine.begin() as connection:
        insert_tuples(connection, scenario_results, COLUMNS, [row[:-1] for row in rows(1, "f")])


def test_new_results_keep_their_own_steps_and_their_ids_are_read_back_when_not_certain(
    engine: Engine,
) -> None:
    """The ids of results just inserted are taken as the unbroken run above the last id before them;
    when rows of another writer lie there too, they are read back instead."""
    from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
    from amoa_workflow.store.campaigns import SqlCampaigns

    def result(n: int) -> ScenarioResult:
        step = StepResult(0, "Given", f"step of S{n}", 3, Status.PASSED, 0.1)
        key = f"f.feature::S{n}"
        passed = Status.PASSED
        return ScenarioResult(key, "f.feature", "F", f"S{n}", n, passed, (), (), (), 0.1, None, (step,))

    with engine.begin() as connection:
        campaigns_store = SqlCampaigns(connection)
        insert_tuples(
            connection, scenario_results, COLUMNS, rows(2, "other")
        )  # another campaign's rows first
        campaigns_store.save_results("c1", [result(n) for n in range(5)])
        read = campaigns_store.results("c1")
        mine = [result(n) for n in range(3)]
        # rows above id 0 are the other campaign's and ours: not ours alone, so not taken as ours
        assert campaigns_store._inserted_ids(0, mine, {}) is None

    assert [(r.key, [s.text for s in r.steps]) for r in read] == [
        (f"f.feature::S{n}", [f"step of S{n}"]) for n in range(5)
    ]

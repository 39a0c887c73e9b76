"""Removing a release stored by mistake: everything recorded about it goes, in one audited step,
the other releases and the audit stay whole; a release with decisions on its gates stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.release_removal import remove_release
from amoa_workflow.domain.decisions import Decision, DecisionKind
from amoa_workflow.errors import ReleaseNotStored, ReleaseRemovalRefused
from amoa_workflow.settings.project import load_settings
from amoa_workflow.store import tables
from tests.sample_checkpoint import run_checkpoint


@pytest.fixture
def two_releases(sample_project: Path, database_url: str) -> Iterator[Application]:
    app = bootstrap(load_settings(sample_project, environ={"AMOA_DATABASE_URL": database_url}))
    run_checkpoint(app, "1.0.0")
    run_checkpoint(app, "1.1.0")
    yield app
    app.engine.dispose()


def count(app: Application, table: tables.Table) -> int:
    with app.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_removing_the_last_release_leaves_the_history_as_it_was_before_it(two_releases: Application) -> None:
    app = two_releases
    with app.uow() as before:
        tracked_before = {g.identity for g in before.tracked_gaps.all()}

    removal = remove_release(app.uow(), "1.1.0", "marie.dupont", "stored by mistake", services.utc_now)

    assert (removal.release, removal.campaigns) == ("1.1.0", 1)
    uow = app.uow()
    with uow:
        assert uow.releases.versions() == ["1.0.0"]
        assert uow.campaigns.keys() == ["recette-1.0.0"]
        remaining = uow.tracked_gaps.all()
        trend = uow.release_history.trend()
        entries = uow.audit.entries()
    assert {g.identity for g in remaining} <= tracked_before
    assert all("1.1.0" not in (g.first_release, g.last_release) for g in remaining)
    assert all(event.release != "1.1.0" for g in remaining for event in g.history)
    assert [point.release for point in trend] == ["1.0.0"]
    removed = [e for e in entries if e.action == "release.removed"]
    assert [(e.subject, e.actor, e.details["reason"]) for e in removed] == [
        ("1.1.0", "marie.dupont", "stored by mistake")
    ]
    assert count(app, tables.release_note_items) > 0  # 1.0.0's notes are still there
    outcome = services.campaign_outcome(
        app.uow(), "Paie", "recette", "1.0.0", "recette-1.0.0", app.settings.rules
    )
    assert outcome.results  # and its campaign reads as before


def test_a_release_never_stored_or_with_decisions_is_not_removed(two_releases: Application) -> None:
    app = two_releases
    uow = app.uow()
    with uow:
        (definition,) = app.gates()
        gate = uow.gates.open("1.0.0", definition, datetime.now(UTC), frozenset())
        uow.gates.add_decision(gate, Decision("dupont", DecisionKind.APPROVE, datetime.now(UTC)))
        uow.commit()
    results_before = count(app, tables.scenario_results)

    with pytest.raises(ReleaseRemovalRefused, match="vabf") as refused:
        remove_release(app.uow(), "1.0.0", "x", "typo", services.utc_now)
    with pytest.raises(ReleaseNotStored, match=r"1\.0\.0, 1\.1\.0"):
        remove_release(app.uow(), "9.9", "x", "typo", services.utc_now)

    assert "1.0.0" in refused.value.render("fr") and "preuve" in refused.value.render("fr")
    assert count(app, tables.scenario_results) == results_before
    with app.uow() as check:
        assert check.releases.versions() == ["1.0.0", "1.1.0"]
        assert not [e for e in check.audit.entries() if e.action == "release.removed"]

"""The checkpoint use cases, on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.model import (
    Criticality,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Status,
)
from amoa_workflow.errors import ReleaseNotFound
from tests.fakes import FakeRunner, FakeSources, FakeUnitOfWork

NET = Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie")
DSN = Requirement("EXG-013", "DSN", Criticality.CRITICAL, "Déclaratif")
NOTES = Release(
    version="1.1.0",
    released_on="2025-03-14",
    items=(ReleaseNoteItem(ItemKind.FIXED, "Corrections", "ANO-042 corrigée", 7, ("EXG-001",), ("ANO-042",)),
           ReleaseNoteItem(ItemKind.ADDED, "Nouveautés", "Export (EXG-099)", 4, ("EXG-099",))),
)  # fmt: skip
FAILING = ScenarioResult(
    key="paie.feature::net", feature_path="paie.feature", feature_name="Paie", scenario="net", line=3,
    status=Status.FAILED, tags=("EXG-001", "ANO-042"), requirement_codes=("EXG-001",),
)  # fmt: skip


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def sources() -> FakeSources:
    return FakeSources([NET, DSN], {"1.1.0": NOTES})


def test_ingest_stores_requirements_and_notes_and_reports_unknown_references(
    uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    summary = services.ingest(uow, sources, "1.1.0")

    assert summary.notes == "created"
    assert summary.items_by_kind == {"fixed": 1, "added": 1}
    assert summary.unknown_refs == ("EXG-099",)
    assert uow.releases.get("1.1.0") == NOTES
    assert [r.code for r in uow.requirements.all()] == ["EXG-001", "EXG-013"]


def test_ingesting_the_same_notes_twice_changes_nothing(uow: FakeUnitOfWork, sources: FakeSources) -> None:
    services.ingest(uow, sources, "1.1.0")
    entries = len(uow.audit.entries)

    again = services.ingest(uow, sources, "1.1.0")

    assert (again.notes, again.requirements_changed) == ("unchanged", 0)
    assert len(uow.audit.entries) == entries


def test_recording_a_campaign_stores_results_and_gaps(uow: FakeUnitOfWork, sources: FakeSources) -> None:
    services.ingest(uow, sources, "1.1.0")

    outcome = services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [FAILING], "/runs/x")

    assert {g.type for g in outcome.gaps} == {GapType.FIX_STILL_FAILING, GapType.REQUIREMENT_UNCOVERED}
    assert uow.gaps.for_campaign("recette-1.1.0") == list(outcome.gaps)
    assert uow.campaigns.results("recette-1.1.0") == [FAILING]
    assert outcome.attempt == 1


def test_rerunning_the_same_campaign_is_a_new_attempt_of_the_same_campaign(
    uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    services.ingest(uow, sources, "1.1.0")
    services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [FAILING], "/runs/x")

    again = services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [FAILING], "/runs/y")

    assert again.attempt == 2
    assert list(uow.campaigns.stored) == ["recette-1.1.0"]


def test_a_campaign_on_a_release_never_ingested_writes_nothing(uow: FakeUnitOfWork) -> None:
    with pytest.raises(ReleaseNotFound):
        services.record_campaign(uow, "Paie", "recette", "2.0.0", "recette-2.0.0", [FAILING], "/runs/x")

    assert uow.campaigns.stored == {}
    assert uow.audit.entries == []


def test_runs_get_a_folder_per_campaign_and_time() -> None:
    runner = FakeRunner(results=(FAILING,))

    run = services.run_scenarios(
        runner, "1.1.0", "recette-1.1.0", lambda: datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
    )

    assert runner.calls == [("1.1.0", "recette-1.1.0/20250314T093000000000Z")]
    assert run.results == (FAILING,)


def test_the_report_lands_under_the_release_folder(
    tmp_path: Path, uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    services.ingest(uow, sources, "1.1.0")
    outcome = services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [FAILING], "/runs/x")

    class Recorder:
        def render(
            self,
            outcome: services.CampaignOutcome,
            target: Path,
            *,
            gates: object = (),
            audit_head: object = "",
        ) -> Path:
            self.target = target
            return target

    recorder = Recorder()
    assert services.render_report(recorder, outcome, tmp_path) == tmp_path / "1.1.0" / "recette-1.1.0.html"


def test_ingesting_a_release_keeps_the_requirements_as_they_stood_for_it(
    uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    services.ingest(uow, sources, "1.1.0")

    assert uow.requirements.as_of("1.1.0") == [NET, DSN]


def test_ingesting_and_recording_take_their_locks_first_so_concurrent_ones_take_turns(
    uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    services.ingest(uow, sources, "1.1.0")
    services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [FAILING], "/runs/1")

    assert uow.locks == ["ingest", "record"]


def test_a_critical_requirement_planned_for_a_later_lot_does_not_count_against_this_release(
    uow: FakeUnitOfWork,
) -> None:
    later = Requirement("EXG-013", "DSN", Criticality.CRITICAL, "Déclaratif", target="Lot 2")
    passing = ScenarioResult("paie.feature::net", "paie.feature", "Paie", "net", 3, Status.PASSED,
                             ("EXG-001",), ("EXG-001",))  # fmt: skip
    services.ingest(uow, FakeSources([NET, later], {"1.1.0": Release("1.1.0", None, ())}), "1.1.0")

    outcome = services.record_campaign(uow, "Paie", "recette", "1.1.0", "recette-1.1.0", [passing], "/runs/x")

    assert [(g.identity, g.severity.value) for g in outcome.gaps] == [("not_due:EXG-013", "minor")]
    assert outcome.assessment is not None
    assert not outcome.assessment.recommendation.missed  # 100 % of the due critical requirements OK


def test_a_release_never_ingested_is_refused_naming_the_releases_stored(
    uow: FakeUnitOfWork, sources: FakeSources
) -> None:
    services.ingest(uow, sources, "1.1.0")

    with pytest.raises(ReleaseNotFound) as refused:
        services.campaign_outcome(uow, "Paie", "recette", "9.9", "recette-9.9", AcceptanceRules())

    assert refused.value.render("fr") == (
        "version 9.9 : jamais enregistrée (versions enregistrées : 1.1.0 ; amoa ingest --release 9.9)"
    )
    assert "releases stored: 1.1.0" in refused.value.render("en")

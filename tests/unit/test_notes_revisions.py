"""Changed release notes: what was added and removed between two revisions."""

from __future__ import annotations

from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.domain.revisions import compare
from tests.fakes import FakeUnitOfWork

FIX = ReleaseNoteItem(ItemKind.FIXED, "Corrections", "ANO-042 corrigée", 7, ("EXG-004",), ("ANO-042",))
NEW = ReleaseNoteItem(ItemKind.ADDED, "Nouveautés", "Bulletin dématérialisé", 4, ("EXG-011",))
KNOWN = ReleaseNoteItem(ItemKind.KNOWN_ISSUE, "Limitations connues", "DSN non livrée", 12, ("EXG-013",))


def test_added_and_removed_items_are_told_apart() -> None:
    change = compare([FIX, NEW], [NEW, KNOWN])

    assert (change.added, change.removed) == ((KNOWN,), (FIX,))


def test_a_moved_item_is_no_change_but_a_reworded_one_is() -> None:
    moved = ReleaseNoteItem(FIX.kind, FIX.heading, FIX.text, 30, FIX.requirement_refs, FIX.anomaly_refs)
    reworded = ReleaseNoteItem(FIX.kind, FIX.heading, "ANO-042 corrigée (majoration 25 %)", 7)

    assert compare([FIX], [moved]).is_empty
    assert compare([FIX], [reworded]).added == (reworded,)


def test_a_duplicated_item_counts_once_more() -> None:
    assert compare([FIX], [FIX, FIX]).added == (FIX,)


def test_ingesting_changed_notes_stores_a_revision_and_returns_the_change() -> None:
    uow = FakeUnitOfWork()
    services.ingest_notes(uow, Release("1.1.0", None, (FIX,)), "sha-1", {"EXG-004", "EXG-011"})

    summary = services.ingest_notes(
        uow, Release("1.1.0", None, (FIX, NEW, KNOWN)), "sha-2", {"EXG-004", "EXG-011"}
    )

    assert (summary.notes, summary.revision) == ("updated", 2)
    assert summary.change is not None and summary.change.added == (NEW, KNOWN)
    assert summary.unknown_refs == ("EXG-013",)
    assert [entry[1] for entry in uow.audit.entries] == ["release.created", "release.updated"]


def test_without_a_requirements_file_references_are_checked_against_stored_requirements() -> None:
    uow = FakeUnitOfWork()

    summary = services.ingest_notes(uow, Release("1.1.0", None, (FIX,)), "sha-1")

    assert summary.unknown_refs == ("EXG-004",)

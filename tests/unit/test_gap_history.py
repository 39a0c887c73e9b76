"""Every gap type and every lifecycle move, on a hand-made history of three releases.

1.0.0  EXG-001 passes, EXG-002 fails, EXG-003 has no scenario.
1.1.0  EXG-001 now fails (regression, not announced); EXG-002 announced fixed (ANO-7) but still fails;
       EXG-004 announced as new, its only scenario skipped; one scenario has an undefined step.
1.2.0  everything passes (EXG-002 too, though its fix was announced in 1.1.0, not now);
       a flaky scenario; EXG-003 still uncovered.
"""

from __future__ import annotations

from datetime import date

import pytest

from amoa_workflow.domain.gap_lifecycle import GapMoveError, GapStatus, accept, overdue, reconcile, waive
from amoa_workflow.domain.gaps import analyse
from amoa_workflow.domain.model import (
    Criticality,
    GapType,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Severity,
    Status,
)  # fmt: skip

REQUIREMENTS = [
    Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, "Paie"),
    Requirement("EXG-002", "Heures supplémentaires", Criticality.MAJOR, "Paie"),
    Requirement("EXG-003", "DSN", Criticality.CRITICAL, "Déclaratif"),
    Requirement("EXG-004", "Bulletin dématérialisé", Criticality.MINOR, "Portail"),
]


def run(name: str, status: Status, *tags: str) -> ScenarioResult:
    codes = tuple(t for t in tags if t.startswith("EXG"))
    return ScenarioResult(f"f.feature::{name}", "f.feature", "F", name, 1, status, tags, codes)


def item(
    kind: ItemKind, text: str, requirements: tuple[str, ...], anomalies: tuple[str, ...] = ()
) -> ReleaseNoteItem:
    return ReleaseNoteItem(kind, kind.value, text, 1, requirements, anomalies)


R1 = [run("net", Status.PASSED, "EXG-001"), run("hs", Status.FAILED, "EXG-002", "ANO-7")]
N1 = Release("1.0.0", None, ())
R2 = [
    run("net", Status.FAILED, "EXG-001"),
    run("hs", Status.FAILED, "EXG-002", "ANO-7"),
    run("bulletin", Status.SKIPPED, "EXG-004"),
    run("hs bis", Status.UNDEFINED, "EXG-002"),
]
N2 = Release(
    "1.1.0",
    None,
    (
        item(ItemKind.FIXED, "ANO-7 corrigée", ("EXG-002",), ("ANO-7",)),
        item(ItemKind.ADDED, "Bulletin", ("EXG-004",)),
    ),
)
R3 = [
    run("net", Status.PASSED, "EXG-001"),
    run("hs", Status.PASSED, "EXG-002", "ANO-7"),
    run("hs bis", Status.PASSED, "EXG-002"),
    run("bulletin", Status.PASSED, "EXG-004"),
]
N3 = Release("1.2.0", None, (item(ItemKind.FIXED, "Calcul du net corrigé", ("EXG-001",)),))


def types(gaps: list) -> set[tuple[GapType, str | None]]:  # type: ignore[type-arg]
    return {(g.type, g.requirement_code) for g in gaps}


def test_release_1_0_0_has_a_failing_and_an_uncovered_requirement() -> None:
    assert types(analyse(REQUIREMENTS, N1, R1)) == {
        (GapType.REQUIREMENT_FAILING, "EXG-002"),
        (GapType.REQUIREMENT_UNCOVERED, "EXG-003"),
        (GapType.REQUIREMENT_UNCOVERED, "EXG-004"),
    }


def test_release_1_1_0_shows_every_kind_of_gap_found_against_the_previous_release() -> None:
    gaps = analyse(REQUIREMENTS, N2, R2, previous_results=R1)

    assert types(gaps) == {
        (GapType.REGRESSION, "EXG-001"),  # failing and not announced: facts of the regression
        (GapType.FIX_STILL_FAILING, "EXG-002"),  # the scenario of ANO-7
        (GapType.NOT_EXECUTABLE, "EXG-002"),  # another scenario, another cause
        (GapType.REQUIREMENT_UNCOVERED, "EXG-003"),
        (GapType.ANNOUNCED_UNTESTED, "EXG-004"),
    }
    regression = next(g for g in gaps if g.type is GapType.REGRESSION)
    assert (regression.severity, regression.scenario_keys) == (Severity.BLOCKING, ("f.feature::net",))
    assert regression.facts == (GapType.REQUIREMENT_FAILING, GapType.UNANNOUNCED_CHANGE)


def test_release_1_2_0_keeps_the_uncovered_requirement_a_silent_fix_and_the_flaky_scenario() -> None:
    gaps = analyse(REQUIREMENTS, N3, R3, previous_results=R2, flaky_keys=frozenset({"f.feature::hs bis"}))

    assert types(gaps) == {
        (GapType.REQUIREMENT_UNCOVERED, "EXG-003"),
        (GapType.UNANNOUNCED_CHANGE, "EXG-002"),  # now OK, and the 1.2.0 notes say nothing about it
        (GapType.FLAKY, "EXG-002"),
    }
    assert next(g for g in gaps if g.type is GapType.FLAKY).severity is Severity.MINOR


def test_an_announced_change_of_verdict_is_not_an_unannounced_change() -> None:
    gaps = analyse(REQUIREMENTS, N3, R3, previous_results=R2)

    assert GapType.UNANNOUNCED_CHANGE not in {g.type for g in gaps if g.requirement_code == "EXG-001"}


def test_gaps_are_tracked_across_the_three_releases() -> None:
    first = reconcile([], analyse(REQUIREMENTS, N1, R1), "1.0.0")
    second = reconcile(first, analyse(REQUIREMENTS, N2, R2, previous_results=R1), "1.1.0")
    third = reconcile(second, analyse(REQUIREMENTS, N3, R3, previous_results=R2), "1.2.0")

    status = {g.identity: g.status for g in third}
    assert status["requirement_failing:EXG-002"] is GapStatus.RESOLVED
    assert status["requirement_uncovered:EXG-003"] is GapStatus.OPEN
    assert status["requirement_uncovered:EXG-004"] is GapStatus.RESOLVED  # covered since 1.1.0
    uncovered = next(g for g in third if g.identity == "requirement_uncovered:EXG-003")
    assert (uncovered.first_release, uncovered.last_release, len(uncovered.history)) == ("1.0.0", "1.2.0", 1)
    failing = next(g for g in third if g.identity == "requirement_failing:EXG-002")
    # In 1.1.0 its cause is an announced fix still failing: another gap, with its own identity.
    assert [(e.release, e.status) for e in failing.history] == [
        ("1.0.0", GapStatus.OPEN),
        ("1.1.0", GapStatus.RESOLVED),
    ]


def test_a_resolved_gap_found_again_is_reopened_not_duplicated() -> None:
    first = reconcile([], analyse(REQUIREMENTS, N1, R1), "1.0.0")
    resolved = reconcile(first, [], "1.1.0")
    again = reconcile(resolved, analyse(REQUIREMENTS, N1, R1), "1.2.0")

    gap = next(g for g in again if g.identity == "requirement_failing:EXG-002")
    assert gap.status is GapStatus.REOPENED
    assert len([g for g in again if g.identity == gap.identity]) == 1


def test_a_reservation_is_tracked_until_resolved_and_can_be_overdue() -> None:
    [gap] = [
        g for g in reconcile([], analyse(REQUIREMENTS, N1, R1), "1.0.0") if g.requirement_code == "EXG-002"
    ]

    reserved = accept(gap, "1.0.0", owner="MOE PaieNova", due=date(2025, 4, 30))
    still = reconcile([reserved], analyse(REQUIREMENTS, N1, R1), "1.1.0")[0]
    gone = reconcile([still], [], "1.2.0")[0]

    assert (still.status, still.owner) == (GapStatus.ACCEPTED, "MOE PaieNova")
    assert overdue([still], date(2025, 5, 1)) == [still]
    assert gone.status is GapStatus.RESOLVED


def test_a_waived_gap_keeps_its_reason_and_stays_waived() -> None:
    [gap] = [
        g for g in reconcile([], analyse(REQUIREMENTS, N1, R1), "1.0.0") if g.requirement_code == "EXG-003"
    ]

    waived = waive(gap, "1.0.0", "DSN hors périmètre du lot 1")
    later = reconcile([waived], analyse(REQUIREMENTS, N1, R1), "1.1.0")

    kept = next(g for g in later if g.identity == gap.identity)
    assert (kept.status, kept.reason) == (GapStatus.WAIVED, "DSN hors périmètre du lot 1")


def test_moves_the_lifecycle_forbids_are_refused() -> None:
    [gap] = [
        g for g in reconcile([], analyse(REQUIREMENTS, N1, R1), "1.0.0") if g.requirement_code == "EXG-003"
    ]
    resolved = reconcile([gap], [], "1.1.0")[0]

    with pytest.raises(GapMoveError):
        accept(resolved, "1.1.0", owner="x", due=date(2025, 1, 1))
    with pytest.raises(GapMoveError):
        waive(gap, "1.0.0", reason=" ")
    with pytest.raises(GapMoveError):
        accept(gap, "1.0.0", owner="", due=date(2025, 1, 1))

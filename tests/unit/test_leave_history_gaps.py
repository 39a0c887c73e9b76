"""A hand-written history of three releases of a leave-management product, and the gaps each
release must show, listed exactly: a fix, a regression, a new feature, a known limitation and
requirements planned for later lots.
"""

from __future__ import annotations

from collections import Counter

from amoa_workflow.domain.gaps import analyse
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
)

C, M, m = Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR
REQUIREMENTS = [
    Requirement("CONG-001", "Pose d'un congé", C, "Absences"),
    Requirement("CONG-002", "Solde de congés", C, "Absences"),
    Requirement("CONG-003", "Validation par le manager", M, "Workflow"),
    Requirement("CONG-004", "Export vers la paie", M, "Paie", target="1.1"),
    Requirement("CONG-005", "Jours fériés exclus du décompte", m, "Absences"),
    Requirement("CONG-006", "Multi-établissements", M, "Organisation", target="Lot 3"),
]
SCENARIOS = {  # scenario: its tags
    "pose": ("CONG-001",), "solde": ("CONG-002",), "validation": ("CONG-003", "ANO-7"),
    "export": ("CONG-004",), "fériés": ("CONG-005",), "sites": ("CONG-006",),
}  # fmt: skip
P, F = Status.PASSED, Status.FAILED


def run(**statuses: Status) -> list[ScenarioResult]:
    return [
        ScenarioResult(
            key=f"conges.feature::{name}",
            feature_path="conges.feature",
            feature_name="Congés",
            scenario=name,
            line=n,
            status=statuses[name],
            tags=SCENARIOS[name],
            requirement_codes=tuple(t for t in SCENARIOS[name] if t.startswith("CONG")),
        )
        for n, name in enumerate(SCENARIOS)
        if name in statuses
    ]


def release(version: str, *items: tuple[ItemKind, str, tuple[str, ...], tuple[str, ...]]) -> Release:
    return Release(version, None, tuple(ReleaseNoteItem(k, "Notes", t, 1, r, a) for k, t, r, a in items))


R1 = release(
    "1.0.0",
    (ItemKind.ADDED, "Pose et solde des congés (CONG-001, CONG-002)", ("CONG-001", "CONG-002"), ()),
    (ItemKind.ADDED, "Validation par le manager (CONG-003)", ("CONG-003",), ()),
)
RUN1 = run(pose=P, solde=P, validation=F, export=F, fériés=P)
R2 = release(
    "1.1.0",
    (ItemKind.FIXED, "ANO-7 : le manager valide depuis son tableau de bord", ("CONG-003",), ("ANO-7",)),
    (ItemKind.ADDED, "Export des congés vers la paie (CONG-004)", ("CONG-004",), ()),
    (ItemKind.KNOWN_ISSUE, "Les jours fériés sont décomptés (CONG-005)", ("CONG-005",), ()),
)
RUN2 = run(pose=P, solde=F, validation=P, export=P, fériés=F)
R3 = release(
    "2.0.0",
    (ItemKind.FIXED, "Le solde est recalculé après une annulation (CONG-002)", ("CONG-002",), ()),
    (ItemKind.KNOWN_ISSUE, "Les jours fériés sont décomptés (CONG-005)", ("CONG-005",), ()),
)
RUN3 = run(pose=P, solde=F, validation=P, export=P, fériés=F, sites=F)

Row = tuple[str, Severity, tuple[GapType, ...], tuple[str, ...]]


def rows(gaps: list[Gap]) -> list[Row]:
    return [(g.identity, g.severity, g.facts, tuple(k.split("::")[1] for k in g.scenario_keys)) for g in gaps]


def assert_one_gap_per_failing_scenario(gaps: list[Gap], results: list[ScenarioResult]) -> None:
    failing = {r.key for r in results if r.status.is_failure}
    told = Counter(k for g in gaps for k in g.scenario_keys if k in failing)
    assert all(count == 1 for count in told.values()), told
    assert set(told) <= failing


def test_release_1_0_0_a_failing_requirement_and_two_not_yet_due() -> None:
    gaps = analyse(REQUIREMENTS, R1, RUN1)

    assert rows(gaps) == [
        ("requirement_failing:CONG-003", Severity.MAJOR, (), ("validation",)),
        ("not_due:CONG-004", Severity.MINOR, (GapType.REQUIREMENT_FAILING,), ("export",)),
        ("not_due:CONG-006", Severity.MINOR, (GapType.REQUIREMENT_UNCOVERED,), ()),
    ]
    assert_one_gap_per_failing_scenario(gaps, RUN1)


def test_release_1_1_0_the_fix_holds_the_feature_works_one_regression_one_known_limitation() -> None:
    gaps = analyse(REQUIREMENTS, R2, RUN2, previous_results=RUN1)

    assert rows(gaps) == [
        ("regression:CONG-002", Severity.BLOCKING,
         (GapType.REQUIREMENT_FAILING, GapType.UNANNOUNCED_CHANGE), ("solde",)),
        ("known_limitation:CONG-005", Severity.MINOR,
         (GapType.REQUIREMENT_FAILING, GapType.REGRESSION), ("fériés",)),
        ("not_due:CONG-006", Severity.MINOR, (GapType.REQUIREMENT_UNCOVERED,), ()),
    ]  # fmt: skip
    assert_one_gap_per_failing_scenario(gaps, RUN2)


def test_release_2_0_0_the_announced_fix_still_fails_and_lot_3_is_not_due_yet() -> None:
    gaps = analyse(REQUIREMENTS, R3, RUN3, previous_results=RUN2)

    assert rows(gaps) == [
        ("fix_still_failing:CONG-002", Severity.BLOCKING, (GapType.REQUIREMENT_FAILING,), ("solde",)),
        ("known_limitation:CONG-005", Severity.MINOR, (GapType.REQUIREMENT_FAILING,), ("fériés",)),
        ("not_due:CONG-006", Severity.MINOR, (GapType.REQUIREMENT_FAILING,), ("sites",)),
    ]
    assert_one_gap_per_failing_scenario(gaps, RUN3)

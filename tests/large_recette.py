"""A large generated recette (10,000 requirements, 50,000 results, two releases), judged in memory.

The same proportions as ``benchmarks/recette_scale.py``: ten business domains, five scenarios per
requirement, about 8 % failing and 2 % undefined in each run (drawn independently, so many
scenarios change outcome between the two releases: many gaps), one requirement in fifty
uncovered, 300 notes items per release. Assessed with the pure rules, no database.
"""

from __future__ import annotations

import random

from amoa_workflow.checkpoint.assessment import Assessment
from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain import gaps
from amoa_workflow.domain.exit_criteria import ExitCriteria, evaluate
from amoa_workflow.domain.gap_lifecycle import reconcile
from amoa_workflow.domain.model import (
    Criticality,
    ItemKind,
    Release,
    ReleaseNoteItem,
    Requirement,
    ScenarioResult,
    Status,
)
from amoa_workflow.domain.release_diff import compare_releases

DOMAINS = ("Paie", "Temps", "Absences", "Formation", "Recrutement", "Carrières", "Frais", "Santé",
           "Retraite", "Déclaratif")  # fmt: skip
CRITICALITIES = (Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR)


def requirements(count: int) -> list[Requirement]:
    return [
        Requirement(f"EXG-{n:06d}", f"Exigence {n} de gestion", CRITICALITIES[n % 3], DOMAINS[n % 10])
        for n in range(count)
    ]


def release(version: str, count: int, seed: int) -> Release:
    rng = random.Random(seed)
    items = []
    for n in range(300):
        code = f"EXG-{rng.randrange(count):06d}"
        kind = (ItemKind.FIXED, ItemKind.ADDED, ItemKind.CHANGED, ItemKind.KNOWN_ISSUE)[n % 4]
        anomalies = (f"ANO-{n}",) if kind is ItemKind.FIXED else ()
        items.append(ReleaseNoteItem(kind, kind.value, f"Évolution {n} ({code})", n + 1, (code,), anomalies))
    return Release(version, "2026-11-30", tuple(items))


def results(reqs: list[Requirement], seed: int) -> list[ScenarioResult]:
    rng = random.Random(seed)
    found = []
    for index, requirement in enumerate(reqs):
        if index % 50 == 49:
            continue  # uncovered
        for n in range(5):
            draw = rng.random()
            status = Status.FAILED if draw < 0.08 else Status.UNDEFINED if draw < 0.10 else Status.PASSED
            path = f"features/{requirement.domain}/{index // 100}.feature"
            tags = (requirement.code,) + ((f"ANO-{index % 300}",) if n == 0 else ())
            message = "AssertionError: écart" if status is Status.FAILED else None
            found.append(ScenarioResult(f"{path}::Scénario {index}-{n}", path, requirement.domain,
                                        f"Scénario {index}-{n}", 10 + n, status, tags, (requirement.code,),
                                        message=message))  # fmt: skip
    return found


def outcome(count: int = 10_000) -> CampaignOutcome:
    """Release 1.1.0 judged against 1.0.0, with the gaps' lifecycle and the exit criteria."""
    reqs = requirements(count)
    first, second = results(reqs, 1), results(reqs, 2)
    one, two = release("1.0.0", count, 42), release("1.1.0", count, 43)
    before = gaps.find_gaps(gaps.Evidence(reqs, one, first))
    found = gaps.find_gaps(gaps.Evidence(reqs, two, second, first))
    tracked = reconcile(reconcile([], before, "1.0.0"), found, "1.1.0")
    by_identity = {g.identity: g for g in tracked}
    mine = tuple(by_identity[g.identity] for g in found)
    coverage = tuple(gaps.coverage(reqs, second))
    assessment = Assessment(
        gaps=tuple(found), tracked=mine,
        recommendation=evaluate(ExitCriteria(), coverage, second, mine), coverage=coverage,
        previous_release="1.0.0", changes=tuple(compare_releases(gaps.coverage(reqs, first), coverage)),
    )  # fmt: skip
    return CampaignOutcome("ERP RH", "recette", "recette-1.1.0", 1, two, tuple(second), coverage,
                           tuple(found), "runs/x", assessment)  # fmt: skip

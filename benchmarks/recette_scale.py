"""A recette at the size of a large ERP programme: ingest, gap analysis, persistence, read back, PV.

Generated data, the same for every size (seeded): N requirements (critical / major / minor, in
ten business domains), 5 scenario results per requirement with 3 steps each (about 8 % failing,
2 % undefined, some uncovered requirements), release notes of 300 items (fixes with anomaly ids,
features, known issues) for two releases, the second one judged against the first.

For each size, on SQLite (and PostgreSQL with ``--postgres URL``), it times:

  ingest    the requirements and the notes of a release (``services.ingest``)
  save      the results of a run with their steps alone (``campaigns.save_results``, one commit)
  analysis  the gap analysis alone, in memory (``domain.gaps.find_gaps``)
  record    gap analysis + persistence of the campaign (``services.record_campaign``), release 2,
            judged against release 1: run history, results, steps, gaps, tracked gaps, audit
  outcome   reading the campaign back as the report needs it (``services.campaign_outcome``)
  pv        rendering the PV in HTML, and its size

in CPU seconds of this process (the steadier figure on a shared machine; SQLite works in this
process, PostgreSQL's own work is in the wall time only) and wall seconds, and prints the growth
of each step's CPU time per 10× more data (linear: about 10). 100,000 requirements (500,000
results) take minutes and about 3 GB of memory: ask for them with ``--sizes 1000,10000,100000``.

    .venv/bin/python benchmarks/recette_scale.py [--sizes 1000,10000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from amoa_workflow.checkpoint import services
from amoa_workflow.domain import gaps
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
from amoa_workflow.reporting.acceptance_report import HtmlReport
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork

T = TypeVar("T")
DOMAINS = ("Paie", "Temps", "Absences", "Formation", "Recrutement", "Carrières", "Frais", "Santé",
           "Retraite", "Déclaratif")  # fmt: skip
CRITICALITIES = (Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR)


@dataclass
class Generated:
    requirements: list[Requirement]
    releases: dict[str, Release]

    def requirements_of(self) -> list[Requirement]:
        return self.requirements

    def release(self, version: str) -> tuple[Release, str]:
        return self.releases[version], f"sha-{version}"


class Sources:
    def __init__(self, data: Generated) -> None:
        self.data = data

    def requirements(self) -> list[Requirement]:
        return self.data.requirements

    def release(self, version: str) -> tuple[Release, str]:
        return self.data.release(version)


def generate(count: int, seed: int = 42) -> Generated:
    rng = random.Random(seed)
    requirements = [
        Requirement(f"EXG-{n:06d}", f"Exigence {n} de gestion", CRITICALITIES[n % 3], DOMAINS[n % 10])
        for n in range(count)
    ]
    releases = {}
    for version in ("1.0.0", "1.1.0"):
        items = []
        for n in range(300):
            code = f"EXG-{rng.randrange(count):06d}"
            kind = (ItemKind.FIXED, ItemKind.ADDED, ItemKind.CHANGED, ItemKind.KNOWN_ISSUE)[n % 4]
            anomalies = (f"ANO-{n}",) if kind is ItemKind.FIXED else ()
            items.append(
                ReleaseNoteItem(kind, kind.value, f"Évolution {n} ({code})", n + 1, (code,), anomalies)
            )
        releases[version] = Release(version, "2026-11-30", tuple(items))
    return Generated(requirements, releases)


def results(data: Generated, run: int, seed: int = 7) -> list[ScenarioResult]:
    rng = random.Random(seed + run)
    found = []
    for index, requirement in enumerate(data.requirements):
        if index % 50 == 49:
            continue  # uncovered
        for n in range(5):
            draw = rng.random()
            status = Status.FAILED if draw < 0.08 else Status.UNDEFINED if draw < 0.10 else Status.PASSED
            key = f"features/{requirement.domain}/{index // 100}.feature::Scénario {index}-{n}"
            tags = (requirement.code,) + ((f"ANO-{index % 300}",) if n == 0 else ())
            steps = tuple(
                StepResult(p, "Étant donné" if p == 0 else "Quand" if p == 1 else "Alors", f"étape {p}",
                           10 + p, Status.FAILED if status is Status.FAILED and p == 2 else Status.PASSED,
                           0.001, "AssertionError: écart" if status is Status.FAILED and p == 2 else None)
                for p in range(3)
            )  # fmt: skip
            found.append(
                ScenarioResult(key, key.split("::")[0], requirement.domain, key.split("::")[1], 10 + n,
                               status, tags, (requirement.code,), (), 0.01, None, steps)
            )  # fmt: skip
    return found


def timed(step: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = step()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def measure(count: int, url: str) -> dict[str, float]:
    """CPU seconds of each step (``name``) and wall seconds (``name wall``); the PV's size in MB."""
    data = generate(count)
    first, second = results(data, 1), results(data, 2)
    engine = open_database(url)
    uow = lambda: SqlUnitOfWork(engine)  # noqa: E731 - a factory, as the services take it
    figures: dict[str, float] = {}

    def step(name: str, work: Callable[[], T]) -> T:
        value, figures[f"{name} wall"], figures[name] = timed(work)
        return value

    step("ingest", lambda: services.ingest(uow(), Sources(data), "1.0.0"))
    services.record_campaign(uow(), "P", "recette", "1.0.0", "recette-1.0.0", first, "/runs/1")
    services.ingest(uow(), Sources(data), "1.1.0")
    step("save", lambda: save_results(uow(), second))
    evidence = gaps.Evidence(data.requirements, data.releases["1.1.0"], second, first)
    found = step("analysis", lambda: gaps.find_gaps(evidence))
    step(
        "record",
        lambda: services.record_campaign(uow(), "P", "recette", "1.1.0", "recette-1.1.0", second, "/runs/2"),
    )
    outcome = step(
        "outcome",
        lambda: services.campaign_outcome(uow(), "P", "recette", "1.1.0", "recette-1.1.0", AcceptanceRules()),
    )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "pv.html"
        step("pv", lambda: HtmlReport("fr").render(outcome, target))
        figures["pv size (MB)"] = target.stat().st_size / 1e6
    engine.dispose()
    shown = ", ".join(
        f"{k} {figures[k]:.2f} (wall {figures[k + ' wall']:.2f})"
        for k in figures
        if "wall" not in k and "MB" not in k
    )
    print(f"  {count:>7} requirements, {len(second):>7} results, {len(found)} gaps (CPU s): {shown}, "
          f"pv size {figures['pv size (MB)']:.1f} MB", flush=True)  # fmt: skip
    return figures


def save_results(uow: SqlUnitOfWork, found: list[ScenarioResult]) -> None:
    """The results of a run and their steps alone, saved as a new campaign's (no gap analysis)."""
    with uow:
        uow.campaigns.start("bulk-1.1.0", "1.1.0", "bulk", "/runs/bulk")
        uow.campaigns.save_results("bulk-1.1.0", found)
        uow.commit()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="requirement counts, comma-separated")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema of its own is used)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = {"sqlite": None, **({"postgresql": args.postgres} if args.postgres else {})}
    for backend, base in backends.items():
        print(f"{backend}:")
        rows = []
        for count in sizes:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{folder}/amoa.db" if base is None else _fresh_schema(base)
                rows.append(measure(count, url))
        for small, large, a, b in zip(rows, rows[1:], sizes, sizes[1:], strict=False):
            growth = ", ".join(
                f"{k} ×{large[k] / small[k]:.1f}" for k in small if small[k] > 0 and "wall" not in k
            )
            print(f"  growth {a} → {b} ({b / a:g}× data): {growth}")


def _fresh_schema(base: str) -> str:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with create_engine(base).begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    return (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


if __name__ == "__main__":
    main()

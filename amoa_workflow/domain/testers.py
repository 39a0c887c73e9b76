"""Testers of the manual part of a campaign, and who executes which manual scenario.

Each manual scenario goes to one tester, first rule that applies: the tester it was explicitly
assigned to (``amoa manual assign``); the first tester, in the order of the configuration, one of
whose ``tags`` the scenario carries; the first tester whose ``domains`` hold the business domain
of the scenario's first known requirement. Otherwise nobody: it is listed unassigned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from amoa_workflow.domain.manual import ManualExecution, tag_names
from amoa_workflow.domain.model import Requirement, ScenarioResult, Status


@dataclass(frozen=True)
class Tester:
    id: str
    name: str
    channel: str | None = None  # the environment variable holding the tester's notification URL
    domains: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


def assign(
    scenarios: Sequence[ScenarioResult],
    testers: Sequence[Tester],
    requirements: Mapping[str, Requirement],
    explicit: Mapping[str, str],
) -> dict[str, str | None]:
    """Each scenario key with the id of the tester who executes it (None: nobody yet)."""
    known = {tester.id for tester in testers}
    found: dict[str, str | None] = {}
    for scenario in scenarios:
        chosen = explicit.get(scenario.key)
        if chosen not in known:
            chosen = _by_tag(scenario, testers) or _by_domain(scenario, testers, requirements)
        found[scenario.key] = chosen
    return found


def _by_tag(scenario: ScenarioResult, testers: Sequence[Tester]) -> str | None:
    tags = tag_names(scenario.tags)
    return next((t.id for t in testers if tag_names(t.tags) & tags), None)


def _by_domain(
    scenario: ScenarioResult, testers: Sequence[Tester], requirements: Mapping[str, Requirement]
) -> str | None:
    primary = next((requirements[c] for c in scenario.requirement_codes if c in requirements), None)
    if primary is None:
        return None
    domain = primary.domain.casefold()
    return next((t.id for t in testers if domain in {d.casefold() for d in t.domains}), None)


@dataclass(frozen=True)
class Progress:
    """How far one tester (or one requirement) is: scenarios by status."""

    name: str
    label: str
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.total - self.counts[Status.PENDING.value]


def progress(
    scenarios: Sequence[ScenarioResult],
    assignment: Mapping[str, str | None],
    executions: Mapping[str, ManualExecution],
    testers: Sequence[Tester],
    requirements: Mapping[str, Requirement],
) -> tuple[list[Progress], list[Progress]]:
    """Progress per tester (unassigned last, under ``-``) and per requirement, in order."""
    by_tester = {t.id: Progress(t.id, t.name) for t in testers}
    by_requirement: dict[str, Progress] = {}
    for scenario in scenarios:
        execution = executions.get(scenario.key)
        status = (execution.status if execution else Status.PENDING).value
        tester = assignment.get(scenario.key)
        row = by_tester.get(tester) if tester else None
        if row is None:
            row = by_tester.setdefault("-", Progress("-", "-"))
        row.counts[status] += 1
        for code in dict.fromkeys(scenario.requirement_codes):
            title = requirements[code].title if code in requirements else ""
            by_requirement.setdefault(code, Progress(code, title)).counts[status] += 1
    return list(by_tester.values()), [by_requirement[c] for c in sorted(by_requirement)]

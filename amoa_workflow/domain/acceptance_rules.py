"""The project's rules for judging a campaign: gap severities, exit criteria, flakiness."""

from __future__ import annotations

from dataclasses import dataclass, field

from amoa_workflow.domain.exit_criteria import ExitCriteria
from amoa_workflow.domain.gaps import DEFAULT_SEVERITY, SeverityMatrix


@dataclass(frozen=True)
class AcceptanceRules:
    severity: SeverityMatrix = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    exit_criteria: ExitCriteria = field(default_factory=ExitCriteria)
    flaky_window: int = 10
    flaky_threshold: int = 2

"""The ``[severity]`` and ``[exit_criteria]`` tables of config/amoa.toml, read into acceptance rules.

[severity]                      # gap type = [critical, major, minor] requirement
requirement_uncovered = ["blocking", "major", "minor"]

[exit_criteria]
max_blocking = 0
critical_requirements_ok = 100  # percent
min_pass_rate = 95              # percent of executed scenarios
max_major = 3                   # leave out for no limit
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from amoa_workflow.domain.acceptance_rules import AcceptanceRules
from amoa_workflow.domain.exit_criteria import ExitCriteria
from amoa_workflow.domain.gaps import DEFAULT_SEVERITY
from amoa_workflow.domain.model import Criticality, GapType, Severity
from amoa_workflow.errors import ConfigError

_CRITICALITIES = (Criticality.CRITICAL, Criticality.MAJOR, Criticality.MINOR)


def read_rules(
    raw: Mapping[str, object], path: Path, flaky_window: int, flaky_threshold: int
) -> AcceptanceRules:
    return AcceptanceRules(
        severity=_severity(raw.get("severity", {}), path),
        exit_criteria=_exit_criteria(raw.get("exit_criteria", {}), path),
        flaky_window=flaky_window,
        flaky_threshold=flaky_threshold,
    )


def _severity(table: object, path: Path) -> dict[tuple[GapType, Criticality], Severity]:
    matrix = dict(DEFAULT_SEVERITY)
    if not isinstance(table, dict):
        raise ConfigError(path, why_en="[severity] must be a table", why_fr="[severity] doit être une table")
    for name, levels in table.items():
        kinds = {k.value for k in GapType}
        severities = {s.value for s in Severity}
        if name not in kinds or name in (GapType.NOT_DUE, GapType.RESERVATION):
            raise ConfigError(
                path,
                why_en=f"severity.{name}: unknown gap type ({', '.join(sorted(kinds))})",
                why_fr=f"severity.{name} : type d'écart inconnu ({', '.join(sorted(kinds))})",
            )
        if not isinstance(levels, list) or len(levels) != 3 or not all(lv in severities for lv in levels):
            raise ConfigError(
                path,
                why_en=f"severity.{name} must list 3 severities (critical, major, minor requirement) among "
                f"{', '.join(sorted(severities))}",
                why_fr=f"severity.{name} doit donner 3 gravités (exigence critique, majeure, mineure) parmi "
                f"{', '.join(sorted(severities))}",
            )
        for criticality, level in zip(_CRITICALITIES, levels, strict=True):
            matrix[(GapType(name), criticality)] = Severity(level)
    return matrix


def _exit_criteria(table: object, path: Path) -> ExitCriteria:
    if not isinstance(table, dict):
        raise ConfigError(
            path, why_en="[exit_criteria] must be a table", why_fr="[exit_criteria] doit être une table"
        )
    allowed = {"max_blocking", "critical_requirements_ok", "min_pass_rate", "max_major"}
    for name, value in table.items():
        if name not in allowed:
            raise ConfigError(
                path,
                why_en=f"exit_criteria.{name}: unknown criterion ({', '.join(sorted(allowed))})",
                why_fr=f"exit_criteria.{name} : critère inconnu ({', '.join(sorted(allowed))})",
            )
        limit = 100 if name in ("critical_requirements_ok", "min_pass_rate") else None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or value < 0
            or (limit and value > limit)
        ):
            raise ConfigError(
                path,
                why_en=f"exit_criteria.{name} must be a number from 0{f' to {limit}' if limit else ''}",
                why_fr=f"exit_criteria.{name} doit être un nombre de 0{f' à {limit}' if limit else ''}",
            )
    defaults = ExitCriteria()
    max_major = table.get("max_major")
    return ExitCriteria(
        max_blocking=int(table.get("max_blocking", defaults.max_blocking)),
        critical_requirements_ok=float(
            table.get("critical_requirements_ok", defaults.critical_requirements_ok)
        ),
        min_pass_rate=float(table.get("min_pass_rate", defaults.min_pass_rate)),
        max_major=int(max_major) if max_major is not None else None,
    )

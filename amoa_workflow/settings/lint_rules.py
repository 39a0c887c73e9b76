"""Lint findings a project has decided to live with, from ``config/amoa.toml`` (``[lint]``).

    [lint]
    ignore = ["AMOA017"]                          # these codes, everywhere

    [lint.per-path-ignores]
    "features/anciens/*.feature" = ["AMOA008"]    # these codes, in the files the pattern matches

Patterns are shell-style (``fnmatch``), matched against the path relative to the project.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.project import CONFIG_FILE

_CODE = re.compile(r"AMOA\d{3}")


@dataclass(frozen=True)
class LintRules:
    ignore: frozenset[str] = frozenset()
    per_path: tuple[tuple[str, frozenset[str]], ...] = ()


def load_lint_rules(project_dir: Path) -> LintRules:
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        return LintRules()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("lint", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return LintRules()  # the settings loader names that problem
    if not isinstance(table, dict):
        raise _error(path, "[lint] must be a table", "[lint] doit être une table")
    per_path = table.get("per-path-ignores", {})
    if not isinstance(per_path, dict):
        raise _error(
            path, "[lint.per-path-ignores] must be a table", "[lint.per-path-ignores] doit être une table"
        )
    return LintRules(
        _codes(path, "lint.ignore", table.get("ignore", [])),
        tuple((str(pattern), _codes(path, f"lint.per-path-ignores.{pattern}", codes))
              for pattern, codes in per_path.items()),
    )  # fmt: skip


def _codes(path: Path, key: str, value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and _CODE.fullmatch(v) for v in value):
        raise _error(
            path, f'{key} must be a list of lint codes such as ["AMOA017"]',
            f'{key} doit être une liste de codes du lint comme ["AMOA017"]',
        )  # fmt: skip
    return frozenset(value)


def _error(path: Path, en: str, fr: str) -> ConfigError:
    return ConfigError(path, why_en=en, why_fr=fr)

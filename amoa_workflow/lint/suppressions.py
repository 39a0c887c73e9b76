"""Findings silenced on purpose: by the project's ``[lint]`` rules, or by a comment in the file.

A comment line ``# amoa-lint: ignore AMOA008`` silences those codes (several, separated by
spaces or commas; none for every code) on the next line that is not a comment;
``# amoa-lint: ignore-file AMOA017`` silences them in the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

from amoa_workflow.lint.findings import Finding
from amoa_workflow.settings.lint_rules import LintRules

_COMMENT = re.compile(r"^\s*#\s*amoa-lint:\s*(?P<what>ignore-file|ignore)\b(?P<codes>[\sA-Z0-9,]*)$")
ALL = "*"


def inline(lines: Iterable[str]) -> tuple[dict[int, frozenset[str]], frozenset[str]]:
    """Codes silenced per line number (1-based), and in the whole file; ``*`` stands for every code."""
    by_line: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    pending: set[str] = set()
    for number, line in enumerate(lines, start=1):
        found = _COMMENT.match(line)
        if found:
            codes = set(re.findall(r"AMOA\d{3}", found.group("codes"))) or {ALL}
            (whole if found.group("what") == "ignore-file" else pending).update(codes)
        elif pending and line.strip() and not line.lstrip().startswith("#"):
            by_line[number] = frozenset(pending)
            pending = set()
    return by_line, frozenset(whole)


def silenced(finding: Finding, rules: LintRules, relative: str, by_line: dict[int, frozenset[str]],
             whole: frozenset[str]) -> bool:  # fmt: skip
    if finding.code in rules.ignore:
        return True
    if any(finding.code in codes and fnmatch(relative, pattern) for pattern, codes in rules.per_path):
        return True
    here = by_line.get(finding.line, frozenset()) | whole
    return finding.code in here or ALL in here


def relative_to(project_dir: Path, path: Path) -> str:
    resolved = path.resolve()
    project = project_dir.resolve()
    return (
        resolved.relative_to(project).as_posix() if resolved.is_relative_to(project) else resolved.as_posix()
    )

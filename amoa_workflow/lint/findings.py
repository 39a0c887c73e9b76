"""What the lint reports: one finding per problem, at a file, line and column, in French and English.

Every finding has a stable short code (``AMOA008``) and name (``undefined-step``); the severity
belongs to the code, so a code is always an error or always a warning. Errors are what will
break or silently falsify a scenario run; warnings are what deserves a look.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from amoa_workflow.lint.messages import text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("AMOA001", "parse-error", Severity.ERROR),
        Code("AMOA002", "bom", Severity.ERROR),
        Code("AMOA003", "missing-language", Severity.ERROR),
        Code("AMOA004", "first-step-keyword", Severity.ERROR),
        Code("AMOA005", "empty-scenario", Severity.ERROR),
        Code("AMOA006", "misspelled-keyword", Severity.ERROR),
        Code("AMOA007", "duplicate-scenario", Severity.ERROR),
        Code("AMOA008", "undefined-step", Severity.ERROR),
        Code("AMOA009", "ambiguous-step", Severity.WARNING),
        Code("AMOA010", "elided-keyword", Severity.WARNING),
        Code("AMOA011", "empty-example-cell", Severity.WARNING),
        Code("AMOA012", "unknown-outline-parameter", Severity.ERROR),
        Code("AMOA013", "tag-breaks-collection", Severity.ERROR),
        Code("AMOA014", "tag-not-selectable", Severity.WARNING),
        Code("AMOA015", "tag-pytest-marker", Severity.WARNING),
        Code("AMOA016", "unknown-requirement", Severity.ERROR),
        Code("AMOA017", "untagged-scenario", Severity.WARNING),
        Code("AMOA018", "uncovered-requirement", Severity.WARNING),
        Code("AMOA019", "project-file-error", Severity.ERROR),
    )
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message_fr: str
    message_en: str

    @property
    def name(self) -> str:
        return CODES[self.code].name

    def message(self, lang: str) -> str:
        return self.message_fr if lang == "fr" else self.message_en

    def render(self, lang: str) -> str:
        """``file:line:col: CODE message``, the shape editors and CI annotate."""
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message(lang)}"

    def as_dict(self, lang: str) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message(lang),
        }

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True)
class Note:
    """Something the user should know that is not a finding (a check skipped, a file fixed)."""

    message_fr: str
    message_en: str

    def message(self, lang: str) -> str:
        return self.message_fr if lang == "fr" else self.message_en


def finding(code: str, path: Path | str, line: int, column: int, key: str = "", **params: object) -> Finding:
    """A finding of ``code``; its message is the catalogue entry ``key`` (default: the code's name)."""
    entry = key or CODES[code].name
    return Finding(
        path=str(path),
        line=max(line, 1),
        column=max(column, 1),
        code=code,
        severity=CODES[code].severity,
        message_fr=text(entry, "fr", **params),
        message_en=text(entry, "en", **params),
    )


def note(key: str, **params: object) -> Note:
    return Note(text(key, "fr", **params), text(key, "en", **params))

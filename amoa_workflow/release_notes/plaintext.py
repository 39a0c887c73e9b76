"""Plain-text release notes: Apache / JIRA style and Debian changelogs.

Apache Commons CSV                      Release Notes - PaieNova - Version 1.3
Version 1.3                             ** Bug
NEW FEATURES                                * [PAIE-12] - Overtime rate
============
o CSV-179: Add shortcut method …

paienova (1.3-1) stable; urgency=medium
  * Overtime rate
 -- Jeanne Martin <jm@example.org>  Mon, 05 May 2025 10:00:00 +0200
"""

from __future__ import annotations

import re

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import kind_of, section_kind
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import normalize, read_date

_NUMBER = r"v?(?P<version>\d+(?:\.\d+){1,3}(?:(?:a|b|rc|alpha|beta|dev|post)\d*)?(?:[-+~][0-9A-Za-z.+~-]+)?)"
_VERSION_LINES = (
    re.compile(
        rf"^\s*(?:release notes\s*-\s*.*?\s*-\s*)?(?:changes in\s+)?(?:version|release)\s+"
        rf"{_NUMBER}(?P<rest>.*)$",
        re.IGNORECASE,
    ),
    # « Apache Commons CSV 1.14.1 Release Notes »: a product name, the version, « Release Notes »
    re.compile(rf"^\s*[A-Z][\w .-]{{0,60}}?\s+{_NUMBER}\s+release notes\b(?P<rest>.*)$", re.IGNORECASE),
    # Debian: « yunohost (12.1.25) stable; urgency=low »
    re.compile(
        r"^[a-z0-9][a-z0-9.+-]* \((?:\d+:)?(?P<version>[0-9][^)\s]*)\) [^;]+; urgency=\w+(?P<rest>)\s*$"
    ),
)
_DEBIAN_TRAILER = re.compile(r"^ -- .+<[^>]*>\s+(?P<date>.+)$")
_UPPER_HEADING = re.compile(r"^\s*(?P<title>[A-Z][A-Z0-9 &'/-]{2,}[A-Z0-9]):?\s*$")
_JIRA_HEADING = re.compile(r"^\s*\*\*\s+(?P<title>\S.*?)\s*$")
_COLON_HEADING = re.compile(r"^\s*(?P<title>[^\s:*-][^:]{1,40}?)\s*:\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:o|\*|-|•|\+)\s+(?P<text>\S.*?)\s*$")


def version_line(line: str) -> tuple[str, str] | None:
    """(version, rest of the line) when ``line`` opens a release, else None."""
    for pattern in _VERSION_LINES:
        if match := pattern.match(line):
            return match.group("version"), match.group("rest")
    return None


def looks_like(document: Document) -> bool:
    lines = document.lines[:400]
    if any(version_line(line) for line in lines):
        return True
    has_heading = any(_UPPER_HEADING.match(line) or _JIRA_HEADING.match(line) for line in lines)
    return has_heading and any(_BULLET.match(line) for line in lines)


def versions(document: Document) -> list[str]:
    return [opened[0] for line in document.lines if (opened := version_line(line))]


def release(document: Document, version: str, patterns: ReferencePatterns) -> Release | None:
    lines = document.lines
    starts = [(i, opened) for i, line in enumerate(lines) if (opened := version_line(line))]
    if not starts:
        document.warn(
            None,
            f"no version line: the whole file is taken as the notes of {version}",
            f"aucune ligne de version : tout le fichier est pris comme notes de {version}",
        )
        return Release(version, None, tuple(_items(lines, 0, len(lines), patterns)), str(document.path))
    wanted = normalize(version)
    for position, (index, (found, rest)) in enumerate(starts):
        if normalize(found) != wanted:
            continue
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        released_on, unreadable = read_date(rest or _trailer(lines, index + 1, end))
        if unreadable:
            document.warn(
                index + 1,
                f"unreadable date '{unreadable}': ignored",
                f"date illisible « {unreadable} » : ignorée",
            )
        items = _items(lines, index + 1, end, patterns)
        return Release(found, released_on, tuple(items), str(document.path))
    return None


def _trailer(lines: list[str], start: int, end: int) -> str:
    """The date of a Debian entry, on its « -- Name <mail>  Thu, 18 Sep 2025 … » line."""
    return next((m.group("date") for line in lines[start:end] if (m := _DEBIAN_TRAILER.match(line))), "")


def _items(lines: list[str], start: int, end: int, patterns: ReferencePatterns) -> list[ReleaseNoteItem]:
    heading, kind, guess = "", ItemKind.OTHER, True
    drafts: list[tuple[int, str, ItemKind, list[str], int, bool]] = []
    for index in range(start, end):
        line = lines[index]
        if not line.strip() or _DEBIAN_TRAILER.match(line):
            continue
        nxt = lines[index + 1] if index + 1 < end else ""
        bullet = _BULLET.match(line)
        title = _JIRA_HEADING.match(line) or (_UPPER_HEADING.match(line) if not bullet else None)
        if title is None and nxt and _UNDERLINE.match(nxt) and not bullet:
            title = re.match(r"^\s*(?P<title>.+?):?\s*$", line)
        if title is None and not bullet and (colon := _COLON_HEADING.match(line)):
            title = colon if section_kind(colon.group("title")) is not None else None  # « New features: »
        if title is not None:
            heading = title.group("title").strip()
            kind, guess = kind_of(heading), False
            continue
        if _UNDERLINE.match(line):
            continue
        indent = len(line) - len(line.lstrip())
        if bullet:
            drafts.append((index + 1, heading, kind, [bullet.group("text")], indent, guess))
        elif drafts and indent > drafts[-1][4]:
            drafts[-1][3].append(line.strip())
    return [make_item(k, h, " ".join(texts), n, patterns, g) for n, h, k, texts, _, g in drafts]

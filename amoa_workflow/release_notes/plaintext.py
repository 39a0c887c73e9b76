"""Plain-text release notes in the Apache / JIRA style.

Apache Commons CSV                      Release Notes - PaieNova - Version 1.3
Version 1.3                             ** Bug
NEW FEATURES                                * [PAIE-12] - Overtime rate
============
o CSV-179: Add shortcut method …
"""

from __future__ import annotations

import re

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import kind_of
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import normalize, read_date

VERSION_LINE = re.compile(
    r"^\s*(?:release notes\s*-\s*.*?\s*-\s*)?(?:changes in\s+)?(?:version|release)\s+"
    r"v?(?P<version>\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.+-]+)?)(?P<rest>.*)$",
    re.IGNORECASE,
)
_UPPER_HEADING = re.compile(r"^\s*(?P<title>[A-Z][A-Z0-9 &'/-]{2,}[A-Z0-9]):?\s*$")
_JIRA_HEADING = re.compile(r"^\s*\*\*\s+(?P<title>\S.*?)\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:o|\*|-|•)\s+(?P<text>\S.*?)\s*$")


def looks_like(document: Document) -> bool:
    lines = document.lines[:400]
    if any(VERSION_LINE.match(line) for line in lines):
        return True
    has_heading = any(_UPPER_HEADING.match(line) or _JIRA_HEADING.match(line) for line in lines)
    return has_heading and any(_BULLET.match(line) for line in lines)


def versions(document: Document) -> list[str]:
    return [m.group("version") for line in document.lines if (m := VERSION_LINE.match(line))]


def release(document: Document, version: str, patterns: ReferencePatterns) -> Release | None:
    lines = document.lines
    starts = [(i, m) for i, line in enumerate(lines) if (m := VERSION_LINE.match(line))]
    if not starts:
        document.warn(
            None,
            f"no version line: the whole file is taken as the notes of {version}",
            f"aucune ligne de version : tout le fichier est pris comme notes de {version}",
        )
        return Release(version, None, tuple(_items(lines, 0, len(lines), patterns)), str(document.path))
    wanted = normalize(version)
    for position, (index, match) in enumerate(starts):
        if normalize(match.group("version")) != wanted:
            continue
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        released_on, unreadable = read_date(match.group("rest"))
        if unreadable:
            document.warn(
                index + 1,
                f"unreadable date '{unreadable}': ignored",
                f"date illisible « {unreadable} » : ignorée",
            )
        items = _items(lines, index + 1, end, patterns)
        return Release(match.group("version"), released_on, tuple(items), str(document.path))
    return None


def _items(lines: list[str], start: int, end: int, patterns: ReferencePatterns) -> list[ReleaseNoteItem]:
    heading, kind = "", ItemKind.OTHER
    drafts: list[tuple[int, str, ItemKind, list[str], int]] = []
    for index in range(start, end):
        line = lines[index]
        if not line.strip():
            continue
        nxt = lines[index + 1] if index + 1 < end else ""
        title = _JIRA_HEADING.match(line) or (_UPPER_HEADING.match(line) if not _BULLET.match(line) else None)
        if title is None and nxt and _UNDERLINE.match(nxt) and not _BULLET.match(line):
            title = re.match(r"^\s*(?P<title>.+?):?\s*$", line)
        if title is not None:
            heading = title.group("title").strip()
            kind = kind_of(heading)
            continue
        if _UNDERLINE.match(line):
            continue
        bullet = _BULLET.match(line)
        indent = len(line) - len(line.lstrip())
        if bullet:
            drafts.append((index + 1, heading, kind, [bullet.group("text")], indent))
        elif drafts and indent > drafts[-1][4]:
            drafts[-1][3].append(line.strip())
    return [make_item(k, h, " ".join(texts), n, patterns) for n, h, k, texts, _ in drafts]

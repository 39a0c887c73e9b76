"""Markdown changelogs: Keep a Changelog, GitHub-generated notes, release-please, French headings.

Versions are headings at any level (``# [2026.05.1] 05/05/2026``, ``## [1.2.0] - 2024-05-01``,
``## v5.6.1 - 2026-04-06``, ``## Notes de version 1.1.0``); a version runs until the next heading
of the same or a higher level. Inside it, section headings give the kind of the bullets below.
A nested bullet belongs to its parent item; wrapped lines are joined. A file with no version
heading at all is the notes of one release (GitHub release bodies look like that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import fold, kind_of
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import VersionTitle, normalize, version_title

_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.*\S)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_KIND_PREFIX = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?P<prefix>[^:,—–]{3,40}?)\s*(?:[:,—–]|\s-\s|(?=`))\s*(?P<subject>\S.*)$"
)
_SKIPPED_SECTIONS = {"new contributors", "nouveaux contributeurs", "contributors", "contributeurs"}


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based line index
    level: int
    title: str
    version: VersionTitle | None


def headings(lines: list[str]) -> list[Heading]:
    found: list[Heading] = []
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if match := _ATX.match(line):
            level, title = len(match.group("hashes")), match.group("title")
        elif (
            index + 1 < len(lines)
            and _SETEXT.match(lines[index + 1])
            and line.strip()
            and not _BULLET.match(line)
            and not _SETEXT.match(line)
        ):
            level, title = (1 if lines[index + 1].strip().startswith("=") else 2), line.strip()
        else:
            continue
        version = version_title(title) if kind_of(title) is ItemKind.OTHER else None
        found.append(Heading(index, level, title, version))
    return found


def has_atx_headings(lines: list[str]) -> bool:
    return any(_ATX.match(line) for line in lines)


def versions(document: Document) -> list[str]:
    return [h.version.version for h in headings(document.lines) if h.version]


def release(document: Document, version: str, patterns: ReferencePatterns) -> Release | None:
    """The release ``version``; None when the file has version headings but not this one."""
    lines = document.lines
    all_headings = headings(lines)
    version_headings = [h for h in all_headings if h.version]
    if not version_headings:
        document.warn(
            None,
            f"no version heading: the whole file is taken as the notes of {version}",
            f"aucun titre de version : tout le fichier est pris comme notes de {version}",
        )
        items = _items(document, 0, len(lines), 0, all_headings, patterns)
        return Release(version=version, released_on=None, items=tuple(items), source=str(document.path))
    wanted = normalize(version)
    start = next((h for h in version_headings if h.version and normalize(h.version.version) == wanted), None)
    if start is None or start.version is None:
        return None
    end = next(
        (h.index for h in all_headings if h.index > start.index and h.level <= start.level), len(lines)
    )
    if start.version.unreadable_date:
        document.warn(
            start.index + 1,
            f"unreadable date '{start.version.unreadable_date}' for {version}: ignored",
            f"date illisible « {start.version.unreadable_date} » pour {version} : ignorée",
        )
    items = _items(document, start.index + 1, end, start.level, all_headings, patterns)
    return Release(
        version=start.version.version,
        released_on=start.version.released_on,
        items=tuple(items),
        source=str(document.path),
    )


@dataclass
class _Draft:
    line: int
    indent: int  # -1 for an item announced by a heading: every bullet below details it
    heading: str
    kind: ItemKind
    texts: list[str]
    intro: str = "none"  # heading items take their first paragraph: none → reading → done


@dataclass
class _Section:
    level: int
    kind: ItemKind
    title: str
    skipped: bool


def _items(
    document: Document,
    start: int,
    end: int,
    level: int,
    all_headings: list[Heading],
    patterns: ReferencePatterns,
) -> list[ReleaseNoteItem]:
    lines = document.lines
    section_at = {h.index: h for h in all_headings if start <= h.index < end and h.level > level}
    setext_underlines = {h.index + 1 for h in section_at.values() if not _ATX.match(lines[h.index])}
    stack: list[_Section] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    fenced = False
    previous_blank = True
    for index in range(start, end):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or index in setext_underlines:
            continue
        if index in section_at:
            current = _enter_section(stack, section_at[index], drafts)
            previous_blank = True
            continue
        if not line.strip():
            if current is not None and current.intro == "reading":
                current.intro = "done"
            previous_blank = True
            continue
        if stack and stack[-1].skipped:
            continue
        bullet = _BULLET.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        section = stack[-1] if stack else _Section(0, ItemKind.OTHER, "", False)
        if bullet and (current is None or indent <= current.indent):
            current = _Draft(index + 1, indent, section.title, section.kind, [bullet.group("text")])
            drafts.append(current)
        elif current is not None and bullet:
            current.texts.append("; " + bullet.group("text"))  # a nested bullet details its parent
        elif current is not None and current.indent < 0 and current.intro != "done":
            current.texts.append((" — " if current.intro == "none" else " ") + line.strip())
            current.intro = "reading"
        elif current is not None and current.indent >= 0 and (indent > current.indent or not previous_blank):
            current.texts.append(" " + line.strip())  # a wrapped line
        elif current is not None and current.indent >= 0:
            current = None  # a paragraph of description, not an item
        previous_blank = False
    return [make_item(d.kind, d.heading, "".join(d.texts), d.line, patterns) for d in drafts]


def _enter_section(stack: list[_Section], heading: Heading, drafts: list[_Draft]) -> _Draft | None:
    """Push the section; a heading under a kind section (« New features » › « Upsert ») is an item."""
    while stack and stack[-1].level >= heading.level:
        stack.pop()
    parent = next((s for s in reversed(stack) if s.kind is not ItemKind.OTHER), None)
    skipped = fold(heading.title) in _SKIPPED_SECTIONS or bool(stack and stack[-1].skipped)
    kind, subject = kind_and_subject(heading.title)
    if kind is ItemKind.OTHER and parent is not None and not skipped:
        stack.append(_Section(heading.level, parent.kind, parent.title, skipped))
        draft = _Draft(heading.index + 1, -1, parent.title, parent.kind, [heading.title])
    elif subject and not skipped:
        stack.append(_Section(heading.level, kind, heading.title, skipped))
        draft = _Draft(heading.index + 1, -1, heading.title, kind, [subject])
    else:
        stack.append(_Section(heading.level, kind, heading.title, skipped))
        return None
    drafts.append(draft)
    return draft


def kind_and_subject(title: str) -> tuple[ItemKind, str | None]:
    """« Fixed » → (fixed, None); « New Feature: Query String Queries » → (added, "Query String Queries")."""
    kind = kind_of(title)
    if kind is not ItemKind.OTHER:
        return kind, None
    match = _KIND_PREFIX.match(title)
    if match and kind_of(match.group("prefix")) is not ItemKind.OTHER:
        return kind_of(match.group("prefix")), match.group("subject").strip()
    return kind, None

"""Markdown changelogs: Keep a Changelog, GitHub-generated notes, release-please, French headings.

Versions are headings at any level (``# [2026.05.1] 05/05/2026``, ``## [1.2.0] - 2024-05-01``,
``## v5.6.1 - 2026-04-06``, ``## Notes de version 1.1.0``); a version runs until the next heading
of the same or a higher level. Inside it, section headings give the kind of the bullets below.
A nested bullet belongs to its parent item; wrapped lines are joined. A file with no version
heading at all is the notes of one release (GitHub release bodies look like that).

Here: the versions a file has, where a release starts and ends, the date it states. The headings
are found by ``markdown_headings.py``, a release's items read by ``markdown_sections.py``.
"""

from __future__ import annotations

import re

from amoa_workflow.domain.model import Release
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.kinds import is_generic, is_skipped, section_kind
from amoa_workflow.release_notes.markdown_headings import ATX, BULLET, HTML, Heading, headings
from amoa_workflow.release_notes.markdown_sections import METADATA, release_items
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import UNRELEASED, VersionTitle, normalize, read_date

_DATE_LINE = re.compile(r"^[\s_*]*(?P<date>[^_*]{6,40}?)[\s_*]*$")


def versions(document: Document) -> list[str]:
    return [h.version.version for h in headings(document.lines, document.text) if h.version]


def release(document: Document, version: str, patterns: ReferencePatterns) -> Release | None:
    """The release ``version``; None when the file has version headings but not this one."""
    lines = document.lines
    all_headings = headings(lines, document.text)
    wanted = normalize(version)
    start = next((h for h in all_headings if _may_announce(h.title, wanted) and _announces(h, wanted)), None)
    if start is None and not any(h.version for h in all_headings):
        document.warn(
            None,
            f"no version heading: the whole file is taken as the notes of {version}",
            f"aucun titre de version : tout le fichier est pris comme notes de {version}",
        )
        items = release_items(document, 0, len(lines), 0, all_headings, patterns)
        return Release(version=version, released_on=None, items=tuple(items), source=str(document.path))
    if start is None or start.version is None:
        return None
    end = next(
        (h.index for h in all_headings if h.index > start.index and _ends(h, start)),
        len(lines),
    )
    if start.version.unreadable_date:
        document.warn(
            start.index + 1,
            f"unreadable date '{start.version.unreadable_date}' for {version}: ignored",
            f"date illisible « {start.version.unreadable_date} » pour {version} : ignorée",
        )
    items = release_items(document, start.index + 1, end, start.level, all_headings, patterns)
    return Release(
        version=start.version.version,
        released_on=start.version.released_on or _body_date(lines, start.index + 1, end),
        items=tuple(items),
        source=str(document.path),
    )


def _may_announce(title: str, wanted: str) -> bool:
    """A cheap first look: the heading's text holds the version's digits (or it may say « unreleased »)."""
    return wanted == UNRELEASED.lower() or wanted.lstrip("v") in title.lower()


def _announces(heading: Heading, wanted: str) -> bool:
    return heading.version is not None and normalize(heading.version.version) == wanted


def _ends(heading: Heading, start: Heading) -> bool:
    """Whether ``heading`` closes the release opened by ``start``: another version (not a part of it),
    or a heading as high that is not one of its sections (« Fixed Bugs » under a setext title is)."""
    assert start.version is not None
    if heading.version is not None:
        return not _inside(heading.version, start.version)
    return heading.level <= start.level and not _is_section(heading.title)


def _is_section(title: str) -> bool:
    return section_kind(title) is not None or is_generic(title) or is_skipped(title)


def _inside(inner: VersionTitle, outer: VersionTitle) -> bool:
    """« 1.14.4 » is a part of « 1.14 »; « 9.17.8 » is not a part of « 9.18.0 » (semantic-release)."""
    return normalize(inner.version).startswith(normalize(outer.version) + ".")


def _body_date(lines: list[str], start: int, end: int) -> str | None:
    """The date a release states under its heading: « _23 février 2021_ », « Date de publication : … »."""
    for line in lines[start : min(end, start + 12)]:
        if ATX.match(line) or (BULLET.match(line) and not METADATA.match(line)):
            return None
        match = METADATA.match(line) or _DATE_LINE.match(line)
        if match:
            text = HTML.sub(" ", line[match.end() :] if match.re is METADATA else match.group("date"))
            found, _ = read_date(text)
            if found:
                return found
    return None

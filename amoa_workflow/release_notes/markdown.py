"""Markdown changelogs: Keep a Changelog, GitHub-generated notes, release-please, French headings.

Versions are headings at any level (``# [2026.05.1] 05/05/2026``, ``## [1.2.0] - 2024-05-01``,
``## v5.6.1 - 2026-04-06``, ``## Notes de version 1.1.0``); a version runs until the next heading
of the same or a higher level. Inside it, section headings give the kind of the bullets below.
A nested bullet belongs to its parent item; wrapped lines are joined. A file with no version
heading at all is the notes of one release (GitHub release bodies look like that).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import commit_kind, is_generic, is_skipped, section_kind
from amoa_workflow.release_notes.references import ReferencePatterns
from amoa_workflow.release_notes.versions import UNRELEASED, VersionTitle, normalize, read_date, version_title

_ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.*\S)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_KIND_PREFIX = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?P<prefix>[^:,—–]{3,40}?)\s*(?:[:,—–]|\s-\s|(?=`))\s*(?P<subject>\S.*)$"
)
# A line alone in bold (« **🚀 Nouveautés** », « **Deprecations**: ») or a known section name
# followed by a colon (« New features: ») is a heading below every « # » heading.
_BOLD_HEADING = re.compile(r"^ {0,3}(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_COLON_HEADING = re.compile(r"^ {0,3}(?P<title>[^\s:*#|>`-][^:]{1,40}?)\s*:\s*$")
_PSEUDO_LEVEL = 7
_TABLE_ROW = re.compile(r"^\s*\|.*\|?\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML = re.compile(r"<[^>]*>|&nbsp;|&#160;")
# Release metadata, not an announcement: « Date de publication : 17 décembre 2020 », « Build number: 15.0 ».
_METADATA = re.compile(
    r"^[\s>*_-]*(?P<label>date de publication|date de sortie|mise en production|publication|release date|"
    r"released|numéro de build|numero de build|numéro de version|numero de version|build number|"
    r"version number|build)\s*(?:de)?\s*:?[_*]*\s*:",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(r"^[\s_*]*(?P<date>[^_*]{6,40}?)[\s_*]*$")


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based line index
    level: int
    title: str

    @cached_property
    def version(self) -> VersionTitle | None:
        """The version this heading announces (worked out only when asked: most never are)."""
        return _version_of(self.title)


# Lines that may be (or underline) a heading, or open a fence: found by three scans of the text
# (each with a cheap first character; one alternation of the three is twice as slow), merged in
# order, so the thousands of ordinary lines of a long changelog are never looked at one by one.
_CANDIDATES = (
    re.compile(r"\n {0,3}(?:#|\*\*|__|`{3}|~{3})"),  # ATX, bold pseudo-heading, fence
    re.compile(r"\n[ \t]*(?:=+|-+)[ \t]*(?=\n)"),  # setext underline
    re.compile(r":[ \t]*(?=\n)"),  # « Name: » pseudo-heading
)


def _candidates(text: str) -> Iterator[int]:
    return heapq.merge(*((match.start() for match in pattern.finditer(text)) for pattern in _CANDIDATES))


def headings(lines: list[str], text: str | None = None) -> list[Heading]:
    """Every heading outside fenced code: ATX, setext, and pseudo-headings (bold, « Name: »)."""
    text = "\n" + ("\n".join(lines) if text is None else text) + "\n"
    found: list[Heading] = []
    fenced, index, position, last = False, -1, 0, -2
    for offset in _candidates(text):
        index += text.count("\n", position, offset + 1)
        position = offset + 1
        if index == last or index >= len(lines):
            continue
        last, line = index, lines[index]
        start = line[:4].lstrip()
        if start[:1] in ("`", "~") and _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or not start:
            continue
        if start[0] == "#" and (match := _ATX.match(line)):
            level, title, at = len(match.group("hashes")), _plain(match.group("title")), index
        elif _pseudo_heading(line, start) and (
            match := _BOLD_HEADING.match(line) or _COLON_HEADING.match(line)
        ):
            level, title, at = _PSEUDO_LEVEL, match.group("title").strip().rstrip(":").strip(), index
        elif (
            index > 0
            and _SETEXT.match(line)
            and _setext_title(lines[index - 1])
            and not _is_heading_at(found, index - 1)
        ):
            level, title, at = (1 if line.strip().startswith("=") else 2), lines[index - 1].strip(), index - 1
        else:
            continue
        found.append(Heading(at, level, title))
    return found


_VERSION_FIRST = re.compile(r"^\W{0,3}[vV]?\d")


def _version_of(title: str) -> VersionTitle | None:
    """The version a heading announces; a section name (« Corrections de la version 2.1 ») announces none."""
    if _VERSION_FIRST.match(title):  # « [1.2.0] - … », « v2.0 »: no section name starts with a digit
        return version_title(title)
    return version_title(title) if section_kind(title) is None and not is_generic(title) else None


def _setext_title(line: str) -> bool:
    return (
        bool(line.strip()) and not _BULLET.match(line) and not _SETEXT.match(line) and not _FENCE.match(line)
    )


def _is_heading_at(found: list[Heading], index: int) -> bool:
    return bool(found) and found[-1].index == index


def _plain(title: str) -> str:
    return _HTML.sub(" ", title).strip() if "<" in title or "&" in title else title.strip()


def _pseudo_heading(line: str, start: str) -> bool:
    """A line alone in bold, or a known section name and a colon (cheap checks first)."""
    if start[:2] in ("**", "__"):
        return _BOLD_HEADING.match(line) is not None
    colon = _COLON_HEADING.match(line) if line.rstrip().endswith(":") else None
    return colon is not None and section_kind(colon.group("title")) is not None


def has_atx_headings(lines: list[str]) -> bool:
    return any(_ATX.match(line) for line in lines)


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
        items = _items(document, 0, len(lines), 0, all_headings, patterns)
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
    items = _items(document, start.index + 1, end, start.level, all_headings, patterns)
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
        if _ATX.match(line) or (_BULLET.match(line) and not _METADATA.match(line)):
            return None
        match = _METADATA.match(line) or _DATE_LINE.match(line)
        if match:
            text = _HTML.sub(" ", line[match.end() :] if match.re is _METADATA else match.group("date"))
            found, _ = read_date(text)
            if found:
                return found
    return None


@dataclass
class _Draft:
    line: int
    indent: int  # -1 for an item announced by a heading: every bullet below details it
    heading: str
    kind: ItemKind
    texts: list[str]
    intro: str = "none"  # heading items take their first paragraph: none → reading → done
    guess: bool = False


@dataclass
class _Section:
    level: int
    kind: ItemKind
    title: str
    skipped: bool
    guess: bool = False  # no kind said here: an item's own start may tell it


_NO_SECTION = _Section(0, ItemKind.OTHER, "", False, True)


def _items(
    document: Document,
    start: int,
    end: int,
    level: int,
    all_headings: list[Heading],
    patterns: ReferencePatterns,
) -> list[ReleaseNoteItem]:
    lines = document.lines
    section_at = {
        h.index: h for h in all_headings if start <= h.index < end and (h.level > level or not h.version)
    }
    setext_underlines = {h.index + 1 for h in section_at.values() if not _ATX.match(lines[h.index])}
    stack: list[_Section] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    fenced = False
    previous_blank = True
    table_header = False
    for index in range(start, end):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or index in setext_underlines:
            continue
        section = stack[-1] if stack else _NO_SECTION
        if _TABLE_ROW.match(line) and index not in section_at:
            if _TABLE_RULE.match(line):
                table_header = False
            elif index + 1 < end and _TABLE_RULE.match(lines[index + 1]):
                table_header = True  # the header row names the columns
            elif not table_header and not section.skipped and (cells := _cells(line)):
                current = _Draft(
                    index + 1, 0, section.title, section.kind, [" — ".join(cells)], guess=section.guess
                )
                drafts.append(current)
                current = None
            previous_blank = False
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
        if _METADATA.match(line) and (current is None or indent <= max(current.indent, 0)):
            current, previous_blank = None, False
            continue  # « - Date de publication : … » tells about the release, it announces nothing
        if bullet and (current is None or indent <= current.indent):
            current = _Draft(
                index + 1, indent, section.title, section.kind, [bullet.group("text")], guess=section.guess
            )
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
    return [make_item(d.kind, d.heading, "".join(d.texts), d.line, patterns, d.guess) for d in drafts]


def _cells(row: str) -> list[str]:
    """The non-empty cells of a table row, without HTML."""
    cells = (_HTML.sub(" ", cell).strip() for cell in row.strip().strip("|").split("|"))
    return [cell for cell in cells if cell]


def _enter_section(stack: list[_Section], heading: Heading, drafts: list[_Draft]) -> _Draft | None:
    """Push the section; a heading under a kind section (« New features » › « Upsert ») is an item,
    and so is a heading that starts with a kind (« New Feature: X ») or a commit type (« 🐛 fix: X »)."""
    while stack and stack[-1].level >= heading.level:
        stack.pop()
    parent = next((s for s in reversed(stack) if s.kind is not ItemKind.OTHER), None)
    skipped = is_skipped(heading.title) or bool(stack and stack[-1].skipped)
    known = section_kind(heading.title)
    kind, subject = kind_and_subject(heading.title)
    if known is None and subject is None and parent is not None and not skipped:
        stack.append(_Section(heading.level, parent.kind, parent.title, skipped))
        draft = _Draft(heading.index + 1, -1, parent.title, parent.kind, [heading.title])
    elif subject and not skipped:
        stack.append(_Section(heading.level, kind, heading.title, skipped))
        draft = _Draft(heading.index + 1, -1, heading.title, kind, [subject])
    else:
        guess = known is None and (is_generic(heading.title) or not stack or stack[-1].guess)
        stack.append(
            _Section(heading.level, kind, heading.title, skipped, guess and is_generic(heading.title))
        )
        return None
    drafts.append(draft)
    return draft


def kind_and_subject(title: str) -> tuple[ItemKind, str | None]:
    """« Fixed » → (fixed, None); « New Feature: Query String Queries » → (added, "Query String Queries");
    « 🐛 fix(quote): espaces insécables » → (fixed, the whole title)."""
    if (known := section_kind(title)) is not None:
        return known, None
    if (committed := commit_kind(title)) is not None:
        return committed, title
    match = _KIND_PREFIX.match(title)
    if match and (prefixed := section_kind(match.group("prefix"))) is not None:
        return prefixed, match.group("subject").strip()
    return ItemKind.OTHER, None

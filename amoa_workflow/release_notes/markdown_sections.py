"""The body of a Markdown release read into items: section headings give the kind of the
bullets below (« Fixed », « 🐛 Corrections », « Breaking changes: »); a nested bullet belongs to its
parent item; wrapped lines are joined; a table's rows are items, its header row not; a heading
under a kind section, or one that starts with a kind (« New Feature: X »), is an item whose first
paragraph it takes; release metadata (« Date de publication : … ») announces nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import commit_kind, is_generic, is_skipped, section_kind
from amoa_workflow.release_notes.markdown_headings import ATX, BULLET, FENCE, HTML, Heading
from amoa_workflow.release_notes.references import ReferencePatterns

_KIND_PREFIX = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?P<prefix>[^:,—–]{3,40}?)\s*(?:[:,—–]|\s-\s|(?=`))\s*(?P<subject>\S.*)$"
)
_TABLE_ROW = re.compile(r"^\s*\|.*\|?\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# Release metadata, not an announcement: « Date de publication : 17 décembre 2020 », « Build number: 15.0 ».
METADATA = re.compile(
    r"^[\s>*_-]*(?P<label>date de publication|date de sortie|mise en production|publication|release date|"
    r"released|numéro de build|numero de build|numéro de version|numero de version|build number|"
    r"version number|build)\s*(?:de)?\s*:?[_*]*\s*:",
    re.IGNORECASE,
)


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


def release_items(
    document: Document,
    start: int,
    end: int,
    level: int,
    all_headings: list[Heading],
    patterns: ReferencePatterns,
) -> list[ReleaseNoteItem]:
    """The items of lines ``start`` to ``end`` (0-based, end excluded), a release under a heading of
    ``level`` (0: the whole file); ``all_headings`` are the file's."""
    lines = document.lines
    section_at = {
        h.index: h for h in all_headings if start <= h.index < end and (h.level > level or not h.version)
    }
    setext_underlines = {h.index + 1 for h in section_at.values() if not ATX.match(lines[h.index])}
    stack: list[_Section] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    fenced = False
    previous_blank = True
    table_header = False
    for index in range(start, end):
        line = lines[index]
        if FENCE.match(line):
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
        bullet = BULLET.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if METADATA.match(line) and (current is None or indent <= max(current.indent, 0)):
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
    cells = (HTML.sub(" ", cell).strip() for cell in row.strip().strip("|").split("|"))
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

"""Markdown headings: ATX (``## 1.2.0``), setext (a line underlined with ``===`` or ``---``) and
pseudo-headings (a line alone in bold, a known section name and a colon), outside fenced code,
each with the version it announces, if any.

A long changelog has thousands of lines: the lines that may be headings are found by a few scans
of the whole text, never by looking at every line. The line patterns other readers of a release
share (bullets, fences, inline HTML) are here too.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from amoa_workflow.release_notes.kinds import is_generic, section_kind
from amoa_workflow.release_notes.versions import VersionTitle, version_title

ATX = re.compile(r"^ {0,3}(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?P<text>.*\S)\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
# A line alone in bold (« **🚀 Nouveautés** », « **Deprecations**: ») or a known section name
# followed by a colon (« New features: ») is a heading below every « # » heading.
_BOLD_HEADING = re.compile(r"^ {0,3}(?:\*\*|__)(?P<title>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_COLON_HEADING = re.compile(r"^ {0,3}(?P<title>[^\s:*#|>`-][^:]{1,40}?)\s*:\s*$")
_PSEUDO_LEVEL = 7
HTML = re.compile(r"<[^>]*>|&nbsp;|&#160;")


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
        if start[:1] in ("`", "~") and FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or not start:
            continue
        if start[0] == "#" and (match := ATX.match(line)):
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
    return bool(line.strip()) and not BULLET.match(line) and not _SETEXT.match(line) and not FENCE.match(line)


def _is_heading_at(found: list[Heading], index: int) -> bool:
    return bool(found) and found[-1].index == index


def _plain(title: str) -> str:
    return HTML.sub(" ", title).strip() if "<" in title or "&" in title else title.strip()


def _pseudo_heading(line: str, start: str) -> bool:
    """A line alone in bold, or a known section name and a colon (cheap checks first)."""
    if start[:2] in ("**", "__"):
        return _BOLD_HEADING.match(line) is not None
    colon = _COLON_HEADING.match(line) if line.rstrip().endswith(":") else None
    return colon is not None and section_kind(colon.group("title")) is not None


def has_atx_headings(lines: list[str]) -> bool:
    return any(ATX.match(line) for line in lines)

"""Read the vendor's release notes (Markdown changelogs, French or English headings).

A changelog holds several versions under headings such as ``## [1.1.0] - 2025-03-14`` or
``## Version 1.1.0 (14/03/2025)``; inside a version, section headings (``### Corrections``,
``### Fixed``…) give the kind of each bullet. References are found in the item text by the
configured requirement and anomaly patterns.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.domain.model import ItemKind, Release, ReleaseNoteItem
from amoa_workflow.errors import FileMissing, ReleaseNotesError, ReleaseNotFound

MAX_BYTES = 5 * 1024 * 1024

_VERSION_HEADING = re.compile(
    r"^(?P<hashes>#{1,4})\s*(?:version\s+|release\s+|v)?\[?v?(?P<version>\d+(?:\.\d+){1,3}[-+.\w]*)\]?"
    r"(?:\s*[-–—:]?\s*\(?(?P<date>\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})\)?)?",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?P<text>.+)$")

_KINDS: dict[str, ItemKind] = {
    "added": ItemKind.ADDED,
    "new": ItemKind.ADDED,
    "features": ItemKind.ADDED,
    "nouveautes": ItemKind.ADDED,
    "nouvelles fonctionnalites": ItemKind.ADDED,
    "ajoute": ItemKind.ADDED,
    "ajouts": ItemKind.ADDED,
    "changed": ItemKind.CHANGED,
    "evolutions": ItemKind.CHANGED,
    "ameliorations": ItemKind.CHANGED,
    "modifications": ItemKind.CHANGED,
    "modifie": ItemKind.CHANGED,
    "breaking changes": ItemKind.CHANGED,
    "fixed": ItemKind.FIXED,
    "bug fixes": ItemKind.FIXED,
    "corrections": ItemKind.FIXED,
    "corrige": ItemKind.FIXED,
    "anomalies corrigees": ItemKind.FIXED,
    "corrections de bugs": ItemKind.FIXED,
    "removed": ItemKind.REMOVED,
    "supprime": ItemKind.REMOVED,
    "suppressions": ItemKind.REMOVED,
    "deprecated": ItemKind.DEPRECATED,
    "obsolete": ItemKind.DEPRECATED,
    "security": ItemKind.SECURITY,
    "securite": ItemKind.SECURITY,
    "known issues": ItemKind.KNOWN_ISSUE,
    "limitations connues": ItemKind.KNOWN_ISSUE,
    "problemes connus": ItemKind.KNOWN_ISSUE,
    "points d'attention": ItemKind.KNOWN_ISSUE,
    "internal": ItemKind.INTERNAL,
    "technique": ItemKind.INTERNAL,
}


@dataclass(frozen=True)
class ReferencePatterns:
    requirement: str
    anomaly: str


def kind_of(heading: str) -> ItemKind:
    """The item kind announced by a section heading, in French or English."""
    heading = re.sub(r":[a-z0-9_+-]+:", " ", heading)  # emoji shortcodes such as :bug:
    folded = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z' ]+", " ", folded).strip()
    return _KINDS.get(re.sub(r"\s+", " ", folded), ItemKind.OTHER)


def read_text(path: Path) -> str:
    """The notes as text; a missing, huge, binary or undecodable file is a clear error."""
    if not path.is_file():
        raise FileMissing(path)
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ReleaseNotesError(
            path,
            why_en=f"file too large ({len(data)} bytes, at most {MAX_BYTES})",
            why_fr=f"fichier trop volumineux ({len(data)} octets, {MAX_BYTES} au plus)",
        )
    if b"\x00" in data:
        raise ReleaseNotesError(path, why_en="binary file, not text", why_fr="fichier binaire, pas du texte")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReleaseNotesError(
            path, line=line, why_en="not valid UTF-8", why_fr="encodage UTF-8 invalide"
        ) from None
    if not text.strip():
        raise ReleaseNotesError(path, why_en="the file is empty", why_fr="le fichier est vide")
    return text


def versions_in(text: str) -> list[str]:
    return [m.group("version") for line in text.splitlines() if (m := _VERSION_HEADING.match(line))]


def parse_release(path: Path, version: str, patterns: ReferencePatterns) -> Release:
    """The release ``version`` as described in the changelog at ``path``."""
    text = read_text(path)
    lines = text.splitlines()
    start = level = None
    released_on = None
    for index, line in enumerate(lines):
        match = _VERSION_HEADING.match(line)
        if match and match.group("version") == version:
            start, level, released_on = index, len(match.group("hashes")), match.group("date")
            break
    if start is None or level is None:
        raise ReleaseNotFound(version, path, versions_in(text))
    end = len(lines)
    for index in range(start + 1, len(lines)):
        heading = _HEADING.match(lines[index])
        if heading and len(heading.group("hashes")) <= level:
            end = index
            break
    items = _items(lines, start + 1, end, patterns)
    return Release(version=version, released_on=released_on, items=tuple(items), source=str(path))


def _items(lines: list[str], start: int, end: int, patterns: ReferencePatterns) -> list[ReleaseNoteItem]:
    requirement = re.compile(rf"\b(?:{patterns.requirement})\b")
    anomaly = re.compile(rf"\b(?:{patterns.anomaly})\b")
    heading = ""
    pending: list[tuple[str, int, str]] = []  # (heading, line number, text)
    for index in range(start, end):
        line = lines[index]
        if match := _HEADING.match(line):
            heading = match.group("title").strip()
        elif match := _BULLET.match(line):
            pending.append((heading, index + 1, match.group("text").strip()))
        elif line.strip() and pending and line[:1].isspace():
            section, number, text = pending[-1]
            pending[-1] = (section, number, f"{text} {line.strip()}")
    return [
        ReleaseNoteItem(
            kind=kind_of(section),
            heading=section,
            text=text,
            line=number,
            requirement_refs=_found(requirement, text),
            anomaly_refs=_found(anomaly, text),
        )
        for section, number, text in pending
    ]


def _found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0) for m in pattern.finditer(text)))

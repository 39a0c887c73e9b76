"""Building release-note items: text clean-up, kind and references, shared by every format."""

from __future__ import annotations

import re

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem
from amoa_workflow.release_notes.kinds import kind_from_text
from amoa_workflow.release_notes.references import ReferencePatterns, find_references


def make_item(
    kind: ItemKind, heading: str, text: str, line: int, patterns: ReferencePatterns, guess: bool = False
) -> ReleaseNoteItem:
    """An item of ``kind``; with ``guess`` (no section says a kind), its own start may tell one."""
    text = re.sub(r"\s+", " ", text).strip()
    if guess:
        kind = kind_from_text(text, kind)
    refs = find_references(text, patterns)
    return ReleaseNoteItem(
        kind=kind,
        heading=heading,
        text=text,
        line=line,
        requirement_refs=refs.requirements,
        anomaly_refs=refs.anomalies,
        tickets=refs.tickets,
        issue_numbers=refs.issue_numbers,
        links=refs.links,
    )

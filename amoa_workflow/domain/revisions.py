"""What changed between two revisions of a release's notes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem


@dataclass(frozen=True)
class NotesChange:
    added: tuple[ReleaseNoteItem, ...]
    removed: tuple[ReleaseNoteItem, ...]

    @property
    def is_empty(self) -> bool:
        return not self.added and not self.removed


def compare(old: Sequence[ReleaseNoteItem], new: Sequence[ReleaseNoteItem]) -> NotesChange:
    """Items announced now but not before, and the reverse; an item is its kind and its text.

    A moved line (same kind and text, other line number) is no change; a reworded one is one
    item removed and one added.
    """
    before = Counter((item.kind, item.text) for item in old)
    after = Counter((item.kind, item.text) for item in new)
    added_keys, removed_keys = after - before, before - after
    return NotesChange(added=_take(new, added_keys), removed=_take(old, removed_keys))


def _take(
    items: Sequence[ReleaseNoteItem], wanted: Counter[tuple[ItemKind, str]]
) -> tuple[ReleaseNoteItem, ...]:
    remaining = Counter(wanted)
    taken = []
    for item in items:
        key = (item.kind, item.text)
        if remaining[key] > 0:
            remaining[key] -= 1
            taken.append(item)
    return tuple(taken)

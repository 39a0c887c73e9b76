"""towncrier news fragments: one file per change, named ``<issue>.<type>[.<n>][.rst|.md|.txt]``."""

from __future__ import annotations

import re
from pathlib import Path

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.references import ReferencePatterns

TYPES: dict[str, ItemKind] = {
    "feature": ItemKind.ADDED, "added": ItemKind.ADDED, "bugfix": ItemKind.FIXED, "fix": ItemKind.FIXED,
    "fixed": ItemKind.FIXED, "removal": ItemKind.REMOVED, "removed": ItemKind.REMOVED,
    "deprecation": ItemKind.DEPRECATED, "deprecated": ItemKind.DEPRECATED, "security": ItemKind.SECURITY,
    "breaking": ItemKind.CHANGED, "change": ItemKind.CHANGED, "changed": ItemKind.CHANGED,
    "doc": ItemKind.INTERNAL, "docs": ItemKind.INTERNAL, "misc": ItemKind.INTERNAL,
    "internal": ItemKind.INTERNAL, "trivial": ItemKind.INTERNAL, "vendor": ItemKind.INTERNAL,
}  # fmt: skip
FRAGMENT = re.compile(rf"^(?P<name>[^.]+)\.(?P<type>{'|'.join(TYPES)})(?:\.\d+)?(?:\.(?:rst|md|txt))?$")


def is_fragment(path: Path) -> bool:
    return FRAGMENT.match(path.name) is not None


def item(path: Path, text: str, patterns: ReferencePatterns) -> ReleaseNoteItem:
    match = FRAGMENT.match(path.name)
    assert match is not None, path
    name = match.group("name")
    issue = f" (#{name})" if name.isdigit() else ""
    return make_item(TYPES[match.group("type")], match.group("type"), text.strip() + issue, 1, patterns)

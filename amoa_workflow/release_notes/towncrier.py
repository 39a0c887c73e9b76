"""towncrier news fragments: one file per change, named ``<issue>.<type>[.<n>][.rst|.md|.txt]``.

The fragment types are the project's own when its towncrier configuration says so
(``[tool.towncrier]`` in ``towncrier.toml`` or ``pyproject.toml``, looked for from the fragment's
folder up to the repository's root): a type the table below does not know takes its kind from
its configured name (« Bug Fixes » → fixed), else it stays ``other`` with its name as heading.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.kinds import section_kind
from amoa_workflow.release_notes.references import ReferencePatterns

TYPES: dict[str, ItemKind] = {
    "feature": ItemKind.ADDED, "added": ItemKind.ADDED, "bugfix": ItemKind.FIXED, "fix": ItemKind.FIXED,
    "fixed": ItemKind.FIXED, "removal": ItemKind.REMOVED, "removed": ItemKind.REMOVED,
    "deprecation": ItemKind.DEPRECATED, "deprecated": ItemKind.DEPRECATED, "security": ItemKind.SECURITY,
    "breaking": ItemKind.CHANGED, "change": ItemKind.CHANGED, "changed": ItemKind.CHANGED,
    "improvement": ItemKind.CHANGED, "doc": ItemKind.INTERNAL, "docs": ItemKind.INTERNAL,
    "misc": ItemKind.INTERNAL, "internal": ItemKind.INTERNAL, "trivial": ItemKind.INTERNAL,
    "vendor": ItemKind.INTERNAL,
}  # fmt: skip
FRAGMENT = re.compile(
    r"^(?P<name>\+?[^.]*)\.(?P<type>[A-Za-z][\w-]*)(?:\.\d+)?(?:\.(?:rst|md|txt|markdown))?$"
)


@dataclass(frozen=True)
class FragmentType:
    kind: ItemKind
    name: str


def types_for(folder: Path) -> dict[str, FragmentType]:
    """The fragment types valid in ``folder``: the project's configured ones, else the usual ones."""
    configured = _configured_types(folder.resolve())
    if configured is None:
        return {directory: FragmentType(kind, directory) for directory, kind in TYPES.items()}
    return configured


def is_fragment(path: Path) -> bool:
    match = FRAGMENT.match(path.name)
    return match is not None and match.group("type") in types_for(path.parent)


def item(path: Path, text: str, patterns: ReferencePatterns) -> ReleaseNoteItem:
    match = FRAGMENT.match(path.name)
    assert match is not None, path
    fragment_type = types_for(path.parent)[match.group("type")]
    name = match.group("name")
    issue = f" (#{name})" if name.isdigit() else ""
    return make_item(fragment_type.kind, fragment_type.name, text.strip() + issue, 1, patterns)


@cache
def _configured_types(folder: Path) -> dict[str, FragmentType] | None:
    for candidate in (folder, *folder.parents):
        for config in (candidate / "towncrier.toml", candidate / "pyproject.toml"):
            section = _towncrier_section(config)
            if section is not None:
                return _types(section)
        if (candidate / ".git").exists():
            return None
    return None


def _towncrier_section(config: Path) -> dict[str, object] | None:
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    section = data.get("tool", {}).get("towncrier") if isinstance(data.get("tool"), dict) else None
    return section if isinstance(section, dict) else None


def _types(section: dict[str, object]) -> dict[str, FragmentType] | None:
    declared = section.get("type")
    if not isinstance(declared, list) or not declared:
        return None  # towncrier's default types
    found = {}
    for entry in declared:
        if not isinstance(entry, dict) or not isinstance(entry.get("directory"), str):
            continue
        directory = entry["directory"]
        name = str(entry.get("name") or directory)
        kind = TYPES.get(directory) or section_kind(name) or ItemKind.OTHER
        found[directory] = FragmentType(kind, name)
    return found or None

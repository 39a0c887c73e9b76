"""OpenStack reno notes: YAML files whose sections (features, fixes…) hold lists of RST paragraphs.

A reno file carries no version (reno takes it from git tags): its items belong to the release
asked for. A folder of notes is read file by file, in name order.
"""

from __future__ import annotations

import re

import yaml

from amoa_workflow.domain.model import ItemKind, ReleaseNoteItem
from amoa_workflow.release_notes.document import Document
from amoa_workflow.release_notes.items import make_item
from amoa_workflow.release_notes.references import ReferencePatterns

SECTIONS: dict[str, ItemKind] = {
    "features": ItemKind.ADDED,
    "fixes": ItemKind.FIXED,
    "upgrade": ItemKind.CHANGED,
    "deprecations": ItemKind.DEPRECATED,
    "security": ItemKind.SECURITY,
    "issues": ItemKind.KNOWN_ISSUE,
    "critical": ItemKind.KNOWN_ISSUE,
    "other": ItemKind.OTHER,
    "prelude": ItemKind.OTHER,
}


def claims(root: yaml.Node | None) -> bool:
    return (
        isinstance(root, yaml.MappingNode)
        and bool(root.value)
        and all(isinstance(key, yaml.ScalarNode) and key.value in SECTIONS for key, _ in root.value)
    )


def items(document: Document, root: yaml.MappingNode, patterns: ReferencePatterns) -> list[ReleaseNoteItem]:
    found = []
    for key, value in root.value:
        section = str(key.value)
        if section == "prelude":
            continue  # a release's introduction, not an announcement
        entries = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for entry in entries:
            if not isinstance(entry, yaml.ScalarNode) or not str(entry.value).strip():
                document.warn(
                    entry.start_mark.line + 1,
                    f"'{section}' entry is not text: ignored",
                    f"entrée de « {section} » qui n'est pas du texte : ignorée",
                )
                continue
            text = re.sub(r"``([^`]*)``", r"\1", str(entry.value))
            line = entry.start_mark.line + (2 if entry.style in ("|", ">") else 1)
            found.append(make_item(SECTIONS[section], section, text, line, patterns))
    return found

"""What a section heading (French or English) or a commit-style prefix says an item is."""

from __future__ import annotations

import re
import unicodedata

from amoa_workflow.domain.model import ItemKind

_HEADINGS: dict[str, ItemKind] = {}
for _kind, _words in {
    ItemKind.ADDED: (
        "added",
        "add",
        "new",
        "new features",
        "features",
        "feature",
        "what's new",
        "highlights",
        "nouveautes",
        "nouveaute",
        "nouvelles fonctionnalites",
        "nouvelle fonctionnalite",
        "fonctionnalites",
        "ajoute",
        "ajouts",
        "ajout",
        "new feature",
        "improvement new feature",
    ),
    ItemKind.CHANGED: (
        "changed",
        "changes",
        "change",
        "improved",
        "improvements",
        "improvement",
        "enhancements",
        "enhancement",
        "updated",
        "breaking changes",
        "breaking change",
        "upgrade",
        "upgrade notes",
        "performance improvements",
        "performance",
        "evolutions",
        "evolution",
        "ameliorations",
        "amelioration",
        "modifications",
        "modifie",
        "changements",
        "refactored",
        "refactoring",
    ),
    ItemKind.FIXED: (
        "fixed",
        "fix",
        "fixes",
        "bugfix",
        "bug fixes",
        "bugfixes",
        "bug fix",
        "bugs fixed",
        "fixed bugs",
        "bug",
        "bugs",
        "corrections",
        "correction",
        "corrige",
        "corriges",
        "anomalies corrigees",
        "corrections de bugs",
        "correctifs",
        "correctif",
        "bogues corriges",
    ),
    ItemKind.REMOVED: ("removed", "removals", "removal", "supprime", "suppressions", "suppression", "retire"),
    ItemKind.DEPRECATED: ("deprecated", "deprecations", "deprecation", "obsolete", "obsoletes", "deprecie"),
    ItemKind.SECURITY: ("security", "security fixes", "securite", "correctifs de securite", "vulnerabilites"),
    ItemKind.KNOWN_ISSUE: (
        "known issues",
        "known issue",
        "known limitations",
        "issues",
        "limitations connues",
        "problemes connus",
        "anomalies connues",
        "points d'attention",
        "point d'attention",
        "limitations",
    ),
    ItemKind.INTERNAL: (
        "internal",
        "miscellaneous chores",
        "chores",
        "chore",
        "misc",
        "maintenance",
        "dependencies",
        "build system",
        "continuous integration",
        "ci",
        "tests",
        "documentation",
        "docs",
        "technique",
        "interne",
        "divers techniques",
        "task",
        "sub task",
        "sub-task",
    ),
}.items():
    for _word in _words:
        _HEADINGS[_word] = _kind

_COMMIT_PREFIX = re.compile(r"^\W*(?P<type>[a-z]+)(?:\([^)]*\))?!?:\s", re.IGNORECASE)
_PREFIX_KINDS = {
    "feat": ItemKind.ADDED, "feature": ItemKind.ADDED, "fix": ItemKind.FIXED, "bugfix": ItemKind.FIXED,
    "perf": ItemKind.CHANGED, "refactor": ItemKind.INTERNAL, "docs": ItemKind.INTERNAL,
    "chore": ItemKind.INTERNAL, "ci": ItemKind.INTERNAL, "build": ItemKind.INTERNAL,
    "test": ItemKind.INTERNAL, "style": ItemKind.INTERNAL, "security": ItemKind.SECURITY,
    "revert": ItemKind.CHANGED, "deps": ItemKind.INTERNAL,
}  # fmt: skip


def fold(text: str) -> str:
    """Lowercase ASCII words: no accents, emoji, shortcodes (``:bug:``) or punctuation."""
    text = re.sub(r":[a-z0-9_+-]+:", " ", text.replace("’", "'"))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ascii_text = re.sub(r"[^a-z' -]+", " ", ascii_text)
    return re.sub(r"\s+", " ", ascii_text).strip(" -'")


def kind_of(heading: str) -> ItemKind:
    """The kind announced by a section heading, e.g. « Anomalies corrigées » → fixed."""
    return _HEADINGS.get(fold(heading), ItemKind.OTHER)


_LEADING_WORDS = {
    "added": ItemKind.ADDED, "add": ItemKind.ADDED, "adds": ItemKind.ADDED, "new": ItemKind.ADDED,
    "ajout": ItemKind.ADDED, "ajoute": ItemKind.ADDED, "nouveau": ItemKind.ADDED, "nouvelle": ItemKind.ADDED,
    "fixed": ItemKind.FIXED, "fix": ItemKind.FIXED, "fixes": ItemKind.FIXED, "bugfix": ItemKind.FIXED,
    "bug fix": ItemKind.FIXED, "correction": ItemKind.FIXED, "corrige": ItemKind.FIXED,
    "removed": ItemKind.REMOVED, "remove": ItemKind.REMOVED, "removes": ItemKind.REMOVED,
    "dropped": ItemKind.REMOVED, "suppression": ItemKind.REMOVED, "supprime": ItemKind.REMOVED,
    "deprecated": ItemKind.DEPRECATED, "deprecate": ItemKind.DEPRECATED,
}  # fmt: skip


def kind_from_text(text: str, default: ItemKind) -> ItemKind:
    """Under a generic heading (« What's Changed »), a commit-style prefix (``fix:``) or a leading
    verb (« Added … », « Bug fix: … », « Correction … ») tells the kind."""
    match = _COMMIT_PREFIX.match(text)
    if match and match.group("type").lower() in _PREFIX_KINDS:
        return _PREFIX_KINDS[match.group("type").lower()]
    words = fold(text.replace("*", " ").replace("`", " ")).split()
    for size in (2, 1):
        kind = _LEADING_WORDS.get(" ".join(words[:size]))
        if kind is not None:
            return kind
    return default

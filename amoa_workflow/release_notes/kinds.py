"""What a section heading (French or English) or a commit-style prefix says an item is."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from amoa_workflow.domain.model import ItemKind

_SECTION_WORDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.ADDED: (
        "added", "add", "new", "new features", "features", "feature", "what's new", "highlights",
        "nouveautes", "nouveaute", "nouvelles fonctionnalites", "nouvelle fonctionnalite",
        "fonctionnalites", "fonctionnalite", "ajoute", "ajouts", "ajout", "new feature", "wish",
        "quoi de neuf", "fonctionnalites ajoutees",
    ),
    ItemKind.CHANGED: (
        "changed", "changes", "change", "improved", "improvements", "improvement", "enhancements",
        "enhancement", "updated", "breaking changes", "breaking change", "breaking",
        "backwards-incompatible changes", "backward incompatible changes", "upgrade", "upgrade notes",
        "performance improvements", "performance", "evolutions", "evolution", "ameliorations",
        "amelioration", "modifications", "modification", "modifie", "changements", "changement",
        "changements majeurs", "changements cassants", "notes de version", "reverts", "revert",
        "refactored", "refactoring",
    ),
    ItemKind.FIXED: (
        "fixed", "fix", "fixes", "bugfix", "bug fixes", "bugfixes", "bug fix", "bugs fixed",
        "fixed bugs", "bug", "bugs", "corrections", "correction", "corrige", "corriges",
        "anomalies corrigees", "corrections de bugs", "corrections de bogues", "correctifs",
        "correctif", "bogues corriges", "correctifs de bogues", "resolved issues", "problemes resolus",
    ),
    ItemKind.REMOVED: (
        "removed", "removals", "removal", "supprime", "suppressions", "suppression", "retire",
        "retraits", "deprecations and removals", "removed features",
    ),
    ItemKind.DEPRECATED: ("deprecated", "deprecations", "deprecation", "obsolete", "obsoletes", "deprecie"),
    ItemKind.SECURITY: ("security", "security fixes", "securite", "correctifs de securite", "vulnerabilites"),
    ItemKind.KNOWN_ISSUE: (
        "known issues", "known issue", "known limitations", "issues", "limitations connues",
        "problemes connus", "anomalies connues", "points d'attention", "point d'attention", "limitations",
    ),
    ItemKind.INTERNAL: (
        "internal", "miscellaneous chores", "chores", "chore", "misc", "miscellaneous", "maintenance",
        "dependencies", "dependency updates", "build system", "build", "continuous integration", "ci",
        "tests", "testing", "documentation", "docs", "improved documentation", "technique", "tech",
        "interne", "divers techniques", "task", "sub task", "sub-task", "developpement", "development",
        "packaging", "vendored libraries", "vendor", "trivial changes", "montee de version",
        "mise a jour des dependances", "code refactoring",
    ),
    ItemKind.OTHER: ("other", "others", "autre", "autres", "divers", "other changes", "autres changements"),
}  # fmt: skip
_HEADINGS = {word: kind for kind, words in _SECTION_WORDS.items() for word in words}


def _singular(words: str) -> str:
    return " ".join(w.rstrip("s") for w in words.split())


_SINGULAR = {_singular(word): kind for word, kind in _HEADINGS.items()}
# Sections that say nothing of their items' kind: there, an item's own start tells it.
_GENERIC = {
    "what's changed", "whats changed", "changelog", "change log", "commits",
    "pull requests", "merged pull requests", "prs", "details", "release notes", "notes de publication",
}  # fmt: skip
_VERSION_TAIL = re.compile(r"(?: (?:de la|dans la|pour la|du|de|in|for|of|in the))? (?:version|release)s?$")

_COMMIT_PREFIX = re.compile(r"^\W*(?P<type>[a-z]+)(?:\([^)]*\))?!?:\s", re.IGNORECASE)
_PREFIX_KINDS = {
    "feat": ItemKind.ADDED, "feature": ItemKind.ADDED, "fix": ItemKind.FIXED, "bugfix": ItemKind.FIXED,
    "perf": ItemKind.CHANGED, "refactor": ItemKind.INTERNAL, "docs": ItemKind.INTERNAL,
    "chore": ItemKind.INTERNAL, "ci": ItemKind.INTERNAL, "build": ItemKind.INTERNAL,
    "test": ItemKind.INTERNAL, "style": ItemKind.INTERNAL, "security": ItemKind.SECURITY,
    "revert": ItemKind.CHANGED, "deps": ItemKind.INTERNAL,
}  # fmt: skip


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase ASCII words: no accents, emoji, shortcodes (``:bug:``) or punctuation."""
    text = re.sub(r":[a-z0-9_+-]+:", " ", text.replace("’", "'"))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    ascii_text = re.sub(r"[^a-z' -]+", " ", ascii_text)
    return re.sub(r"\s+", " ", ascii_text).strip(" -'")


@lru_cache(maxsize=4096)
def section_kind(heading: str) -> ItemKind | None:
    """The kind a section heading announces, or None when the table does not know the words.

    Accents, emoji, case, a trailing « de la version 18.8 » / « (18.7.1) » and plurals do not count.
    """
    for words in dict.fromkeys((fold(heading), _VERSION_TAIL.sub("", fold(heading)))):
        if kind := _HEADINGS.get(words) or _SINGULAR.get(_singular(words)):
            return kind
    return None


def kind_of(heading: str) -> ItemKind:
    """The kind announced by a section heading, e.g. « Anomalies corrigées » → fixed."""
    return section_kind(heading) or ItemKind.OTHER


def is_generic(heading: str) -> bool:
    """« What's Changed »: a section that leaves each item to say its own kind."""
    return fold(heading) in _GENERIC


def is_skipped(heading: str) -> bool:
    """The contributors' section: thanks, not announcements."""
    words = fold(heading)
    return words.startswith(("merci", "thanks", "remerciements")) or "contribut" in words


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
    kind = commit_kind(text)
    if kind is not None:
        return kind
    text = _LEADING_TAGS.sub("", text)
    words = fold(text.replace("*", " ").replace("`", " ")).split()
    for size in (2, 1):
        kind = _LEADING_WORDS.get(" ".join(words[:size]))
        if kind is not None:
            return kind
    return default


_LEADING_TAGS = re.compile(r"^\s*(?:\[[^\]]*\](?:\([^)]*\))?\s*)+")


def commit_kind(text: str) -> ItemKind | None:
    """The kind a commit type at the start says (``feat:``, ``🐛 fix(ui):``, ``chore!:``), if any."""
    match = _COMMIT_PREFIX.match(_LEADING_TAGS.sub("", text))
    return _PREFIX_KINDS.get(match.group("type").lower()) if match else None

"""``amoa lint --fix``: repair what stops pytest-bdd from reading a file at all.

Two repairs, both safe: remove a UTF-8 byte order mark, and add the ``# language:`` line a
non-English file needs (the language is the one whose keywords the file parses with). Line
endings and everything else are kept byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.lint.document import BOM, read_feature


@dataclass(frozen=True)
class Fix:
    path: Path
    bom_removed: bool
    language_added: str | None


def fix_feature(path: Path, preferred_language: str) -> Fix | None:
    """Repair ``path`` in place; None when there was nothing to repair."""
    reading = read_feature(path, str(path), preferred_language)
    if not reading.bom and reading.language_to_add is None:
        return None
    source = path.read_bytes().decode("utf-8")
    if source.startswith(BOM):
        source = source[len(BOM) :]
    if reading.language_to_add is not None:
        newline = "\r\n" if "\r\n" in source else "\n"
        source = f"# language: {reading.language_to_add}{newline}{source}"
    path.write_bytes(source.encode("utf-8"))
    return Fix(path, reading.bom, reading.language_to_add)

"""A step's keyword as its feature file writes it.

pytest-bdd title-cases step keywords (``Étant Donné`` for ``Étant donné``, ``Sachant Que`` for
``Sachant que``); the results keep the feature's own words, so that the workbook, the reports and
the exports show steps as written, and a Cucumber export finds the feature's language.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=512)
def _lines(filename: str) -> tuple[str, ...]:
    try:
        return tuple(Path(filename).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeError):
        return ()


def as_written(keyword: str, filename: str, line: int) -> str:
    """``keyword`` as line ``line`` of ``filename`` writes it; ``keyword`` itself when that line does
    not start with it, whatever the case (a file changed since it was parsed, a generated step)."""
    lines = _lines(filename)
    word = keyword.strip()
    if not word or not 0 < line <= len(lines):
        return keyword
    source = lines[line - 1].lstrip()[: len(word)]
    return keyword.replace(word, source, 1) if source.lower() == word.lower() else keyword

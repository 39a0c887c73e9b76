"""Dates as people type them: ISO (``2026-12-15``) or French (``15/12/2026``, ``15-12-2026``,
``15.12.2026``), the day first. Every command, form and file that takes a date reads it here."""

from __future__ import annotations

import re
from datetime import date

_FRENCH = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def typed_date(text: str) -> date:
    """The date ``text`` names; ValueError (saying which forms are read) when it names none."""
    cleaned = text.strip()
    french = _FRENCH.fullmatch(cleaned)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
            return date.fromisoformat(cleaned)
    except ValueError:
        pass
    raise ValueError(f"'{text}' is not a date (15/12/2026 or 2026-12-15)")

"""Versions and dates as vendors write them in headings.

Semantic and calendar versions, pre-releases, a leading ``v``, ``[Unreleased]`` / « Non publié »;
dates as ISO, ``dd/mm/yyyy``, ``dd.mm.yyyy``, in parentheses or after a dash, or with month
names in French or English. A date that cannot be read is reported, not fatal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

UNRELEASED = "Unreleased"
_VERSION = (
    r"[vV]?(?P<version>\d+(?:\.\d+){1,3}(?:(?:a|b|rc|alpha|beta|dev|post)\d*)?"
    r"(?:[-+~][0-9A-Za-z][0-9A-Za-z.+-]*)?)(?![\w.]*\d)"
)
_PREFIX = r"(?:(?:release notes|notes de version|version|release|livraison|build|tag)\s*[:-]?\s*)?"
_VERSION_TITLE = re.compile(rf"^\s*\[?\s*{_PREFIX}\[?{_VERSION}\]?(?P<rest>.*)$", re.IGNORECASE)
_NAMED_VERSION_TITLE = re.compile(
    rf"^\s*(?P<name>[^\d\[\]#:()|]{{1,40}}?)\s+[\[(]?{_VERSION}\]?(?P<rest>.*)$"
)
_HTML = re.compile(r"<[^>]*>|&nbsp;|&#160;")
_UNRELEASED_TITLE = re.compile(
    r"^\s*\[?\s*(unreleased|non publi[ée]e?|a venir|à venir|upcoming|en cours|in[ée]dit|latest changes)"
    r"\s*\]?\s*$",
    re.IGNORECASE,
)
_MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1, "february": 2,
    "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
    "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_WORDS_DMY = re.compile(r"\b(\d{1,2})(?:er|st|nd|rd|th)?\s+([a-zA-Zéèûô]+)\.?,?\s+(\d{4})\b")
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
_WORDS_MDY = re.compile(r"\b([a-zA-Z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


@dataclass(frozen=True)
class VersionTitle:
    version: str
    released_on: str | None = None
    unreadable_date: str | None = None


def normalize(version: str) -> str:
    """The form used to compare versions: no leading ``v``, case-insensitive, one word for unreleased."""
    text = version.strip().lower()
    if _UNRELEASED_TITLE.match(text):
        return UNRELEASED.lower()
    return text[1:] if text.startswith("v") and text[1:2].isdigit() else text


def version_title(title: str, allow_name: bool = True) -> VersionTitle | None:
    """The version (and date) a heading announces, or None if it announces none.

    A product name may come first (« Apache Commons CSV 1.14.1 Release Notes », « Towncrier 24.8.0 »),
    HTML anchors and links are ignored.
    """
    title = _HTML.sub(" ", re.sub(r"\]\([^)]*\)", "]", title)).strip()  # [1.2.0](compare-link)
    if _UNRELEASED_TITLE.match(title):
        return VersionTitle(UNRELEASED)
    match = _VERSION_TITLE.match(title) or (_NAMED_VERSION_TITLE.match(title) if allow_name else None)
    if match is None:
        return None
    released_on, unreadable = read_date(match.group("rest"))
    return VersionTitle(match.group("version"), released_on, unreadable)


def read_date(text: str) -> tuple[str | None, str | None]:
    """(ISO date, None) when ``text`` holds a readable date; (None, raw) when it holds a bad one."""
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy")):
        if match := pattern.search(text):
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return _iso(parts["y"], parts["m"], parts["d"], match.group(0))
    if match := _WORDS_DMY.search(text):
        month = _MONTHS.get(_fold(match.group(2)))
        if month:
            return _iso(int(match.group(3)), month, int(match.group(1)), match.group(0))
    if match := _WORDS_MDY.search(text):
        month = _MONTHS.get(_fold(match.group(1)))
        if month:
            return _iso(int(match.group(3)), month, int(match.group(2)), match.group(0))
    if bad := _DATE_LIKE.search(text):
        return None, bad.group(0)
    return None, None


def _iso(year: int, month: int, day: int, raw: str) -> tuple[str | None, str | None]:
    try:
        return date(year, month, day).isoformat(), None
    except ValueError:
        return None, raw


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()

"""Gherkin keywords of a language, and the lines that look like one without being one.

Gherkin recognises a keyword only when it is written exactly: ``Scénario:`` but not
``Scenario:`` in French, nor ``Scénario :`` (French typography puts a space before the colon),
nor ``Scénarioo:``, nor ``Lorsqu’il`` with a typographic apostrophe. Such a line is read as
description text. Comparisons here ignore case, accents, the space before a colon and the kind of
apostrophe, and allow typing mistakes relative to the keyword's length (one from three letters,
two from nine).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gherkin.dialect import DIALECTS

TITLE_KINDS = ("feature", "rule", "background", "scenario", "scenarioOutline", "examples")
STEP_KINDS = ("given", "when", "then", "and", "but")
# Where the first keyword Gherkin lists is not the one analysts write.
_USUAL = {("fr", "given"): "Étant donné", ("fr", "scenario"): "Scénario", ("en", "scenario"): "Scenario"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"})


@dataclass(frozen=True)
class Vocabulary:
    language: str
    titles: tuple[tuple[str, str], ...]  # (kind, keyword) for keywords followed by ":"
    steps: tuple[str, ...]  # step keywords as written in Gherkin files ("Étant donné ", "Lorsqu'", "* ")

    def first(self, kind: str) -> str:
        """The usual keyword of a kind ("given", "scenario"…) in this language, to name in messages."""
        usual = _USUAL.get((self.language, kind))
        if usual:
            return usual
        spec = DIALECTS.get(self.language) or DIALECTS["en"]
        return next((k.strip() for k in spec[kind] if k.strip() != "*"), kind)  # type: ignore[literal-required]

    def is_kind(self, keyword: str, kind: str) -> bool:
        return any(k == keyword.strip() for known, k in self.titles if known == kind)

    def step_keyword_at_start(self, text: str) -> str | None:
        """The step keyword ``text`` starts with, exactly as Gherkin would read it."""
        return next((k for k in self.steps if text.startswith(k)), None)


@cache
def vocabulary(language: str) -> Vocabulary:
    spec = DIALECTS.get(language) or DIALECTS["en"]
    titles = tuple((kind, k.strip()) for kind in TITLE_KINDS for k in spec[kind])  # type: ignore[literal-required]
    steps = {k for kind in STEP_KINDS for k in spec[kind]}  # type: ignore[literal-required]
    return Vocabulary(language, titles, tuple(sorted(steps, key=lambda k: (-len(k), k))))


def normalized(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_APOSTROPHES).casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _tolerance(keyword: str) -> int:
    """Typing mistakes allowed, relative to length: one from 3 letters (``Soi`` for ``Soit``), two from 9."""
    return 0 if len(keyword) < 3 else 1 if len(keyword) < 9 else 2


def _languages(language: str) -> Iterator[Vocabulary]:
    yield vocabulary(language)
    if language != "en":
        yield vocabulary("en")  # English keywords in a French file are a common slip


def resembling_title(line: str, language: str) -> str | None:
    """The title keyword (``Scénario``…) that ``line`` (stripped) looks like, if it looks like one."""
    head, colon, _ = line.partition(":")
    if not colon or not head.strip() or len(head) > 40 or len(head.split()) > 4:
        return None
    wanted = normalized(head)
    best: tuple[int, str] | None = None
    for words in _languages(language):
        for _, keyword in words.titles:
            candidate = normalized(keyword)
            gap = distance(wanted, candidate, _tolerance(candidate))
            if gap <= _tolerance(candidate) and (best is None or gap < best[0]):
                best = (gap, f"{keyword}:")
    return best[1] if best else None


def is_foreign(keyword: str, language: str) -> bool:
    """Whether ``keyword`` (stripped) is not a step keyword of ``language``."""
    return all(k.strip() != keyword for k in vocabulary(language).steps)


def resembling_step(line: str, language: str) -> str | None:
    """The step keyword that ``line`` (stripped) starts like without starting with it exactly."""
    best: tuple[int, str] | None = None
    for words in _languages(language):
        if words.step_keyword_at_start(line) and words.language == language:
            return None  # a real step keyword (it would not be in a description)
        for keyword in words.steps:
            wanted = normalized(keyword)
            if not wanted or wanted == "*":
                continue
            if wanted.endswith("'"):  # "Lorsqu'": compare the same number of characters
                start = normalized(line)[: len(wanted)]
            else:
                start = normalized(" ".join(line.split()[: len(keyword.split())]))
            gap = distance(start, wanted, _tolerance(wanted))
            if gap <= _tolerance(wanted) and (best is None or gap < best[0]):
                best = (gap, keyword.strip())
    return best[1] if best else None


def dialects_with_feature_keyword(line: str, preferred: str) -> list[str]:
    """Languages in which ``line`` is a Feature line, ``preferred`` first; none for an English one."""
    head, colon, _ = line.partition(":")
    if not colon:
        return []
    wanted = normalized(head)
    if any(normalized(k) == wanted for k in DIALECTS["en"]["feature"]):
        return []  # an English Feature line: the trouble is elsewhere, not the language
    names = sorted(DIALECTS, key=lambda name: (name != preferred, name))
    return [name for name in names if any(normalized(k) == wanted for k in DIALECTS[name]["feature"])]

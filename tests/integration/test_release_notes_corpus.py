"""Real public changelogs, counted by hand: the share of (release, kind) counts the parser gets right.

`tests/data/release_notes_corpus/README.md` says how the expectations were counted. Run this module
as a script to print the figure per format family.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from amoa_workflow.errors import AmoaError
from amoa_workflow.release_notes import Reading, ReferencePatterns, read_release_notes

CORPUS = Path(__file__).parents[1] / "data" / "release_notes_corpus"
PATTERNS = ReferencePatterns(
    requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+", tracker_keys=("CSV", "WICKET", "PIX", "DSFR")
)
THRESHOLD = 0.95


@dataclass(frozen=True)
class Expected:
    file: str
    family: str
    language: str
    version: str
    date: str | None
    kinds: dict[str, int]
    references: tuple[str, ...]


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


@cache
def expectations() -> tuple[Expected, ...]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / "expectations.yaml").read_text(encoding="utf-8"))
    found = []
    for name, entry in data.items():
        for release in entry["releases"]:
            date = release["date"]
            found.append(
                Expected(
                    file=name,
                    family=entry["family"],
                    language=entry["language"],
                    version=str(release["version"]),
                    date=date.isoformat() if isinstance(date, datetime.date) else date,
                    kinds=dict(release["kinds"]),
                    references=tuple(release["references"]),
                )
            )
    return tuple(found)


def read(expected: Expected) -> Reading | AmoaError:
    try:
        return read_release_notes(CORPUS / expected.file, expected.version, PATTERNS)
    except AmoaError as error:
        return error


def counts(reading: Reading | AmoaError) -> dict[str, int]:
    if isinstance(reading, AmoaError):
        return {}
    return dict(Counter(item.kind.value for item in reading.release.items))


def scores() -> dict[str, Score]:
    """Per family (and "all"): how many (release, kind) counts are exactly right."""
    by_family: dict[str, Score] = defaultdict(Score)
    for expected in expectations():
        found = counts(read(expected))
        for kind in sorted(set(expected.kinds) | set(found)):
            right = expected.kinds.get(kind, 0) == found.get(kind, 0)
            for key in (expected.family, "all", f"language {expected.language}"):
                by_family[key].total += 1
                by_family[key].right += right
            if not right:
                by_family["all"].misses.append(
                    f"{expected.file} {expected.version} {kind}: "
                    f"{found.get(kind, 0)} found, {expected.kinds.get(kind, 0)} counted by hand"
                )
    return dict(by_family)


def table(found: dict[str, Score]) -> str:
    rows = [
        f"{name:<24} {score.right:>4}/{score.total:<4} {score.share:7.1%}"
        for name, score in sorted(found.items())
    ]
    return "\n".join(["(release, kind) counts exactly right", *rows])


def test_the_corpus_is_large_varied_and_partly_french() -> None:
    files = {e.file for e in expectations()}
    french = {e.file for e in expectations() if e.language == "fr"}

    assert len(files) >= 30 and len(french) >= 10
    assert len({e.family for e in expectations()}) >= 12
    sources = (CORPUS / "SOURCES.tsv").read_text(encoding="utf-8")
    for name in files:
        assert name.split("/")[0] in sources, name


def test_at_least_95_percent_of_release_kind_counts_are_exactly_right() -> None:
    found = scores()

    assert found["all"].share >= THRESHOLD, table(found) + "\n" + "\n".join(found["all"].misses)


@pytest.mark.parametrize("expected", expectations(), ids=lambda e: f"{e.file}@{e.version}")
def test_each_counted_release_is_found_with_its_date_and_references(expected: Expected) -> None:
    reading = read(expected)

    assert not isinstance(reading, AmoaError), reading
    assert reading.release.released_on == expected.date
    carried = {
        ref
        for item in reading.release.items
        for ref in (*item.tickets, *item.issue_numbers, *item.links, *item.requirement_refs)
    }
    assert set(expected.references) <= carried


if __name__ == "__main__":
    result = scores()
    print(table(result))
    print("\n".join(result["all"].misses))

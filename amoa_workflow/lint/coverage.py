"""Scenarios against the requirements repository: unknown requirement tags, untagged scenarios,
requirements no scenario checks.

A scenario's requirements are its tags (Feature, Rule, scenario and Examples tags) that fully
match the project's requirement pattern, exactly as the runner reads them from its records.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.keywords import distance
from amoa_workflow.lint.model import FeatureDocument, Scenario, Tag
from amoa_workflow.scenarios.step_index import literal_prefix


@dataclass(frozen=True)
class RequirementIndex:
    path: Path
    shown: str
    pattern: re.Pattern[str]
    lines: Mapping[str, int]  # each requirement's line (row of a spreadsheet), as the reader found it

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.lines)

    def line_of(self, code: str) -> int:
        return self.lines.get(code, 1)

    def mistyped(self, tag: str) -> str | None:
        """The known id a tag not matching the pattern was meant to be (``EXG-05`` → ``EXG-005``).

        A tag counts as an attempt at an id when it starts like one (the pattern's literal start,
        any case) or is one or two characters away from a known id.
        """
        start = literal_prefix(self.pattern.pattern, self.pattern.flags)
        close = difflib.get_close_matches(tag.upper(), sorted(self.codes), n=1, cutoff=0.75)
        if close and distance(tag.upper(), close[0], 2) <= 2:
            return close[0]
        if len(start) >= 2 and tag.upper().startswith(start.upper()):
            return close[0] if close else "-"
        return None


def scenario_tags(scenario: Scenario, document: FeatureDocument) -> tuple[Tag, ...]:
    tags = document.tags + scenario.rule_tags + scenario.tags
    return tags + tuple(t for examples in scenario.examples for t in examples.tags)


def check_requirements(
    document: FeatureDocument, shown: str, index: RequirementIndex, hidden: frozenset[int]
) -> tuple[list[Finding], set[str]]:
    """Findings for one file, and the requirements its (running) scenarios cover."""
    found: list[Finding] = []
    covered: set[str] = set()
    reported: set[Tag] = set()
    for scenario in document.scenarios:
        tags = scenario_tags(scenario, document)
        codes = {t.name for t in tags if index.pattern.fullmatch(t.name)}
        for tag in tags:
            if tag in reported:
                continue
            if tag.name in codes and tag.name not in index.codes:
                reported.add(tag)
                found.append(finding("AMOA016", shown, tag.line, tag.column, tag=tag.name, file=index.shown))
            elif tag.name not in codes and index.pattern.fullmatch(tag.name.upper()):
                reported.add(tag)  # "@exg-001": looks like a requirement, read as a plain tag
                found.append(
                    finding("AMOA016", shown, tag.line, tag.column, "unknown-requirement.case", tag=tag.name)
                )
            elif tag.name not in codes and (nearest := index.mistyped(tag.name)):
                reported.add(tag)  # "@EXG-05": a requirement id mistyped, read as a plain tag
                found.append(
                    finding(
                        "AMOA016", shown, tag.line, tag.column, "unknown-requirement.shape",
                        tag=tag.name, nearest=nearest,
                    )
                )  # fmt: skip
        if not codes:
            found.append(finding("AMOA017", shown, scenario.line, scenario.column, name=scenario.name))
        if scenario.line not in hidden:
            covered |= codes
    return found, covered


def uncovered(index: RequirementIndex, covered: set[str]) -> Iterator[Finding]:
    for code in sorted(index.codes - covered):
        yield finding("AMOA018", index.shown, index.line_of(code), 1, requirement=code)

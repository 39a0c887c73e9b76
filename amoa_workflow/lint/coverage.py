"""Scenarios against the requirements repository: unknown requirement tags, untagged scenarios,
requirements no scenario checks.

A scenario's requirements are its tags (Feature, Rule, scenario and Examples tags) that fully
match the project's requirement pattern, exactly as the runner reads them from its records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.model import FeatureDocument, Scenario, Tag


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
        if not codes:
            found.append(finding("AMOA017", shown, scenario.line, scenario.column, name=scenario.name))
        if scenario.line not in hidden:
            covered |= codes
    return found, covered


def uncovered(index: RequirementIndex, covered: set[str]) -> Iterator[Finding]:
    for code in sorted(index.codes - covered):
        yield finding("AMOA018", index.shown, index.line_of(code), 1, requirement=code)

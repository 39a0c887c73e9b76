"""Which scenarios a feature file holds, read without running pytest (the official Gherkin parser,
as pytest-bdd reads it): their names, as the results plugin records them, and their tags.

A file that cannot be read or parsed holds no known scenario: it is planned whole, and its
collection error is reported by the run itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser


@dataclass(frozen=True)
class PlannedScenario:
    name: str
    tags: frozenset[str]  # the feature's, the rule's, the scenario's and all of its Examples' tags


def scenarios_of(path: Path) -> tuple[PlannedScenario, ...]:
    """The scenarios of the feature file at ``path``, in file order; () if it cannot be parsed."""
    try:
        source = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        document = cast(dict[str, Any], Parser().parse(source))
    except (OSError, UnicodeDecodeError, ParserException, CompositeParserException):
        return ()
    feature = document.get("feature") or {}
    return tuple(_scenarios(feature.get("children", []), _tags(feature)))


def _scenarios(children: list[dict[str, Any]], inherited: frozenset[str]) -> Iterator[PlannedScenario]:
    for child in children:
        if "rule" in child:
            rule = child["rule"]
            yield from _scenarios(rule.get("children", []), inherited | _tags(rule))
        elif "scenario" in child:
            scenario = child["scenario"]
            tags = inherited | _tags(scenario)
            for examples in scenario.get("examples", []):
                tags |= _tags(examples)
            yield PlannedScenario(scenario.get("name", ""), tags)


def _tags(node: dict[str, Any]) -> frozenset[str]:
    return frozenset(tag["name"].lstrip("@") for tag in node.get("tags", []))

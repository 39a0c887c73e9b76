"""Undefined and ambiguous steps, found the way pytest-bdd 9.0 looks steps up at run time.

* The step type comes from the keyword; ``Et``/``Mais``/``*`` take the type of the step before.
* The text looked up is what follows the keyword. The French apostrophe keywords end with the
  apostrophe, so ``Étant donné qu'un salarié existe`` is looked up as ``un salarié existe``, and
  with a typographic apostrophe (``qu’un``) the keyword is only ``Étant donné`` and the text is
  ``qu’un salarié existe``.
* An outline step is looked up once per Examples row, with ``<name>`` replaced by the cell.
* A feature sees the steps of the ``conftest.py`` files in its folder and above; one bound by a
  test module of the project also sees that module's steps and those of the conftests above it.
  When several definitions match, the one offered from deepest is used (a module's own first),
  and among those of the same file the one whose fixture name (``pytestbdd_stepdef_<type>_<phrase>``)
  sorts last. Nothing tells the analyst: that is the ambiguity reported here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pytest_bdd.parser import render_string
from pytest_bdd.types import STEP_TYPE_BY_PARSER_KEYWORD

from amoa_workflow.domain.manual import is_manual
from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.messages import visible
from amoa_workflow.lint.model import ExampleRow, FeatureDocument, Scenario, Step
from amoa_workflow.lint.suggestions import builtin_registry, nearest
from amoa_workflow.scenarios.step_registry import StepDefinition, StepRegistry

_TYPOGRAPHIC_ELISION = re.compile(r"(?i)^(?P<word>qu|lorsqu|puisqu)[’‘ʼ´`](?P<rest>\S.*)$")
Shown = Callable[[str], str]  # how a definition's file is named in messages


@dataclass(frozen=True)
class Resolution:
    used: StepDefinition | None
    rivals: tuple[StepDefinition, ...]  # the other definitions matching at the same level


class StepResolver:
    """Answers "which definition will run this step", once per (type, text, folder) (per feature
    file for those a test module binds: they see more than their folder)."""

    def __init__(self, registry: StepRegistry) -> None:
        self.registry = registry
        self._cache: dict[tuple[str, str, Path], Resolution] = {}

    def resolve(self, step_type: str, text: str, feature: Path) -> Resolution:
        """For the feature file ``feature`` (resolved)."""
        seen_from = feature if feature in self.registry.bound_features else feature.parent
        key = (step_type, text, seen_from)
        known = self._cache.get(key)
        if known is None:
            known = self._cache[key] = self._resolve(step_type, text, feature)
        return known

    def _resolve(self, step_type: str, text: str, feature: Path) -> Resolution:
        scored = [(d.depth_from(feature), d) for d in self.registry.matching(step_type, text)]
        visible = [(depth, d) for depth, d in scored if depth is not None]
        if not visible:
            return Resolution(None, ())
        deepest = max(depth for depth, _ in visible)
        level = sorted((d for depth, d in visible if depth == deepest), key=fixture_name)
        return Resolution(level[-1], tuple(level[:-1]))


def fixture_name(definition: StepDefinition) -> str:
    """The fixture pytest-bdd registers for a definition (it orders same-level candidates)."""
    return f"pytestbdd_stepdef_{definition.type}_{definition.phrase}"


def step_types(steps: tuple[Step, ...]) -> list[str] | None:
    """The type pytest-bdd gives each step; None when the first one has none (the file fails)."""
    if not steps or steps[0].keyword_type not in STEP_TYPE_BY_PARSER_KEYWORD:
        return None if steps else []
    current = STEP_TYPE_BY_PARSER_KEYWORD[steps[0].keyword_type]
    types = []
    for step in steps:
        current = STEP_TYPE_BY_PARSER_KEYWORD.get(step.keyword_type, current)
        types.append(current)
    return types


def check_steps(
    document: FeatureDocument,
    shown: str,
    resolver: StepResolver,
    where: Shown,
    manual_tags: tuple[str, ...] = (),
) -> Iterator[Finding]:
    """Undefined and ambiguous steps; manual scenarios (and manual Examples blocks) are executed
    by testers, not by step definitions: their steps are not looked up."""
    feature = document.path.resolve()
    parts = (_automated_part(document, scenario, manual_tags) for scenario in document.scenarios)
    automated = [scenario for scenario in parts if scenario is not None]
    if automated or not document.scenarios:
        for background in document.backgrounds:
            yield from _check_block(background.steps, (), feature, shown, resolver, where)
    for scenario in automated:
        rows = scenario.example_rows()
        yield from _check_block(scenario.steps, rows, feature, shown, resolver, where)


def _automated_part(
    document: FeatureDocument, scenario: Scenario, manual_tags: tuple[str, ...]
) -> Scenario | None:
    """The scenario without its manual Examples blocks; None when it is all manual."""
    names = [t.name for t in document.tags + scenario.rule_tags + scenario.tags]
    if is_manual(names, manual_tags):
        return None
    examples = tuple(e for e in scenario.examples if not is_manual([t.name for t in e.tags], manual_tags))
    if scenario.examples and not examples:
        return None
    return replace(scenario, examples=examples)


def _check_block(
    steps: tuple[Step, ...],
    rows: tuple[ExampleRow, ...],
    feature: Path,
    shown: str,
    resolver: StepResolver,
    where: Shown,
) -> Iterator[Finding]:
    types = step_types(steps)
    if types is None:
        return  # reported as AMOA004: pytest-bdd refuses the file before looking any step up
    for step, step_type in zip(steps, types, strict=True):
        texts = [(render_string(step.text, row.values), row.line) for row in rows] or [(step.text, 0)]
        outcomes = [(text, row, resolver.resolve(step_type, text, feature)) for text, row in texts]
        undefined = [(text, row) for text, row, outcome in outcomes if outcome.used is None]
        ambiguous = [(text, outcome) for text, _, outcome in outcomes if outcome.rivals]
        keyword = step.keyword.strip()
        if undefined:
            text, row = undefined[0]
            params: dict[str, object] = {"keyword": keyword, "text": visible(text), "type": step_type,
                                         "hint": _hint(step_type, text, resolver)}  # fmt: skip
            if rows:
                yield finding(
                    "AMOA008", shown, step.line, step.column, "undefined-step.rows",
                    row=row, count=len(undefined), total=len(rows), **params,
                )  # fmt: skip
            else:
                yield finding("AMOA008", shown, step.line, step.column, "undefined-step", **params)
            elided = _elision(step, step_type, text, feature, shown, resolver, where)
            if elided is not None:
                yield elided
        elif ambiguous:
            text, outcome = ambiguous[0]
            assert outcome.used is not None
            yield finding(
                "AMOA009", shown, step.line, step.column,
                keyword=keyword, text=visible(text), count=len(outcome.rivals) + 1,
                used=_describe((outcome.used,), where), others=_describe(outcome.rivals, where),
            )  # fmt: skip


def _hint(step_type: str, text: str, resolver: StepResolver) -> dict[str, str]:
    """ "did you mean" the nearest phrase of the project or the built-in library, and where to look."""
    found = nearest(step_type, text, (*resolver.registry.definitions, *builtin_registry().definitions))
    if found is None:
        return {"fr": "les étapes connues : amoa steps", "en": "the known steps: amoa steps"}
    return {"fr": f"la plus proche : « {found} » (amoa steps les liste toutes)",
            "en": f"nearest: “{found}” (amoa steps lists them all)"}  # fmt: skip


def _elision(
    step: Step, step_type: str, text: str, feature: Path, shown: str, resolver: StepResolver, where: Shown
) -> Finding | None:
    """Why an undefined step is undefined when an apostrophe keyword is the cause."""
    keyword = step.keyword
    if keyword.endswith("'"):  # "Étant donné qu'", "Lorsqu'": the elided word went with the keyword
        elided = keyword.split()[-1]
        for candidate in dict.fromkeys((elided + text, elided.lower() + text, "qu'" + text)):
            outcome = resolver.resolve(step_type, candidate, feature)
            if outcome.used is not None:
                return finding(
                    "AMOA010", shown, step.line, step.column, "elided-keyword.cut",
                    keyword=keyword, text=visible(text), candidate=candidate,
                    place=f"{where(outcome.used.path)}:{outcome.used.line}",
                )  # fmt: skip
        return None
    typographic = _TYPOGRAPHIC_ELISION.match(text)
    if typographic:
        rest = typographic["rest"]
        straight = f"{typographic['word']}'{rest}"
        for candidate in (rest, straight):
            if resolver.resolve(step_type, candidate, feature).used is not None:
                return finding(
                    "AMOA010", shown, step.line, step.column, "elided-keyword.typographic",
                    keyword=keyword.strip(), text=text, word=typographic["word"], rest=rest,
                )  # fmt: skip
    return None


def _describe(definitions: tuple[StepDefinition, ...], where: Shown) -> dict[str, str]:
    """``fr`` and ``en`` renderings of definitions: phrase and place."""
    places = [f"{where(d.path)}:{d.line}" for d in definitions]
    return {
        "fr": ", ".join(f"« {d.phrase} » ({p})" for d, p in zip(definitions, places, strict=True)),
        "en": ", ".join(f"“{d.phrase}” ({p})" for d, p in zip(definitions, places, strict=True)),
    }

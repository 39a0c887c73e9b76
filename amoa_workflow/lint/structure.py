"""Checks on the shape of a feature: what pytest-bdd 9.0 refuses, or silently runs differently.

Measured with pytest-bdd 9.0.1 (see tests/integration/test_lint_pytest_bdd_behaviour.py):

* a first step starting with ``*``, ``Et`` or ``Mais`` makes the whole file fail to collect;
* a scenario with no step runs and passes;
* a line that is almost a keyword (``Scénarioo:``, ``Scénario :``, ``Etan donné``, ``Given`` in a
  French file) is description text: the steps under a lost scenario header are not run, or are
  run as part of the scenario above;
* of several scenarios with the same name in one file, only the last one runs;
* ``<name>`` missing from the Examples header stays as is in the step text;
* an empty Examples cell leaves the step text with a trailing or double space, matched as such.
"""

from __future__ import annotations

from collections.abc import Iterator

from pytest_bdd.parser import PARAM_RE, render_string
from pytest_bdd.types import STEP_TYPE_BY_PARSER_KEYWORD

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.keywords import Vocabulary, is_foreign, resembling_step, resembling_title, vocabulary
from amoa_workflow.lint.messages import visible
from amoa_workflow.lint.model import Description, FeatureDocument, Scenario, Step


def check_structure(document: FeatureDocument, shown: str) -> Iterator[Finding]:
    words = vocabulary(document.language)
    yield from _first_steps(document, shown, words)
    yield from _empty_scenarios(document, shown)
    for description in document.descriptions:
        found = _misspelled_keyword(description, document, shown, words)
        if found is not None:
            yield found
    yield from _duplicates(document, shown)
    for scenario in document.scenarios:
        if scenario.templated or words.is_kind(scenario.keyword, "scenarioOutline"):
            yield from _outline_parameters(scenario, shown)
            yield from _empty_cells(scenario, shown)


def hidden_duplicates(document: FeatureDocument) -> frozenset[int]:
    """Lines of the scenarios pytest-bdd never runs because a later one has the same name."""
    last = {scenario.name: scenario.line for scenario in document.scenarios}
    return frozenset(s.line for s in document.scenarios if last[s.name] != s.line)


def _first_steps(document: FeatureDocument, shown: str, words: Vocabulary) -> Iterator[Finding]:
    firsts = [b.steps[0] for b in document.backgrounds if b.steps]
    firsts += [s.steps[0] for s in document.scenarios if s.steps]
    for step in sorted(firsts, key=lambda s: s.line):
        if step.keyword_type not in STEP_TYPE_BY_PARSER_KEYWORD:
            yield finding(
                "AMOA004",
                shown,
                step.line,
                step.column,
                keyword=step.keyword.strip(),
                given=words.first("given"),
                when=words.first("when"),
                then=words.first("then"),
            )


def _empty_scenarios(document: FeatureDocument, shown: str) -> Iterator[Finding]:
    for scenario in document.scenarios:
        if not scenario.steps:
            key = "empty-scenario.background" if scenario.background_steps else "empty-scenario"
            yield finding("AMOA005", shown, scenario.line, scenario.column, key, name=scenario.name)


def _misspelled_keyword(
    description: Description, document: FeatureDocument, shown: str, words: Vocabulary
) -> Finding | None:
    """The first line of a description that was meant as a keyword line, if any."""
    language = document.language
    for number, text in description.lines:
        stripped = text.strip()
        if not stripped:
            continue
        column = len(text) - len(text.lstrip()) + 1
        title = resembling_title(stripped, language)
        following = _next_content_line(document.lines, number)
        if title and _starts_step_or_table(following, words):
            inside = description.kind in ("scenario", "background")
            key = "misspelled.title_merged" if inside else "misspelled.title_lost"
            return finding(
                "AMOA006",
                shown,
                number,
                column,
                key,
                written=stripped,
                keyword=title,
                header=description.header_line,
            )
        if description.kind in ("scenario", "background"):
            step = resembling_step(stripped, language)
            if step:
                key = "misspelled.foreign_step" if is_foreign(step, language) else "misspelled.step"
                return finding(
                    "AMOA006", shown, number, column, key, written=stripped, keyword=step, language=language
                )
        elif words.step_keyword_at_start(stripped) and words.step_keyword_at_start(following):
            return finding(
                "AMOA006",
                shown,
                number,
                column,
                "misspelled.steps_lost",
                written=stripped,
                header=description.header_line,
            )
    return None


def _next_content_line(lines: tuple[str, ...], number: int) -> str:
    """The next line after line ``number`` (1-based) that is neither blank nor a comment, stripped."""
    for line in lines[number:]:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped
    return ""


def _starts_step_or_table(line: str, words: Vocabulary) -> bool:
    return bool(
        line.startswith("|") or words.step_keyword_at_start(line) or resembling_step(line, words.language)
    )


def _duplicates(document: FeatureDocument, shown: str) -> Iterator[Finding]:
    hidden = hidden_duplicates(document)
    last = {scenario.name: scenario.line for scenario in document.scenarios}
    for scenario in document.scenarios:
        if scenario.line in hidden:
            yield finding(
                "AMOA007", shown, scenario.line, scenario.column, name=scenario.name, last=last[scenario.name]
            )


def _outline_parameters(scenario: Scenario, shown: str) -> Iterator[Finding]:
    rows = scenario.example_rows()
    for step in scenario.steps:
        reported: set[str] = set()
        for match in PARAM_RE.finditer(step.text):
            name = match.group(1)
            if name in reported or (rows and all(name in row.values for row in rows)):
                continue
            reported.add(name)
            column = step.column + len(step.keyword) + match.start()
            yield finding("AMOA012", shown, step.line, column, name=name, text=render_string(step.text, {}))


def _empty_cells(scenario: Scenario, shown: str) -> Iterator[Finding]:
    steps = scenario.background_steps + scenario.steps
    for examples in scenario.examples:
        if examples.header is None:
            continue
        for row in examples.rows:
            values = {h.value: c.value for h, c in zip(examples.header, row, strict=True)}
            for header, cell in zip(examples.header, row, strict=True):
                user = _first_user(steps, header.value) if not cell.value else None
                if user is not None:
                    rendered = render_string(user.text, values)
                    yield finding(
                        "AMOA011",
                        shown,
                        cell.line,
                        cell.column,
                        name=header.value,
                        step=user.line,
                        text=visible(rendered),
                    )


def _first_user(steps: tuple[Step, ...], name: str) -> Step | None:
    return next((step for step in steps if f"<{name}>" in step.text), None)

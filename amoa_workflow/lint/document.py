"""A feature file as pytest-bdd will see it, parsed with the official Gherkin parser.

pytest-bdd 9 reads a feature as UTF-8 (a BOM stays in the text) and parses it with
gherkin-official in English unless a ``# language:`` line says otherwise. Here the same parse is
done, and when it fails for a reason the lint can name (a BOM, a missing language line) the file
is parsed again without that problem, so every other finding is still reported.

The result is the model of :mod:`amoa_workflow.lint.model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.token_matcher import TokenMatcher

from amoa_workflow.lint.findings import Finding, finding
from amoa_workflow.lint.keywords import dialects_with_feature_keyword
from amoa_workflow.lint.model import (
    Background,
    Cell,
    Description,
    Examples,
    FeatureDocument,
    Scenario,
    Step,
    Tag,
)
from amoa_workflow.lint.parse_errors import parse_error

BOM = "\ufeff"


@dataclass(frozen=True)
class Reading:
    """The result of reading one file: its model (None if it cannot be parsed) and what is wrong."""

    document: FeatureDocument | None
    findings: tuple[Finding, ...]
    bom: bool = False
    language_to_add: str | None = None  # the dialect a missing ``# language:`` line should name


def read_feature(path: Path, shown: str, preferred_language: str = "fr") -> Reading:
    """Read and parse ``path``; findings name it as ``shown``."""
    raw = path.read_bytes()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Reading(
            None, (finding("AMOA001", shown, line, 1, "parse.encoding", byte=f"0x{raw[exc.start]:02X}"),)
        )
    found: list[Finding] = []
    bom = source.startswith(BOM)
    if bom:
        found.append(finding("AMOA002", shown, 1, 1))
        source = source[len(BOM) :]
    found += _lone_carriage_returns(source, shown)
    source = source.replace("\r\n", "\n").replace("\r", "\n")  # pytest-bdd opens it in text mode
    lines = tuple(source.splitlines())
    language_line = _declared_language(lines) is not None
    dialect = "en"
    ast, errors = _parse(source, dialect)
    language_to_add = None
    if errors and not language_line:  # French keywords read as English: try the dialect they belong to
        for candidate in dialects_with_feature_keyword(_first_content_line(lines), preferred_language):
            other_ast, other_errors = _parse(source, candidate)
            if language_to_add is None or not other_errors:
                ast, errors, dialect, language_to_add = other_ast, other_errors, candidate, candidate
            if not other_errors:
                break
        if language_to_add is not None:
            found.append(finding("AMOA003", shown, 1, 1, language=language_to_add))
    elif errors:
        dialect = _declared_language(lines) or "en"
    found += [parse_error(shown, error, dialect) for error in errors]
    if ast is not None and not ast.get("feature"):  # empty or comments only: pytest-bdd fails (KeyError)
        found.append(finding("AMOA001", shown, max(len(lines), 1), 1, "parse.no_feature"))
    document = None if ast is None else _document(path, ast, lines)
    return Reading(document, tuple(found), bom, language_to_add)


def _lone_carriage_returns(source: str, shown: str) -> list[Finding]:
    """A CR not followed by LF ends a line for pytest-bdd (text mode), not for an editor. (A file
    whose every line ends with CR alone, an old Mac file, is read right: nothing to say.)"""
    found: list[Finding] = []
    if "\n" not in source:
        return found
    for number, line in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        column = line.find("\r")
        if 0 <= column < len(line.rstrip("\r")):  # inside the line, not a stray CR at its end
            found.append(finding("AMOA001", shown, number, column + 1, "parse.lone_cr"))
    return found


def _header(lines: tuple[str, ...]) -> list[str]:
    """The lines before the first one that is neither blank nor a comment."""
    header = []
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            break
        header.append(line)
    return header


def _declared_language(lines: tuple[str, ...]) -> str | None:
    for line in _header(lines):
        match = TokenMatcher.LANGUAGE_RE.match(line)
        if match:
            return match.group(1)
    return None


def _first_content_line(lines: tuple[str, ...]) -> str:
    return next((s for line in lines if (s := line.strip()) and not s.startswith(("#", "@"))), "")


def _parse(source: str, dialect: str) -> tuple[dict[str, Any] | None, list[ParserException]]:
    try:
        ast = cast(dict[str, Any], Parser().parse(source, TokenMatcher(dialect)))
    except CompositeParserException as exc:
        return None, list(exc.errors)
    except ParserException as exc:
        return None, [exc]
    return ast, []


def _document(path: Path, ast: dict[str, Any], lines: tuple[str, ...]) -> FeatureDocument | None:
    feature = ast.get("feature")
    if not feature:
        return None
    descriptions = [_description("feature", feature, lines)]
    backgrounds: list[Background] = []
    scenarios: list[Scenario] = []
    feature_background: tuple[Background, ...] = ()
    for child in feature.get("children", []):
        if "background" in child:
            background = _background(child["background"])
            backgrounds.append(background)
            descriptions.append(_description("background", child["background"], lines))
            feature_background = (background,)
        elif "rule" in child:
            rule = child["rule"]
            descriptions.append(_description("rule", rule, lines))
            rule_tags = _tags(rule)
            rule_background: tuple[Background, ...] = ()
            for rule_child in rule.get("children", []):
                if "background" in rule_child:
                    background = _background(rule_child["background"])
                    backgrounds.append(background)
                    descriptions.append(_description("background", rule_child["background"], lines))
                    rule_background = (background,)
            for rule_child in rule.get("children", []):
                if "scenario" in rule_child:
                    scenario = rule_child["scenario"]
                    scenarios.append(
                        _scenario(scenario, lines, feature_background + rule_background, rule_tags)
                    )
                    descriptions += _scenario_descriptions(scenario, lines)
        elif "scenario" in child:
            scenarios.append(_scenario(child["scenario"], lines, feature_background, ()))
            descriptions += _scenario_descriptions(child["scenario"], lines)
    return FeatureDocument(
        path=path,
        language=str(feature.get("language", "en")),
        lines=lines,
        tags=_tags(feature),
        scenarios=tuple(scenarios),
        backgrounds=tuple(backgrounds),
        descriptions=tuple(d for d in descriptions if d.lines),
    )


def _location(node: dict[str, Any]) -> tuple[int, int]:
    location = node.get("location", {})
    return int(location.get("line", 1)), int(location.get("column", 1) or 1)


def _tags(node: dict[str, Any]) -> tuple[Tag, ...]:
    return tuple(Tag(t["name"][1:], *_location(t)) for t in node.get("tags", []))


def _steps(node: dict[str, Any]) -> tuple[Step, ...]:
    return tuple(_step(s) for s in node.get("steps", []))


def _step(node: dict[str, Any]) -> Step:
    rows = (node.get("dataTable") or {}).get("rows", [])
    return Step(
        *_location(node),
        keyword=node["keyword"],
        keyword_type=node.get("keywordType", "Unknown"),
        text=node["text"],
        table=tuple(tuple(str(cell.get("value", "")) for cell in row.get("cells", [])) for row in rows),
        doc_string=(node.get("docString") or {}).get("content"),
    )


def _background(node: dict[str, Any]) -> Background:
    return Background(_location(node)[0], _steps(node))


def _cells(row: dict[str, Any], lines: tuple[str, ...]) -> tuple[Cell, ...]:
    cells = []
    for cell in row.get("cells", []):
        line, column = _location(cell)
        value = cell.get("value", "")
        if not value and 0 < line <= len(lines):  # Gherkin points at the closing "|": show the cell itself
            column = lines[line - 1].rfind("|", 0, column - 1) + 2
        cells.append(Cell(line, column, value))
    return tuple(cells)


def _scenario(
    node: dict[str, Any],
    lines: tuple[str, ...],
    backgrounds: tuple[Background, ...],
    rule_tags: tuple[Tag, ...],
) -> Scenario:
    examples = tuple(
        Examples(
            line=_location(e)[0],
            tags=_tags(e),
            header=_cells(e["tableHeader"], lines) if e.get("tableHeader") else None,
            rows=tuple(_cells(r, lines) for r in e.get("tableBody", [])),
        )
        for e in node.get("examples", [])
    )
    line, column = _location(node)
    return Scenario(
        line=line,
        column=column,
        keyword=node["keyword"],
        name=node.get("name", ""),
        tags=_tags(node),
        steps=_steps(node),
        examples=examples,
        backgrounds=backgrounds,
        rule_tags=rule_tags,
    )


def _scenario_descriptions(node: dict[str, Any], lines: tuple[str, ...]) -> list[Description]:
    return [_description("scenario", node, lines)] + [
        _description("examples", e, lines) for e in node.get("examples", [])
    ]


def _description(kind: str, node: dict[str, Any], lines: tuple[str, ...]) -> Description:
    """The description lines with their line numbers (Gherkin keeps only the text)."""
    header = _location(node)[0]
    text = node.get("description") or ""
    numbered = []
    position = header  # index of the line after the header
    for wanted in text.split("\n") if text else []:
        while position < len(lines) and lines[position].rstrip() != wanted.rstrip():
            position += 1
        if position >= len(lines):
            break
        numbered.append((position + 1, lines[position]))
        position += 1
    return Description(kind, header, tuple(numbered))

"""Living documentation: every feature as analysts wrote it, with its last result per scenario
(and per outline row) and links to the requirements it checks. One self-contained HTML page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from amoa_workflow.domain.gaps import coverage
from amoa_workflow.domain.model import Requirement, RequirementCoverage, ScenarioResult
from amoa_workflow.i18n import translator
from amoa_workflow.lint.document import read_feature


@dataclass(frozen=True)
class ScenarioView:
    name: str
    line: int
    tags: tuple[str, ...]
    requirement_codes: tuple[str, ...]
    steps: tuple[tuple[str, str, tuple[tuple[str, ...], ...], str | None], ...]  # keyword, text, table, doc
    results: tuple[ScenarioResult, ...]  # one per run row; empty when never run


@dataclass(frozen=True)
class FeatureView:
    path: str
    title: str
    description: str
    scenarios: tuple[ScenarioView, ...]
    parse_problem: bool


def features(
    features_dir: Path, project_dir: Path, results: Sequence[ScenarioResult], requirement_pattern: str
) -> list[FeatureView]:
    pattern = re.compile(requirement_pattern)
    by_scenario: dict[tuple[str, str], list[ScenarioResult]] = {}
    for result in results:
        by_scenario.setdefault((result.feature_path, result.scenario), []).append(result)
    views = []
    for path in sorted(p for p in features_dir.rglob("*.feature") if ".amoa" not in p.parts):
        relative = path.relative_to(project_dir).as_posix() if path.is_relative_to(project_dir) else str(path)
        reading = read_feature(path, relative)
        document = reading.document
        broken = any(f.code == "AMOA001" for f in reading.findings)
        if document is None:
            views.append(FeatureView(relative, path.stem, "", (), True))
            continue
        title, description = _title(document.lines)
        feature_tags = tuple(t.name for t in document.tags)
        scenarios = tuple(
            ScenarioView(
                name=scenario.name,
                line=scenario.line,
                tags=tuple(t.name for t in (*scenario.tags, *scenario.rule_tags)),
                requirement_codes=tuple(
                    dict.fromkeys(
                        t for t in (*feature_tags, *(t.name for t in scenario.tags)) if pattern.fullmatch(t)
                    )
                ),
                steps=tuple(
                    (s.keyword.strip(), s.text, s.table, s.doc_string)
                    for s in (*scenario.background_steps, *scenario.steps)
                ),
                results=tuple(by_scenario.get((relative, scenario.name), ())),
            )
            for scenario in document.scenarios
        )
        views.append(FeatureView(relative, title or path.stem, description, scenarios, broken))
    return views


def _title(lines: tuple[str, ...]) -> tuple[str, str]:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "@")) and ":" in stripped:
            title = stripped.split(":", 1)[1].strip()
            body: list[str] = []
            for following in lines[index + 1 :]:
                text = following.strip()
                if not text or text.startswith("@") or re.match(r"^\w[\w' ]*:", text):
                    if body:
                        break
                    continue
                body.append(text)
            return title, " ".join(body)
    return "", ""


def render(
    views: Sequence[FeatureView],
    requirements: Sequence[Requirement],
    results: Sequence[ScenarioResult],
    lang: str,
    title: str,
    release: str | None,
) -> str:
    environment = Environment(
        loader=PackageLoader("amoa_workflow", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    rows: list[RequirementCoverage] = coverage(requirements, results)
    return environment.get_template("living_documentation.html.j2").render(
        features=views, coverage=rows, t=translator(lang), lang=lang, title=title, release=release
    )

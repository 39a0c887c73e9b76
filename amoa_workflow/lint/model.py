"""The parts of a feature file the checks look at, each with its line and column.

Built by :mod:`amoa_workflow.lint.document` from gherkin-official's AST: tags, steps with their
keyword and keyword type, Examples tables, and the description lines (where a misspelled
keyword hides), with the rows pytest-bdd runs an outline with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Tag:
    name: str  # without the "@"
    line: int
    column: int


@dataclass(frozen=True)
class Step:
    line: int
    column: int
    keyword: str  # as written, with its trailing space if any: "Étant donné ", "Lorsqu'"
    keyword_type: str  # Context, Action, Outcome, Conjunction, Unknown
    text: str
    table: tuple[tuple[str, ...], ...] = ()  # its data table, rows of cells
    doc_string: str | None = None  # its doc string


@dataclass(frozen=True)
class Cell:
    line: int
    column: int
    value: str


@dataclass(frozen=True)
class Examples:
    line: int
    tags: tuple[Tag, ...]
    header: tuple[Cell, ...] | None
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Description:
    kind: str  # feature, rule, background, scenario, examples
    header_line: int
    lines: tuple[tuple[int, str], ...]  # (line number, text as written)


@dataclass(frozen=True)
class Background:
    line: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ExampleRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class Scenario:
    line: int
    column: int
    keyword: str
    name: str
    tags: tuple[Tag, ...]
    steps: tuple[Step, ...]
    examples: tuple[Examples, ...]
    backgrounds: tuple[Background, ...]  # the Feature's, then the Rule's: their steps run first
    rule_tags: tuple[Tag, ...]

    @property
    def templated(self) -> bool:
        return bool(self.examples)

    @property
    def background_steps(self) -> tuple[Step, ...]:
        return tuple(step for background in self.backgrounds for step in background.steps)

    def example_rows(self) -> tuple[ExampleRow, ...]:
        """The rows pytest-bdd runs this scenario with (Examples without a header are ignored, as it does)."""
        return tuple(
            ExampleRow(
                row[0].line if row else examples.line,
                {h.value: c.value for h, c in zip(examples.header, row, strict=True)},
            )
            for examples in self.examples
            if examples.header is not None
            for row in examples.rows
        )


@dataclass(frozen=True)
class FeatureDocument:
    path: Path
    language: str
    lines: tuple[str, ...]
    tags: tuple[Tag, ...]
    scenarios: tuple[Scenario, ...]
    backgrounds: tuple[Background, ...]
    descriptions: tuple[Description, ...]

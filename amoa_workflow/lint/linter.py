"""``lint``: every check on every feature file asked for, with the project's steps and requirements.

The step definitions are loaded once per features root (the project's features folder, or the
folder given when it lies outside), the requirements once per run. A project file that cannot be
read (a conftest.py that fails to import, a malformed requirements file) is one finding, and the
checks that need it are skipped with a note; the other checks still run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from amoa_workflow.domain.manual import DEFAULT_TAGS as DEFAULT_MANUAL_TAGS
from amoa_workflow.errors import FileMissing, InputFileError
from amoa_workflow.lint import suppressions
from amoa_workflow.lint.coverage import RequirementIndex, check_requirements, uncovered
from amoa_workflow.lint.document import read_feature
from amoa_workflow.lint.findings import Finding, Note, Severity, finding, note
from amoa_workflow.lint.fixes import Fix, fix_feature
from amoa_workflow.lint.step_matching import StepResolver, check_steps
from amoa_workflow.lint.structure import check_structure, hidden_duplicates
from amoa_workflow.lint.tags import check_tags
from amoa_workflow.requirements import read_requirement_rows
from amoa_workflow.scenarios.bindings import NORECURSE
from amoa_workflow.scenarios.step_registry import load_registry
from amoa_workflow.settings.lint_rules import LintRules, load_lint_rules
from amoa_workflow.settings.project import Settings


@dataclass(frozen=True)
class LintProject:
    project_dir: Path
    features_dir: Path
    requirements_path: Path
    requirement_pattern: str
    language: str = "fr"  # the Gherkin language tried first for a file with no "# language:" line
    rules: LintRules = field(
        default_factory=LintRules
    )  # codes silenced by the project ([lint] in config/amoa.toml)
    manual_tags: tuple[str, ...] = DEFAULT_MANUAL_TAGS  # scenarios executed by testers: steps not looked up

    @classmethod
    def from_settings(cls, settings: Settings) -> LintProject:
        return cls(
            project_dir=settings.project_dir,
            features_dir=settings.features_dir,
            requirements_path=settings.requirements_path,
            requirement_pattern=settings.requirement_pattern,
            language=settings.lang,
            rules=load_lint_rules(settings.project_dir),
            manual_tags=settings.manual_tags,
        )


@dataclass
class LintReport:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def lint(
    paths: Sequence[Path], project: LintProject, fix: bool = False, cwd: Path | None = None
) -> LintReport:
    """Lint the feature files under ``paths`` (default: the project's features folder)."""
    base = (cwd or Path.cwd()).resolve()
    features_dir = (base / project.features_dir).resolve()
    targets = [(base / p).resolve() for p in paths] or [features_dir]
    for target in targets:
        if not target.exists():
            raise FileMissing(target)
    run = _Run(project, base)
    report = run.report
    files = _feature_files(targets, features_dir)
    if fix:
        report.fixes = [f for path, _ in files if (f := fix_feature(path, project.language)) is not None]
    index = run.requirements()
    covered: set[str] = set()
    for path, root in files:
        covered |= run.lint_file(path, root, index)
    whole = any(features_dir.is_relative_to(target) for target in targets)
    if index is not None and whole:
        report.findings += uncovered(index, covered)
    elif index is not None:
        report.notes.append(note("note.partial"))
    report.files = len(files)
    report.findings = [f for f in report.findings if not run.silenced(f)]
    report.findings.sort(key=lambda f: f.sort_key)
    return report


def _feature_files(targets: list[Path], features_dir: Path) -> list[tuple[Path, Path]]:
    """Each feature file once, with the folder its step definitions are loaded from."""
    found: dict[Path, Path] = {}
    for target in targets:
        root = (
            features_dir
            if target.is_relative_to(features_dir)
            else target
            if target.is_dir()
            else target.parent
        )
        if target.is_file():
            found.setdefault(target, root)
            continue
        for folder, subfolders, names in os.walk(target):
            subfolders[:] = sorted(d for d in subfolders if not any(fnmatch(d, p) for p in NORECURSE))
            for name in sorted(names):
                if name.endswith(".feature"):
                    found.setdefault(Path(folder) / name, root)
    return sorted(found.items())


class _Run:
    def __init__(self, project: LintProject, base: Path) -> None:
        self.project = project
        self.base = base
        self.report = LintReport()
        self.resolvers: dict[Path, StepResolver | None] = {}
        self.comments: dict[Path, tuple[dict[int, frozenset[str]], frozenset[str]]] = {}

    def shown(self, path: Path | str) -> str:
        """A path as the user can click it: relative to the current folder when inside it."""
        resolved = Path(path).resolve()
        return str(resolved.relative_to(self.base)) if resolved.is_relative_to(self.base) else str(path)

    def silenced(self, found: Finding) -> bool:
        path = (self.base / found.path).resolve()
        if path not in self.comments:
            lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
            self.comments[path] = (
                suppressions.inline(lines) if path.suffix == ".feature" else ({}, frozenset())
            )
        by_line, whole = self.comments[path]
        relative = suppressions.relative_to(self.project.project_dir, path)
        return suppressions.silenced(found, self.project.rules, relative, by_line, whole)

    def requirements(self) -> RequirementIndex | None:
        path = self.project.requirements_path
        if not path.is_file():
            self.report.notes.append(note("note.no_requirements", path=self.shown(path)))
            return None
        try:
            rows = read_requirement_rows(path, self.project.requirement_pattern)
        except InputFileError as error:
            self._project_file_error(error, "note.requirements_skipped")
            return None
        pattern = re.compile(self.project.requirement_pattern)
        return RequirementIndex(path, self.shown(path), pattern, {r.code: line for line, r in rows})

    def resolver(self, root: Path) -> StepResolver | None:
        if root not in self.resolvers:
            self.resolvers[root] = None
            try:
                registry = load_registry(root, self.project.project_dir)
            except InputFileError as error:
                self._project_file_error(error, "note.steps_skipped")
            else:
                if registry.definitions:
                    self.resolvers[root] = StepResolver(registry)
                else:
                    self.report.notes.append(note("note.no_steps", root=self.shown(root)))
        return self.resolvers[root]

    def lint_file(self, path: Path, root: Path, index: RequirementIndex | None) -> set[str]:
        shown = self.shown(path)
        reading = read_feature(path, shown, self.project.language)
        findings = self.report.findings
        findings += reading.findings
        document = reading.document
        if document is None:
            return set()
        findings += check_structure(document, shown)
        findings += check_tags(document, shown)
        resolver = self.resolver(root)
        if resolver is not None:
            findings += check_steps(document, shown, resolver, self.shown, self.project.manual_tags)
        if index is None:
            return set()
        found, covered = check_requirements(document, shown, index, hidden_duplicates(document))
        findings += found
        return covered

    def _project_file_error(self, error: InputFileError, skipped: str) -> None:
        self.report.findings.append(
            finding(
                "AMOA019",
                self.shown(error.path),
                error.line or 1,
                1,
                detail_fr=error.params["why_fr"],
                detail_en=error.params["why_en"],
            )
        )
        self.report.notes.append(note(skipped))

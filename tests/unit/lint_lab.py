"""A throwaway acceptance project for the lint tests: features, step definitions, requirements."""

from __future__ import annotations

import textwrap
from pathlib import Path

from amoa_workflow.lint import Finding, LintProject, LintReport, lint

PATTERN = r"EXG-\d{3}"


class Lab:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.features = root / "features"
        self.features.mkdir(parents=True, exist_ok=True)
        self.requirements_path = root / "exigences.yaml"

    def steps(self, source: str, folder: str = "") -> None:
        target = self.features / folder / "conftest.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        header = "from pytest_bdd import given, parsers, step, then, when\n\n"
        target.write_text(header + textwrap.dedent(source), encoding="utf-8")

    def feature(self, text: str, name: str = "essai.feature") -> Path:
        path = self.features / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def requirements(self, *codes: str) -> None:
        entries = "".join(
            f"  - id: {code}\n    titre: Exigence {code}\n    criticite: majeure\n    domaine: Paie\n"
            for code in codes
        )
        self.requirements_path.write_text(f"exigences:\n{entries}", encoding="utf-8")

    def lint(self, *paths: str, fix: bool = False) -> LintReport:
        project = LintProject(self.root, self.features, self.requirements_path, PATTERN, "fr")
        return lint([Path(p) for p in paths], project, fix=fix, cwd=self.root)

    def found(self, *paths: str) -> list[tuple[int, str]]:
        """(line, code) of every finding in features/essai.feature, in order."""
        return [(f.line, f.code) for f in self.findings(*paths) if f.path.endswith("essai.feature")]

    def findings(self, *paths: str) -> list[Finding]:
        return self.lint(*paths).findings

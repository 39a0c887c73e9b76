"""Static checks of Gherkin features against what pytest-bdd 9.0 will really do with them.

``lint(paths, project)`` parses every feature with the official Gherkin parser, checks it on its
own (structure, tags), against the project's step definitions (undefined, ambiguous steps) and
against its requirements repository, and returns a :class:`LintReport` of findings. Nothing here
runs pytest, prints or exits: ``amoa lint`` (:mod:`amoa_workflow.cli.lint`) does that.

May import: domain, errors, i18n, requirements, scenarios, settings, steps.
"""

from amoa_workflow.lint.findings import CODES, Finding, Note, Severity
from amoa_workflow.lint.linter import LintProject, LintReport, lint

__all__ = ["CODES", "Finding", "LintProject", "LintReport", "Note", "Severity", "lint"]

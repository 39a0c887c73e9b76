"""``amoa lint``: check the Gherkin features statically, before a campaign runs them."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors

if TYPE_CHECKING:
    from amoa_workflow.lint import LintReport


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Feature files or folders (default: the project's features).")
    ] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.TEXT,
    fix: Annotated[bool, typer.Option("--fix", help="Remove BOMs, add missing '# language:' lines.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="fr | en for the messages.")] = None,
) -> None:
    """Check the features: syntax, pytest-bdd traps, undefined or ambiguous steps, requirement tags.

    Exit code 1 when there is an error, 0 when there are only warnings.
    """
    from amoa_workflow.lint import LintProject
    from amoa_workflow.lint import lint as run_lint

    with user_errors():
        settings = project_settings()
        report = run_lint(paths or [], LintProject.from_settings(settings), fix=fix)
    language = ("fr" if lang.lower().startswith("fr") else "en") if lang else output_lang()
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(_document(report, language), ensure_ascii=False, indent=2))
    else:
        _print(report, language)
    raise typer.Exit(report.exit_code)


def _document(report: LintReport, language: str) -> dict[str, object]:
    return {
        "files": report.files,
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": [f.as_dict(language) for f in report.findings],
        "notes": [n.message(language) for n in report.notes],
        "fixed": [
            {"path": _shown(f.path), "bom_removed": f.bom_removed, "language_added": f.language_added}
            for f in report.fixes
        ],
    }


def _print(report: LintReport, language: str) -> None:
    """Findings on stdout (one ``file:line:col: CODE message`` each); fixes, notes and counts on stderr."""
    from amoa_workflow.lint.messages import text

    for done in report.fixes:
        what = [text("cli.bom_removed", language)] if done.bom_removed else []
        if done.language_added:
            what.append(text("cli.language_added", language, language=done.language_added))
        typer.echo(text("cli.fixed", language, path=_shown(done.path), what=", ".join(what)), err=True)
    for found in report.findings:
        typer.echo(found.render(language))
    for remark in report.notes:
        typer.echo(f"{text('cli.note', language)}: {remark.message(language)}", err=True)
    counts = {"files": report.files, "errors": report.errors, "warnings": report.warnings}
    typer.echo(text("cli.summary", language, **counts), err=True)


def _shown(path: Path) -> str:
    here = Path.cwd().resolve()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)

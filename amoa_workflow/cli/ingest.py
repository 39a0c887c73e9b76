"""``amoa ingest``: read a vendor's release notes and store them as a release (or a new revision)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from amoa_workflow.cli.app import app, output_lang, project_settings, release_named, user_errors
from amoa_workflow.errors import AmoaError
from amoa_workflow.i18n import translator


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@app.command()
def ingest(
    path: Annotated[
        Path, typer.Argument(help="Release notes: a file (Markdown, text, YAML, JSON) or a folder.")
    ],
    release: Annotated[
        str, typer.Option("--release", "-r", callback=release_named, help="The release to read, e.g. 1.1.0.")
    ],
    output: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.TEXT,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and show; store nothing.")] = False,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Store the release even if its notes hold no item.")
    ] = False,
) -> None:
    """Read release notes (any vendor format) and store the release; changed notes are a new revision.

    With PREFECT_API_URL set, new or changed notes emit amoa.release.ingested: the deployment
    checkpoint-on-new-release (prefect.yaml) runs the checkpoint of that release.
    """
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint import services
    from amoa_workflow.checkpoint.sources import fingerprint
    from amoa_workflow.reporting.console import print_ingest

    with user_errors() if output is OutputFormat.TEXT else json_errors():
        settings = project_settings()
        application = bootstrap(settings)
        reading = application.sources.notes(path, release, allow_empty=allow_empty)
        known = application.sources.requirement_codes()
        summary = None
        if not dry_run:
            summary = services.ingest_notes(
                application.uow(), reading.release, fingerprint(reading.release), known
            )
            from amoa_workflow.errors import PrefectServerUnavailable
            from amoa_workflow.release_events import announce_release

            try:
                announce_release(summary.release, summary.notes, summary.revision)  # a checkpoint starts
            except PrefectServerUnavailable as down:  # stored all the same: said, and no exit code
                said = translator(output_lang())("ingest.not_announced", release=summary.release,
                                                 url=down.params["url"])  # fmt: skip
                Console(stderr=True).print(said, soft_wrap=True, markup=False, highlight=False)
        lang = output_lang()
        if output is OutputFormat.JSON:
            document = {
                "format": reading.format,
                "release": asdict(reading.release),
                "warnings": [w.render(lang) for w in reading.warnings],
                "stored": asdict(summary) if summary else None,
            }
            typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
        else:
            print_ingest(Console(), reading, summary, lang)


@contextmanager
def json_errors() -> Iterator[None]:
    """With ``--format json``, a user mistake is a JSON document on stdout too, and its exit code."""
    try:
        yield
    except AmoaError as error:
        lang = output_lang()
        document = {
            "error": {
                "type": type(error).__name__,
                "message": error.render(lang),
                "exit_code": error.exit_code,
                **{k: v for k, v in error.params.items() if k in ("path", "line", "release")},
            }
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
        raise typer.Exit(error.exit_code) from None

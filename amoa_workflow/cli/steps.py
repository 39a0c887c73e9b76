"""``amoa steps``: the catalog of steps analysts can write, built-in and project."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors


class CatalogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    MD = "md"
    HTML = "html"


@app.command()
def steps(
    output: Annotated[
        CatalogFormat, typer.Option("--format", help="text, json, md or html.")
    ] = CatalogFormat.TEXT,
    to: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """List every step analysts can use, with its phrase in French and English and an example."""
    from amoa_workflow.scenarios import step_catalog
    from amoa_workflow.scenarios.step_registry import load_registry

    with user_errors():
        settings = project_settings()
        registry = load_registry(settings.features_dir, settings.project_dir)
        entries = step_catalog.build_catalog(registry, settings.project_dir)
        lang = output_lang()
        if output is CatalogFormat.JSON:
            text = step_catalog.as_json(entries)
        elif output is CatalogFormat.TEXT:
            text = step_catalog.as_text(entries, lang)
        else:
            text = step_catalog.as_document(entries, lang, output.value)
        if to is None:
            typer.echo(text, nl=False)
        else:
            to.parent.mkdir(parents=True, exist_ok=True)
            to.write_text(text, encoding="utf-8")
            typer.echo(str(to))

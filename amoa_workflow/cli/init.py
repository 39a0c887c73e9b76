"""``amoa init``: scaffold a new acceptance project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, user_errors
from amoa_workflow.i18n import translator


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder of the new project (created if needed).")],
    name: Annotated[str | None, typer.Option(help="Project name (default: the folder's name).")] = None,
) -> None:
    """Create an acceptance project: config, a French feature on built-in steps, requirements, notes."""
    from amoa_workflow.settings.scaffold import create_project

    with user_errors():
        written = create_project(folder, name or folder.resolve().name)
        t = translator(output_lang())
        for path in written:
            typer.echo(f"  {path}")
        typer.echo(t("init.done", folder=folder))

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
    demo: Annotated[
        bool, typer.Option(help="Add a small local demo API, tested when AMOA_API_URL is unset.")
    ] = False,
) -> None:
    """Create an acceptance project: config, a French feature on built-in steps, requirements, notes."""
    from amoa_workflow.settings.scaffold import create_project

    with user_errors():
        written = create_project(folder, name or folder.resolve().name, demo)
        t = translator(output_lang())
        for path in written:
            typer.echo(f"  {path}")
        typer.echo(t("init.done_demo" if demo else "init.done", folder=folder))

"""``amoa deploy``: write ``prefect.yaml`` from ``config/amoa.toml`` (or check that it still matches)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.i18n import translator


@app.command()
def deploy(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it.")] = Path("prefect.yaml"),
    pool: Annotated[str, typer.Option(help="The process work pool the workers take runs from.")] = "amoa",
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the file is not what amoa.toml makes.")
    ] = False,
) -> None:
    """Write prefect.yaml (deployments for a work pool) from the \\[\\[schedules]] of config/amoa.toml."""
    from amoa_workflow.settings.prefect_yaml import prefect_yaml
    from amoa_workflow.settings.schedules import load_schedules

    with user_errors():
        settings = project_settings()
        target = (output if output.is_absolute() else settings.project_dir / output).absolute()
        made = prefect_yaml(load_schedules(settings.project_dir), pool)
        t = translator(output_lang())
        if check:
            current = target.read_text(encoding="utf-8") if target.is_file() else None
            if current != made:
                typer.echo(t("cli.deploy_stale", file=target), err=True)
                raise typer.Exit(1)
            typer.echo(t("cli.deploy_current", file=target))
            return
        target.write_text(made, encoding="utf-8")
        typer.echo(t("cli.deploy_written", file=target, quoted=shlex.quote(str(target))))

"""``amoa docs``: the living documentation of the features, with their last results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, release_named, user_errors


@app.command()
def docs(
    release: Annotated[
        str | None,
        typer.Option("--release", "-r", callback=release_named, help="Show the results of this release."),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Default: data/reports/documentation.html")
    ] = None,
) -> None:
    """Write every feature as a readable page, with its last result per scenario and its requirements."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint import services
    from amoa_workflow.domain.file_names import inside
    from amoa_workflow.reporting import living_documentation

    with user_errors():
        settings = project_settings()
        application = bootstrap(settings)
        requirements = application.sources.requirements()
        results = []
        if release is not None:
            key = campaign_of(release, campaign)
            results = services.current_results(application.uow(), key)
        views = living_documentation.features(
            settings.features_dir, settings.project_dir, results, settings.requirement_pattern
        )
        html = living_documentation.render(
            views, requirements, results, output_lang(), settings.project_name, release
        )
        folder = inside(settings.reports_dir, (release,), "release", "--release") if release else None
        target = output or (folder or settings.reports_dir) / "documentation.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        typer.echo(str(target))

"""``amoa releases``: the releases stored, and removing one stored by mistake."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, release_named, user_errors
from amoa_workflow.i18n import translator

releases_app = typer.Typer(help="Releases stored / versions enregistrées.", no_args_is_help=True)
app.add_typer(releases_app, name="releases")


@releases_app.command("list")
def list_releases() -> None:
    """The releases stored, in the order they were ingested."""
    from amoa_workflow.bootstrap import bootstrap

    with user_errors():
        uow = bootstrap(project_settings()).uow()
        with uow:
            versions = uow.releases.versions()
        for version in versions:
            typer.echo(version)


@releases_app.command("remove")
def remove(
    version: Annotated[
        str, typer.Argument(help="The release to remove, e.g. 0.1.0.", callback=release_named)
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why, kept in the audit log.")],
    by: Annotated[str | None, typer.Option("--by", help="Who (default: the system user).")] = None,
) -> None:
    """Remove a release stored by mistake: notes, campaigns, results, gaps and gates (audited)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.release_removal import remove_release
    from amoa_workflow.checkpoint.services import utc_now

    with user_errors():
        if not reason.strip():
            raise typer.BadParameter("a reason is required / un motif est requis", param_hint="--reason")
        application = bootstrap(project_settings())
        removal = remove_release(application.uow(), version, by or getpass.getuser(), reason.strip(), utc_now)
        gaps = removal.gaps_restated + removal.gaps_dropped
        said = translator(output_lang())(
            "cli.release_removed", release=removal.release, campaigns=removal.campaigns,
            gates=removal.gates, gaps=gaps,
        )  # fmt: skip
        typer.echo(said)

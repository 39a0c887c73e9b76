"""``amoa checkpoint``: run an acceptance checkpoint through the Prefect flow."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.settings.project import Settings

if TYPE_CHECKING:
    from flows.checkpoint import CheckpointResult

# Read by Prefect at import time, so set before importing it; the user's own values win.
PREFECT_DEFAULTS = {
    # The embedded server needs 7-15 s on a fresh PREFECT_HOME (migrations); leave room on slow disks.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # No telemetry: nothing leaves the machine, and its heartbeat contends for the embedded SQLite.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


@app.command()
def checkpoint(
    release: Annotated[str, typer.Option("--release", "-r", help="Release under acceptance, e.g. 1.1.0.")],
    campaign: Annotated[
        str | None,
        typer.Option(help="Campaign key (default: <checkpoint>-<release>); same key = same campaign."),
    ] = None,
    shards: Annotated[
        int, typer.Option(min=1, help="Split the scenarios over N processes, one Prefect task each.")
    ] = 1,
) -> None:
    """Run an acceptance checkpoint on a release: ingest, run scenarios, record gaps, report."""
    with user_errors():
        settings = project_settings()
        _preflight(settings, release)
        result = _checkpoint_flow()(
            release=release, project_dir=str(settings.project_dir), campaign=campaign, shards=shards
        )
        from amoa_workflow.cli.approvals import print_gates
        from amoa_workflow.reporting.console import print_outcome

        console = Console()
        print_outcome(console, result.outcome, result.report, output_lang())
        print_gates(console, result.gates, output_lang())


def _preflight(settings: Settings, release: str) -> None:
    """Fail fast, before starting Prefect, on what the user can fix: inputs and database."""
    from amoa_workflow.bootstrap import bootstrap

    application = bootstrap(settings)
    application.sources.requirements()
    application.sources.release(release)
    application.notifications()  # approvers' channels: a missing variable stops us before the run
    application.gates()  # and the approval gates' configuration
    application.engine.dispose()


def prefect_defaults() -> None:
    """Our Prefect settings, unless the user set them; before Prefect is imported."""
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def _checkpoint_flow() -> Callable[..., CheckpointResult]:
    prefect_defaults()
    from flows.checkpoint import acceptance_checkpoint  # imports Prefect (~1.5 s): only when needed

    return acceptance_checkpoint

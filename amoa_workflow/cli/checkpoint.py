"""``amoa checkpoint``: run an acceptance checkpoint through the Prefect flow."""

from __future__ import annotations

import os
import signal
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.console import Console

from amoa_workflow.cli.app import (
    app,
    interrupted,
    output_lang,
    project_settings,
    release_named,
    settling,
    user_errors,
    warn_without_api,
)
from amoa_workflow.cli.interruption import interruptible, received
from amoa_workflow.settings.project import Settings

if TYPE_CHECKING:
    from prefect import State

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
    release: Annotated[
        str,
        typer.Option("--release", "-r", callback=release_named, help="Release under acceptance, e.g. 1.1.0."),
    ],
    campaign: Annotated[
        str | None,
        typer.Option(help="Campaign key (default: <checkpoint>-<release>); same key = same campaign."),
    ] = None,
    shards: Annotated[
        int, typer.Option(min=1, help="Split the scenarios over N processes, one Prefect task each.")
    ] = 1,
) -> None:
    """Run an acceptance checkpoint on a release: ingest, run scenarios, record gaps, report."""
    with user_errors(), interruptible():
        settings = project_settings()
        _preflight(settings, release)
        warn_without_api(settings)
        started = _now()
        state = _run_checkpoint_flow(
            release=release, project_dir=str(settings.project_dir), campaign=campaign, shards=shards
        )
        if state.is_cancelled():  # interrupted: the flow stopped the scenarios and said what it kept
            from amoa_workflow.errors import Interrupted

            stop = Interrupted(received() or signal.SIGTERM)
            interrupted(stop, (state.message or "").split(": ", 1)[-1])
        result: CheckpointResult = state.result()
        from amoa_workflow.cli.approvals import print_gates
        from amoa_workflow.reporting.console import print_outcome

        console = Console()
        print_outcome(console, result.outcome, result.report, output_lang())
        print_gates(console, result.gates, output_lang())
        from amoa_workflow.bootstrap import bootstrap
        from amoa_workflow.cli.notifications import print_unreached_since

        application = bootstrap(settings)  # the outbox as the flow left it
        try:
            print_unreached_since(console, application.uow(), started, output_lang())  # who was told nothing
        finally:
            application.engine.dispose()


def _now() -> datetime:
    from amoa_workflow.checkpoint.services import utc_now

    return utc_now()


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


def _run_checkpoint_flow(**parameters: Any) -> State[CheckpointResult]:
    prefect_defaults()
    with settling():  # Prefect's modules: the cyclic collector no longer walks them, nor while importing
        from flows.checkpoint import acceptance_checkpoint  # imports Prefect (~1 s): only when needed

        _local_server_unless_one_is_set()
    state = acceptance_checkpoint(**parameters, return_state=True)
    return cast("State[CheckpointResult]", state)  # a returned State becomes the run's final state


def _local_server_unless_one_is_set() -> None:
    """Start a local Prefect server (:mod:`amoa_workflow.cli.local_server`) unless Prefect has one
    (``PREFECT_API_URL``, from the environment or Prefect's profile): Prefect's own server code is
    not loaded in our process either way."""
    from prefect.settings import PREFECT_API_URL

    from amoa_workflow.cli import local_server  # imported here: the other commands need none of it

    if PREFECT_API_URL.value():  # a server of the user's: not ours to start
        return
    server = local_server.start()
    server.wait_until_ready()
    local_server.tell_prefect(server)

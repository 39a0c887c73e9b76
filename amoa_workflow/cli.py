"""The ``amoa`` command line. Thin: parse options, build the application, call a service or a flow.

Prefect is imported only by the commands that run a flow, so ``amoa --help`` stays fast.
A user mistake (:class:`~amoa_workflow.errors.AmoaError`) becomes one line on stderr and an
exit code: 2 for wrong input, 3 for an unavailable service.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from amoa_workflow import __version__
from amoa_workflow.config import Settings, detect_lang, load_settings
from amoa_workflow.errors import AmoaError
from amoa_workflow.i18n import translator

if TYPE_CHECKING:
    from flows.checkpoint import CheckpointResult

app = typer.Typer(
    name="amoa",
    help="Acceptance (recette) workflow for AMOA teams / Recette pilotée pour les équipes AMOA.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
_state: dict[str, Path | str | None] = {"project": Path.cwd(), "lang": None}

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Project folder (holds config/amoa.toml).", show_default=False)
]


@app.callback()
def main_options(
    project: ProjectOption = Path(),
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr | en (default: AMOA_LANG, config, locale).")
    ] = None,
) -> None:
    _state["project"] = project
    _state["lang"] = lang


def _lang(settings: Settings | None = None) -> str:
    chosen = _state["lang"]
    if isinstance(chosen, str):
        return "fr" if chosen.lower().startswith("fr") else "en"
    return settings.lang if settings else detect_lang(os.environ)


@contextmanager
def _user_errors(settings_holder: list[Settings]) -> Iterator[None]:
    """Turn an AmoaError into one readable line and an exit code; never a traceback."""
    try:
        yield
    except AmoaError as error:
        lang = _lang(settings_holder[0] if settings_holder else None)
        message = f"[bold red]{translator(lang)('cli.error')}:[/] {escape(error.render(lang))}"
        Console(stderr=True, soft_wrap=True).print(message, highlight=False)
        raise typer.Exit(error.exit_code) from None


def _settings() -> Settings:
    project = _state["project"]
    return load_settings(project if isinstance(project, Path) else Path())


@app.command()
def checkpoint(
    release: Annotated[str, typer.Option("--release", "-r", help="Release under acceptance, e.g. 1.1.0.")],
    campaign: Annotated[
        str | None,
        typer.Option(help="Campaign key (default: <checkpoint>-<release>); same key = same campaign."),
    ] = None,
) -> None:
    """Run an acceptance checkpoint on a release: ingest, run scenarios, record gaps, report."""
    holder: list[Settings] = []
    with _user_errors(holder):
        settings = _settings()
        holder.append(settings)
        _preflight(settings, release)
        run_flow = _checkpoint_flow()
        result = run_flow(release=release, project_dir=str(settings.project_dir), campaign=campaign)
        from amoa_workflow.console import print_outcome

        print_outcome(Console(), result.outcome, result.report, _lang(settings))


def _preflight(settings: Settings, release: str) -> None:
    """Fail fast, before starting Prefect, on what the user can fix: inputs and database."""
    from amoa_workflow.bootstrap import bootstrap

    application = bootstrap(settings)
    application.sources.requirements()
    application.sources.release(release)
    application.engine.dispose()


# Read by Prefect at import time, so set before importing it; the user's own values win.
PREFECT_DEFAULTS = {
    # The embedded server needs 7-15 s on a fresh PREFECT_HOME (migrations); leave room on slow disks.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # No telemetry: nothing leaves the machine, and its heartbeat contends for the embedded SQLite.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def _checkpoint_flow() -> Callable[..., CheckpointResult]:
    for name, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(name, value)
    from flows.checkpoint import acceptance_checkpoint  # imports Prefect (~1.5 s): only when needed

    return acceptance_checkpoint


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()

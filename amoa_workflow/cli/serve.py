"""``amoa serve``: serve the scheduled checkpoints of ``[[schedules]]`` and the reminders (Prefect)."""

from __future__ import annotations

import signal

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.cli.checkpoint import prefect_defaults
from amoa_workflow.i18n import translator


@app.command()
def serve() -> None:
    """Serve one deployment per scheduled release (cron) and the approval reminders, until Ctrl-C.

    Set PREFECT_API_URL to a Prefect server (its UI shows the runs and the approval forms). The
    deployments are named served-…: they never replace those of prefect.yaml, and stopping only
    pauses their own schedules.
    """
    from amoa_workflow.settings.schedules import load_schedules

    with user_errors():
        settings = project_settings()
        schedules = load_schedules(settings.project_dir)
        prefect_defaults()
        from flows.deployments import SERVED, serve_all  # imports Prefect: only when serving

        # Ctrl-C stops serving, Prefect pausing the served schedules, even when amoa serve was
        # started as a script's background job, which inherits SIGINT ignored (it never stopped).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        names = [SERVED + s.deployment for s in schedules] + [SERVED + "approval-reminders"]
        typer.echo(translator(output_lang())("cli.serving", names=", ".join(names)))
        serve_all(str(settings.project_dir), schedules)

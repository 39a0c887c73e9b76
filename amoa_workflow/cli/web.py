"""``amoa web`` serves the approvers' page; ``amoa link`` prints a signed link for one approver."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, project_settings, user_errors


@app.command()
def web(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    secure: Annotated[
        bool, typer.Option("--secure", help="Served over HTTPS (a proxy): Secure cookies and HSTS.")
    ] = False,
) -> None:
    """Serve the approvers' web page: the PV, the gaps and the decision form (needs AMOA_WEB_SECRET)."""
    from amoa_workflow.bootstrap import bootstrap, web_app

    with user_errors():
        application = web_app(bootstrap(project_settings()), os.environ, secure_cookies=secure)
    import uvicorn  # only when serving

    uvicorn.run(application, host=host, port=port, log_level="info", server_header=False)


@app.command()
def link(
    release: Annotated[str, typer.Option("--release", "-r", help="Release, e.g. 1.1.0.")],
    gate: Annotated[str, typer.Option("--gate", "-g", help="Gate name, e.g. vabf.")],
    approver: Annotated[str, typer.Option("--approver", "-a", help="The approver's id.")],
    hours: Annotated[float, typer.Option(help="Hours the link stays valid.", min=0.1, max=24 * 90)] = 72,
) -> None:
    """Print a signed, expiring, single-use link for an approver to decide on a gate (AMOA_WEB_URL)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.web import issuing
    from amoa_workflow.web.links import link_settings

    with user_errors():
        links = link_settings(os.environ, hours)
        application = bootstrap(project_settings())
        url = issuing.issue_link(
            application.uow(), application.gates(), links, approver, gate, release, utc_now(),
            timedelta(hours=hours),
        )  # fmt: skip
        typer.echo(url)

"""``amoa web`` serves the approvers' page; ``amoa link`` prints a signed link for one approver."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, release_named, user_errors


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
    from uvicorn.config import LOGGING_CONFIG

    from amoa_workflow.web.access_log import log_config

    uvicorn.run(application, host=host, port=port, log_level="info", server_header=False,
                log_config=log_config(LOGGING_CONFIG))  # fmt: skip


link_app = typer.Typer(
    help="Approvers' links: print one for an approver (options), or revoke one (revoke LINK).",
    invoke_without_command=True,
)
app.add_typer(link_app, name="link")


@link_app.callback()
def link(
    context: typer.Context,
    release: Annotated[
        str | None, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
    ] = None,
    gate: Annotated[str | None, typer.Option("--gate", "-g", help="Gate name, e.g. vabf.")] = None,
    approver: Annotated[str | None, typer.Option("--approver", "-a", help="The approver's id.")] = None,
    hours: Annotated[float, typer.Option(help="Hours the link stays valid.", min=0.1, max=24 * 90)] = 72,
) -> None:
    """Print a signed, expiring, single-use link for an approver to decide on a gate (AMOA_WEB_URL)."""
    if context.invoked_subcommand is not None:
        return
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint.services import utc_now
    from amoa_workflow.web import issuing
    from amoa_workflow.web.links import link_settings

    missing = [name for name, value in (("--release", release), ("--gate", gate), ("--approver", approver))
               if not value]  # fmt: skip
    if missing or release is None or gate is None or approver is None:
        raise typer.BadParameter("needed: " + ", ".join(missing), param_hint="amoa link")
    with user_errors():
        links = link_settings(os.environ, hours)
        application = bootstrap(project_settings())
        url = issuing.issue_link(
            application.uow(), application.gates(), links, approver, gate, release, utc_now(),
            timedelta(hours=hours),
        )  # fmt: skip
        typer.echo(url)


@link_app.command("revoke")
def revoke(
    link: Annotated[
        str, typer.Argument(help="The link (its address or token, as sent or as stored) or its id.")
    ],
) -> None:
    """Revoke a link: it opens nothing more (neither the pages nor the form)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.web import issuing

    with user_errors():
        application = bootstrap(project_settings())
        link_id, revoked = issuing.revoke_link(application.uow(), link, issuing.ACTOR)
        lang = 0 if output_lang() == "fr" else 1
        words = (("Lien {id} révoqué.", "Link {id} revoked."), ("Lien {id} : déjà utilisé ou révoqué.",
                 "Link {id}: already used or revoked."))[0 if revoked else 1]  # fmt: skip
        typer.echo(words[lang].format(id=link_id))

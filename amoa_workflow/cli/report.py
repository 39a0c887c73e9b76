"""``amoa report``: publish a release's PV de recette, traceability matrix, digest, evidence pack."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, user_errors


@app.command()
def report(
    release: Annotated[str, typer.Option("--release", "-r", help="Release, e.g. 1.1.0.")],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", help="html, md, csv, xlsx, digest, evidence (repeatable; default html)."
        ),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")
    ] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-o", help="Default: data/reports/<release>.")
    ] = None,
) -> None:
    """Write the acceptance report of a recorded campaign in the formats asked (French or English: --lang)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint import services
    from amoa_workflow.domain.file_names import inside
    from amoa_workflow.gates import approvals, audit_trail
    from amoa_workflow.reporting import evidence, publication

    with user_errors():
        chosen = formats or ["html"]
        unknown = [f for f in chosen if f not in publication.FORMATS]
        if unknown:
            raise typer.BadParameter(f"{', '.join(unknown)} (choose among {', '.join(publication.FORMATS)})")
        settings = project_settings()
        application = bootstrap(settings)
        key = campaign_of(release, campaign)
        outcome = services.campaign_outcome(
            application.uow(), settings.project_name, settings.checkpoint, release, key, settings.rules
        )
        folder = output_dir or inside(settings.reports_dir, (release,), "release", "--release")
        gates = approvals.gate_states(application.uow(), application.gates(), release)
        head = audit_trail.head(application.uow())
        written = publication.publish(outcome, output_lang(), folder, chosen, gates, head)
        if "evidence" in written:  # its manifest goes into the audit log: a pack made again shows
            pack = written["evidence"]
            audit_trail.record_evidence(
                application.uow(), services.ACTOR, pack.name, evidence.manifest_sha256(pack), key, release
            )
        for form, path in written.items():
            typer.echo(f"{form}: {path}")

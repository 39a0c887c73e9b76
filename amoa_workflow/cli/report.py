"""``amoa report``: publish a release's PV de recette, traceability matrix, digest, evidence pack;
the PV (HTML, PDF) and the evidence pack are kept in the database as written. ``--stored``: write
out what the database keeps instead (SHA-256 checked), on a host that never rendered it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, campaign_of, output_lang, project_settings, release_named, user_errors


@app.command()
def report(
    release: Annotated[
        str, typer.Option("--release", "-r", callback=release_named, help="Release, e.g. 1.1.0.")
    ],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", help="html, md, pdf, csv, xlsx, digest, evidence (repeatable; default html)."
        ),
    ] = None,
    campaign: Annotated[
        str | None, typer.Option(help="Campaign key (default: <checkpoint>-<release>).")
    ] = None,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", "-o", help="Default: data/reports/<release>.")
    ] = None,
    stored: Annotated[
        bool,
        typer.Option(
            "--stored",
            help="Write the PV (html, pdf) or evidence pack kept in the database, SHA-256 checked "
            "(a pdf or pack older than the PV kept last is refused).",
        ),
    ] = False,
) -> None:
    """Write the acceptance report of a recorded campaign in the formats asked (French or English: --lang)."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.checkpoint import services
    from amoa_workflow.cli.approvals import print_doubts, signature_holds
    from amoa_workflow.domain.file_names import inside
    from amoa_workflow.gates import approvals
    from amoa_workflow.i18n import translator
    from amoa_workflow.reporting import archive, publication

    with user_errors():
        chosen = formats or ["html"]
        unknown = [f for f in chosen if f not in publication.FORMATS]
        if unknown:  # said before the project is read: in the language of --lang or the environment
            choices = ", ".join(publication.FORMATS)
            words = translator(output_lang())(
                "cli.report_unknown_format", formats=", ".join(unknown), choices=choices
            )
            raise typer.BadParameter(words)
        if stored and not set(chosen) <= {"html", "pdf", "evidence"}:  # said before the database is read
            raise typer.BadParameter(translator(output_lang())("cli.report_stored_formats"))
        settings = project_settings()
        t = translator(output_lang())
        application = bootstrap(settings)
        key = campaign_of(release, campaign)
        folder = output_dir or inside(settings.reports_dir, (release,), "release", "--release")
        if stored:
            kinds = [f for f in chosen if f in ("html", "pdf", "evidence")]
            every = [archive.stored(application.uow(), release, kind, key) for kind in kinds]  # all, or none
            for kind, kept in zip(kinds, every, strict=True):
                path = archive.write_out(kept, folder)
                created = archive.utc_time(kept.created_at)
                line = t("cli.report_stored_file", kind=kind, path=path, sha256=kept.sha256, created=created)
                typer.echo(line)
            if since := archive.decided_since(application.uow(), every[0]):  # said, on stderr
                last = archive.utc_time(since[-1])
                words = t("cli.report_stored_before_decisions", count=len(since), last=last, release=release)
                typer.echo(words, err=True)
            return
        asked = publication.Publishing(
            settings.project_name, settings.checkpoint, release, key, settings.rules, application.gates(),
            output_lang(), folder, chosen, signature_holds,
        )  # fmt: skip
        written = publication.publish_and_keep(application.uow(), asked, services.utc_now, services.ACTOR)
        for form, path in written.items():
            typer.echo(t("cli.report_file", form=form, path=path))
        # the PV marks what does not verify; said here too, naming each decision (exit 1)
        states = approvals.gate_states(application.uow(), application.gates(), release, signature_holds)
        if print_doubts(states, output_lang()):
            raise typer.Exit(1)

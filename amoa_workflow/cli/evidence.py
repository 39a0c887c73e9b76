"""``amoa evidence verify PACK``: the pack's files against its manifest, the manifest against the
audit entry recorded when the pack was written, and the audit log itself; exit code 1 if one fails.
``amoa evidence verify --release V``: the same for the pack kept in the database (any host)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, release_named, user_errors

evidence_app = typer.Typer(help="Evidence packs (packs de preuves).", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

_WORDS = {
    "files": ("Fichiers : {count} conformes au manifeste", "Files: {count} match the manifest"),
    "recorded": (
        "Manifeste {sha} enregistré au journal d'audit (entrée {entries})",
        "Manifest {sha} recorded in the audit log (entry {entries})",
    ),
    "log": ("Journal d'audit intègre ({count} entrées)", "Audit log intact ({count} entries)"),
    "broken": ("Pack de preuves non conforme : {what}", "Evidence pack does not hold: {what}"),
    "more": ("(et {count} autre(s) problème(s))", "(and {count} more problem(s))"),
}


@evidence_app.command("verify")
def verify(
    pack: Annotated[Path | None, typer.Argument(help="The evidence pack (…-preuves.zip).")] = None,
    release: Annotated[
        str | None,
        typer.Option(
            "--release", "-r", callback=release_named, help="The pack of this release kept in the database."
        ),
    ] = None,
) -> None:
    """Check an evidence pack: files, manifest and its audit entry, and the audit log."""
    import tempfile

    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.i18n import translator
    from amoa_workflow.reporting import archive
    from amoa_workflow.reporting.evidence import verify_evidence
    from amoa_workflow.signatures.proofs import signature_holds

    with user_errors(), tempfile.TemporaryDirectory() as folder:
        if pack is not None and release is not None:
            raise typer.BadParameter(translator(output_lang())("cli.evidence_pack_or_release"))
        if pack is None and release is None:  # said before the database is looked for
            raise typer.BadParameter(translator(output_lang())("cli.evidence_pack_missing"))
        settings = project_settings()
        application = bootstrap(settings)
        target = pack
        if release is not None:  # written out, its SHA-256 checked against the one kept with it
            target = archive.write_out(archive.stored(application.uow(), release, "evidence"), Path(folder))
        if target is None:
            raise typer.BadParameter(translator(output_lang())("cli.evidence_pack_missing"))
        checked = verify_evidence(application.uow(), target, signature_holds, settings.audit_key)
        lang = output_lang()
        words = {key: pair[0 if lang == "fr" else 1] for key, pair in _WORDS.items()}
        if checked.problems:
            typer.echo(words["broken"].format(what=checked.problems[0].render(lang)), err=True)
            if len(checked.problems) > 1:
                typer.echo(words["more"].format(count=len(checked.problems) - 1), err=True)
            raise typer.Exit(1)
        contents = checked.contents
        typer.echo(words["files"].format(count=contents.listed))
        entries = ", ".join(str(e) for e in checked.recorded)
        typer.echo(words["recorded"].format(sha=contents.manifest_sha256, entries=entries))
        typer.echo(words["log"].format(count=checked.log.count))

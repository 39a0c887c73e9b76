"""``amoa audit verify``: check the audit log's hash chain; the first tampered entry, exit code 1."""

from __future__ import annotations

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.i18n import translator

audit_app = typer.Typer(help="The audit log (journal d'audit).", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify() -> None:
    """Check that no audit entry was changed, removed or inserted since it was written."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.gates import audit_trail

    with user_errors():
        application = bootstrap(project_settings())
        checked = audit_trail.verify_log(application.uow())
        t = translator(output_lang())
        if checked.broken is None:
            typer.echo(t("cli.audit_ok", count=checked.count, hash=checked.last_hash[:16]))
            return
        entry = checked.broken.entry
        typer.echo(
            t("cli.audit_broken", id=entry.id, at=entry.at, action=entry.action, subject=entry.subject,
              what=t("audit." + checked.broken.kind.value)),
            err=True,
        )  # fmt: skip
        raise typer.Exit(1)

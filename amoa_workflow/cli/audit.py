"""``amoa audit verify``: everything the audit log proves, checked; the first place that does not hold,
exit code 1. ``amoa audit signatures DIR``: the signed decisions as files ``ssh-keygen -Y verify`` reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors
from amoa_workflow.i18n import translator

audit_app = typer.Typer(help="The audit log (journal d'audit).", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

_WORDS = {
    "no_anchor": (
        "Remarque : pas de fichier d'ancrage ({path}) : une coupe en fin de journal ne se verrait pas.",
        "Note: no anchor file ({path}): a cut at the end of the log would not show.",
    ),
    "none_here": (
        "Remarque : aucune tête de cette base (db={database}) dans {path} : une coupe en fin de journal "
        "ne se verrait pas.",
        "Note: no head of this database (db={database}) in {path}: a cut at the end of the log would "
        "not show.",
    ),
    "elsewhere": (
        "Têtes d'autres bases dans {path}, non vérifiées ici : {count} (cette base : db={database})",
        "Heads of other databases in {path}, not checked here: {count} (this database: db={database})",
    ),
    "more": ("(et {count} autre(s) problème(s))", "(and {count} more problem(s))"),
    "checked": (
        "MAC vérifiés : {keyed} ; têtes ancrées vérifiées : {anchors} (db={database}) ; "
        "portes recalculées : {gates} ; signatures vérifiées : {signatures}",
        "MACs checked: {keyed}; anchored heads checked: {anchors} (db={database}); "
        "gates re-derived: {gates}; signatures verified: {signatures}",
    ),
    "yes": ("oui", "yes"),
    "no": ("non (AMOA_AUDIT_KEY absent)", "no (AMOA_AUDIT_KEY not set)"),
    "head": ("{head} n'est pas une tête ID:EMPREINTE", "{head} is not a head ID:HASH"),
}


def _w(key: str, **params: object) -> str:
    return _WORDS[key][0 if output_lang() == "fr" else 1].format(**params)


@audit_app.command("verify")
def verify(
    head: Annotated[
        list[str] | None,
        typer.Option(
            "--head", help="ID:HASH, a head printed in a PV, an evidence pack or a message (repeat)."
        ),
    ] = None,
    output: Annotated[
        str, typer.Option("--format", help="text, or json (shape amoa.audit-verify/1).")
    ] = "text",
) -> None:
    """Check the audit log: chain, MACs, anchors, and the gates, decisions and reservations against it."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.domain.audit import Anchor, read_anchors
    from amoa_workflow.domain.audit_review import Problem
    from amoa_workflow.gates import audit_trail
    from amoa_workflow.signatures.proofs import signature_holds

    with user_errors():
        if output not in ("text", "json"):
            raise typer.BadParameter(f"'{output}': text or json", param_hint="--format")
        settings = project_settings()
        application = bootstrap(settings)
        anchors: list[Anchor] = []
        extra: list[Problem] = []
        path = settings.audit_anchor
        if path is not None and path.is_file():
            anchors, bad = read_anchors(path.read_text(encoding="ascii", errors="replace"), str(path))
            if bad is not None:
                extra.append(
                    Problem(
                        "anchor_unreadable",
                        None,
                        f"{path}:{bad}: not an anchor line",
                        f"{path}:{bad} : pas une ligne d'ancrage",
                    )
                )
        for number, text in enumerate(head or [], 1):
            ident, _, digest = text.partition(":")
            if not ident.isdigit() or len(digest) != 64:
                raise typer.BadParameter(_w("head", head=text), param_hint="--head")
            anchors.append(Anchor(int(ident), digest, f"--head #{number}"))
        database = application.audit_protection.database
        checked = audit_trail.verify_log(
            application.uow(), signature_holds, settings.audit_key, anchors, extra, database
        )
        t = translator(output_lang())
        if output == "json":
            from amoa_workflow.reporting.machine_readable import audit_document, dumps

            typer.echo(dumps(audit_document(checked, output_lang())))
            if checked.broken is not None:
                raise typer.Exit(1)
            return
        if path is not None and not path.is_file() and checked.count:
            typer.echo(_w("no_anchor", path=path), err=True)
        elif path is not None and checked.count and checked.anchors == len(head or []):
            typer.echo(_w("none_here", path=path, database=database), err=True)
        summary = _w(
            "checked",
            keyed=_w("yes" if checked.keyed else "no"),
            anchors=checked.anchors,
            database=database,
            gates=checked.gates,
            signatures=checked.signatures,
        )
        broken = checked.broken
        if broken is None:
            shown = f"#{checked.last_id} {checked.last_hash}" if checked.last_id else checked.last_hash[:16]
            typer.echo(t("cli.audit_ok", count=checked.count, hash=shown))
            typer.echo(summary)
            if checked.elsewhere:
                typer.echo(_w("elsewhere", path=path, count=checked.elsewhere, database=database))
            return
        typer.echo(t("cli.audit_broken", what=broken.render(output_lang())), err=True)
        if len(checked.problems) > 1:
            typer.echo(_w("more", count=len(checked.problems) - 1), err=True)
        raise typer.Exit(1)


@audit_app.command("signatures")
def signatures(
    folder: Annotated[Path, typer.Argument(help="Where to write the statements and signatures.")],
) -> None:
    """Write each signed decision as <entry>.statement and <entry>.sig, and the signers' public keys
    (allowed_signers), with the ssh-keygen command that checks each one."""
    from amoa_workflow.bootstrap import bootstrap
    from amoa_workflow.domain.proofs import ProofKind, authentication_from

    with user_errors():
        application = bootstrap(project_settings())
        with application.uow() as uow:
            entries = uow.audit.entries()
        folder.mkdir(parents=True, exist_ok=True)
        signers: dict[str, str] = {}
        for entry in entries:
            proof = entry.details.get("proof") if entry.action == "gate.decision" else None
            found = authentication_from(proof, entry.actor) if isinstance(proof, dict) else None
            if found is None or found.method is not ProofKind.SIGNATURE:
                continue
            (folder / f"{entry.id}.statement").write_text(found.statement, encoding="utf-8")
            (folder / f"{entry.id}.sig").write_text(found.signature, encoding="ascii")
            signers[f'{entry.actor} namespaces="amoa-decision" {" ".join(found.public_key.split()[:2])}'] = ""
            typer.echo(
                f"ssh-keygen -Y verify -f {folder / 'allowed_signers'} -I {entry.actor} -n amoa-decision "
                f"-s {folder / f'{entry.id}.sig'} < {folder / f'{entry.id}.statement'}"
            )
        (folder / "allowed_signers").write_text("".join(f"{line}\n" for line in signers), encoding="utf-8")

"""``amoa keys generate``: an approver's key pair, to sign their decisions with ``amoa approve``.

The private key is written for its owner only (0600, in ``~/.config/amoa/keys/<id>.key`` or
``AMOA_KEYS_DIR``); the public key line is printed to put in ``config/approvers.toml``
(``--register`` writes it there). Keys are OpenSSH's Ed25519: an existing SSH key works too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from amoa_workflow.cli.app import app, output_lang, project_settings, user_errors

keys_app = typer.Typer(help="Approvers' signing keys (clés de signature).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

_WORDS = {
    "written": (
        "Clé privée écrite (lisible par vous seul) : {path}",
        "Private key written (yours only): {path}",
    ),
    "public": (
        "Clé publique (empreinte {fingerprint}), à mettre dans config/approvers.toml, table de {approver} :",
        "Public key (fingerprint {fingerprint}), to put in config/approvers.toml, in {approver}'s table:",
    ),
    "registered": ("Clé publique enregistrée dans {path}", "Public key registered in {path}"),
}


@keys_app.command("generate")
def generate(
    approver: Annotated[str, typer.Option("--approver", "-a", help="Your approver id.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Private key file (default: the keys folder).")
    ] = None,
    register: Annotated[
        bool, typer.Option("--register", help="Write the public key into config/approvers.toml.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing key.")] = False,
) -> None:
    """Make your key pair: the private key stays with you, the public key goes to approvers.toml."""
    from amoa_workflow.domain.file_names import file_name
    from amoa_workflow.errors import AmoaError
    from amoa_workflow.settings.approver_keys import register_public_key
    from amoa_workflow.signatures.keys import default_key_path, new_key_pair, write_private_key

    with user_errors():
        file_name(approver, "approver", "--approver")
        path = output or default_key_path(approver, os.environ)
        private, public = new_key_pair(approver)
        lang = 0 if output_lang() == "fr" else 1
        write_private_key(path, private, public, replace=force)
        registered = None
        if register:
            try:
                registered = register_public_key(project_settings().project_dir, approver, public, force)
            except AmoaError:  # nothing left behind: no key without its registration
                path.unlink()
                path.with_name(path.name + ".pub").unlink()
                raise
        typer.echo(_WORDS["written"][lang].format(path=path), err=True)
        if registered is not None:
            typer.echo(_WORDS["registered"][lang].format(path=registered), err=True)
        else:
            typer.echo(
                _WORDS["public"][lang].format(fingerprint=public.fingerprint, approver=approver), err=True
            )
        typer.echo(f'public_key = "{public.line}"')

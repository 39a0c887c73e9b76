"""Mistakes on the command line itself (an unknown command or option, a missing or invalid value),
said in the user's language: Typer (Click) words them in English only.

``amoa`` runs its Typer application without Click's standalone handling: a usage error comes back
here, its message is put in French when the output language is French (the patterns below are
Click's own messages), and it is printed as Click would (the usage line, where to find help, the
message), with Click's exit code (2).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.markup import escape

from amoa_workflow.i18n import translator

FRENCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), french)
    for pattern, french in (
        (r"No such command '(?P<a>.+)'\.", "commande inconnue « {a} »"),
        (
            r"No such option: (?P<a>\S+?)\s+Did you mean (?P<c>.+)\?",
            "option inconnue : {a} (vouliez-vous dire {c} ?)",
        ),
        (
            r"No such option: (?P<a>\S+) \(Possible options: (?P<c>.+)\)",
            "option inconnue : {a} (options possibles : {c})",
        ),
        (r"No such option: (?P<a>\S+)", "option inconnue : {a}"),
        (r"Missing option (?P<a>.+?)\.?", "option obligatoire manquante : {a}"),
        (r"Missing argument (?P<a>.+?)\.?", "argument obligatoire manquant : {a}"),
        (r"Missing parameter: (?P<a>.+)", "paramètre manquant : {a}"),
        (r"Option '(?P<a>.+?)' requires an argument\.", "l'option {a} attend une valeur"),
        (r"Got unexpected extra arguments? \((?P<a>.+)\)", "argument(s) en trop : {a}"),
        (r"Invalid value for (?P<a>.+?): (?P<b>.+)", "valeur invalide pour {a} : {b}"),
        (r"Invalid value: (?P<b>.+)", "valeur invalide : {b}"),
        (r"Value error, (?P<b>.+)", "{b}"),
        (r"'(?P<a>.*)' is not one of (?P<b>.+?)\.?", "« {a} » n'est pas une des valeurs permises ({b})"),
        (r"'(?P<a>.*)' is not a valid (?:integer|integer range)\.?", "« {a} » n'est pas un nombre entier"),
        (r"'(?P<a>.*)' is not a valid float(?: range)?\.?", "« {a} » n'est pas un nombre"),
        (r"'(?P<a>.*)' does not match the format (?P<b>.+?)\.?", "« {a} » n'est pas une date au format {b}"),
        (r"Path '(?P<a>.+?)' does not exist\.?", "le chemin « {a} » n'existe pas"),
        (r"(?P<a>File|Directory|Path) '(?P<b>.+?)' is a directory\.?", "« {b} » est un dossier"),
    )
)


def in_french(message: str) -> str:
    """Click's English message in French (its inner value message too); as it is when unknown."""
    for pattern, french in FRENCH:
        found = pattern.fullmatch(message.strip())
        if found:
            parts = {
                k: (in_french(v) if k == "b" else v) for k, v in found.groupdict().items() if v is not None
            }
            return french.format(**parts)
    return message


def run(application: Callable[..., Any], lang: Callable[[], str]) -> int:
    """Run the Typer ``application``; a usage error is printed in the language ``lang()`` says.
    Returns the exit code."""
    from typer import Abort
    from typer._click.exceptions import ClickException  # Typer's own copy of Click (BadParameter's base)

    try:
        code = application(standalone_mode=False)
    except ClickException as error:
        _show(error, lang())
        return error.exit_code
    except Abort:
        Console(stderr=True).print("Interrompu." if lang() == "fr" else "Aborted.", highlight=False)
        return 1
    except BrokenPipeError:  # the output piped to a reader that left (amoa gaps | head -1), as Click
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 1
    return code if isinstance(code, int) else 0


def _show(error: Any, lang: str) -> None:
    if error.__class__.__name__ == "NoArgsIsHelpError":  # a group called alone: its help, as Typer does
        Console().print(error.format_message(), highlight=False, markup=False)
        return
    console = Console(stderr=True, soft_wrap=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(escape(ctx.get_usage()), highlight=False)
        helping = "Essayez « {} {} » pour l'aide." if lang == "fr" else "Try '{} {}' for help."
        console.print(escape(helping.format(ctx.command_path, ctx.help_option_names[0])), highlight=False)
    message = error.format_message()
    label = translator(lang)("cli.error")  # as amoa's other errors
    console.print(
        f"[bold red]{label}:[/] {escape(in_french(message) if lang == 'fr' else message)}", highlight=False
    )

"""The ``amoa`` application: global options, settings loading and the translation of errors.

Commands live in sibling modules named after what they act on; each is thin: parse options,
build the application, call a service or a flow. A user mistake
(:class:`~amoa_workflow.errors.AmoaError`) becomes one line on stderr and an exit code:
2 for wrong input, 3 for an unavailable service. Never a traceback.
"""

from __future__ import annotations

import copy
import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from amoa_workflow import __version__
from amoa_workflow.errors import AmoaError, Interrupted, StorageUnavailable
from amoa_workflow.i18n import translator
from amoa_workflow.settings.project import Settings, configured_language, detect_lang, load_settings

app = typer.Typer(
    name="amoa",
    help="Acceptance (recette) workflow for AMOA teams / Recette pilotée pour les équipes AMOA.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


# The commands that write a campaign: they make the project's database on first use. The others
# only read, and refuse a database that is not there (a mistyped AMOA_DATABASE_URL, nothing created).
WRITING_COMMANDS = frozenset({"init", "ingest", "run", "checkpoint", "serve"})


_GLOBAL_VALUED = frozenset({"--project", "-p", "--lang"})  # the global options that take a value


def for_command(application: typer.Typer, arguments: Sequence[str]) -> typer.Typer:
    """``application`` with only the command ``arguments`` name (past the global options), when it
    is one of its own commands, not a group: Typer builds every command's parameters before
    running one, and their types' validators when parsing (about a fiftieth of a second for each
    command of ``amoa run``). Anything else (help, a group, a mistyped command that the full
    application suggests a name for): ``application`` itself."""
    words = iter(arguments)
    named = None
    for word in words:
        if word in _GLOBAL_VALUED:
            next(words, None)
        elif not word.startswith("-"):
            named = word
            break
    found = [
        info
        for info in application.registered_commands
        if named is not None and (info.name or _command_name(info)) == named
    ]
    if len(found) != 1:
        return application
    narrowed = copy.copy(application)
    narrowed.registered_commands, narrowed.registered_groups = found, []
    return narrowed


def _command_name(info: typer.models.CommandInfo) -> str | None:
    function = info.callback
    return None if function is None else function.__name__.lower().replace("_", "-")  # as Typer names it


class _Options:
    project: Path = Path()
    lang: str | None = None
    settings: Settings | None = None
    writes: bool = True  # the command may create the database
    configured: tuple[str] | None = None  # [project] language as written, once read ("" when absent)


ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="Project folder (holds config/amoa.toml).", show_default=False)
]
LangOption = Annotated[str | None, typer.Option("--lang", help="fr | en (else AMOA_LANG, config, locale).")]


@app.callback()
def main_options(
    context: typer.Context,
    project: Annotated[
        Path,
        typer.Option("--project", "-p", help="Project folder (holds config/amoa.toml).", show_default=False),
    ] = Path(),
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr | en (default: AMOA_LANG, config, locale).")
    ] = None,
) -> None:
    _Options.project, _Options.lang, _Options.settings, _Options.configured = project, lang, None, None
    _Options.writes = context.invoked_subcommand in WRITING_COMMANDS


def settled() -> None:
    """What is loaded so far (modules, the commands) lives as long as the process: the garbage
    collector stops walking it. Its full collections, and the one at exit, went through every
    object of Typer, SQLAlchemy or Prefect each time (about 0.1 s of ``amoa run``); see
    :func:`settling` for a command's own imports."""
    gc.freeze()


@contextmanager
def settling() -> Iterator[None]:
    """A command's imports (SQLAlchemy, Prefect) without the cyclic collector, which walked the
    modules already loaded again and again while they grew; then :func:`settled`."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def project_settings() -> Settings:
    """The project's settings, loaded once per command."""
    if _Options.settings is None:
        _Options.settings = replace(load_settings(_Options.project), create_database=_Options.writes)
    return _Options.settings


def warn_without_api(settings: Settings) -> None:
    """One line on stderr when the built-in REST steps have no API to test."""
    from amoa_workflow.settings.api_target import missing_api_url

    if missing_api_url(settings.features_dir, os.environ):
        typer.echo(translator(output_lang())("run.no_api_url"), err=True)


def campaign_of(release: str, campaign: str | None) -> str:
    """The campaign key asked for (``--campaign``) or the release's own; both will name files."""
    from amoa_workflow.domain.file_names import file_name

    if campaign is not None:
        return file_name(campaign, "campaign", "--campaign")
    file_name(release, "release", "--release")
    return f"{project_settings().checkpoint}-{release}"


def release_named(value: str | None) -> str | None:
    """A ``--release`` as the notes and the database name it (the callback of every such option): a
    tag's leading ``v`` dropped, and said (``v5.6.1`` is release 5.6.1)."""
    from amoa_workflow.domain.model import release_version

    if value is None:
        return None
    version = release_version(value)
    if version != value:
        said = translator(output_lang())("cli.release_tag", given=value, release=version)
        Console(stderr=True).print(said, soft_wrap=True, markup=False, highlight=False)
    return version


def output_lang() -> str:
    if _Options.lang:
        return "fr" if _Options.lang.lower().startswith("fr") else "en"
    if _Options.settings:
        return _Options.settings.lang
    # Not loaded yet (an option being read, a file missing) or failed to load: the language the
    # project's config/amoa.toml says, as its settings would (AMOA_LANG first, the locale last).
    if _Options.configured is None:
        _Options.configured = (configured_language(_Options.project) or "",)
    return detect_lang(os.environ, _Options.configured[0] or None)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn an AmoaError, a file the system refuses to write, or the Prefect server of
    ``PREFECT_API_URL`` not answering, into one readable line and its exit code."""
    try:
        try:
            yield
        except Exception as error:
            from amoa_workflow.prefect_api import unanswered

            down = unanswered(error)  # where Prefect raised it, its traceback told the user nothing
            if down is not None:
                raise down from None
            if isinstance(error, OSError):  # a read-only folder, a full disk, no permission
                raise StorageUnavailable.from_os_error(error) from None
            raise
    except AmoaError as error:
        lang = output_lang()
        message = f"[bold red]{translator(lang)('cli.error')}:[/] {escape(error.render(lang))}"
        Console(stderr=True, soft_wrap=True).print(message, highlight=False)
        raise typer.Exit(error.exit_code) from None
    except Interrupted as stop:  # before anything was recorded
        interrupted(stop, translator(output_lang())("run.interrupted_nothing"))


def interrupted(stop: Interrupted, detail: str) -> None:
    """One line on stderr, then exit 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM)."""
    Console(stderr=True, soft_wrap=True).print(
        f"[bold yellow]{escape(stop.render(output_lang(), detail))}[/]", highlight=False
    )
    raise typer.Exit(stop.exit_code)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)

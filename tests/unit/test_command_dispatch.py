"""``amoa <command>`` builds that command alone, and behaves exactly as the whole application does.

Typer builds every command's parameters before running one; ``amoa`` gives it only the command
named (past the global options). Whatever the arguments, what the user sees (output, exit code)
must be what the whole application gives.
"""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from amoa_workflow.cli import app
from amoa_workflow.cli.app import for_command

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def names(application: typer.Typer) -> list[str]:
    return sorted(typer.main.get_command(application).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "arguments, built",
    [
        (["run", "--release", "1.0.0"], ["run"]),
        (["--lang", "fr", "checkpoint", "--help"], ["checkpoint"]),
        (["-p", "run", "gates"], ["gates"]),  # a project folder named like a command is not one
        (["--project", "/tmp/x", "--lang", "en", "ingest"], ["ingest"]),
        (["--project=/tmp/x", "lint"], ["lint"]),
    ],
)
def test_a_command_named_is_built_alone(arguments: list[str], built: list[str]) -> None:
    assert names(for_command(app, arguments)) == built


@pytest.mark.parametrize(
    "arguments",
    [[], ["--help"], ["runs", "list"], ["gaps"], ["audit", "verify"], ["rnu"], ["--lang", "fr"]],
    ids=["nothing", "help", "group", "group alone", "nested", "mistyped", "options only"],
)
def test_anything_else_gets_the_whole_application(arguments: list[str]) -> None:
    assert names(for_command(app, arguments)) == COMMANDS


@pytest.mark.parametrize(
    "arguments",
    [
        ["run", "--help"],
        ["run"],
        ["run", "1.0.0", "--shards", "0"],
        ["run", "1.0.0", "--no-such-option"],
        ["--lang", "fr", "checkpoint", "--help"],
        ["gates", "--help"],
        ["approve", "--help"],
        ["report"],
        ["rnu"],
    ],
)
def test_what_the_user_sees_is_what_the_whole_application_shows(arguments: list[str]) -> None:
    settings = {"terminal_width": 120, "env": {"COLUMNS": "120", "AMOA_LANG": "en"}}
    whole = CliRunner().invoke(app, arguments, **settings)  # type: ignore[arg-type]
    alone = CliRunner().invoke(for_command(app, arguments), arguments, **settings)  # type: ignore[arg-type]

    assert (alone.output, alone.exit_code) == (whole.output, whole.exit_code)
    assert whole.exit_code != 0 or "--help" in arguments  # these stop before the command runs

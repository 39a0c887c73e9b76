"""Every command's help says what its docstring and option texts say, brackets included.

Typer renders help with Rich markup: ``[[schedules]]`` in a docstring came out as ``[]``, and any
``[word]`` would vanish the same way unless written ``\\[word]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from amoa_workflow.cli import app

BRACKETED = re.compile(r"\\?\[[^\]\s]*\]+")


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


def texts(command: Any) -> list[str]:
    return [command.help or "", *(getattr(param, "help", None) or "" for param in command.params)]


ALL = list(commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path, command", ALL, ids=[" ".join(p) or "amoa" for p, _ in ALL])
def test_bracketed_words_of_a_command_reach_its_help(path: tuple[str, ...], command: Any) -> None:
    shown = CliRunner().invoke(app, [*path, "--help"], terminal_width=400, env={"COLUMNS": "400"}).output
    shown = " ".join(shown.split())
    for text in texts(command):
        for written in BRACKETED.findall(text):
            assert written.replace("\\", "") in shown, f"{' '.join(path)}: {written!r} lost from --help"


def test_the_report_help_names_every_format_it_publishes() -> None:
    from amoa_workflow.reporting.publication import FORMATS

    shown = CliRunner().invoke(app, ["report", "--help"], terminal_width=400, env={"COLUMNS": "400"}).output

    line = next(line for line in shown.splitlines() if "--format" in line)
    assert [f for f in FORMATS if re.search(rf"\b{f}\b", line) is None] == []

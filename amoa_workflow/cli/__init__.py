"""The ``amoa`` command line (Typer). Importing a command module registers its commands.

An entry point: it may use every package.

May import: everything.
"""

from __future__ import annotations

import sys

from amoa_workflow.cli import approvals as _approvals  # noqa: F401 - registers the commands
from amoa_workflow.cli import audit as _audit  # noqa: F401 - registers the commands
from amoa_workflow.cli import checkpoint as _checkpoint  # noqa: F401 - registers the command
from amoa_workflow.cli import deploy as _deploy  # noqa: F401 - registers the command
from amoa_workflow.cli import docs as _docs  # noqa: F401 - registers the command
from amoa_workflow.cli import evidence as _evidence  # noqa: F401 - registers the command
from amoa_workflow.cli import gaps as _gaps  # noqa: F401 - registers the commands
from amoa_workflow.cli import ingest as _ingest  # noqa: F401 - registers the command
from amoa_workflow.cli import init as _init  # noqa: F401 - registers the command
from amoa_workflow.cli import keys as _keys  # noqa: F401 - registers the commands
from amoa_workflow.cli import lint as _lint  # noqa: F401 - registers the command
from amoa_workflow.cli import manual as _manual  # noqa: F401 - registers the commands
from amoa_workflow.cli import notifications as _notifications  # noqa: F401 - registers the command
from amoa_workflow.cli import releases as _releases  # noqa: F401 - registers the commands
from amoa_workflow.cli import report as _report  # noqa: F401 - registers the command
from amoa_workflow.cli import runs as _runs  # noqa: F401 - registers the commands
from amoa_workflow.cli import serve as _serve  # noqa: F401 - registers the command
from amoa_workflow.cli import steps as _steps  # noqa: F401 - registers the command
from amoa_workflow.cli import web as _web  # noqa: F401 - registers the commands
from amoa_workflow.cli.app import app, for_command, output_lang, settled
from amoa_workflow.cli.usage_errors import run


def main() -> None:
    settled()
    code = run(for_command(app, sys.argv[1:]), output_lang)
    settled()  # what the command built is not walked again by the collection at exit
    raise SystemExit(code)


__all__ = ["app", "main"]

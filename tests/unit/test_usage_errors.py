"""Click's own usage messages put in French, and the command line's exits as Click would give them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from amoa_workflow.cli.usage_errors import in_french


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("No such command 'show'.", "commande inconnue « show »"),
        ("No such option: --frmat (Possible options: --format)",
         "option inconnue : --frmat (options possibles : --format)"),
        ("Missing option '--release' / '-r'.", "option obligatoire manquante : '--release' / '-r'"),
        ("Invalid value for '--format': Value error, 'xml' is not one of 'junit', 'cucumber'.",
         "valeur invalide pour '--format' : « xml » n'est pas une des valeurs permises "
         "('junit', 'cucumber')"),
        ("Got unexpected extra argument (x)", "argument(s) en trop : x"),
        ("Something Click says that we do not know", "Something Click says that we do not know"),
    ],
)  # fmt: skip
def test_clicks_messages_are_put_in_french(english: str, french: str) -> None:
    assert in_french(english) == french


def test_a_reader_that_leaves_the_pipe_ends_the_command_quietly() -> None:
    script = (
        "import sys\nfrom amoa_workflow.cli.usage_errors import run\n"
        "def app(**options):\n    raise BrokenPipeError\n"
        "sys.exit(run(app, lambda: 'fr'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)

    assert (done.returncode, done.stderr) == (1, "")

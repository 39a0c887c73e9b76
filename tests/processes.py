"""Processes the tests start in a session of their own (a Prefect server, a worker, ``amoa serve``)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def stop(process: subprocess.Popen[bytes], grace: float = 15) -> None:
    """Stop ``process`` and its group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)

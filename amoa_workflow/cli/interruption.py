"""Ctrl-C and SIGTERM at the edge: the first one stops the work gracefully, a second one at once.

The first signal becomes :class:`~amoa_workflow.errors.Interrupted` in the main thread: the
runner stops the scenario processes (each shard's whole process group), what had finished is
recorded as an interrupted run, and the command exits 130 (Ctrl-C) or 143 (SIGTERM) with one
line. While that happens, a second signal kills the scenario processes with SIGKILL and exits
at once: nobody waits on a stuck shutdown, and no pytest process is left behind.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from amoa_workflow.errors import Interrupted
from amoa_workflow.scenarios import shard_process

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Received:
    first: int | None = None


def received() -> int | None:
    """The signal that interrupted this command, if any."""
    return _Received.first


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise :class:`Interrupted` once, then exit at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}
    for signum in SIGNALS:
        signal.signal(signum, _first)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _first(signum: int, frame: FrameType | None) -> None:
    _Received.first = signum
    for other in SIGNALS:
        signal.signal(other, _again)
    raise Interrupted(signum)


def _again(signum: int, frame: FrameType | None) -> None:
    shard_process.stop_all(signum, grace=0)
    sys.stderr.write(Interrupted(signum).render("en", "stopped at once / arrêt immédiat") + "\n")
    sys.stderr.flush()
    os._exit(128 + (_Received.first or signum))

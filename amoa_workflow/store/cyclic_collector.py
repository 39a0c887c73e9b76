"""Python's cyclic garbage collector, held off while a unit of work is open.

A transaction of a large campaign builds hundreds of thousands of objects at once (rows, results,
steps, gaps): tuples, dictionaries and frozen dataclasses without cycles, which reference counting
frees. The cyclic collector, set off every 700 new objects, walks the ones still alive again and
again all the same: recording 49,000 results of 10,000 requirements spent a third of its CPU there
(about 1.3 s of 3.4 s, ``benchmarks/recette_scale.py``). Units of work hold it off while any of them
is open, in any thread, and it runs again when the last one closes; a collector someone else
disabled is left disabled.
"""

from __future__ import annotations

import gc
import threading


class CollectorHold:
    """Counts the open units of work; the collector is off while there is one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = 0
        self._paused = False  # whether the first unit of work turned it off (and the last turns it on)

    def hold(self) -> None:
        with self._lock:
            if self._open == 0:
                self._paused = gc.isenabled()
                gc.disable()
            self._open += 1

    def release(self) -> None:
        with self._lock:
            self._open -= 1
            if self._open == 0 and self._paused:
                self._paused = False
                gc.enable()


HOLD = CollectorHold()

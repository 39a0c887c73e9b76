"""The PV's templates, compiled once: kept in the process and, as bytecode, between commands.

Compiling ``report.html.j2`` and ``report.md.j2`` from their source cost about 60 ms of CPU on
every PV rendered (more than rendering 1,000 scenarios), twice when a checkpoint renders the PV
again with its gates. Each environment is made once per process, and its compiled templates are
kept by Jinja2's bytecode cache in its per-user folder of the temporary directory (``0700``,
owned by the user: Jinja2 refuses any other); a template whose source changed is compiled again.
A cache that cannot be read or written is only slower: never a failed report.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket


class _Tolerant(FileSystemBytecodeCache):
    """Jinja2's cache, for which a full or read-only disk is a cache miss, not an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            super().dump_bytecode(bucket)


@cache
def bytecode_cache() -> BytecodeCache | None:
    """Jinja2's bytecode cache in its own folder, or None where it cannot have one."""
    try:
        return _Tolerant()
    except (OSError, RuntimeError):  # no safe folder of the user's in the temporary directory
        return None

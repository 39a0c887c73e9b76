"""Names that become files: a release id, a gate id or a campaign key, and nothing else.

Every file written from what users or vendors typed (reports, run folders, exports, the evidence
pack) is named through :func:`file_name` and placed with :func:`inside`: a conservative pattern
(letters, digits, ``.``, ``_``, ``+``, ``~``, ``-``; a letter or digit first; no ``..``; at most 64
characters), so ``../../tmp/x``, ``a/b``, a control character or a Windows device trick never
reaches the file system. The refusal names the file (or option) the value came from.
"""

from __future__ import annotations

import re
from pathlib import Path

from amoa_workflow.errors import UnsafeName

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}")


def file_name(value: str, what: str, source: str) -> str:
    """``value`` when it may name a file; else :class:`UnsafeName` naming ``source``."""
    if not SAFE_NAME.fullmatch(value) or ".." in value:
        raise UnsafeName(value=value, what=what, source=source)
    return value


def inside(base: Path, names: tuple[str, ...], what: str, source: str) -> Path:
    """``base / names…``, each name checked, and the result checked to stay under ``base``."""
    target = base.joinpath(*(file_name(name, what, source) for name in names))
    root = base.resolve()
    if not target.resolve().is_relative_to(root):  # a symbolic link pointing out of the folder
        raise UnsafeName(value="/".join(names), what=what, source=source)
    return target

"""What a stopped pytest process says went wrong, read from its log in one line.

pytest prints a conftest that cannot be imported as a block (``ImportError while loading
conftest '…'``, the frames, then ``E`` lines with the real exception); its last line alone
(``E IndexError: list index out of range``) says neither which file nor where. This names the
conftest, the innermost frame of the project and the exception.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

_CONFTEST = re.compile(r"^ImportError while loading conftest '(?P<path>.+)'\.\s*$")
_FRAME = re.compile(r"^(?P<where>\S.*?:\d+): in ")


def cause(log: str, project_dir: Path, t: Callable[..., str]) -> str:
    """The one line that explains why pytest stopped (``?`` for an empty log)."""
    lines = log.splitlines()
    for start, line in enumerate(lines):
        found = _CONFTEST.match(line)
        if found is None:
            continue
        where, errors = "", list[str]()
        for following in lines[start + 1 :]:
            frame = _FRAME.match(following)
            if frame and not errors:
                where = frame.group("where")
            elif following.startswith("E "):
                errors.append(following[1:].strip())
            elif errors:
                break
        conftest = Path(found.group("path"))
        shown = conftest.relative_to(project_dir) if conftest.is_relative_to(project_dir) else conftest
        return t("run.conftest_broken", conftest=shown.as_posix(), where=f"{where}: " if where else "",
                 error=" ".join(errors) or "?")  # fmt: skip
    meaningful = [line.strip() for line in lines if line.strip()]
    return meaningful[-1] if meaningful else "?"

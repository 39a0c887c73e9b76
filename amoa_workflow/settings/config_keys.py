"""The keys a configuration file may hold: any other is a mistake, named by its line.

A misspelt key (``run_timout``) or table (``[checkpont]``) read as TOML is just another key: left
unchecked, it is ignored and its default applies, with nothing said. Each reader declares its
keys as a :data:`Keys` tree; :func:`check_keys` refuses the first key outside it, with the nearest
known one (``voulez-vous dire run_timeout ?``) and the line it is on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path

from amoa_workflow.errors import ConfigError

# Key → the keys of its table (a table, or each table of an array of tables); None: a value, or a
# table whose keys its reader checks itself (severity types, lint patterns).
Keys = Mapping[str, "Keys | None"]
Where = tuple[str, ...]  # the tables around a key: ("checkpoint",), ("schedules", "2") (1-based)

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]""")


def check_keys(path: Path, raw: Mapping[str, object], keys: Keys, text: str) -> None:
    """Refuse the first key of ``raw`` (the file ``path`` read from ``text``) that ``keys`` lacks."""
    found = _unknown(raw, keys, ())
    if found is None:
        return
    where, key, known = found
    near = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if near:
        hint_en, hint_fr = f"did you mean {near[0]}?", f"voulez-vous dire {near[0]} ?"
    else:
        hint_en, hint_fr = (
            f"known keys: {', '.join(sorted(known))}",
            f"clés connues : {', '.join(sorted(known))}",
        )
    raise ConfigError(
        path,
        why_en=f"unknown key {key} ({hint_en})",
        why_fr=f"clé inconnue {key} ({hint_fr})",
        line=line_of(text, where, key),
    )


def _unknown(raw: Mapping[str, object], keys: Keys, where: Where) -> tuple[Where, str, list[str]] | None:
    for key, value in raw.items():
        if key not in keys:
            return where, key, list(keys)
        inner = keys[key]
        if inner is None:
            continue
        tables = [((*where, key), value)] if isinstance(value, dict) else []
        if isinstance(value, list):
            tables = [((*where, key, str(n)), v) for n, v in enumerate(value, 1) if isinstance(v, dict)]
        for inside, table in tables:
            found = _unknown(table, inner, inside)
            if found is not None:
                return found
    return None


def line_of(text: str, where: Where, key: str) -> int | None:
    """The line (from 1) of ``key`` in the table ``where`` of a TOML text: its ``key =`` line, or
    the header of a table it names; None where this simple reading cannot tell."""
    current: Where = ()
    counts: dict[Where, int] = {}
    quoted = False  # inside a multi-line string
    for number, line in enumerate(text.splitlines(), 1):
        if line.count('"""') % 2 or line.count("'''") % 2:
            quoted = not quoted
            if not quoted:
                continue
        if quoted:
            continue
        header = _HEADER.match(line)
        if header:
            name = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
            if header.group(1) == "[[":
                counts[name] = counts.get(name, 0) + 1
                name = (*name, str(counts[name]))
            current = name
            if name[: len(where) + 1] == (*where, key):
                return number
            continue
        found = _KEY.match(line)
        if found and current == where and found.group(1).strip("\"'") == key:
            return number
    return None

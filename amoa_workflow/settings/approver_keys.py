"""Approvers' public keys in ``config/approvers.toml``: read with the approvers, written by
``amoa keys generate --register`` (the line ``public_key = "ssh-ed25519 …"`` in the approver's
``[[approvers]]`` table, the rest of the file left as it is)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.approvers import APPROVERS_FILE
from amoa_workflow.signatures.keys import PublicKey, parse_public_key

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_ID = re.compile(r"""^\s*id\s*=\s*["']([^"']*)["']""")
_KEY = re.compile(r"^\s*public_key\s*=")


def checked_public_key(value: object, approver: str, path: Path) -> str | None:
    """The approver's ``public_key`` as written, once it parses as an Ed25519 key; ConfigError if not."""
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError("it must be a string")
        parse_public_key(value)
    except ValueError as why:
        raise ConfigError(
            path,
            why_en=f"approver {approver}: public_key: {why}",
            why_fr=f"approbateur {approver} : public_key : {why}",
        ) from None
    return value


def register_public_key(project_dir: Path, approver: str, key: PublicKey, replace: bool = False) -> Path:
    """Write ``public_key = "…"`` into ``approver``'s table of ``config/approvers.toml``."""
    path = project_dir / APPROVERS_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError as exc:
        raise ConfigError(
            path, why_en=f"unreadable ({exc.strerror})", why_fr=f"illisible ({exc.strerror})"
        ) from None
    start = end = None
    for number, line in enumerate(lines):
        table = _TABLE.match(line)
        if table is not None:
            if start is not None and end is None:
                end = number
            continue
        found = _ID.match(line)
        if found and found.group(1) == approver and start is None and _in_approvers(lines, number):
            start = number
    if start is None:
        raise ConfigError(
            path,
            why_en=f'no [[approvers]] table with id = "{approver}"',
            why_fr=f"aucune table [[approvers]] avec id = « {approver} »",
        )
    block = range(start, end if end is not None else len(lines))
    existing = [n for n in block if _KEY.match(lines[n])]
    entry = f'public_key = "{key.line}"\n'
    if existing and not replace:
        raise ConfigError(
            path,
            why_en=f"approver {approver} already has a public_key (--force replaces it)",
            why_fr=f"l'approbateur {approver} a déjà une public_key (--force la remplace)",
        )
    if existing:
        lines[existing[0]] = entry
    else:
        lines.insert(start + 1, entry)
    text = "".join(lines)
    tomllib.loads(text)  # still TOML (the id line and the new one are plain key = "value")
    path.write_text(text, encoding="utf-8")
    return path


def _in_approvers(lines: list[str], number: int) -> bool:
    """Whether line ``number`` is inside an ``[[approvers]]`` table."""
    for line in reversed(lines[:number]):
        table = _TABLE.match(line)
        if table is not None:
            return table.group(1) == "approvers" and line.strip().startswith("[[")
    return False

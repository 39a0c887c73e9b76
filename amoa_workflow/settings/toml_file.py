"""A configuration file read as TOML: its tables, or one ``ConfigError`` naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from amoa_workflow.errors import ConfigError


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of ``path``; not TOML or not UTF-8 is a ``ConfigError`` naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, why_en=f"invalid TOML ({exc})", why_fr=f"TOML invalide ({exc})") from None

"""A configuration file read as TOML: its tables, or one ``ConfigError`` naming the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.config_keys import Keys, check_keys


def read_toml(path: Path, keys: Keys | None = None) -> dict[str, Any]:
    """The tables of ``path``; not TOML or not UTF-8 is a ``ConfigError`` naming the file, and so
    is a key outside ``keys`` (when given), named with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, why_en=f"invalid TOML ({exc})", why_fr=f"TOML invalide ({exc})") from None
    if keys is not None:
        check_keys(path, raw, keys, text)
    return raw

"""A scenario's key: ``features/paie.feature::Name`` and, for an outline row, ``[its example]``.

The key names a scenario in every record (results, run history, manual executions, the identity
of the gaps it causes, ``--rerun-failed``): it must be the same from run to run and fit where it
is kept. An outline whose examples hold whole sentences makes keys of several hundred characters;
past :data:`KEY_LENGTH` the key keeps its beginning (the file, the scenario's name, the start of
the example) and ends with ``…~`` and a digest of the whole key, so that two long rows keep two
keys. The file part is never shortened (a selection by path reads it); the scenario's full name
and example are kept beside the key in every record.
"""

from __future__ import annotations

import hashlib

KEY_LENGTH = 240  # "not_executable:" + the key stays within a gap identity's 256 characters
SHORTENED = "…~"  # what ends a shortened key, before its digest
_DIGEST = 12  # hexadecimal digits of the whole key's SHA-256 kept at the end


def scenario_key(feature_path: str, scenario: str, example: str = "") -> str:
    """The key of ``scenario`` in ``feature_path`` (relative, with ``/``), of its outline row
    ``example`` (the row's id) when given; at most :data:`KEY_LENGTH` characters past the file."""
    key = f"{feature_path}::{scenario}" + (f"[{example}]" if example else "")
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:_DIGEST]
    head = f"{feature_path}::"
    room = max(KEY_LENGTH - len(head) - len(SHORTENED) - _DIGEST, 0)
    return f"{head}{key[len(head) :][:room]}{SHORTENED}{digest}"


def is_shortened(key: str) -> bool:
    """Whether ``key`` was shortened by :func:`scenario_key` (its row cannot be read back from it)."""
    tail = key[-_DIGEST:]
    return key[:-_DIGEST].endswith(SHORTENED) and all(c in "0123456789abcdef" for c in tail)

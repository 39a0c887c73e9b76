"""The evidence pack of a campaign: the report, the raw results, exports, and a SHA-256 manifest.

A zip an approver or an auditor can keep: ``sha256sum -c MANIFEST.sha256`` checks that
nothing in it was changed.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

MANIFEST = "MANIFEST.sha256"


def write_pack(target: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (name → content) and their manifest into the zip ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    contents = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}
    manifest = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(contents.items())
    )
    temporary = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        for name, data in sorted(contents.items()):
            pack.writestr(name, data)
        pack.writestr(MANIFEST, manifest)
    temporary.replace(target)
    return target


def verify_pack(path: Path) -> list[str]:
    """The names whose content no longer matches the manifest (empty when the pack is intact)."""
    with zipfile.ZipFile(path) as pack:
        expected: dict[str, str] = {}
        for line in pack.read(MANIFEST).decode("utf-8").splitlines():
            digest, _, name = line.partition("  ")
            expected[name] = digest
        return sorted(
            name
            for name, digest in expected.items()
            if name not in pack.namelist() or hashlib.sha256(pack.read(name)).hexdigest() != digest
        )


def results_json(records: list[dict[str, object]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)

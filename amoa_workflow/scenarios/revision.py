"""The revision of an acceptance project: what its scenarios run, as one fingerprint.

A checkpoint plans its shards on one host and each shard runs on whichever worker takes it, each
with its own copy of the project (a git clone, a shared path). Before running, a shard compares
its copy's revision with the one the checkpoint planned with and refuses when they differ: the
same scenario keys must mean the same scenarios everywhere.

The fingerprint covers what decides what a scenario does: the feature files and everything else in
the features folder, the configuration (``config/``) and the project's Python files (step
definitions, ``conftest.py``) wherever they are; it leaves out the data folder (runs, reports,
database), hidden folders (``.git``, ``.venv``) and caches. It depends on the files' relative paths
and contents only, so two clones of one commit on two hosts have the same revision.
"""

from __future__ import annotations

import hashlib
import os
from fnmatch import fnmatch
from pathlib import Path

from amoa_workflow.scenarios.bindings import NORECURSE

MISSING = "-"  # the revision of a project that is not there


def project_revision(project_dir: Path, features_dir: Path, data_dir: Path) -> str:
    """A 16-hex-digit fingerprint of the project's features, configuration and Python files."""
    if not features_dir.is_dir():
        return MISSING
    root = project_dir.resolve()
    features, data = features_dir.resolve(), data_dir.resolve()
    digest = hashlib.sha256()
    outside = not features.is_relative_to(root)  # a shared features folder: counted too, by its own paths
    named = [(p.relative_to(root).as_posix(), p) for p in _counted(root, root, features, data)]
    if outside:
        named += [
            (f"<features>/{p.relative_to(features).as_posix()}", p)
            for p in _counted(features, root, features, data)
        ]
    for name, path in sorted(named, key=lambda entry: (entry[0].startswith("<"), Path(entry[0]))):
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _counted(top: Path, root: Path, features: Path, data: Path) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(top):
        here = Path(folder)
        subfolders[:] = [
            d for d in subfolders if not any(fnmatch(d, p) for p in NORECURSE) and here / d != data
        ]
        whole = (
            here == features
            or features in here.parents
            or (here.is_relative_to(root) and here.relative_to(root).parts[:1] == ("config",))
        )
        found += [here / f for f in files if whole or f.endswith(".py")]
    return [path for path in found if not path.name.endswith((".pyc", ".pyo"))]

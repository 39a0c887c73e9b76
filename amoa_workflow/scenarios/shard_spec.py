"""Which feature files one shard process runs, as the runner writes it and the plugin reads it.

``within``: the feature roots of the run (the features folder, or the selected paths), so a
project's own test modules that bind feature files elsewhere are not run; ``only`` / ``skip``:
the files of this shard (the first shard takes all but the others' files).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ShardSpec:
    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    within: tuple[str, ...] | None = None

    @classmethod
    def read(cls, path: Path | None) -> ShardSpec:
        if path is None:
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        only, within = data.get("only"), data.get("within")
        return cls(
            None if only is None else frozenset(only),
            frozenset(data.get("skip", ())),
            None if within is None else tuple(within),
        )

    def owns(self, feature_path: str) -> bool:
        """Whether this shard runs the feature file at ``feature_path`` (relative to the project)."""
        if self.within is not None and not any(
            root in ("", ".") or feature_path == root or feature_path.startswith(root.rstrip("/") + "/")
            for root in self.within
        ):
            return False
        return (self.only is None or feature_path in self.only) and feature_path not in self.skip

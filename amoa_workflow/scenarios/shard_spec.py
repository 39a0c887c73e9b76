"""Which feature files one shard process runs, as the runner writes it and the plugin reads it.

``within``: the feature roots of the run (the features folder, or the selected paths), so a
project's own test modules that bind feature files elsewhere are not run; ``only`` / ``skip``:
the files of this shard (the first shard takes all but the others' files); ``scenarios``: in a
file split between shards, which of its scenarios this shard runs (only those named, or with
``others`` all but those named).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from amoa_workflow.domain.shards import Part


@dataclass(frozen=True)
class ShardSpec:
    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    within: tuple[str, ...] | None = None
    scenarios: tuple[tuple[str, frozenset[str], bool], ...] = ()  # (file, names, others)

    @classmethod
    def read(cls, path: Path | None) -> ShardSpec:
        if path is None:
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        only, within = data.get("only"), data.get("within")
        picks = tuple(
            (p["path"], frozenset(p["names"]), bool(p["others"])) for p in data.get("scenarios", ())
        )
        return cls(
            None if only is None else frozenset(only),
            frozenset(data.get("skip", ())),
            None if within is None else tuple(within),
            picks,
        )

    def owns(self, feature_path: str) -> bool:
        """Whether this shard runs the feature file at ``feature_path`` (relative to the project)."""
        if self.within is not None and not any(
            root in ("", ".") or feature_path == root or feature_path.startswith(root.rstrip("/") + "/")
            for root in self.within
        ):
            return False
        return (self.only is None or feature_path in self.only) and feature_path not in self.skip

    def runs(self, feature_path: str, scenario: str) -> bool:
        """Whether this shard runs ``scenario`` of a feature file it owns (all of them unless split)."""
        for path, names, others in self.scenarios:
            if path == feature_path:
                return (scenario not in names) if others else (scenario in names)
        return True


def write_spec(
    path: Path, only: Sequence[str] | None, skip: Sequence[str], within: Sequence[str], parts: Sequence[Part]
) -> None:
    """Write what :meth:`ShardSpec.read` reads."""
    data = {
        "only": None if only is None else list(only),
        "skip": list(skip),
        "within": list(within),
        "scenarios": [{"path": p.path, "names": list(p.names or ()), "others": p.others} for p in parts],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

"""Planning a run: which scenarios are selected, and which shard runs which feature files (whole
files, or parts of one file split between shards), balanced by the scenarios' measured durations.

:class:`Features` is a project's features folder as a run sees it; its :meth:`~Features.plan` is
what :meth:`amoa_workflow.scenarios.runner.PytestBddRunner.plan` returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path

from amoa_workflow.domain import shards as shard_rules
from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.errors import FileMissing, PathOutsideFeatures
from amoa_workflow.scenarios.bindings import NORECURSE, project_path
from amoa_workflow.scenarios.feature_contents import scenarios_of


@dataclass(frozen=True)
class Shard:
    """Feature files of one process: ``only`` these, or all but ``skip`` (the first shard takes the rest);
    ``scenarios``: the part this shard runs of each feature file split between shards."""

    index: int
    only: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()
    scenarios: tuple[shard_rules.Part, ...] = ()


@dataclass(frozen=True)
class RunPlan:
    selection: Selection
    roots: tuple[str, ...]  # what pytest is pointed at, relative to the project
    shards: tuple[Shard, ...]
    workers: int = 0


@dataclass(frozen=True)
class Features:
    """A project's features folder, the tags of its manual scenarios (never run, never weighed) and
    the measured durations shards are balanced by ((feature file, scenario) → seconds)."""

    project_dir: Path
    features_dir: Path
    manual_tags: tuple[str, ...]
    durations: Callable[[], Mapping[tuple[str, str], float]] | None = None

    def plan(self, selection: Selection = EVERYTHING, shards: int = 1, workers: int = 0) -> RunPlan:
        """Which feature files each shard runs; checks the selected paths (made project-relative)."""
        if not self.features_dir.is_dir():
            raise FileMissing(self.features_dir)
        selection = replace(selection, paths=tuple(self._inside_features(path) for path in selection.paths))
        roots = self._roots(selection)
        if not roots:
            return RunPlan(selection, (), (), workers)
        if shards <= 1:
            return RunPlan(selection, roots, (Shard(1),), workers)
        groups = shard_rules.balance(self._weights(self._feature_files(roots), selection), shards)
        if not groups:
            return RunPlan(selection, roots, (Shard(1),), workers)
        first = {part.path for part in groups[0]}
        others = tuple(sorted({part.path for group in groups[1:] for part in group} - first))
        planned = (
            Shard(1, skip=others, scenarios=_split_parts(groups[0])),
            *(
                Shard(i + 1, only=tuple(sorted({p.path for p in group})), scenarios=_split_parts(group))
                for i, group in enumerate(groups)
                if i
            ),
        )
        return RunPlan(selection, roots, planned, workers)

    def _weights(
        self, files: Sequence[str], selection: Selection
    ) -> dict[str, tuple[tuple[str, float], ...]]:
        """Each file's scenarios that may be selected (not the manual ones), weighed by their
        measured durations."""
        measured = self.durations() if self.durations is not None else {}
        manual = frozenset(tag.lstrip("@") for tag in self.manual_tags)
        names = {
            path: [
                scenario.name
                for scenario in scenarios_of(self.project_dir / path)
                if not scenario.tags & manual and selection.may_select(path, scenario.name, scenario.tags)
            ]
            for path in files
        }
        return shard_rules.weigh(names, measured)

    def _inside_features(self, path: str) -> str:
        """``path`` (absolute or project-relative) made project-relative, if it is in the features."""
        absolute = (self.project_dir / path).resolve()
        features = self.features_dir.resolve()
        usable = absolute.is_dir() or (absolute.is_file() and absolute.suffix == ".feature")
        if not (absolute == features or absolute.is_relative_to(features)) or not usable:
            raise PathOutsideFeatures(path, self.features_dir)
        return self._relative(absolute)

    def _roots(self, selection: Selection) -> tuple[str, ...]:
        if selection.keys is None:
            return selection.paths or (self._relative(self.features_dir),)
        files = [f for f in selection.files_of_keys() if (self.project_dir / f).is_file()]
        paths = selection.paths
        return tuple(f for f in files if not paths or any(f == p or f.startswith(p + "/") for p in paths))

    def _relative(self, path: Path) -> str:
        return project_path(self.project_dir, path)

    def _feature_files(self, roots: Sequence[str]) -> list[str]:
        found: set[str] = set()
        for root in roots:
            start = self.project_dir / root
            if start.is_file():
                found.add(root)
                continue
            for folder, subfolders, files in os.walk(start):
                subfolders[:] = [d for d in subfolders if not any(fnmatch(d, p) for p in NORECURSE)]
                found.update(self._relative(Path(folder) / f) for f in files if f.endswith(".feature"))
        return sorted(found)


def _split_parts(group: Sequence[shard_rules.Part]) -> tuple[shard_rules.Part, ...]:
    return tuple(part for part in group if part.names is not None)

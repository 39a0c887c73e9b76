"""Scheduled acceptance checkpoints, one per release, from ``config/amoa.toml`` (``[[schedules]]``).

    [[schedules]]
    release = "1.1.0"
    cron = "0 6 * * 1-5"          # when its checkpoint runs (five fields)
    timezone = "Europe/Paris"     # optional, default UTC
    shards = 1                    # optional
    wait_for_approval = "pause"   # none | pause | suspend (default pause: a server is running)
    wait_for_testers = false      # true: wait for the testers' manual part (up to its deadline) first

Read at the edge by ``amoa serve``; the deployments themselves are built in :mod:`flows.deployments`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amoa_workflow.errors import ConfigError
from amoa_workflow.settings.project import CONFIG_FILE

WAIT_MODES = ("none", "pause", "suspend")
modes = "/".join(WAIT_MODES)


@dataclass(frozen=True)
class Schedule:
    release: str
    cron: str
    timezone: str | None = None
    shards: int = 1
    wait_for_approval: str = "pause"
    wait_for_testers: bool = False

    @property
    def deployment(self) -> str:
        return f"checkpoint-{self.release}"

    def parameters(self, project_dir: str) -> dict[str, Any]:
        """The checkpoint flow's parameters for this schedule (prefect.yaml and amoa serve alike)."""
        return {
            "release": self.release, "project_dir": project_dir, "shards": self.shards,
            "wait_for_approval": self.wait_for_approval, "wait_for_testers": self.wait_for_testers,
        }  # fmt: skip


def load_schedules(project_dir: Path) -> tuple[Schedule, ...]:
    path = project_dir / CONFIG_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return ()  # load_settings has already said what is wrong with the file
    entries = raw.get("schedules", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(
            path,
            why_en="[[schedules]] must be a list of tables",
            why_fr="[[schedules]] doit être une liste de tables",
        )
    schedules = []
    for number, entry in enumerate(entries, 1):
        release, cron = entry.get("release"), entry.get("cron")
        timezone, shards = entry.get("timezone"), entry.get("shards", 1)
        wait = entry.get("wait_for_approval", "pause")
        testers = entry.get("wait_for_testers", False)
        if not isinstance(release, str) or not release or not isinstance(cron, str) or len(cron.split()) != 5:
            raise ConfigError(
                path,
                why_en=f"schedule #{number}: release and a five-field cron are required",
                why_fr=f"planification n°{number} : release et cron (cinq champs) requis",
            )
        if timezone is not None and not isinstance(timezone, str):
            raise ConfigError(
                path,
                why_en=f"schedule #{number}: timezone must be text",
                why_fr=f"planification n°{number} : timezone doit être du texte",
            )
        if isinstance(shards, bool) or not isinstance(shards, int) or shards < 1 or wait not in WAIT_MODES:
            raise ConfigError(
                path,
                why_en=f"schedule #{number}: shards ≥ 1, wait_for_approval among {modes}",
                why_fr=f"planification n°{number} : shards ≥ 1, wait_for_approval parmi {modes}",
            )
        if not isinstance(testers, bool):
            raise ConfigError(
                path,
                why_en=f"schedule #{number}: wait_for_testers must be true or false",
                why_fr=f"planification n°{number} : wait_for_testers doit valoir true ou false",
            )
        schedules.append(Schedule(release, cron, timezone, shards, str(wait), testers))
    releases = [s.release for s in schedules]
    if len(set(releases)) != len(releases):
        raise ConfigError(
            path,
            why_en="[[schedules]]: one schedule per release",
            why_fr="[[schedules]] : une planification par version",
        )
    return tuple(schedules)

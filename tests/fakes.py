"""In-memory fakes of the ports, for fast tests of the service layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from amoa_workflow.domain.attachments import Attachment
from amoa_workflow.domain.gap_lifecycle import TrackedGap
from amoa_workflow.domain.model import Gap, Release, Requirement, RunRecord, ScenarioResult, Status
from amoa_workflow.domain.release_diff import TrendPoint
from amoa_workflow.domain.selection import EVERYTHING, Selection
from amoa_workflow.ports import SavedRelease


class FakeRequirements:
    def __init__(self) -> None:
        self.rows: dict[str, Requirement] = {}
        self.versions: dict[str, list[Requirement]] = {}

    def save_all(self, requirements: Sequence[Requirement]) -> int:
        changed = [r for r in requirements if self.rows.get(r.code) != r]
        self.rows.update({r.code: r for r in changed})
        return len(changed)

    def all(self) -> list[Requirement]:
        return sorted(self.rows.values(), key=lambda r: r.code)

    def snapshot(self, version: str, requirements: Sequence[Requirement]) -> None:
        self.versions[version] = sorted(requirements, key=lambda r: r.code)

    def as_of(self, version: str) -> list[Requirement] | None:
        return self.versions.get(version)


class FakeReleases:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[Release, str]] = {}
        self.revisions: dict[str, int] = {}

    def get(self, version: str) -> Release | None:
        return self.rows[version][0] if version in self.rows else None

    def versions(self) -> list[str]:
        return list(self.rows)

    def save(self, release: Release, fingerprint: str) -> SavedRelease:
        previous = self.rows.get(release.version)
        revision = self.revisions.get(release.version, 0)
        if previous and previous[1] == fingerprint:
            return SavedRelease("unchanged", revision)
        self.rows[release.version] = (release, fingerprint)
        self.revisions[release.version] = revision + 1
        return SavedRelease(
            "updated" if previous else "created", revision + 1, previous[0] if previous else None
        )


class FakeCampaigns:
    def __init__(self) -> None:
        self.attempts: dict[str, int] = {}
        self.stored: dict[str, dict[str, ScenarioResult]] = {}
        self.run_keys: dict[str, tuple[str, int]] = {}
        self.history_rows: dict[tuple[str, int], list[ScenarioResult]] = {}
        self.executed: dict[str, dict[str, ScenarioResult]] = {}  # what testers recorded, applied

    def start(
        self,
        key: str,
        version: str,
        checkpoint: str,
        run_folder: str,
        run_key: str | None = None,
        selection: str = "all",
        shards: int = 1,
        started_at: datetime | None = None,
    ) -> int:
        if run_key in self.run_keys:
            return self.run_keys[run_key][1]
        self.attempts[key] = self.attempts.get(key, 0) + 1
        self.run_keys[run_key or f"{key}/attempt-{self.attempts[key]}"] = (key, self.attempts[key])
        return self.attempts[key]

    def record_run(self, key: str, attempt: int, results: Sequence[ScenarioResult]) -> None:
        self.history_rows[(key, attempt)] = list(results)

    def save_results(self, key: str, results: Sequence[ScenarioResult], partial: bool = False) -> None:
        current = self.stored.get(key, {}) if partial else {}
        self.stored[key] = {**current, **{r.key: r for r in results}}

    def results(self, key: str, steps: bool = True) -> list[ScenarioResult]:
        executed = self.executed.get(key, {})
        found = [executed.get(k, self.stored[key][k]) for k in sorted(self.stored[key])]
        return found if steps else [replace(r, steps=()) for r in found]

    def as_saved(self, key: str, results: Sequence[ScenarioResult]) -> list[ScenarioResult]:
        return self.results(key)

    def finish(self, key: str) -> None:
        pass

    def find(self, key: str) -> int | None:
        return 1 if key in self.attempts else None

    def attachments(self, key: str) -> tuple[Attachment, ...]:
        return ()

    def keys(self) -> list[str]:
        return sorted(self.attempts)

    def runs(self, key: str) -> list[RunRecord]:
        return [
            RunRecord(key, attempt, run_key, "all", 1, datetime(2025, 3, 14, tzinfo=UTC), None)
            for run_key, (campaign, attempt) in self.run_keys.items()
            if campaign == key
        ]

    def run_results(self, key: str, attempt: int) -> list[ScenarioResult] | None:
        return self.history_rows.get((key, attempt))

    def run_count(self, key: str) -> int:
        return sum(1 for campaign, _attempt in self.history_rows if campaign == key)

    def history(self, window: int, key: str | None = None) -> dict[str, list[Status]]:
        history: dict[str, list[Status]] = {}
        for (campaign, _attempt), results in sorted(self.history_rows.items()):
            if key is None or campaign == key:
                for result in results:
                    history.setdefault(result.key, []).append(result.status)
        return {k: v[-window:] for k, v in history.items()}


class FakeGaps:
    def __init__(self) -> None:
        self.stored: dict[str, list[Gap]] = {}

    def replace(self, campaign_key: str, gaps: Sequence[Gap]) -> None:
        self.stored[campaign_key] = list(gaps)

    def for_campaign(self, campaign_key: str) -> list[Gap]:
        return self.stored.get(campaign_key, [])


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[tuple[str, str, str, dict[str, Any]]] = []

    def append(self, actor: str, action: str, subject: str, details: dict[str, Any]) -> str:
        self.entries.append((actor, action, subject, details))
        return f"{len(self.entries):064d}"


class FakeTrackedGaps:
    def __init__(self) -> None:
        self.rows: dict[str, TrackedGap] = {}

    def all(self) -> list[TrackedGap]:
        return sorted(self.rows.values(), key=lambda g: g.identity)

    def save_all(self, gaps: Sequence[TrackedGap]) -> None:
        self.rows.update({g.identity: g for g in gaps})


class FakeReleaseHistory:
    def __init__(self) -> None:
        self.previous: dict[str, tuple[str, list[ScenarioResult]]] = {}
        self.points: list[TrendPoint] = []

    def previous_results(self, version: str) -> tuple[str, list[ScenarioResult]] | None:
        return self.previous.get(version)

    def trend(self, limit: int = 12) -> list[TrendPoint]:
        return self.points[-limit:]


class FakeUnitOfWork:
    """Keeps committed state; what is not committed is thrown away on exit, like the real one."""

    def __init__(self) -> None:
        self.requirements = FakeRequirements()
        self.releases = FakeReleases()
        self.campaigns = FakeCampaigns()
        self.gaps = FakeGaps()
        self.audit = FakeAudit()
        self.tracked_gaps = FakeTrackedGaps()
        self.release_history = FakeReleaseHistory()
        self.commits = 0
        self.locks: list[str] = []  # the named locks taken, in order
        self._snapshot: dict[str, Any] = {}

    def _state(self) -> dict[str, Any]:
        import copy

        return copy.deepcopy(
            {
                k: vars(getattr(self, k))
                for k in ("requirements", "releases", "campaigns", "gaps", "audit", "tracked_gaps")
            }
        )

    def __enter__(self) -> Self:
        self._snapshot = self._state()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        for name, state in self._snapshot.items():
            vars(getattr(self, name)).clear()
            vars(getattr(self, name)).update(state)

    def lock(self, name: str) -> None:
        self.locks.append(name)

    def commit(self) -> None:
        self.commits += 1
        self._snapshot = self._state()


@dataclass
class FakeSources:
    requirement_list: list[Requirement]
    releases: dict[str, Release]

    def requirements(self) -> list[Requirement]:
        return list(self.requirement_list)

    def release(self, version: str) -> tuple[Release, str]:
        release = self.releases[version]
        return release, str(hash(release))


@dataclass
class FakeRun:
    results: tuple[ScenarioResult, ...]
    folder: Path
    interrupted: int | None = None


@dataclass
class FakeRunner:
    results: tuple[ScenarioResult, ...] = ()
    calls: list[tuple[str, str]] = field(default_factory=list)
    selections: list[Selection] = field(default_factory=list)

    def run(
        self,
        release: str,
        run_id: str,
        selection: Selection = EVERYTHING,
        shards: int = 1,
        workers: int = 0,
        progress: Callable[[int, int], None] | None = None,
    ) -> FakeRun:
        self.calls.append((release, run_id))
        self.selections.append(selection)
        chosen = tuple(r for r in self.results if selection.matches(r.key, r.tags))
        return FakeRun(results=chosen, folder=Path("/runs") / run_id)


def with_status(result: ScenarioResult, status: Any) -> ScenarioResult:
    return replace(result, status=status)

"""In-memory fakes of the ports, for fast tests of the service layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from amoa_workflow.domain.model import Gap, Release, Requirement, ScenarioResult
from amoa_workflow.ports import SavedRelease


class FakeRequirements:
    def __init__(self) -> None:
        self.rows: dict[str, Requirement] = {}

    def save_all(self, requirements: Sequence[Requirement]) -> int:
        changed = [r for r in requirements if self.rows.get(r.code) != r]
        self.rows.update({r.code: r for r in changed})
        return len(changed)

    def all(self) -> list[Requirement]:
        return sorted(self.rows.values(), key=lambda r: r.code)


class FakeReleases:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[Release, str]] = {}
        self.revisions: dict[str, int] = {}

    def get(self, version: str) -> Release | None:
        return self.rows[version][0] if version in self.rows else None

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
        self.stored: dict[str, list[ScenarioResult]] = {}

    def start(self, key: str, version: str, checkpoint: str, run_folder: str) -> int:
        self.attempts[key] = self.attempts.get(key, 0) + 1
        return self.attempts[key]

    def save_results(self, key: str, results: Sequence[ScenarioResult]) -> None:
        self.stored[key] = list(results)

    def results(self, key: str) -> list[ScenarioResult]:
        return self.stored[key]

    def finish(self, key: str) -> None:
        pass


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


class FakeUnitOfWork:
    """Keeps committed state; what is not committed is thrown away on exit, like the real one."""

    def __init__(self) -> None:
        self.requirements = FakeRequirements()
        self.releases = FakeReleases()
        self.campaigns = FakeCampaigns()
        self.gaps = FakeGaps()
        self.audit = FakeAudit()
        self.commits = 0
        self._snapshot: dict[str, Any] = {}

    def _state(self) -> dict[str, Any]:
        import copy

        return copy.deepcopy(
            {k: vars(getattr(self, k)) for k in ("requirements", "releases", "campaigns", "gaps", "audit")}
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


@dataclass
class FakeRunner:
    results: tuple[ScenarioResult, ...] = ()
    calls: list[tuple[str, str]] = field(default_factory=list)

    def run(self, release: str, run_id: str) -> FakeRun:
        self.calls.append((release, run_id))
        return FakeRun(results=self.results, folder=Path("/runs") / run_id)


def with_status(result: ScenarioResult, status: Any) -> ScenarioResult:
    return replace(result, status=status)

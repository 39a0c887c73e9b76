"""The project's input files: the requirements repository and the vendor's release notes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from amoa_workflow.domain.model import Release, Requirement

if TYPE_CHECKING:  # the readers (jsonschema, YAML, spreadsheets) are imported when a file is read
    from amoa_workflow.release_notes import Reading, ReferencePatterns


@dataclass(frozen=True)
class ProjectSources:
    requirements_path: Path
    release_notes_path: Path
    requirement_pattern: str
    anomaly_pattern: str
    tracker_keys: tuple[str, ...] = ()

    @property
    def patterns(self) -> ReferencePatterns:
        from amoa_workflow.release_notes import ReferencePatterns

        return ReferencePatterns(self.requirement_pattern, self.anomaly_pattern, self.tracker_keys)

    def requirements(self) -> list[Requirement]:
        from amoa_workflow.requirements import read_requirements

        return read_requirements(self.requirements_path, self.requirement_pattern)

    def requirement_codes(self) -> set[str] | None:
        """The codes in the requirements file, or None when the project has no such file."""
        if not self.requirements_path.is_file():
            return None
        return {r.code for r in self.requirements()}

    def release(self, version: str) -> tuple[Release, str]:
        release = self.notes(self.release_notes_path, version).release
        return release, fingerprint(release)

    def notes(self, path: Path, version: str, allow_empty: bool = False) -> Reading:
        """Any release-notes file or folder, read with the project's reference patterns."""
        from amoa_workflow.release_notes import read_release_notes

        return read_release_notes(path, version, self.patterns, allow_empty=allow_empty)


def fingerprint(release: Release) -> str:
    """SHA-256 of what the notes say about this release (not of the whole changelog file)."""
    content = asdict(release)
    content.pop("source")
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

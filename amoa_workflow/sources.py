"""The project's input files: the requirements repository and the vendor's release notes."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from amoa_workflow.domain.model import Release, Requirement
from amoa_workflow.release_notes import ReferencePatterns, parse_release
from amoa_workflow.requirements import read_requirements


@dataclass(frozen=True)
class ProjectSources:
    requirements_path: Path
    release_notes_path: Path
    requirement_pattern: str
    anomaly_pattern: str

    def requirements(self) -> list[Requirement]:
        return read_requirements(self.requirements_path, self.requirement_pattern)

    def release(self, version: str) -> tuple[Release, str]:
        patterns = ReferencePatterns(requirement=self.requirement_pattern, anomaly=self.anomaly_pattern)
        release = parse_release(self.release_notes_path, version, patterns)
        return release, fingerprint(release)


def fingerprint(release: Release) -> str:
    """SHA-256 of what the notes say about this release (not of the whole changelog file)."""
    content = asdict(release)
    content.pop("source")
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

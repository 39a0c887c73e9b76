"""Whatever a vendor sends, reading it either works or raises our own error: never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amoa_workflow.errors import AmoaError
from amoa_workflow.release_notes import ReferencePatterns, read_release_notes

PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+", tracker_keys=("PAIE",))
NAMES = ["CHANGELOG.md", "RELEASE-NOTES.txt", "notes.yaml", "notes.json", "123.bugfix.rst", "notes"]
FRAGMENTS = [
    "# Changelog", "## [1.0.0] - 2025-01-20", "## [Unreleased]", "### Fixed", "### Corrections",
    "#### :bug: Bugs",
    "- item EXG-001", "* item ANO-42", "  - nested", "    wrapped line", "```", "Version 1.3", "FIXED BUGS",
    "==========", "o CSV-1: x", "** Bug", "    * [PAIE-1] - y", "format: amoa-release-notes/1", "releases:",
    "  - version: 1.0.0", "    items:", "      - kind: fixed", "        text: t", "features:", "  - |", "---",
    "{", "}", "[", "]", '"version": "1.0.0",', "## 1.0.0 (31/02/2025)", "## v2.0.0-rc.1", "", "\t", "#",
    "1. numbered", "## New features", "### Feature: x", "- [#12](https://x/pull/12)", "## Non publié",
]  # fmt: skip


def attempt(name: str, content: bytes, version: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            reading = read_release_notes(path, version, PATTERNS)
        except AmoaError:
            return
        assert reading.release.items is not None
        for item in reading.release.items:
            assert item.text == item.text.strip()


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(name=st.sampled_from(NAMES), text=st.text(max_size=400), version=st.sampled_from(["1.0.0", "x", ""]))
def test_any_text_is_read_or_refused_with_our_error(name: str, text: str, version: str) -> None:
    attempt(name, text.encode("utf-8", "surrogatepass"), version)


@SETTINGS
@given(name=st.sampled_from(NAMES), content=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_our_error(name: str, content: bytes) -> None:
    attempt(name, content, "1.0.0")


@SETTINGS
@given(
    name=st.sampled_from(NAMES),
    lines=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=40),
    version=st.sampled_from(["1.0.0", "Unreleased", "1.3", "2.0.0-rc.1"]),
)
def test_changelog_shaped_text_is_read_or_refused_with_our_error(
    name: str, lines: list[str], version: str
) -> None:
    attempt(name, "\n".join(lines).encode("utf-8", "surrogatepass"), version)

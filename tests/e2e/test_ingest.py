"""``amoa ingest`` as a user runs it: readable summary, JSON, revisions, and one-line errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line


def releases(project: Path) -> list[tuple[str, int]]:
    database = project / "data" / "amoa.db"
    if not database.exists():
        return []
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT version, revision FROM releases ORDER BY version").fetchall()


def test_the_summary_shows_kinds_references_and_unknown_requirements(
    amoa: Amoa, sample_project: Path
) -> None:
    notes = sample_project / "release_notes" / "CHANGELOG.md"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("(EXG-011)", "(EXG-011, EXG-099)", 1), encoding="utf-8"
    )

    completed = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0")

    assert completed.returncode == 0, completed.stderr
    assert "Notes de version 1.1.0 (2025-03-14) — format markdown" in completed.stdout
    assert "correction" in completed.stdout and "limitation connue" in completed.stdout
    assert "Anomalies citées (2) : ANO-042, ANO-038" in completed.stdout
    assert "Exigences inconnues du référentiel : EXG-099" in completed.stdout
    assert releases(sample_project) == [("1.1.0", 1)]


def test_the_same_notes_twice_change_nothing_and_changed_notes_are_a_new_revision(
    amoa: Amoa, sample_project: Path
) -> None:
    assert amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0").returncode == 0

    again = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0")
    assert "Notes identiques à la révision 1" in again.stdout

    notes = sample_project / "release_notes" / "CHANGELOG.md"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(
        text.replace("### Corrections\n", "### Corrections\n- ANO-050 : arrondi des IJSS (EXG-001)\n", 1)
    )
    changed = amoa("--lang", "en", "ingest", "release_notes/CHANGELOG.md", "--release", "1.1.0")

    assert "Notes changed: new revision 2." in changed.stdout
    assert "+ fixed: ANO-050 : arrondi des IJSS (EXG-001)" in changed.stdout
    assert releases(sample_project) == [("1.1.0", 2)]


def test_json_output_is_the_parsed_release(amoa: Amoa) -> None:
    completed = amoa(
        "ingest", "release_notes/CHANGELOG.md", "--release", "1.0.0", "--format", "json", "--dry-run"
    )

    document = json.loads(completed.stdout)
    assert document["format"] == "markdown"
    assert document["release"]["version"] == "1.0.0"
    assert document["release"]["items"][0]["requirement_refs"] == ["EXG-001"]
    assert document["stored"] is None


BROKEN_YAML = b"format: amoa-release-notes/1\nreleases: [\n"
WRONG_SHAPE = b'{"format": "amoa-release-notes/1", "releases": 3}'
TWO_VERSIONS = b"## [1.0.0]\n- a\n## [0.9.0]\n- b\n"
HUGE = b"## [1.1.0]\n" + (b"- " + b"y" * 78 + b"\n") * 262_144  # 21 MB


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("vide.md", b"", ["vide.md", "le fichier est vide"]),
        ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["image.md", "fichier binaire"]),
        ("notes.yaml", BROKEN_YAML, ["notes.yaml:3", "YAML/JSON invalide"]),
        ("notes.json", WRONG_SHAPE, ["notes.json:1", "releases"]),
        ("CHANGELOG.md", TWO_VERSIONS, ["CHANGELOG.md", "versions présentes : 1.0.0, 0.9.0"]),
        ("huge.md", HUGE, ["huge.md", "fichier trop volumineux"]),
    ],
)
def test_bad_notes_are_one_line_naming_the_file_and_nothing_is_written(
    amoa: Amoa, sample_project: Path, name: str, content: bytes, words: list[str]
) -> None:
    (sample_project / name).write_bytes(content)

    completed = amoa("ingest", name, "--release", "1.1.0")

    assert_one_clear_line(completed, 2, *words)
    assert releases(sample_project) == []


def test_a_missing_notes_file_is_named(amoa: Amoa, sample_project: Path) -> None:
    completed = amoa("ingest", "absent.md", "--release", "1.1.0")

    assert_one_clear_line(completed, 2, "absent.md", "fichier introuvable")


APACHE_NOTES = (
    Path(__file__).parents[1] / "data" / "release_notes_corpus" / "apache-commons-csv.RELEASE-NOTES.txt"
)


def test_a_release_missing_from_a_product_named_file_is_refused_and_nothing_stored(
    amoa: Amoa, sample_project: Path
) -> None:
    (sample_project / "RELEASE-NOTES.txt").write_bytes(APACHE_NOTES.read_bytes())

    completed = amoa("ingest", "RELEASE-NOTES.txt", "--release", "1.1.0")

    assert_one_clear_line(completed, 2, "RELEASE-NOTES.txt", "versions présentes : 1.14.1, 1.14.0")
    assert releases(sample_project) == []


def test_notes_without_any_item_are_refused_unless_allowed(amoa: Amoa, sample_project: Path) -> None:
    (sample_project / "empty.md").write_text("## 1.1.0 (2025-03-14)\nRien de nouveau.\n", encoding="utf-8")

    refused = amoa("ingest", "empty.md", "--release", "1.1.0")
    assert_one_clear_line(refused, 2, "empty.md", "aucune note trouvée pour 1.1.0", "--allow-empty")
    assert releases(sample_project) == []

    allowed = amoa("ingest", "empty.md", "--release", "1.1.0", "--allow-empty")
    assert allowed.returncode == 0, allowed.stderr
    assert releases(sample_project) == [("1.1.0", 1)]


@pytest.mark.parametrize(
    ("name", "content", "error", "code"),
    [
        ("CHANGELOG.md", TWO_VERSIONS, "ReleaseNotFound", 2),
        ("vide.md", b"", "ReleaseNotesError", 2),
        ("absent.md", None, "FileMissing", 2),
    ],
)
def test_json_output_reports_errors_as_json_with_their_exit_code(
    amoa: Amoa, sample_project: Path, name: str, content: bytes | None, error: str, code: int
) -> None:
    if content is not None:
        (sample_project / name).write_bytes(content)

    completed = amoa("--lang", "en", "ingest", name, "--release", "1.1.0", "--format", "json")

    assert completed.returncode == code
    document = json.loads(completed.stdout)
    assert document["error"]["type"] == error
    assert document["error"]["exit_code"] == code
    assert name in document["error"]["message"]
    assert "Traceback" not in completed.stderr
    assert releases(sample_project) == []

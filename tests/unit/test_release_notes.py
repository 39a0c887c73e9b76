"""Release notes are read as the vendor wrote them, French or English."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.domain.model import ItemKind
from amoa_workflow.errors import FileMissing, ReleaseNotesError, ReleaseNotFound
from amoa_workflow.release_notes import ReferencePatterns, kind_of, parse_release, versions_in

PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+")
REALWORLD = Path(__file__).parents[1] / "data" / "realworld" / "release_notes"

FRENCH = """# Notes de version — PaieNova

## [1.1.0] - 2025-03-14

### Nouveautés
- Bulletin de paie dématérialisé (EXG-011)

### Corrections
- ANO-042 : les heures supplémentaires sont désormais
  majorées de 25 % (EXG-004)

### Limitations connues
- L'export DSN n'est pas encore livré (EXG-013)

## [1.0.0] - 2025-01-20

### Nouveautés
- Calcul du salaire net (EXG-001, EXG-002)
"""


@pytest.fixture
def changelog(tmp_path: Path) -> Path:
    path = tmp_path / "CHANGELOG.md"
    path.write_text(FRENCH, encoding="utf-8")
    return path


def test_the_asked_release_is_taken_from_a_multi_version_changelog(changelog: Path) -> None:
    release = parse_release(changelog, "1.1.0", PATTERNS)

    assert release.version == "1.1.0"
    assert release.released_on == "2025-03-14"
    assert [item.kind for item in release.items] == [ItemKind.ADDED, ItemKind.FIXED, ItemKind.KNOWN_ISSUE]


def test_references_and_wrapped_lines_are_kept(changelog: Path) -> None:
    fix = parse_release(changelog, "1.1.0", PATTERNS).items[1]

    assert fix.text == "ANO-042 : les heures supplémentaires sont désormais majorées de 25 % (EXG-004)"
    assert fix.requirement_refs == ("EXG-004",)
    assert fix.anomaly_refs == ("ANO-042",)
    assert fix.line == 9


def test_an_older_release_stops_at_the_next_version_heading(changelog: Path) -> None:
    release = parse_release(changelog, "1.0.0", PATTERNS)

    assert [item.requirement_refs for item in release.items] == [("EXG-001", "EXG-002")]


def test_a_missing_release_lists_the_versions_the_file_contains(changelog: Path) -> None:
    with pytest.raises(ReleaseNotFound) as caught:
        parse_release(changelog, "9.9.9", PATTERNS)

    assert "9.9.9" in str(caught.value)
    assert "1.1.0, 1.0.0" in str(caught.value)
    assert "versions présentes : 1.1.0, 1.0.0" in caught.value.render("fr")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"## [1.0.0]\n- caf\xe9\n", "UTF-8"),
    ],
)
def test_unusable_files_are_clear_errors_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(content)

    with pytest.raises(ReleaseNotesError) as caught:
        parse_release(path, "1.0.0", PATTERNS)

    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(b"# Notes\n\n## [1.0.0]\n- caf\xe9\n")

    with pytest.raises(ReleaseNotesError, match=r"notes\.md:4: not valid UTF-8"):
        parse_release(path, "1.0.0", PATTERNS)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileMissing, match=r"nowhere\.md: file not found"):
        parse_release(tmp_path / "nowhere.md", "1.0.0", PATTERNS)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Corrections", ItemKind.FIXED),
        ("Anomalies corrigées", ItemKind.FIXED),
        (":bug: Corrections de bugs", ItemKind.FIXED),
        ("Nouvelles fonctionnalités", ItemKind.ADDED),
        ("🚀 Nouveautés", ItemKind.ADDED),
        ("Évolutions", ItemKind.CHANGED),
        ("Améliorations", ItemKind.CHANGED),
        ("Limitations connues", ItemKind.KNOWN_ISSUE),
        ("Security", ItemKind.SECURITY),
        ("Deprecated", ItemKind.DEPRECATED),
        ("Divers", ItemKind.OTHER),
    ],
)
def test_section_headings_give_the_item_kind(heading: str, kind: ItemKind) -> None:
    assert kind_of(heading) is kind


def test_keep_a_changelog_as_published() -> None:
    path = REALWORLD / "olivierlacan__keep-a-changelog__CHANGELOG.md"

    release = parse_release(path, "1.1.0", PATTERNS)

    assert "2.0.0" in versions_in(path.read_text(encoding="utf-8"))
    assert release.released_on == "2019-02-15"
    assert {item.kind for item in release.items} == {ItemKind.ADDED, ItemKind.FIXED}


def test_a_french_changelog_with_emoji_headings_and_french_dates() -> None:
    path = REALWORLD / "MTES-MCT__trackdechets__Changelog.md"

    release = parse_release(path, "2026.05.1", PATTERNS)

    assert release.released_on == "05/05/2026"
    assert {item.kind for item in release.items} == {ItemKind.CHANGED, ItemKind.FIXED}

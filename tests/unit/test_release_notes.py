"""Markdown release notes are read as the vendor wrote them, French or English."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from amoa_workflow.domain.model import ItemKind, Release
from amoa_workflow.errors import FileMissing, ReleaseNotesError, ReleaseNotFound
from amoa_workflow.release_notes import Reading, ReferencePatterns, kind_of, read_release_notes

PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+", tracker_keys=("PAIE", "CSV"))

FRENCH = """# Notes de version — PaieNova

## [Non publié]

## [1.1.0] - 2025-03-14

### Nouveautés
- Bulletin de paie dématérialisé (EXG-011)

### Corrections
- ANO-042 : les heures supplémentaires sont désormais
  majorées de 25 % (EXG-004)

### Limitations connues
- L'export DSN n'est pas encore livré (EXG-013)

### Sécurité

## [1.0.0] - 2025-01-20

### Nouveautés
- Calcul du salaire net (EXG-001, EXG-002)
"""


def notes(tmp_path: Path, text: str, name: str = "CHANGELOG.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, text: str, version: str, name: str = "CHANGELOG.md") -> Reading:
    return read_release_notes(notes(tmp_path, text, name), version, PATTERNS)


def kinds(release: Release) -> dict[str, int]:
    return dict(Counter(item.kind.value for item in release.items))


def test_the_asked_release_is_taken_from_a_multi_version_changelog(tmp_path: Path) -> None:
    reading = read(tmp_path, FRENCH, "1.1.0")

    assert reading.format == "markdown"
    assert reading.release.released_on == "2025-03-14"
    assert [item.kind for item in reading.release.items] == [
        ItemKind.ADDED,
        ItemKind.FIXED,
        ItemKind.KNOWN_ISSUE,
    ]


def test_references_and_wrapped_lines_are_kept(tmp_path: Path) -> None:
    fix = read(tmp_path, FRENCH, "1.1.0").release.items[1]

    assert fix.text == "ANO-042 : les heures supplémentaires sont désormais majorées de 25 % (EXG-004)"
    assert (fix.requirement_refs, fix.anomaly_refs, fix.line) == (("EXG-004",), ("ANO-042",), 11)
    assert fix.heading == "Corrections"


def test_an_older_release_stops_at_the_next_version_heading(tmp_path: Path) -> None:
    release = read(tmp_path, FRENCH, "v1.0.0").release

    assert release.version == "1.0.0"
    assert [item.requirement_refs for item in release.items] == [("EXG-001", "EXG-002")]


def test_unreleased_is_a_version_like_the_others(tmp_path: Path) -> None:
    release = read_release_notes(notes(tmp_path, FRENCH), "unreleased", PATTERNS, allow_empty=True).release

    assert (release.version, release.items) == ("Unreleased", ())


def test_a_missing_release_lists_the_versions_the_file_contains(tmp_path: Path) -> None:
    with pytest.raises(ReleaseNotFound) as caught:
        read(tmp_path, FRENCH, "9.9.9")

    assert "Unreleased, 1.1.0, 1.0.0" in str(caught.value)
    assert "versions présentes : Unreleased, 1.1.0, 1.0.0" in caught.value.render("fr")


def test_github_generated_notes_without_version_heading_are_one_release(tmp_path: Path) -> None:
    body = """## What's Changed
* feat(paie): bulletin dématérialisé by @vendor in https://github.com/acme/paie/pull/41
* fix: overtime rate PAIE-12 by @vendor in https://github.com/acme/paie/pull/42
* Bump httpx from 0.27 to 0.28 by @dependabot in https://github.com/acme/paie/pull/43

## New Contributors
* @newcomer made their first contribution in https://github.com/acme/paie/pull/40

**Full Changelog**: https://github.com/acme/paie/compare/v1.0.0...v1.1.0
"""
    reading = read(tmp_path, body, "1.1.0", name="notes.md")

    items = reading.release.items
    assert [i.kind for i in items] == [ItemKind.ADDED, ItemKind.FIXED, ItemKind.OTHER]
    assert items[1].tickets == ("PAIE-12",)
    assert items[0].links == ("https://github.com/acme/paie/pull/41",)
    assert "whole file" in reading.warnings[0].render("en")


def test_release_please_headings_with_compare_links(tmp_path: Path) -> None:
    text = """# Changelog

## [1.3.0](https://github.com/acme/paie/compare/v1.2.0...v1.3.0) (2025-05-02)

### Features

* **portail:** export PDF ([#51](https://github.com/acme/paie/issues/51)) ([1a2b3c4](https://github.com/acme/paie/commit/1a2b3c4))

### Bug Fixes

* **calcul:** arrondi du net au centime ([#52](https://github.com/acme/paie/issues/52))
* **calcul:** prorata d'entrée ([#53](https://github.com/acme/paie/issues/53))

## [1.2.0](https://github.com/acme/paie/compare/v1.1.0...v1.2.0) (2025-04-01)
"""
    release = read(tmp_path, text, "1.3.0").release

    assert release.released_on == "2025-05-02"
    assert kinds(release) == {"added": 1, "fixed": 2}
    assert release.items[2].issue_numbers == ("#53",)


def test_nested_bullets_detail_their_parent_item(tmp_path: Path) -> None:
    text = "## 2.0.0\n### Added\n- Export DSN (EXG-013)\n  - format XML\n  - dépôt net-entreprises\n- Autre\n"

    items = read(tmp_path, text, "2.0.0").release.items

    assert [i.text for i in items] == ["Export DSN (EXG-013); format XML; dépôt net-entreprises", "Autre"]


def test_fenced_code_is_not_read_as_headings_or_items(tmp_path: Path) -> None:
    text = "## 2.0.0\n### Fixed\n- Vraie correction\n```\n## 9.9.9\n- pas un élément\n```\n"

    reading = read(tmp_path, text, "2.0.0")

    assert [i.text for i in reading.release.items] == ["Vraie correction"]


def test_dates_in_french_forms_and_a_malformed_date_is_a_warning(tmp_path: Path) -> None:
    text = (
        "# Version 1.2 (14/03/2025)\n- a\n# Version 1.3 - 31/02/2025\n- b\n"
        "# Livraison 1.4 — 3 avril 2025\n- c\n"
    )

    assert read(tmp_path, text, "1.2").release.released_on == "2025-03-14"
    assert read(tmp_path, text, "1.4").release.released_on == "2025-04-03"
    malformed = read(tmp_path, text, "1.3")
    assert malformed.release.released_on is None
    assert "31/02/2025" in malformed.warnings[0].render("en")


def test_pre_releases_and_calendar_versions(tmp_path: Path) -> None:
    text = "## [2.0.0-rc.1] - 2025-06-01\n### Added\n- x\n## 2025.06.1\n### Fixed\n- y\n"

    assert read(tmp_path, text, "2.0.0-rc.1").release.items[0].text == "x"
    assert read(tmp_path, text, "2025.06.1").release.items[0].kind is ItemKind.FIXED


def test_tracker_keys_outside_the_allow_list_are_not_tickets(tmp_path: Path) -> None:
    text = (
        "## 1.0.0\n### Fixed\n"
        "- PAIE-7 et CSV-179 corrigés ; UTF-8, CVE-2021-44228 et PEP-696 ne sont pas des tickets\n"
    )

    [item] = read(tmp_path, text, "1.0.0").release.items

    assert item.tickets == ("PAIE-7", "CSV-179")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"## [1.0.0]\n- \x81\x8d\x8f\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_unusable_files_are_clear_errors_naming_the_file(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(content)

    with pytest.raises(ReleaseNotesError) as caught:
        read_release_notes(path, "1.0.0", PATTERNS)

    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_windows_1252_is_read_with_a_warning_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("# Notes\n\n## [1.0.0]\n### Corrections\n- Arrondi du net corrigé\n".encode("cp1252"))

    reading = read_release_notes(path, "1.0.0", PATTERNS)

    assert reading.release.items[0].text == "Arrondi du net corrigé"
    assert reading.warnings[0].render("en") == f"{path}:5: not UTF-8: read as Windows-1252 (cp1252)"


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = notes(tmp_path, "## 1.0.0\n" + "- item\n" * 2000)

    with pytest.raises(ReleaseNotesError, match="file too large"):
        read_release_notes(path, "1.0.0", PATTERNS, max_bytes=1000)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileMissing, match=r"nowhere\.md: file not found"):
        read_release_notes(tmp_path / "nowhere.md", "1.0.0", PATTERNS)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Corrections", ItemKind.FIXED),
        ("Anomalies corrigées", ItemKind.FIXED),
        ("Corrigé", ItemKind.FIXED),
        (":bug: Corrections de bugs", ItemKind.FIXED),
        ("Nouvelles fonctionnalités", ItemKind.ADDED),
        ("🚀 Nouveautés", ItemKind.ADDED),
        ("Évolutions", ItemKind.CHANGED),
        ("Améliorations", ItemKind.CHANGED),
        ("⚠ BREAKING CHANGES", ItemKind.CHANGED),
        ("Limitations connues", ItemKind.KNOWN_ISSUE),
        ("Points d'attention", ItemKind.KNOWN_ISSUE),
        ("Points d’attention", ItemKind.KNOWN_ISSUE),
        ("Security", ItemKind.SECURITY),
        ("Deprecated", ItemKind.DEPRECATED),
        ("Miscellaneous Chores", ItemKind.INTERNAL),
        ("Divers", ItemKind.OTHER),
    ],
)
def test_section_headings_give_the_item_kind(heading: str, kind: ItemKind) -> None:
    assert kind_of(heading) is kind

"""Release notes as vendors really write them: each class of miss found on the public corpus."""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import pytest

from amoa_workflow.domain.model import Release
from amoa_workflow.errors import ReleaseNotesError, ReleaseNotFound
from amoa_workflow.release_notes import DEFAULT_MAX_BYTES, Reading, ReferencePatterns, read_release_notes

PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+", tracker_keys=("CSV",))

PRODUCT_NAMED = """Apache Commons CSV 1.14.1 Release Notes
---------------------------------------

Fixed Bugs
----------

* CSV-318:  CSVPrinter.printRecord(Stream) hangs if given a parallel stream.

Apache Commons CSV 1.14.0 Release Notes
---------------------------------------

New Features
------------

* Add CSVFormat.Builder.setMaxRows(long).
"""


def write(tmp_path: Path, text: str, name: str = "CHANGELOG.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, text: str, version: str, name: str = "CHANGELOG.md", **options: bool) -> Reading:
    return read_release_notes(write(tmp_path, text, name), version, PATTERNS, **options)


def kinds(release: Release) -> dict[str, int]:
    return dict(Counter(item.kind.value for item in release.items))


def test_a_product_name_before_the_version_is_a_version_heading(tmp_path: Path) -> None:
    reading = read(tmp_path, PRODUCT_NAMED, "1.14.1", "RELEASE-NOTES.txt")

    assert kinds(reading.release) == {"fixed": 1}
    assert reading.release.items[0].tickets == ("CSV-318",)


def test_a_release_missing_from_a_product_named_file_lists_the_versions(tmp_path: Path) -> None:
    with pytest.raises(ReleaseNotFound, match=r"1\.14\.1, 1\.14\.0"):
        read(tmp_path, PRODUCT_NAMED, "9.9.9", "RELEASE-NOTES.txt")


def test_towncrier_default_titles_name_the_project(tmp_path: Path) -> None:
    text = "Towncrier 24.8.0 (2024-08-23)\n=============================\n\nFeatures\n--------\n\n- Add x.\n"

    reading = read(tmp_path, text, "24.8.0", "NEWS.rst")

    assert (reading.release.released_on, kinds(reading.release)) == ("2024-08-23", {"added": 1})


@pytest.mark.parametrize(("asked", "expected"), [("2.14.0b1", {"fixed": 1}), ("2.14.0", {"added": 1})])
def test_pep_440_pre_releases_are_releases_of_their_own(
    tmp_path: Path, asked: str, expected: dict[str, int]
) -> None:
    text = "## 2.14.0 (2024-03-01)\n### Added\n- final\n## 2.14.0b1 (2024-02-01)\n### Fixed\n- beta\n"

    assert kinds(read(tmp_path, text, asked).release) == expected


def test_the_versions_listed_keep_pre_releases_apart(tmp_path: Path) -> None:
    text = "## 1.0 (2024-03-01)\n- a\n## 1.0rc2\n- b\n## 1.0rc1\n- c\n"

    with pytest.raises(ReleaseNotFound, match=r"1\.0, 1\.0rc2, 1\.0rc1\)"):
        read(tmp_path, text, "2.0")


def test_lines_alone_in_bold_are_section_headings(tmp_path: Path) -> None:
    text = "## 2.1.2 (2025-02-13)\n\n**🚀 Corrections**\n\n- Bug à l'édition\n\n**Nouveautés**:\n\n- Route\n"

    assert kinds(read(tmp_path, text, "2.1.2").release) == {"fixed": 1, "added": 1}


def test_plain_text_name_colon_lines_are_headings(tmp_path: Path) -> None:
    text = "Version 1.3\n\nNew features:\n  * Overtime rate\n\nBug fixes:\n  * Rounding\n"

    assert kinds(read(tmp_path, text, "1.3", "NOTES.txt").release) == {"added": 1, "fixed": 1}


def test_the_leading_verb_guess_never_overrides_a_section(tmp_path: Path) -> None:
    text = "## 1.0.0\n### Stable style\n- Suppression du cache\n### Corrections\n- Suppression d'un doublon\n"

    assert [i.kind.value for i in read(tmp_path, text, "1.0.0").release.items] == ["other", "fixed"]


def test_the_leading_verb_guess_applies_where_no_section_speaks(tmp_path: Path) -> None:
    text = "## 1.0.0\n- [Développeurs] Ajout d'une méthode\n### What's Changed\n- fix(ui): bouton\n"

    assert [i.kind.value for i in read(tmp_path, text, "1.0.0").release.items] == ["added", "fixed"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("### 💻 Développement", "internal"),
        ("### Improved Documentation", "internal"),
        ("### Deprecations and Removals", "removed"),
        ("### Packaging", "internal"),
        ("### Nouveautés de la version 18.8", "added"),
        ("### Problèmes connus (18.7.1)", "known_issue"),
        ("### :arrow_up: Montée de version", "internal"),
        ("### NOUVEAUTE", "added"),
        ("### Anomalie corrigée", "fixed"),
    ],
)
def test_one_table_of_section_names_french_or_english(tmp_path: Path, title: str, kind: str) -> None:
    assert [i.kind.value for i in read(tmp_path, f"## 1.0.0\n{title}\n- x\n", "1.0.0").release.items] == [
        kind
    ]


def test_rows_of_a_table_of_changes_are_items(tmp_path: Path) -> None:
    text = (
        '### <a name="186"></a>18.6\n\n- Date de publication : 22 juillet 2020\n\n'
        "#### Correctifs de bogues dans la version 18.6\n\n| Élément | Détails |\n|---|---|\n"
        "| Audit | Correction d'un blocage |\n| &nbsp; | &nbsp; |\n| SMO | Script EXG-001 |\n"
    )

    release = read(tmp_path, text, "18.6").release

    assert (release.released_on, kinds(release)) == ("2020-07-22", {"fixed": 2})
    assert release.items[1].text == "SMO — Script EXG-001" and release.items[1].requirement_refs == (
        "EXG-001",
    )


def test_a_lone_towncrier_fragment_of_a_project_type_is_one_item(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.towncrier]\ntype = [\n  { name = "Contributor-facing changes", directory = "contrib" },\n'
        '  { name = "Bug Fixes", directory = "bugs" },\n]\n',
        encoding="utf-8",
    )
    folder = tmp_path / "changelog"
    folder.mkdir()
    (folder / "10745.improvement.1.rst").write_text("Faster tracebacks.\n", encoding="utf-8")
    (folder / "12.contrib.rst").write_text("Tox env.\n", encoding="utf-8")
    (folder / "13.bugs.md").write_text("Crash.\n", encoding="utf-8")
    (folder / "README.rst").write_text("How to write fragments.\n", encoding="utf-8")

    items = read_release_notes(folder, "9.0.0", PATTERNS).release.items
    lone = read_release_notes(folder / "12.contrib.rst", "9.0.0", PATTERNS).release.items

    assert [(i.kind.value, i.heading) for i in items] == [
        ("other", "Contributor-facing changes"),
        ("fixed", "Bug Fixes"),
    ]  # the project's config names its types: « improvement » is not one of them here
    assert [(i.kind.value, i.heading, i.issue_numbers) for i in lone] == [
        ("other", "Contributor-facing changes", ("#12",))
    ]


def test_without_config_the_usual_towncrier_types_include_improvement(tmp_path: Path) -> None:
    path = write(tmp_path, "Faster tracebacks.\n", "10745.improvement.1.rst")

    assert kinds(read_release_notes(path, "9.0.0", PATTERNS).release) == {"changed": 1}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf_16_and_32_with_a_bom_are_read(tmp_path: Path, codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(bom + "## 1.0.0 - 05-03-2025\n### Corrigé\n- Arrondi\n".encode(codec))

    release = read_release_notes(path, "1.0.0", PATTERNS).release

    assert (release.released_on, kinds(release)) == ("2025-03-05", {"fixed": 1})


@pytest.mark.parametrize(
    ("heading", "date"),
    [
        ("## 1.0.0 - 05-03-2025", "2025-03-05"),
        ("## [v1.14.4](https://x/compare) - 3 Mars 2026", "2026-03-03"),
        ("## 1.0.0 (1er février 2025)", "2025-02-01"),
        ("## 0.27.0 (21st February, 2024)", "2024-02-21"),
    ],
)
def test_more_date_forms(tmp_path: Path, heading: str, date: str) -> None:
    version = "1.14.4" if "1.14.4" in heading else heading.split()[1]

    assert read(tmp_path, f"{heading}\n- x\n", version).release.released_on == date


def test_issue_links_are_references(tmp_path: Path) -> None:
    text = "## 1.0.0\n- Crash (`#643 <https://github.com/o/r/issues/643>`_)\n"

    item = read(tmp_path, text, "1.0.0").release.items[0]

    assert item.links == ("https://github.com/o/r/issues/643",) and item.issue_numbers == ("#643",)


def test_a_release_title_is_not_absorbed_into_the_previous_item(tmp_path: Path) -> None:
    text = "Notes 1.1.0 Release Notes\n\nFixed Bugs:\n* b\nNotes 1.0.0 Release Notes\n* a\n"

    items = read(tmp_path, text, "1.1.0", "NOTES.txt").release.items

    assert [i.text for i in items] == ["b"]


def test_a_release_without_any_item_is_an_error_unless_allowed(tmp_path: Path) -> None:
    text = "## 1.1.0 (2025-01-01)\nNothing but prose.\n## 1.0.0\n- a\n"

    with pytest.raises(ReleaseNotesError, match=r"no release-note item found for 1\.1\.0"):
        read(tmp_path, text, "1.1.0")
    assert read(tmp_path, text, "1.1.0", allow_empty=True).release.items == ()


def test_a_file_without_version_heading_is_still_the_asked_release_with_a_warning(tmp_path: Path) -> None:
    reading = read(tmp_path, "### Fixed\n- a\n", "3.0.0")

    assert (reading.release.version, kinds(reading.release)) == ("3.0.0", {"fixed": 1})
    assert "no version heading" in reading.warnings[0].en


def test_the_size_limit_is_ten_megabytes_in_code_and_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"## 1.0.0\n" + b"- x\n" * (DEFAULT_MAX_BYTES // 4 + 1))

    with pytest.raises(ReleaseNotesError, match=r"at most 10 MB\)"):
        read_release_notes(path, "1.0.0", PATTERNS)
    assert DEFAULT_MAX_BYTES == 10_000_000

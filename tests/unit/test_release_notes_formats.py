"""Structured notes (our format, reno, towncrier) and plain-text notes are read by content."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from amoa_workflow.domain.model import ItemKind, Release
from amoa_workflow.errors import ReleaseNotesError, ReleaseNotFound
from amoa_workflow.release_notes import ReferencePatterns, read_release_notes

PATTERNS = ReferencePatterns(requirement=r"EXG-\d{3}", anomaly=r"ANO-\d+", tracker_keys=("CSV", "PAIE"))

OURS = """format: amoa-release-notes/1
product: PaieNova
releases:
  - version: 1.2.0
    date: 2025-05-02
    items:
      - kind: fixed
        text: Les heures supplémentaires sont majorées de 25 % (ANO-042)
        requirements: [EXG-004]
      - kind: known_issue
        text: La DSN n'est pas encore livrée
        requirements: [EXG-013]
        tickets: [PAIE-77]
  - version: 1.1.0
    items: []
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def kinds(release: Release) -> dict[str, int]:
    return dict(Counter(item.kind.value for item in release.items))


def test_our_yaml_format_gives_declared_and_found_references(tmp_path: Path) -> None:
    reading = read_release_notes(write(tmp_path, "notes.yaml", OURS), "1.2.0", PATTERNS)

    fix, issue = reading.release.items
    assert reading.format == "amoa-release-notes"
    assert reading.release.released_on == "2025-05-02"
    assert (fix.kind, fix.requirement_refs, fix.anomaly_refs, fix.line) == (
        ItemKind.FIXED, ("EXG-004",), ("ANO-042",), 7,
    )  # fmt: skip
    assert (issue.kind, issue.tickets) == (ItemKind.KNOWN_ISSUE, ("PAIE-77",))


def test_our_format_in_json_is_the_same(tmp_path: Path) -> None:
    import yaml

    as_json = json.dumps(yaml.safe_load(OURS), default=str, indent=2)
    release = read_release_notes(write(tmp_path, "notes", as_json), "1.2.0", PATTERNS).release

    assert kinds(release) == {"fixed": 1, "known_issue": 1}


def test_our_format_lists_its_versions_when_the_release_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ReleaseNotFound, match=r"1\.2\.0, 1\.1\.0"):
        read_release_notes(write(tmp_path, "notes.yaml", OURS), "3.0.0", PATTERNS)


def test_a_schema_violation_names_the_field_and_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.yaml", OURS.replace("kind: known_issue", "kind: bug"))

    with pytest.raises(
        ReleaseNotesError, match=r"notes\.yaml:10: releases/0/items/1/kind: 'bug' is not one of"
    ):
        read_release_notes(path, "1.2.0", PATTERNS)


@pytest.mark.parametrize(
    ("change", "english", "french"),
    [
        (
            ("kind: known_issue", "kind: bug"),
            "releases/0/items/1/kind: 'bug' is not one of added, changed, fixed",
            "releases/0/items/1/kind : « bug » n'est pas une valeur permise (added, changed, fixed",
        ),
        (
            ("kind: known_issue", "sorte: known_issue"),
            "releases/0/items/1: unknown field 'sorte' (known: ",
            "releases/0/items/1 : champ inconnu « sorte » (champs connus : ",
        ),
        (
            ("    items:\n", "    items: []\n    old:\n"),
            "releases/0: unknown field 'old'",
            "releases/0 : champ inconnu « old »",
        ),
    ],
)
def test_a_schema_violation_is_explained_in_both_languages(
    tmp_path: Path, change: tuple[str, str], english: str, french: str
) -> None:
    path = write(tmp_path, "notes.yaml", OURS.replace(*change, 1))

    with pytest.raises(ReleaseNotesError) as refused:
        read_release_notes(path, "1.2.0", PATTERNS)

    assert english in refused.value.render("en")
    assert french in refused.value.render("fr")
    assert " is not one of " not in refused.value.render("fr")


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("notes.yaml", "format: amoa-release-notes/1\nreleases:\n  - version: [1.2\n", 4),
        ("notes.json", '{"format": "amoa-release-notes/1",\n "releases": [\n  {"version": "1.0"}\n', 4),
    ],
)
def test_invalid_yaml_or_json_names_the_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    with pytest.raises(ReleaseNotesError, match=rf"{name}:{line}: invalid YAML/JSON"):
        read_release_notes(write(tmp_path, name, text), "1.0", PATTERNS)


def test_yaml_of_an_unknown_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReleaseNotesError, match="unknown shape"):
        read_release_notes(write(tmp_path, "x.yaml", "name: paie\nversion: 1\n"), "1", PATTERNS)


def test_reno_notes_give_the_asked_release_their_items(tmp_path: Path) -> None:
    text = (
        "---\nprelude: >\n  Intro.\nfeatures:\n  - Export ``DSN`` (EXG-013)\n"
        "fixes:\n  - |\n    Fix PAIE-9.\nissues:\n  - Known.\n"
    )

    reading = read_release_notes(write(tmp_path, "note-1a2b.yaml", text), "1.2.0", PATTERNS)

    assert reading.format == "reno"
    assert [(i.kind, i.text, i.line) for i in reading.release.items] == [
        (ItemKind.ADDED, "Export DSN (EXG-013)", 5),
        (ItemKind.FIXED, "Fix PAIE-9.", 8),
        (ItemKind.KNOWN_ISSUE, "Known.", 10),
    ]


def test_towncrier_fragments_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "newsfragments"
    folder.mkdir()
    write(folder, "123.bugfix.rst", "Overtime is paid at +25 % (ANO-042).\n")
    write(folder, "124.feature.md", "Dematerialised payslip (EXG-011).\n")
    write(folder, "+orphan.misc.rst", "Tidy.\n")
    write(folder, "README.txt", "not a fragment")

    reading = read_release_notes(folder, "1.2.0", PATTERNS)

    assert reading.format == "towncrier"
    by_kind = {i.kind: i for i in reading.release.items}
    assert by_kind[ItemKind.FIXED].issue_numbers == ("#123",)
    assert by_kind[ItemKind.FIXED].anomaly_refs == ("ANO-042",)
    assert by_kind[ItemKind.ADDED].requirement_refs == ("EXG-011",)
    assert ItemKind.INTERNAL in by_kind


def test_a_folder_without_notes_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "readme.txt", "rien")

    with pytest.raises(ReleaseNotesError, match="no reno notes"):
        read_release_notes(tmp_path, "1.0", PATTERNS)


APACHE = """
                              Apache Commons CSV
                                  Version 1.3
                                 Release Notes


INTRODUCTION:

This document contains the release notes for the 1.3 version of Apache Commons CSV.

NEW FEATURES
============

o CSV-179: Add shortcut method for using first record as header to CSVFormat.
o CSV-180: Add withHeader(Class<? extends Enum>) to CSVFormat.

FIXED BUGS
==========

o CSV-181: Make CSVPrinter.print(Object) GC-free.
           Thanks to Gary Gregory.

CHANGES
=======

o CSV-182: Allow some printing operations directly from CSVFormat.


Have fun!
-Apache Commons CSV team

                              Apache Commons CSV
                                  Version 1.2
                                 Release Notes

FIXED BUGS
==========

o CSV-157: Add enum CSVFormat.Predefined that contains the default CSVFormat values.
"""


def test_apache_style_plain_text_notes(tmp_path: Path) -> None:
    reading = read_release_notes(write(tmp_path, "RELEASE-NOTES.txt", APACHE), "1.3", PATTERNS)

    assert reading.format == "plain text"
    assert kinds(reading.release) == {"added": 2, "fixed": 1, "changed": 1}
    fixed = next(i for i in reading.release.items if i.kind is ItemKind.FIXED)
    assert fixed.text == "CSV-181: Make CSVPrinter.print(Object) GC-free. Thanks to Gary Gregory."
    assert fixed.tickets == ("CSV-181",)


def test_plain_text_lists_its_versions(tmp_path: Path) -> None:
    with pytest.raises(ReleaseNotFound, match=r"1\.3, 1\.2"):
        read_release_notes(write(tmp_path, "RELEASE-NOTES.txt", APACHE), "2.0", PATTERNS)


def test_jira_style_release_notes(tmp_path: Path) -> None:
    text = """Release Notes - PaieNova - Version 1.4

** Bug
    * [PAIE-101] - Heures supplémentaires à 25 % (ANO-042)
    * [PAIE-102] - Arrondi du net

** New Feature
    * [PAIE-90] - Export DSN mensuelle (EXG-013)

** Task
    * [PAIE-95] - Mise à jour des dépendances
"""
    release = read_release_notes(write(tmp_path, "notes.txt", text), "1.4", PATTERNS).release

    assert kinds(release) == {"fixed": 2, "added": 1, "internal": 1}
    assert release.items[0].tickets == ("PAIE-101",)
    assert release.items[0].anomaly_refs == ("ANO-042",)

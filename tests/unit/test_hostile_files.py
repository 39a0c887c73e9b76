"""Hostile or odd files get our error, naming the file (and line), quickly and in bounded memory.

What a tester met: a 384-byte YAML alias bomb that grew to 900 MB, our notes format nested 5,000
deep (RecursionError), a NUL byte (ReaderError), CR-only line endings (_csv.Error), a FIFO or a
symbolic link loop reported as "file not found", ``titre: null`` read as the title "null",
``anomalies: [42, true]`` accepted although the schema wants text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amoa_workflow.errors import InputFileError, ReleaseNotesError, RequirementsError
from amoa_workflow.release_notes import ReferencePatterns, read_release_notes
from amoa_workflow.requirements import read_requirements

PATTERNS = ReferencePatterns(r"EXG-\d+", r"ANO-\d+")
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
NOTES = "format: amoa-release-notes/1\nreleases:\n  - version: 1.2.0\n    items:\n"


def notes(tmp_path: Path, text: str, name: str = "notes.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alias_bomb_in_release_notes_is_refused_at_its_line(tmp_path: Path) -> None:
    path = notes(tmp_path, NOTES + "      - kind: fixed\n        text: x\n" + BOMB.replace("a:", "x-a:", 1))

    with pytest.raises(ReleaseNotesError, match="alias") as caught:
        read_release_notes(path, "1.2.0", PATTERNS)
    assert caught.value.line is not None and "notes.yaml" in str(caught.value)


def test_an_alias_bomb_in_requirements_is_refused_at_its_line(tmp_path: Path) -> None:
    path = notes(tmp_path, "exigences:\n  - id: EXG-001\n    titre: &t Salaire\n" + BOMB, "exigences.yaml")

    with pytest.raises(RequirementsError, match="alias") as caught:
        read_requirements(path, r"EXG-\d+")
    assert caught.value.line == 3


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system {}", "!!python/name:os.system ''", "!!binary aGk="]
)
def test_a_tag_that_constructs_objects_is_refused_at_its_line_in_notes_and_requirements(
    tmp_path: Path, tag: str
) -> None:
    written = notes(tmp_path, NOTES + f"      - kind: fixed\n        text: {tag}\n")
    with pytest.raises(ReleaseNotesError, match="is not accepted") as refused:
        read_release_notes(written, "1.2.0", PATTERNS)
    assert refused.value.line == 6 and "!!" in refused.value.render("fr")

    required = notes(tmp_path, f"exigences:\n  - id: EXG-001\n    titre: {tag}\n", "exigences.yaml")
    with pytest.raises(RequirementsError, match="is not accepted") as refused_too:
        read_requirements(required, r"EXG-\d+")
    assert refused_too.value.line == 3


def test_notes_nested_thousands_deep_are_refused_not_a_recursion_error(tmp_path: Path) -> None:
    deep = '{"format": "amoa-release-notes/1", "releases": ' + "[" * 5000 + "]" * 5000 + "}"

    with pytest.raises(ReleaseNotesError, match="64"):
        read_release_notes(notes(tmp_path, deep, "notes.json"), "1.2.0", PATTERNS)


@pytest.mark.parametrize("reader", ["notes", "requirements"])
def test_a_nul_byte_is_our_error_with_its_place(tmp_path: Path, reader: str) -> None:
    if reader == "notes":
        path = notes(tmp_path, NOTES + "      - kind: fixed\n        text: a\x00b\n")
        with pytest.raises(ReleaseNotesError, match="binary file"):
            read_release_notes(path, "1.2.0", PATTERNS)
    else:
        path = notes(tmp_path, "exigences:\n  - id: EXG-001\n    titre: a\x00b\n", "exigences.yaml")
        with pytest.raises(RequirementsError, match=r"#x0000"):
            read_requirements(path, r"EXG-\d+")


def test_a_null_title_is_an_empty_title_not_the_word_null(tmp_path: Path) -> None:
    path = notes(tmp_path, "exigences:\n  - id: EXG-001\n    titre: null\n    criticite: critique\n"
                           "    domaine: Paie\n", "exigences.yaml")  # fmt: skip

    with pytest.raises(RequirementsError) as caught:
        read_requirements(path, r"EXG-\d+")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ("        text: x\n        anomalies: [42, true]\n", "anomalies/0"),
        ("        text: null\n", "text"),
        ("        text: 1.5\n", "text"),
    ],
)
def test_the_schema_types_are_enforced_without_silent_conversion(
    tmp_path: Path, item: str, where: str
) -> None:
    path = notes(tmp_path, NOTES + "      - kind: fixed\n" + item)

    with pytest.raises(ReleaseNotesError, match=where) as caught:
        read_release_notes(path, "1.2.0", PATTERNS)
    assert caught.value.line is not None


def test_a_version_written_as_a_number_is_asked_in_quotes(tmp_path: Path) -> None:
    path = notes(tmp_path, NOTES.replace("1.2.0", "1.10") + "      - kind: fixed\n        text: x\n")

    with pytest.raises(ReleaseNotesError, match="quotes") as caught:
        read_release_notes(path, "1.10", PATTERNS)
    assert "1.10" in str(caught.value)


def test_quoted_versions_and_plain_dates_stay_text(tmp_path: Path) -> None:
    dated = NOTES.replace("1.2.0", '"1.10"').replace("    items:", "    date: 2025-05-02\n    items:")
    path = notes(tmp_path, dated + "      - kind: fixed\n        text: x\n        anomalies: [ANO-42]\n")

    release = read_release_notes(path, "1.10", PATTERNS).release

    assert (release.version, release.released_on) == ("1.10", "2025-05-02")
    assert release.items[0].anomaly_refs == ("ANO-42",)


def test_requirements_with_cr_only_line_endings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "exigences.csv"
    path.write_bytes(
        b"Id;Titre;Criticite;Domaine\rEXG-001;Salaire net;critique;Paie\rEXG-002;Cong\xe9s;mineure;RH\r"
    )

    found = read_requirements(path, r"EXG-\d+")

    assert [(r.code, r.title) for r in found] == [("EXG-001", "Salaire net"), ("EXG-002", "Congés")]


@pytest.mark.parametrize(
    ("kind", "reader"),
    [("fifo", "notes"), ("loop", "notes"), ("fifo", "requirements"), ("loop", "requirements"),
     ("folder", "requirements")],  # a folder of release notes is read as fragments (towncrier, reno)
)  # fmt: skip
def test_special_files_are_refused_by_name_not_called_missing(tmp_path: Path, kind: str, reader: str) -> None:
    path = tmp_path / ("exigences.yaml" if reader == "requirements" else "CHANGELOG.md")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path)
    else:
        path.mkdir()
    words = {"fifo": "FIFO", "loop": "symbolic link", "folder": "folder"}[kind]

    with pytest.raises(InputFileError, match=words) as caught:
        if reader == "notes":
            read_release_notes(path, "1.2.0", PATTERNS)
        else:
            read_requirements(path, r"EXG-\d+")
    assert str(path) in str(caught.value) and "not found" not in str(caught.value)

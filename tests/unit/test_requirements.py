"""The requirements repository is read with errors naming the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.domain.model import Criticality
from amoa_workflow.errors import FileMissing, RequirementsError
from amoa_workflow.requirements import read_requirements

PATTERN = r"EXG-\d{3}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exigences.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_french_keys_and_criticalities_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """exigences:
  - id: EXG-001
    titre: Calcul du salaire net
    criticite: critique
    domaine: Paie
  - id: EXG-002
    title: Payslip
    criticality: minor
    domain: Portal
    description: In English too
""",
    )

    first, second = read_requirements(path, PATTERN)

    assert (first.code, first.title, first.criticality, first.domain) == (
        "EXG-001", "Calcul du salaire net", Criticality.CRITICAL, "Paie",
    )  # fmt: skip
    assert (second.criticality, second.description) == (Criticality.MINOR, "In English too")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - id: EXG-002\n    titre: ''\n    criticite: majeure\n    domaine: Paie\n",
            r":6: .*'title' is missing or empty",
        ),
        (
            "  - id: EXG-002\n    titre: T\n    criticite: haute\n    domaine: Paie\n",
            r":6: EXG-002: unknown criticality 'haute'",
        ),
        (
            "  - id: EXG-001\n    titre: T\n    criticite: majeure\n    domaine: Paie\n",
            r":6: EXG-001 is already defined at line 2",
        ),
        (
            "  - id: REQ-9\n    titre: T\n    criticite: majeure\n    domaine: Paie\n",
            r":6: id 'REQ-9' does not match",
        ),
        (
            "  - id: EXG-002\n    titre: T\n    urgence: haute\n    domaine: Paie\n",
            r":8: unknown field 'urgence'",
        ),
    ],
)
def test_a_bad_entry_names_its_line(tmp_path: Path, entry: str, message: str) -> None:
    good = "exigences:\n  - id: EXG-001\n    titre: Net\n    criticite: critique\n    domaine: Paie\n"
    path = write(tmp_path, good + entry)

    with pytest.raises(RequirementsError, match=message):
        read_requirements(path, PATTERN)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            f"  - id: EXG-{'9' * 70}\n    titre: T\n    criticite: majeure\n    domaine: Paie\n",
            r":6: id 'EXG-9{10}.*' is 74 characters long, at most 64",
        ),
        (
            f"  - id: EXG-002\n    titre: T\n    criticite: majeure\n    domaine: {'Paie ' * 40}\n",
            r":6: EXG-002: domain 'Paie Paie .*' is 199 characters long, at most 128",
        ),
    ],
)
def test_a_field_longer_than_what_is_stored_names_its_line(tmp_path: Path, entry: str, message: str) -> None:
    good = "exigences:\n  - id: EXG-001\n    titre: Net\n    criticite: critique\n    domaine: Paie\n"
    path = write(tmp_path, good + entry)

    with pytest.raises(RequirementsError, match=message):
        read_requirements(path, r"EXG-\d+")


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "exigences:\n  - id: EXG-001\n    titre: [non fermé\n")

    with pytest.raises(RequirementsError, match=r"exigences\.yaml:\d+: invalid YAML"):
        read_requirements(path, PATTERN)


def test_messages_exist_in_french(tmp_path: Path) -> None:
    path = write(
        tmp_path, "exigences:\n  - id: EXG-001\n    titre: T\n    criticite: haute\n    domaine: Paie\n"
    )

    with pytest.raises(RequirementsError) as caught:
        read_requirements(path, PATTERN)

    assert caught.value.render("fr").endswith("exigences.yaml:2 : EXG-001 : criticité inconnue « haute » "
                                              "(critique, majeure, mineure)")  # fmt: skip


def test_an_empty_or_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RequirementsError, match="non-empty list"):
        read_requirements(write(tmp_path, "exigences: []\n"), PATTERN)
    with pytest.raises(FileMissing):
        read_requirements(tmp_path / "absent.yaml", PATTERN)

"""Requirements planned by lot: a "Lot" or "Version cible" column in YAML, CSV and XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from amoa_workflow.domain.model import Criticality, Requirement
from amoa_workflow.domain.planning import is_due, version_numbers
from amoa_workflow.errors import RequirementsError
from amoa_workflow.requirements import read_requirements

PATTERN = r"EXG-\d{3}"


def test_yaml_reads_the_lot_of_each_requirement(tmp_path: Path) -> None:
    path = tmp_path / "exigences.yaml"
    path.write_text(
        "exigences:\n"
        "  - {id: EXG-001, titre: Net, criticite: critique, domaine: Paie}\n"
        "  - {id: EXG-002, titre: Export, criticite: majeure, domaine: Paie, lot: 2.1}\n"
        "  - {id: EXG-003, titre: Sites, criticite: majeure, domaine: Orga, version cible: Lot 3}\n",
        encoding="utf-8",
    )

    assert [r.target for r in read_requirements(path, PATTERN)] == [None, "2.1", "Lot 3"]


def test_csv_and_xlsx_read_a_version_cible_column(tmp_path: Path) -> None:
    csv_path = tmp_path / "exigences.csv"
    csv_path.write_text("Id;Titre;Criticité;Domaine;Version cible\nEXG-001;Net;critique;Paie;\n"
                        "EXG-002;Export;majeure;Paie;v2.0\n", encoding="utf-8")  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.title = "Exigences"
    sheet.append(["Id", "Titre", "Criticité", "Domaine", "Lot"])
    sheet.append(["EXG-001", "Net", "critique", "Paie", None])
    sheet.append(["EXG-002", "Export", "majeure", "Paie", 2.1])
    book.save(tmp_path / "exigences.xlsx")

    assert [r.target for r in read_requirements(csv_path, PATTERN)] == [None, "v2.0"]
    assert [r.target for r in read_requirements(tmp_path / "exigences.xlsx", PATTERN)] == [None, "2.1"]


def test_a_lot_without_a_number_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "exigences.csv"
    path.write_text("id,title,criticality,domain,lot\nEXG-001,Net,critical,Payroll,later\n", encoding="utf-8")

    with pytest.raises(RequirementsError) as error:
        read_requirements(path, PATTERN)

    assert ":2" in str(error.value) and "later" in str(error.value)


@pytest.mark.parametrize(
    ("target", "version", "due"),
    [(None, "0.1", True), ("2.1", "2.0.9", False), ("2.1", "2.1.0", True), ("v2.1.0", "2.1", True),
     ("Lot 2", "1.9", False), ("Lot 2", "2.0", True), ("2.1", "10.0", True)],
)  # fmt: skip
def test_a_requirement_is_due_from_its_target_on(target: str | None, version: str, due: bool) -> None:
    requirement = Requirement("EXG-001", "Net", Criticality.CRITICAL, "Paie", target=target)

    assert is_due(requirement, version) is due


def test_version_numbers_ignore_trailing_zeros() -> None:
    assert version_numbers("v2.1.0") == version_numbers("2.1") == (2, 1)

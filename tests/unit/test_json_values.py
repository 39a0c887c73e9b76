"""JSON paths and the values analysts write, compared by type."""

from __future__ import annotations

import pytest

from amoa_workflow.steps.json_values import JsonPathError, contains, equals, missing_rows, resolve

PAYSLIP = {
    "salarie": {"matricule": "S001", "nom": "Durand"},
    "lignes": [{"code": "BRUT", "montant": 3033.4}, {"code": "NET", "montant": 2366.05}],
    "dematerialise": True,
    "coffre": None,
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("salarie.nom", "Durand"),
        ("$.salarie.matricule", "S001"),
        ("lignes[1].code", "NET"),
        ("$", PAYSLIP),
    ],
)
def test_paths_lead_to_values(path: str, value: object) -> None:
    assert resolve(PAYSLIP, path) == value


def test_a_wrong_path_says_where_it_stopped_and_what_is_there() -> None:
    with pytest.raises(JsonPathError) as caught:
        resolve(PAYSLIP, "salarie.prenom")

    assert caught.value.reached == "$.salarie.prenom"
    assert caught.value.available == ["matricule", "nom"]
    with pytest.raises(JsonPathError, match=r"\[0\.\.1\]"):
        resolve(PAYSLIP, "lignes[5].code")


@pytest.mark.parametrize(
    ("actual", "text", "expected"),
    [
        (3033.4, "3033,4", True),
        (3033.4, "3 033,40", True),
        (25, "25", True),
        (25.0, "25", True),
        (25, "26", False),
        (True, "vrai", True),
        (False, "true", False),
        (None, "nul", True),
        ("S001", "S001", True),
        ("25", "25.0", False),
        ([1, 2], "[1, 2]", True),
    ],
)
def test_expected_text_is_read_as_the_type_of_the_actual_value(
    actual: object, text: str, expected: bool
) -> None:
    assert equals(actual, text) is expected


def test_contains_reads_strings_lists_and_objects() -> None:
    assert contains("Bulletin de mars", "mars")
    assert contains(["PDF", "HTML"], "PDF")
    assert contains({"lien": "x"}, "lien")
    assert not contains(["PDF"], "XML")


def test_missing_rows_are_those_no_element_matches() -> None:
    rows = [{"code": "BRUT", "montant": "3033,40"}, {"code": "CSG", "montant": "12"}]

    assert missing_rows(PAYSLIP["lignes"], rows) == [{"code": "CSG", "montant": "12"}]

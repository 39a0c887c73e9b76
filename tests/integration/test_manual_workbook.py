"""The XLSX round trip of the manual part, read and written with openpyxl: one sheet per tester,
a list of allowed results, inert cells; a bad workbook is one line naming sheet, row and column,
and records nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ScenarioResult, Status, StepResult
from amoa_workflow.domain.quorum import Outcome
from amoa_workflow.errors import ManualWorkRefused, WorkbookError
from amoa_workflow.manual.campaign import read_part
from amoa_workflow.manual.workbook import export_workbook
from amoa_workflow.manual.workbook_results import import_results
from amoa_workflow.settings.testers import load_testers
from amoa_workflow.store.tables import audit_log
from tests.integration.test_manual_work import KEY, MANUAL, RESULTS, result
from tests.web_project import prepared

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
HOSTILE = result('=HYPERLINK("http://x.example","ok")', Status.PENDING, "manuel", "EXG-009")


@pytest.fixture
def workbook(sample_app: Application, tmp_path: Path) -> tuple[Application, Path]:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")
    services.record_campaign(
        sample_app.uow(),
        "Paie",
        "recette",
        "1.1.0",
        KEY,
        [*RESULTS, HOSTILE],
        "runs",
        rules=sample_app.settings.rules,
    )
    part = read_part(sample_app.uow(), KEY, load_testers(sample_app.settings.project_dir), MANUAL)
    return sample_app, export_workbook(part, tmp_path / "tests-utilisateurs.xlsx", "fr", NOW)


def do_import(app: Application, path: Path) -> None:
    testers = load_testers(app.settings.project_dir)
    import_results(app.uow(), path, testers, MANUAL, "sophie", lambda: NOW, "fr")


def executions(app: Application) -> dict[str, Status]:
    part = read_part(app.uow(), KEY, load_testers(app.settings.project_dir), MANUAL)
    return {key.split("::")[1]: e.status for key, e in part.executions.items()}


def row_of(sheet: object, scenario: str, number: int) -> int:
    for cells in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        if cells[0].value.endswith("::" + scenario) and cells[3].value == number:
            return int(cells[0].row)
    raise AssertionError(scenario)


def test_the_workbook_has_a_sheet_per_tester_with_steps_expected_results_and_a_list(
    workbook: tuple[Application, Path],
) -> None:
    _, path = workbook
    book = load_workbook(path)

    assert book.sheetnames == ["Campagne", "leroy", "benali", "non-attribues"]
    assert [c.value for c in book["Campagne"][1]][:2] == ["campagne", KEY]
    leroy = book["leroy"]
    assert [c.value for c in leroy[1]] == [
        "Clé du scénario", "Exigences", "Scénario", "N°", "Étape", "Résultat attendu", "Résultat",
        "Commentaire",
    ]  # fmt: skip
    first = row_of(leroy, "bulletin imprimé", 1)
    assert [c.value for c in leroy[first]][:6] == [
        "features/tests_utilisateurs.feature::bulletin imprimé", "EXG-001", "bulletin imprimé", 1,
        "Quand je lis le bulletin", None,
    ]  # fmt: skip
    assert leroy.cell(first + 1, 6).value == "il est lisible"  # an Alors step: its expected result
    [validation] = leroy.data_validations.dataValidation
    assert (validation.type, validation.formula1) == ("list", '"réussi,échoué,bloqué"')
    assert str(validation.sqref) == f"G2:G{leroy.max_row}"
    hostile = book["benali"].cell(row_of(book["benali"], HOSTILE.scenario, 1), 3)
    assert (hostile.value, hostile.data_type, hostile.quotePrefix) == (HOSTILE.scenario, "s", True)


def test_filled_in_results_come_back_as_executions(workbook: tuple[Application, Path]) -> None:
    app, path = workbook
    book = load_workbook(path)
    leroy = book["leroy"]
    for scenario, number, verdict, comment in [
        ("bulletin imprimé", 1, "réussi", None), ("bulletin imprimé", 2, "Échoué", "net illisible"),
        ("contrôle[1]", 1, "passed", None), ("contrôle[1]", 2, "réussi", None),
        ("contrôle[2]", 1, "bloqué", "pas de données de test"),
    ]:  # fmt: skip
        row = row_of(leroy, scenario, number)
        leroy.cell(row, 7).value, leroy.cell(row, 8).value = verdict, comment
    book.save(path)

    do_import(app, path)

    assert executions(app) == {
        "bulletin imprimé": Status.FAILED, "contrôle[1]": Status.PASSED, "contrôle[2]": Status.ERROR,
    }  # fmt: skip
    part = read_part(app.uow(), KEY, load_testers(app.settings.project_dir), MANUAL)
    failed = part.executions["features/tests_utilisateurs.feature::bulletin imprimé"]
    assert (failed.tester, failed.remark, failed.source) == ("leroy", "net illisible", "xlsx")
    again = load_workbook(export_workbook(part, path.with_name("again.xlsx"), "fr", NOW))["leroy"]
    assert again.cell(row_of(again, "bulletin imprimé", 2), 7).value == "échoué"  # exported as recorded


def spoil(path: Path, how: str) -> None:
    book = load_workbook(path)
    leroy = book["leroy"]
    row = row_of(leroy, "contrôle[1]", 1)
    leroy.cell(row_of(leroy, "bulletin imprimé", 1), 7).value = "réussi"  # a good cell before the bad one
    if how == "status":
        leroy.cell(row, 7).value = "OK"
    elif how == "text":
        leroy.cell(row, 5).value = "Quand je lis le bulletin en diagonale"
    else:
        del book["benali"]
    book.save(path)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("status", "feuille leroy, ligne {row}, colonne G (Résultat) : statut inconnu OK "
                   "(valeurs permises : réussi, échoué, bloqué, ou vide)"),
        ("text", "feuille leroy, ligne {row}, colonne E (Étape) : l'étape a été modifiée "
                 "(le scénario dit : Quand je lis le bulletin)"),
        ("sheet", "la feuille benali manque"),
    ],
)  # fmt: skip
def test_a_bad_workbook_is_one_line_naming_sheet_row_and_column_and_records_nothing(
    workbook: tuple[Application, Path], how: str, message: str
) -> None:
    app, path = workbook
    spoil(path, how)
    row = row_of(load_workbook(path)["leroy"], "contrôle[1]", 1)

    with pytest.raises(WorkbookError) as refused:
        do_import(app, path)

    line = refused.value.render("fr")
    assert line == f"{path} : {message.format(row=row)}"
    assert "\n" not in line
    assert executions(app) == {}


def test_a_step_on_two_rows_is_refused_and_records_nothing(workbook: tuple[Application, Path]) -> None:
    app, path = workbook
    book = load_workbook(path)
    leroy = book["leroy"]
    row = row_of(leroy, "contrôle[1]", 1)
    leroy.cell(row, 7).value = "échoué"
    leroy.cell(row, 8).value = "base fausse"
    leroy.append([*[c.value for c in leroy[row]][:6], "réussi"])  # a copied row says otherwise
    book.save(path)

    with pytest.raises(WorkbookError) as refused:
        do_import(app, path)

    assert refused.value.render("fr") == (
        f"{path} : feuille leroy, ligne {leroy.max_row}, colonne D (N°) : l'étape 1 de ce scénario est déjà "
        f"en ligne {row}"
    )
    assert executions(app) == {}


def test_every_bad_cell_is_named_in_one_go_and_nothing_is_recorded(
    workbook: tuple[Application, Path],
) -> None:
    app, path = workbook
    book = load_workbook(path)
    leroy = book["leroy"]
    first, second = row_of(leroy, "bulletin imprimé", 1), row_of(leroy, "contrôle[1]", 2)
    edited = row_of(leroy, "contrôle[2]", 1)
    leroy.cell(first, 7).value, leroy.cell(second, 7).value = "OK", "KO"
    leroy.cell(edited, 5).value = "Quand je lis le bulletin en diagonale"
    book.save(path)

    with pytest.raises(WorkbookError) as refused:
        do_import(app, path)

    line = refused.value.render("fr")
    assert "\n" not in line
    assert line.startswith(
        f"{path} : 3 problèmes : feuille leroy, ligne {first}, colonne G (Résultat) : statut inconnu OK"
    )
    assert f"; feuille leroy, ligne {second}, colonne G (Résultat) : statut inconnu KO" in line
    assert f"; feuille leroy, ligne {edited}, colonne E (Étape) : l'étape a été modifiée" in line
    assert executions(app) == {}


def test_many_bad_cells_are_named_up_to_a_limit(workbook: tuple[Application, Path]) -> None:
    app, path = workbook
    book = load_workbook(path)
    leroy = book["leroy"]
    steps = leroy.max_row - 1
    for row in range(2, leroy.max_row + 1):
        leroy.cell(row, 7).value = "OK"
    for _ in range(30):  # each: an unknown status, and a step already on row 2
        leroy.append([*[c.value for c in leroy[2]][:6], "OK"])
    book.save(path)

    with pytest.raises(WorkbookError) as refused:
        do_import(app, path)

    line = refused.value.render("fr")
    assert f" : {steps + 60} problèmes : " in line and "\n" not in line
    assert line.count("feuille leroy, ligne ") == 20
    assert line.endswith(f"; et {steps + 60 - 20} autre(s)")
    assert executions(app) == {}


def test_a_date_typed_in_a_comment_reads_as_the_tester_sees_it(workbook: tuple[Application, Path]) -> None:
    app, path = workbook
    book = load_workbook(path)
    leroy = book["leroy"]
    for number, verdict in ((1, "réussi"), (2, "échoué")):
        leroy.cell(row_of(leroy, "bulletin imprimé", number), 7).value = verdict
    leroy.cell(row_of(leroy, "bulletin imprimé", 2), 8).value = datetime(2025, 3, 17)
    leroy.cell(row_of(leroy, "bulletin imprimé", 2), 8).number_format = "dd/mm/yyyy"
    book.save(path)

    do_import(app, path)

    part = read_part(app.uow(), KEY, load_testers(app.settings.project_dir), MANUAL)
    assert part.executions["features/tests_utilisateurs.feature::bulletin imprimé"].remark == "17/03/2025"


@pytest.mark.parametrize("closed_by", ["deadline", "gate"])
def test_a_workbook_imported_once_the_manual_part_is_closed_is_refused_and_records_nothing(
    sample_project: Path, database_url: str, tmp_path: Path, closed_by: str
) -> None:
    app = prepared(sample_project, database_url, results=RESULTS)
    part = read_part(app.uow(), KEY, load_testers(app.settings.project_dir), MANUAL)
    path = export_workbook(part, tmp_path / "tests-utilisateurs.xlsx", "fr", NOW)
    book = load_workbook(path)
    book["leroy"].cell(row_of(book["leroy"], "bulletin imprimé", 1), 7).value = "réussi"
    book.save(path)
    with app.uow() as uow:
        if closed_by == "deadline":
            opened = NOW - timedelta(days=4)
            uow.audit.append("amoa", "manual.opened", KEY, {
                "release": "1.1.0", "checkpoint": "recette", "opened_at": opened.isoformat(),
                "deadline": (opened + timedelta(days=3)).isoformat(), "testers": {"leroy": 2},
            })  # fmt: skip
        else:
            gate = uow.gates.get("1.1.0", "vabf")
            assert gate is not None
            uow.gates.close(gate, Outcome.REJECTED, NOW - timedelta(hours=1))
        uow.commit()

    with pytest.raises(ManualWorkRefused) as refused:
        do_import(app, path)

    why = "la partie manuelle a fermé le 2026-03-01" if closed_by == "deadline" else "vabf est décidé"
    assert re.search(f"version 1.1.0 : .*{why}.*sophie ne peut plus enregistrer", refused.value.render("fr"))

    assert executions(app) == {}
    with app.engine.connect() as connection:
        recorded = select(audit_log.c.id).where(audit_log.c.action == "manual.recorded")
        assert not connection.execute(recorded).all()
    app.engine.dispose()


COUNTERS = ScenarioResult(
    "features/tests_utilisateurs.feature::solde", "features/tests_utilisateurs.feature", "Tests", "solde",
    3, Status.PENDING, ("manuel", "EXG-009"), ("EXG-009",),
    steps=(
        StepResult(0, "Quand ", "il ouvre ses congés", 4, Status.PENDING, doc_string="=1+1\n  indenté"),
        StepResult(1, "Alors ", "il lit :", 5, Status.PENDING, table=(
            ("compteur", "valeur"), ("Solde", "15")
        )),
    ),
)  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "recorded"),
    [
        ("Alors il lit :\n| compteur | valeur |\n| Solde | 15 |", True),  # as exported
        ("Alors il lit :\r\n|  compteur | valeur |\r\n| Solde | 15 |  ", True),  # line ends, spaces
        ("Alors il lit :", True),  # a workbook exported before steps showed their argument
        ("Alors il lit :\n| compteur | valeur |\n| Solde | 16 |", False),  # an expected value edited
    ],
)
def test_a_steps_argument_is_in_the_workbook_and_an_edited_one_is_refused(
    sample_app: Application, tmp_path: Path, cell: str, recorded: bool
) -> None:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")
    services.record_campaign(
        sample_app.uow(), "Paie", "recette", "1.1.0", KEY, [COUNTERS], "runs", rules=sample_app.settings.rules
    )
    part = read_part(sample_app.uow(), KEY, load_testers(sample_app.settings.project_dir), MANUAL)
    path = export_workbook(part, tmp_path / "tests-utilisateurs.xlsx", "fr", NOW)
    book = load_workbook(path)
    sheet = book["benali"]
    first, second = row_of(sheet, "solde", 1), row_of(sheet, "solde", 2)
    exported = [sheet.cell(first, 5).value, sheet.cell(second, 5).value, sheet.cell(second, 6).value]
    sheet.cell(first, 7).value = sheet.cell(second, 7).value = "réussi"
    sheet.cell(second, 5).value = cell
    book.save(path)

    assert exported == [
        "Quand il ouvre ses congés\n=1+1\n  indenté",
        "Alors il lit :\n| compteur | valeur |\n| Solde | 15 |",
        "il lit :\n| compteur | valeur |\n| Solde | 15 |",
    ]
    if recorded:
        do_import(sample_app, path)
        assert executions(sample_app) == {"solde": Status.PASSED}
    else:
        with pytest.raises(WorkbookError, match="the step was edited"):
            do_import(sample_app, path)
        assert executions(sample_app) == {}


def test_results_on_the_unassigned_sheet_are_credited_to_who_recorded_them(
    workbook: tuple[Application, Path],
) -> None:
    """Nobody was assigned those scenarios: the person who filled them in and imported them is their
    tester, in the store and in the PV, never the sheet's name; a tester's sheet keeps its tester."""
    from amoa_workflow.manual.campaign import Judging
    from amoa_workflow.reporting.acceptance_report import HtmlReport

    app, path = workbook
    book = load_workbook(path)
    unassigned, leroy = book["non-attribues"], book["leroy"]
    for row in range(2, unassigned.max_row + 1):
        unassigned.cell(row, 7).value = "échoué"
    for row in range(2, leroy.max_row + 1):
        leroy.cell(row, 7).value = "réussi"
    book.save(path)
    outcomes: list[services.CampaignOutcome] = []
    judging = Judging("Paie", "recette", app.settings.rules, outcomes.append)

    import_results(app.uow(), path, load_testers(app.settings.project_dir), MANUAL, "sophie.leroy",
                   lambda: NOW, "fr", judging)  # fmt: skip

    part = read_part(app.uow(), KEY, load_testers(app.settings.project_dir), MANUAL)
    testers = {key.split("::")[1]: e.tester for key, e in part.executions.items()}
    assert testers["sans exigence"] == "sophie.leroy"
    assert testers["bulletin imprimé"] == "leroy"
    assert "non-attribues" not in testers.values()
    section = HtmlReport(lang="fr").markdown(outcomes[-1])
    section = section[section.index("## Tests utilisateurs") :]
    assert "- sophie.leroy : échoué 1" in section
    assert "| sans exigence | — | sophie.leroy | échoué |" in section
    assert "non-attribues" not in section

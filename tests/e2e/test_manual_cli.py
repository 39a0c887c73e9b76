"""``amoa manual`` on the bundled sample after its checkpoint: the four tests utilisateurs are
pending, shared between the two testers by requirement domain, reassigned by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.settings.project import load_settings
from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line
from tests.sample_checkpoint import run_checkpoint


@pytest.fixture
def recorded(sample_project: Path) -> Path:
    app = bootstrap(load_settings(sample_project, environ={}))
    run_checkpoint(app, "1.1.0")
    app.engine.dispose()
    return sample_project


def rows(output: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.split("│")[1:-1]] for line in output.splitlines() if line.startswith("│")
    ]


def test_status_shows_the_pending_manual_part_per_tester_and_requirement(amoa: Amoa, recorded: Path) -> None:
    before = amoa("manual", "status", "--release", "1.1.0")
    assigned = amoa(
        "manual", "assign", "--release", "1.1.0", "--tester", "benali", "--by", "marie",
        "features/tests_utilisateurs.feature::Explication du taux de prélèvement à la source à un salarié",
    )  # fmt: skip
    after = amoa("manual", "status", "--release", "1.1.0")

    assert before.returncode == 0, before.stderr
    assert "5 scénarios manuels" in before.stdout  # four scenarios, one an outline of two rows
    table = rows(before.stdout)
    assert ["leroy (Sophie Leroy)", "0/4", "0", "0", "0", "4"] in table  # Paie, Déclaratif social
    assert ["benali (Karim Benali)", "0/1", "0", "0", "0", "1"] in table  # Portail salarié
    assert [
        "EXG-003 (Proratisation du salaire en cas d'entrée en cours de mois)",
        "0/2",
        "0",
        "0",
        "0",
        "2",
    ] in table
    assert assigned.returncode == 0, assigned.stderr
    assert "1 scénario(s) manuel(s) attribué(s) à benali" in assigned.stdout
    assert ["benali (Karim Benali)", "0/2", "0", "0", "0", "2"] in rows(after.stdout)


def test_assigning_to_an_unknown_tester_or_scenario_is_one_clear_line(amoa: Amoa, recorded: Path) -> None:
    nobody = amoa("manual", "assign", "--release", "1.1.0", "--tester", "nobody", "features/paie.feature")
    automated = amoa("manual", "assign", "--release", "1.1.0", "--tester", "leroy", "features/paie.feature")
    unknown = amoa("manual", "status", "--release", "9.9.9")

    assert_one_clear_line(nobody, 2, "testeur inconnu nobody (connus : leroy, benali)")
    assert_one_clear_line(automated, 2, "aucun scénario manuel ne correspond à features/paie.feature")
    assert_one_clear_line(unknown, 2, "recette-9.9.9")


def test_a_tester_completes_the_workbook_and_the_import_records_it(amoa: Amoa, recorded: Path) -> None:
    from openpyxl import load_workbook

    exported = amoa("manual", "export", "--release", "1.1.0", "tests-utilisateurs.xlsx")
    book = load_workbook(recorded / "tests-utilisateurs.xlsx")
    sheet = book["benali"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 7).value = "réussi"
    book.save(recorded / "tests-utilisateurs.xlsx")
    imported = amoa("manual", "import", "tests-utilisateurs.xlsx", "--by", "karim")
    status = amoa("manual", "status", "--release", "1.1.0")
    missing = amoa("manual", "import", "absent.xlsx")

    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith("Classeur écrit : ") and "tests-utilisateurs.xlsx" in exported.stdout
    assert imported.returncode == 0, imported.stderr
    assert "1 exécution(s) manuelle(s) enregistrée(s) pour recette-1.1.0" in imported.stdout
    assert ["benali (Karim Benali)", "1/1", "1", "0", "0", "0"] in rows(status.stdout)
    assert_one_clear_line(missing, 2, "absent.xlsx")


def test_a_testers_link_is_printed_for_a_configured_tester_only(amoa: Amoa, recorded: Path) -> None:
    from datetime import UTC, datetime

    from amoa_workflow.signatures.links import EXECUTE, LinkSigner

    secret = "test-secret-0123456789-abcdefghijklmnop"
    env = {"AMOA_WEB_SECRET": secret, "AMOA_WEB_URL": "https://recette.example"}
    printed = amoa("manual", "link", "--release", "1.1.0", "--tester", "leroy", "--hours", "24", env=env)
    unknown = amoa("manual", "link", "--release", "1.1.0", "--tester", "intrus", env=env)

    assert printed.returncode == 0, printed.stderr
    url = printed.stdout.strip()
    assert url.startswith("https://recette.example/l/")
    claims = LinkSigner(secret.encode()).verify(url.rpartition("/l/")[2], datetime.now(UTC), EXECUTE)
    assert (claims.approver, claims.gate, claims.release) == ("leroy", "recette-1.1.0", "1.1.0")
    assert_one_clear_line(unknown, 2, "testeur inconnu intrus (connus : leroy, benali)")


def sample_rows(sheet: object) -> dict[str, list[object]]:
    """The sample's workbook rows by their step cell's first line."""
    found = {}
    for cells in sheet.iter_rows(min_row=2):  # type: ignore[attr-defined]
        found[str(cells[4].value).splitlines()[0]] = cells
    return found


def test_the_workbook_shows_each_steps_doc_string_and_data_table_and_reads_them_back(
    amoa: Amoa, recorded: Path
) -> None:
    from openpyxl import load_workbook

    exported = amoa("manual", "export", "--release", "1.1.0", "tests-utilisateurs.xlsx")
    book = load_workbook(recorded / "tests-utilisateurs.xlsx")
    leroy, benali = sample_rows(book["leroy"]), sample_rows(book["benali"])
    footer = leroy["Et la mention de conservation figure en pied de page :"]
    counters = benali["Alors il lit ses compteurs sans zoomer ni faire défiler horizontalement :"]
    for row in (*leroy.values(), *benali.values()):
        row[6].value = "réussi"
    book.save(recorded / "tests-utilisateurs.xlsx")
    imported = amoa("manual", "import", "tests-utilisateurs.xlsx", "--by", "sophie")

    assert exported.returncode == 0, exported.stderr
    doc = (
        "Dans votre intérêt et pour vous aider à faire valoir vos droits,\n"
        "conservez ce bulletin de paie sans limitation de durée."
    )
    assert footer[4].value == f"Et la mention de conservation figure en pied de page :\n{doc}"
    assert footer[5].value == f"la mention de conservation figure en pied de page :\n{doc}"
    table = (
        "| compteur | valeur attendue |\n| Congés acquis | 25 |\n| Congés pris | 10 |\n"
        "| Solde disponible | 15 |"
    )
    assert counters[4].value.endswith(f"horizontalement :\n{table}")
    assert counters[5].value == f"{counters[4].value.split(' ', 1)[1]}"  # the expected values too
    assert (counters[4].alignment.wrap_text, counters[5].alignment.wrap_text) == (True, True)
    assert counters[4].data_type == "s"  # text, never a formula
    assert imported.returncode == 0, imported.stderr
    assert "5 exécution(s) manuelle(s) enregistrée(s) pour recette-1.1.0" in imported.stdout


def test_the_import_says_how_many_executions_are_complete_and_how_many_partial(
    amoa: Amoa, recorded: Path
) -> None:
    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "tests-utilisateurs.xlsx")
    book = load_workbook(recorded / "tests-utilisateurs.xlsx")
    benali, leroy = book["benali"], book["leroy"]
    for row in range(2, benali.max_row + 1):  # the leave balance: complete
        benali.cell(row, 7).value = "réussi"
    keys = [leroy.cell(row, 1).value for row in range(2, leroy.max_row + 1)]
    for row, key in enumerate(keys, start=2):
        printed = key.endswith("imprimé")  # the printed payslip: complete
        if printed or (key.endswith("salarié") and leroy.cell(row, 4).value == 1):  # one step of four
            leroy.cell(row, 7).value = "réussi"
    book.save(recorded / "tests-utilisateurs.xlsx")

    french = amoa("manual", "import", "tests-utilisateurs.xlsx", "--by", "sophie")
    english = amoa("manual", "import", "tests-utilisateurs.xlsx", "--by", "sophie", env={"AMOA_LANG": "en"})

    assert french.returncode == 0, french.stderr
    assert (
        "3 exécution(s) manuelle(s) enregistrée(s) pour recette-1.1.0 : 2 complète(s), 1 partielle(s)"
        in french.stdout
    )
    assert "3 manual execution(s) recorded for recette-1.1.0: 2 complete, 1 partial" in english.stdout
    partial = (
        "features/tests_utilisateurs.feature::Explication du taux de prélèvement à la source à un salarié"
    )
    assert (
        f"Partielles (des étapes restent à faire, le scénario reste en attente) : {partial}\n"
        in french.stdout
    )


def test_an_import_that_voids_a_signature_says_the_approver_has_no_channel(
    amoa: Amoa, sample_project: Path
) -> None:
    from openpyxl import load_workbook

    from amoa_workflow.checkpoint import services
    from amoa_workflow.domain.decisions import DecisionKind
    from amoa_workflow.domain.proofs import Proof, ProofKind
    from amoa_workflow.gates import decisions
    from amoa_workflow.gates.decisions import DecisionRequest
    from amoa_workflow.manual.campaign import read_part
    from amoa_workflow.manual.workbook import export_workbook
    from amoa_workflow.settings.testers import load_testers
    from amoa_workflow.signatures.proofs import ProofChecker
    from tests.integration.test_manual_work import KEY, MANUAL, RESULTS
    from tests.web_project import APPROVERS, prepared, signer, token

    database = f"sqlite:///{sample_project / 'data' / 'amoa.db'}"  # where amoa looks by default
    app = prepared(sample_project, database, approvers=APPROVERS.replace('"any"', '"all"'), results=RESULTS)
    current, seen = app.pv_seen("1.1.0")
    request = DecisionRequest("1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "vu",
                              proof=Proof(ProofKind.LINK, token("dupont")))  # fmt: skip
    decisions.decide(app.uow(), app.gates(), request, current, ProofChecker(signer()), services.utc_now,
                     lambda _events: None, seen)  # fmt: skip
    part = read_part(app.uow(), KEY, load_testers(sample_project), MANUAL)
    path = export_workbook(part, sample_project / "classeur.xlsx", "fr", services.utc_now())
    app.engine.dispose()
    book = load_workbook(path)
    leroy = book["leroy"]
    for row in range(2, leroy.max_row + 1):
        if leroy.cell(row, 1).value.endswith("bulletin imprimé"):
            leroy.cell(row, 7).value = "échoué" if leroy.cell(row, 4).value == 2 else "réussi"
            leroy.cell(row, 8).value = "net illisible"
    book.save(path)

    imported = amoa("manual", "import", "classeur.xlsx", "--by", "sophie")

    assert imported.returncode == 0, imported.stderr
    said = " ".join(imported.stdout.split())
    assert "Aucun canal de notification pour dupont : 1 notification(s) non envoyée(s)" in said


def test_status_names_each_tester_and_requirement_whole_on_a_narrow_terminal(
    amoa: Amoa, recorded: Path
) -> None:
    """What ``amoa manual assign`` and the workbook name (a tester, a requirement) is never cut."""
    narrow = amoa("manual", "status", "--release", "1.1.0", env={"COLUMNS": "60"})

    assert narrow.returncode == 0, narrow.stderr
    for label in ("leroy (Sophie Leroy)", "benali (Karim Benali)",
                  "EXG-003 (Proratisation du salaire en cas d'entrée en cours de mois)"):  # fmt: skip
        assert label in narrow.stdout, narrow.stdout
    assert "…" not in narrow.stdout


def test_a_corrected_workbook_replaces_the_failure_in_the_gaps_and_the_pv(amoa: Amoa, recorded: Path) -> None:
    import json

    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "failed.xlsx")
    book = load_workbook(recorded / "failed.xlsx")
    for name in ("leroy", "benali"):
        sheet = book[name]
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, 7).value = "réussi"
    leroy = book["leroy"]
    s120 = next(r for r in range(2, leroy.max_row + 1) if "S120" in str(leroy.cell(r, 1).value))
    leroy.cell(s120 + 2, 7).value = "échoué"
    leroy.cell(s120 + 2, 8).value = "salaire de base faux"
    book.save(recorded / "failed.xlsx")
    leroy.cell(s120 + 2, 7).value = "réussi"
    leroy.cell(s120 + 2, 8).value = "corrigé, refait"
    book.save(recorded / "corrected.xlsx")

    failed = amoa("manual", "import", "failed.xlsx", "--by", "sophie")
    failing = json.loads(amoa("gaps", "--release", "1.1.0", "--format", "json").stdout)
    corrected = amoa("manual", "import", "corrected.xlsx", "--by", "sophie")
    status = amoa("manual", "status", "--release", "1.1.0")
    gaps = json.loads(amoa("gaps", "--release", "1.1.0", "--format", "json").stdout)
    report = amoa("report", "--release", "1.1.0", "-f", "md")

    assert failed.returncode == 0 and corrected.returncode == 0, failed.stderr + corrected.stderr
    assert "requirement_failing:EXG-003" in [g["id"] for g in failing["gaps"]]
    assert ["leroy (Sophie Leroy)", "4/4", "4", "0", "0", "0"] in rows(status.stdout)
    assert "requirement_failing:EXG-003" not in [g["id"] for g in gaps["gaps"]]
    assert report.returncode == 0, report.stderr
    pv = (recorded / "data" / "reports" / "1.1.0" / "recette-1.1.0.md").read_text(encoding="utf-8")
    section = pv[pv.index("## Tests utilisateurs (5)") :]
    assert "- leroy : réussi 4" in section and "échoué" not in section.split("\n## ")[0]


def test_a_workbook_missing_a_step_row_is_refused_and_keeps_the_recorded_failure(
    amoa: Amoa, recorded: Path
) -> None:
    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "wb.xlsx")
    book = load_workbook(recorded / "wb.xlsx")
    leroy = book["leroy"]
    s120 = next(r for r in range(2, leroy.max_row + 1) if "S120" in str(leroy.cell(r, 1).value))
    key = str(leroy.cell(s120, 1).value)
    leroy.cell(s120 + 2, 7).value = "échoué"
    leroy.cell(s120 + 2, 8).value = "salaire de base faux"
    book.save(recorded / "failed.xlsx")
    for row in range(2, leroy.max_row + 1):
        leroy.cell(row, 7).value = "réussi" if leroy.cell(row, 1).value == key else None
    leroy.delete_rows(s120 + 2)
    book.save(recorded / "deleted.xlsx")

    failed = amoa("manual", "import", "failed.xlsx", "--by", "sophie")
    before = amoa("manual", "status", "--release", "1.1.0")
    deleted = amoa("manual", "import", "deleted.xlsx", "--by", "sophie")
    after = amoa("manual", "status", "--release", "1.1.0")

    assert failed.returncode == 0, failed.stderr
    assert ["leroy (Sophie Leroy)", "1/4", "0", "1", "0", "3"] in rows(before.stdout)
    assert_one_clear_line(deleted, 2, "feuille leroy", key, "étape 3")
    assert rows(after.stdout) == rows(before.stdout)


def test_the_workbook_is_written_only_under_an_xlsx_name(amoa: Amoa, recorded: Path) -> None:
    """A spreadsheet opens a file by its name: an XLSX written as ``.csv`` opens as garbage there."""
    french = amoa("manual", "export", "--release", "1.1.0", "manuel.csv")
    english = amoa("manual", "export", "--release", "1.1.0", "manual.ods", env={"AMOA_LANG": "en"})
    upper = amoa("manual", "export", "--release", "1.1.0", "MANUEL.XLSX")

    assert_one_clear_line(french, 2, "manuel.csv", ".xlsx")
    assert_one_clear_line(english, 2, "manual.ods", ".xlsx")
    assert not (recorded / "manuel.csv").exists() and not (recorded / "manual.ods").exists()
    assert upper.returncode == 0, upper.stderr


def test_a_workbook_is_read_by_its_content_and_another_format_is_one_clear_line(
    amoa: Amoa, recorded: Path
) -> None:
    """A file renamed keeps its content: an XLSX named otherwise is read; a CSV, an old XLS or an
    OpenDocument sheet is refused with what to do, never a traceback."""
    import shutil
    import zipfile

    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "classeur.xlsx")
    book = load_workbook(recorded / "classeur.xlsx")
    sheet = book["benali"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, 7).value = "réussi"
    book.save(recorded / "classeur.xlsx")
    shutil.copy(recorded / "classeur.xlsx", recorded / "classeur.dat")
    (recorded / "petit.csv").write_text("Clé du scénario;Résultat\nx;réussi\n", encoding="utf-8")
    (recorded / "ancien.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    with zipfile.ZipFile(recorded / "libre.ods", "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")

    renamed = amoa("manual", "import", "classeur.dat", "--by", "karim")
    csv = amoa("manual", "import", "petit.csv", "--by", "karim")
    xls = amoa("manual", "import", "ancien.xls", "--by", "karim")
    ods = amoa("manual", "import", "libre.ods", "--by", "karim", env={"AMOA_LANG": "en"})

    assert renamed.returncode == 0, renamed.stderr
    assert "1 exécution(s) manuelle(s) enregistrée(s) pour recette-1.1.0" in renamed.stdout
    assert_one_clear_line(csv, 2, "petit.csv", "CSV", "enregistrez-le au format .xlsx")
    assert_one_clear_line(xls, 2, "ancien.xls", "XLS", "enregistrez-le au format .xlsx")
    assert_one_clear_line(ods, 2, "libre.ods", "OpenDocument", "save it as .xlsx")


def test_the_workbook_shows_each_step_as_the_feature_writes_it_and_reads_any_case_of_its_keyword(
    amoa: Amoa, recorded: Path
) -> None:
    """The feature says « Étant donné … »: so does the workbook, and a refusal quotes it so; a step
    typed again with its keyword in another case (« Étant Donné », as earlier exports wrote it) is
    the same step."""
    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "classeur.xlsx")
    book = load_workbook(recorded / "classeur.xlsx")
    leroy = book["leroy"]
    given = 'Étant donné le bulletin de paie de mars 2025 du salarié "S101" imprimé en noir et blanc'
    given += " sur papier A4"
    row = next(r for r in range(2, leroy.max_row + 1) if str(leroy.cell(r, 1).value).endswith("imprimé"))
    written = leroy.cell(row, 5).value
    leroy.cell(row, 5).value = given.replace("Étant donné", "Étant Donné")
    leroy.cell(row, 7).value = "réussi"
    book.save(recorded / "cased.xlsx")
    leroy.cell(row, 5).value = given.replace("imprimé", "photocopié")
    book.save(recorded / "edited.xlsx")

    cased = amoa("manual", "import", "cased.xlsx", "--by", "sophie")
    edited = amoa("manual", "import", "edited.xlsx", "--by", "sophie")

    assert written == given
    assert cased.returncode == 0, cased.stderr
    assert_one_clear_line(edited, 2, f"l'étape a été modifiée (le scénario dit : {given})")


def test_a_run_after_an_import_counts_the_manual_results_the_testers_recorded(
    amoa: Amoa, recorded: Path
) -> None:
    """The run's summary and its line in the history say what the campaign holds after it, as the
    PV and amoa manual status do: a scenario a tester recorded blocked is in error, not pending."""
    from openpyxl import load_workbook

    amoa("manual", "export", "--release", "1.1.0", "classeur.xlsx")
    book = load_workbook(recorded / "classeur.xlsx")
    benali = book["benali"]
    for row in range(2, benali.max_row + 1):
        benali.cell(row, 7).value = "bloqué"
    benali.cell(2, 8).value = "portail indisponible"
    book.save(recorded / "classeur.xlsx")
    imported = amoa("manual", "import", "classeur.xlsx", "--by", "karim")

    ran = amoa("run", "--release", "1.1.0")
    history = amoa("runs", "list", "--release", "1.1.0")
    status = amoa("manual", "status", "--release", "1.1.0")

    assert imported.returncode == 0 and ran.returncode == 0, imported.stderr + ran.stderr
    assert ["benali (Karim Benali)", "1/1", "0", "0", "1", "0"] in rows(status.stdout)
    summary = next(line for line in ran.stdout.splitlines() if line.startswith("Scénarios — "))
    assert "erreur: 1" in summary and "en attente (manuel): 4" in summary, summary
    last = rows(history.stdout)[-1]
    assert "erreur: 1" in " ".join(last) and "en attente (manuel): 4" in " ".join(last), last

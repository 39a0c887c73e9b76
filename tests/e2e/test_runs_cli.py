"""``amoa run`` and ``amoa runs …`` as a user runs them on the bundled sample (no Prefect)."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import Status
from amoa_workflow.settings.project import load_settings
from tests.e2e.conftest import Amoa
from tests.e2e.test_cli_errors import assert_one_clear_line
from tests.web_project import result


def stored_statuses(database: Path, attempt: int) -> dict[str, str]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT r.scenario_key, r.status FROM run_results r JOIN runs ON runs.id = r.run_id "
            "WHERE runs.attempt = ?",
            (attempt,),
        ).fetchall()
    return dict(rows)


def test_a_run_a_rerun_of_its_failures_and_the_exports_of_both(amoa: Amoa, sample_project: Path) -> None:
    first = amoa("run", "--release", "1.1.0")

    assert first.returncode == 0, first.stderr
    assert "Exécution n°1 — recette-1.1.0 — tous les scénarios" in first.stdout
    assert "Majoration de 25 %" in first.stdout  # the failing scenario (ANO-042) is listed…
    assert "Dossier de l'exécution" in first.stdout
    database = sample_project / "data" / "amoa.db"
    run_1 = stored_statuses(database, 1)
    failed = {key for key, status in run_1.items() if status not in ("passed", "pending")}
    assert failed and len(failed) < len(run_1)
    pending = [key for key, status in run_1.items() if status == "pending"]
    assert len(pending) == 5  # the tests utilisateurs: not run, not failed, never rerun as failures

    rerun = amoa("run", "--release", "1.1.0", "--rerun-failed", "1", "--shards", "2", "--fail-on-failure")

    assert rerun.returncode == 1, rerun.stderr  # the announced fix still fails
    assert "Exécution n°2 — recette-1.1.0 — --rerun-failed 1" in rerun.stdout
    assert set(stored_statuses(database, 2)) == failed

    listing = amoa("runs", "list", "--release", "1.1.0")
    assert listing.returncode == 0, listing.stderr
    assert "tous les scénarios" in listing.stdout and "--rerun-failed 1" in listing.stdout

    target = sample_project / "exports" / "recette.xml"
    junit = amoa("runs", "export", "--release", "1.1.0", "--format", "junit", "--output", str(target))
    assert junit.returncode == 0, junit.stderr
    suites = ET.parse(target).getroot()
    assert (suites.attrib["tests"], suites.attrib["failures"]) == (str(len(run_1)), str(len(failed)))

    cucumber = amoa("runs", "export", "--release", "1.1.0", "--format", "cucumber", "--run", "2")
    assert cucumber.returncode == 0, cucumber.stderr
    elements = [element for feature in json.loads(cucumber.stdout) for element in feature["elements"]]
    assert len(elements) == len(failed)
    assert all("failed" in [s["result"]["status"] for s in e["steps"]] for e in elements)

    flaky = amoa("runs", "flaky", "--release", "1.1.0")
    assert flaky.returncode == 0, flaky.stderr
    assert "Aucun scénario instable" in flaky.stdout  # failed twice: steady, not flaky


def test_a_selection_by_requirement_runs_only_its_scenarios(amoa: Amoa, sample_project: Path) -> None:
    completed = amoa("run", "--release", "1.1.0", "--requirement", "EXG-011", "--tags", "not @wip")

    assert completed.returncode == 0, completed.stderr
    assert "--requirement EXG-011" in completed.stdout
    ran = stored_statuses(sample_project / "data" / "amoa.db", 1)
    assert ran and all("portail_salarie.feature" in key for key in ran)
    assert set(ran.values()) == {"passed"}


def test_mistakes_in_what_to_run_are_one_clear_line(amoa: Amoa, sample_project: Path) -> None:
    assert_one_clear_line(amoa("run", "--release", "1.1.0", "--tags", "@EXG-004 and"), 2, "colonne 13")
    assert_one_clear_line(amoa("run", "--release", "1.1.0", "--path", str(sample_project)), 2, "features")
    assert_one_clear_line(
        amoa("run", "--release", "1.1.0", "--rerun-failed", "3"), 2, "recette-1.1.0", "pas encore enregistrée"
    )
    assert_one_clear_line(
        amoa("runs", "export", "--release", "1.1.0", "--format", "junit"), 2, "recette-1.1.0"
    )


def test_a_run_that_voids_a_signature_says_whom_no_channel_reaches(amoa: Amoa, sample_project: Path) -> None:
    from amoa_workflow.checkpoint import services
    from amoa_workflow.domain.decisions import DecisionKind
    from amoa_workflow.domain.proofs import Proof, ProofKind
    from amoa_workflow.gates import decisions
    from amoa_workflow.gates.decisions import DecisionRequest
    from amoa_workflow.signatures.proofs import ProofChecker
    from tests.web_project import prepared, signer, token

    database = f"sqlite:///{sample_project / 'data' / 'amoa.db'}"  # where amoa looks by default
    app = prepared(sample_project, database)  # a made-up campaign: the real run fails more
    current, seen = app.pv_seen("1.1.0")
    request = DecisionRequest("1.1.0", "vabf", "dupont", DecisionKind.APPROVE, "vu",
                              proof=Proof(ProofKind.LINK, token("dupont")))  # fmt: skip
    decisions.decide(app.uow(), app.gates(), request, current, ProofChecker(signer()), services.utc_now,
                     lambda _events: None, seen)  # fmt: skip
    app.engine.dispose()

    ran = amoa("run", "--release", "1.1.0")

    assert ran.returncode == 0, ran.stderr
    said = " ".join(ran.stdout.split())
    assert "signatures annulées, tour 2" in said
    # dupont, told their signature is void, is reached by no channel: said once, after the gate
    assert said.count("Aucun canal de notification") == 1
    assert said.index("Aucun canal de notification pour dupont : 1 notification(s)") > said.index("tour 2")


def test_flaky_scenario_keys_are_listed_whole_on_a_narrow_terminal(amoa: Amoa, sample_project: Path) -> None:
    """A flaky scenario's key is what ``amoa run --path`` and the reports name: never cut."""
    app = bootstrap(load_settings(sample_project, environ={}))
    services.ingest(app.uow(), app.sources, "1.1.0")
    key = services.campaign_key("recette", "1.1.0")
    flipping = "features/paie.feature::Majoration de 25 % des heures supplémentaires au-delà de 35 h"
    for attempt, status in enumerate([Status.PASSED, Status.FAILED, Status.PASSED, Status.FAILED], 1):
        services.record_campaign(
            app.uow(), app.settings.project_name, "recette", "1.1.0", key,
            (result(flipping, "Majoration", status, ["EXG-004"]),), f"runs/{attempt}",
            rules=app.settings.rules,
        )  # fmt: skip
    app.engine.dispose()

    narrow = amoa("runs", "flaky", "--release", "1.1.0", env={"COLUMNS": "60"})

    assert narrow.returncode == 0, narrow.stderr
    assert flipping in narrow.stdout, narrow.stdout
    assert "…" not in narrow.stdout


def test_a_run_that_finds_no_scenario_records_nothing(amoa: Amoa, sample_project: Path) -> None:
    """An empty features folder, or a selection that matches nothing: said in one line, no run
    recorded, the campaign's results (its manual tests among them) left as they were."""
    assert amoa("run", "--release", "1.1.0").returncode == 0
    database = sample_project / "data" / "amoa.db"
    before = stored_statuses(database, 1)
    (sample_project / "features_empty").mkdir()
    config = sample_project / "config" / "amoa.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('features = "features"', 'features = "features_empty"'),
        encoding="utf-8",
    )

    empty = amoa("run", "--release", "1.1.0")

    assert_one_clear_line(empty, 2, "aucun scénario trouvé", "features_empty")
    config.write_text(
        config.read_text(encoding="utf-8").replace('"features_empty"', '"features"'), encoding="utf-8"
    )
    for selection in (("--tags", "@nothing"), ("--requirement", "EXG-999")):
        nothing = amoa("run", "--release", "1.1.0", *selection)
        assert_one_clear_line(nothing, 2, "aucun scénario", selection[1])
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    assert stored_statuses(database, 1) == before
    listing = amoa("runs", "list", "--release", "1.1.0")
    assert "--tags" not in listing.stdout and "EXG-999" not in listing.stdout


def test_features_kept_outside_the_project_are_run(amoa: Amoa, sample_project: Path) -> None:
    """A features folder shared between projects, named by an absolute path or by ``../``: run and
    linted as if it were inside; its scenarios keyed by their absolute path."""
    shared = sample_project.parent / "features_partagees"
    (sample_project / "features").rename(shared)
    config = sample_project / "config" / "amoa.toml"
    text = config.read_text(encoding="utf-8")
    for written in (str(shared), "../features_partagees"):
        config.write_text(text.replace('features = "features"', f'features = "{written}"'), encoding="utf-8")

        ran = amoa("run", "--release", "1.1.0")
        linted = amoa("lint")

        assert ran.returncode == 0, ran.stderr
        assert "Traceback" not in ran.stderr + linted.stderr
        assert linted.returncode == 0, linted.stdout + linted.stderr
    statuses = stored_statuses(sample_project / "data" / "amoa.db", 2)
    assert len(statuses) > 20 and all(key.startswith(f"{shared.as_posix()}/") for key in statuses)
    assert "passed" in statuses.values()
    one = amoa("run", "--release", "1.1.0", "--path", str(shared / "paie.feature"))
    assert one.returncode == 0, one.stderr
    assert {key.split("::")[0] for key in stored_statuses(sample_project / "data" / "amoa.db", 3)} == {
        f"{shared.as_posix()}/paie.feature"
    }


EMPTY_SCENARIOS = """# language: fr
Fonctionnalité: Reprise des historiques
  Contexte:
    Étant donné un gestionnaire de paie connecté

  @NotImplemented @EXG-001
  Scénario: Reprise des bulletins des cinq dernières années

  @NotImplemented @EXG-001
  Scénario: Reprise des cumuls annuels
"""


def test_scenarios_without_steps_are_not_counted_as_passed(amoa: Amoa, sample_project: Path) -> None:
    """A scenario with no step (of its own: a Background is not one) checks nothing: recorded
    undefined, serial or sharded, a gap of the PV, never in its pass rate."""
    (sample_project / "features" / "reprise.feature").write_text(EMPTY_SCENARIOS, encoding="utf-8")
    database = sample_project / "data" / "amoa.db"
    empty = {
        "features/reprise.feature::Reprise des bulletins des cinq dernières années",
        "features/reprise.feature::Reprise des cumuls annuels",
    }

    serial = amoa("run", "--release", "1.1.0")
    sharded = amoa("run", "--release", "1.1.0", "--shards", "3", "--workers", "2")

    assert serial.returncode == 0 and sharded.returncode == 0, serial.stderr + sharded.stderr
    for attempt in (1, 2):
        statuses = stored_statuses(database, attempt)
        assert {key: statuses[key] for key in empty} == dict.fromkeys(empty, "undefined"), attempt
    report = amoa("report", "--release", "1.1.0")
    assert report.returncode == 0, report.stderr
    pv = next((sample_project / "data" / "reports" / "1.1.0").glob("*.md")).read_text(encoding="utf-8")
    assert "Reprise des cumuls annuels" in pv


def test_a_release_named_by_its_tag_is_the_release_of_the_notes(amoa: Amoa, sample_project: Path) -> None:
    """``v1.1.0`` (a tag's name) is release 1.1.0 for every command, and said so; a release the notes
    do not hold is one line naming those they hold, never a traceback."""
    tagged = amoa("run", "--release", "v1.1.0")

    assert tagged.returncode == 0, tagged.stderr
    assert "Traceback" not in tagged.stderr
    assert "Exécution n°1 — recette-1.1.0" in tagged.stdout
    assert "v1.1.0" in tagged.stderr and "1.1.0" in tagged.stderr.replace("v1.1.0", "")
    listed = amoa("runs", "list", "--release", "V1.1.0")
    assert listed.returncode == 0 and "recette-1.1.0" in listed.stdout, listed.stderr
    ingested = amoa("ingest", "release_notes/CHANGELOG.md", "--release", "v1.0.0")
    assert ingested.returncode == 0, ingested.stderr
    assert "v1.0.0" in ingested.stderr

    unknown = amoa("run", "--release", "v2026.05.1")

    assert unknown.returncode == 2, unknown.stderr
    assert "Traceback" not in unknown.stderr + unknown.stdout
    error = unknown.stderr.strip().splitlines()[-1]
    assert "2026.05.1" in error and "1.1.0, 1.0.0" in error


LONG_OUTLINE = """# language: fr
Fonctionnalité: Libellés longs

  @EXG-001
  Plan du Scénario: Le libellé de la ligne de paie reprend mot pour mot la convention collective applicable
    Étant donné la convention "<convention>"
    Alors le libellé de paie reprend "<libelle>"

    Exemples:
      | convention | libelle |
      | Syntec | {long} |
      | Métallurgie | {long} et encore {long} |
"""


def test_an_outline_row_with_long_values_is_recorded_and_rerun_like_any_other(
    amoa: Amoa, sample_project: Path
) -> None:
    long = "indemnité de fin de contrat versée au salarié en contrat à durée déterminée " * 3
    (sample_project / "features" / "libelles.feature").write_text(
        LONG_OUTLINE.format(long=long), encoding="utf-8"
    )

    first = amoa("run", "--release", "1.1.0", "--path", "features/libelles.feature")
    rerun = amoa("run", "--release", "1.1.0", "--rerun-failed", "1")

    assert first.returncode == 0, first.stderr  # its steps have no code: two undefined rows, recorded
    assert rerun.returncode == 0, rerun.stderr
    database = sample_project / "data" / "amoa.db"
    keys = stored_statuses(database, 1)
    assert sorted(keys.values()) == ["undefined", "undefined"]
    assert stored_statuses(database, 2) == keys  # the same rows, found again by their keys
    assert all(key.startswith("features/libelles.feature::Le libellé de la ligne de paie") for key in keys)
    with sqlite3.connect(database) as connection:
        gaps = [row[0] for row in connection.execute("SELECT identity FROM gaps")]
    assert len([g for g in gaps if g.startswith("not_executable:features/libelles.feature")]) == 2

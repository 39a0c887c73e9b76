"""The README's embedded path: each approver makes a key pair (``amoa keys generate --register``), a
checkpoint opens the gate, forged decisions are refused, ``amoa approve`` (twice, signed) closes it,
the PV shows the outcome; each signature verifies with ``ssh-keygen`` and the public key alone; a
later run that brings a new failure voids the signatures; ``amoa audit verify`` says OK, then names
the entry tampered with."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import Amoa

pytestmark = pytest.mark.prefect
DUE = (date.today() + timedelta(days=365)).isoformat()  # a reservation is due ahead


def counts(project: Path) -> tuple[int, int]:
    with sqlite3.connect(project / "data" / "amoa.db") as db:
        return db.execute("SELECT count(*) FROM decisions").fetchone()[0], db.execute(
            "SELECT count(*) FROM audit_log"
        ).fetchone()[0]


def test_checkpoint_then_approve_then_the_outcome_in_the_report(
    amoa: Amoa, sample_project: Path, tmp_path: Path
) -> None:
    keys = {"AMOA_KEYS_DIR": str(tmp_path / "keys")}
    for who in ("dupont", "martin"):
        made = amoa("keys", "generate", "--approver", who, "--register", env=keys)
        assert made.returncode == 0, made.stderr
        assert made.stdout.startswith('public_key = "ssh-ed25519 ') and who in made.stdout
        assert (tmp_path / "keys" / f"{who}.key").stat().st_mode & 0o777 == 0o600
    checkpoint = amoa("checkpoint", "--release", "1.1.0")
    assert checkpoint.returncode == 0, checkpoint.stdout + checkpoint.stderr
    shown = " ".join(checkpoint.stdout.split())
    assert "Porte vabf" in shown and "en attente de décision" in shown
    assert "Décisions attendues de : dupont, martin" in shown and "amoa approve --release 1.1.0" in shown

    before = counts(sample_project)
    stranger = amoa(
        "approve", "--release", "1.1.0", "--approver", "intrus", "--decision", "approve", env=keys
    )
    assert stranger.returncode == 2
    assert "« intrus » n'en est pas approbateur (dupont, martin)" in " ".join(stranger.stderr.split())
    no_key = amoa("approve", "-r", "1.1.0", "-d", "approve",
                  env={"AMOA_KEYS_DIR": str(tmp_path / "nothing"), "AMOA_APPROVER": "dupont"})  # fmt: skip
    wrong_key = amoa("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "--yes", "--key",
                     str(tmp_path / "keys" / "martin.key"), env=keys)  # fmt: skip
    assert no_key.returncode == wrong_key.returncode == 2
    assert "pas de clé privée ici" in no_key.stderr and no_key.stderr.count("\n") == 1
    assert "pas avec celle de « dupont »" in wrong_key.stderr and wrong_key.stderr.count("\n") == 1
    assert counts(sample_project) == before  # nothing written

    first = amoa("approve", "--release", "1.1.0", "--gate", "vabf", "--approver", "dupont", "--yes",
                 "--decision", "approve", "--comment", "Conforme pour la paie", env=keys)  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "Décisions attendues de : martin" in first.stdout
    assert "Signée avec la clé SHA256:" in first.stdout  # the approver's key, not a proof of its own
    assert "Aucun canal de notification pour" in " ".join(first.stdout.split())  # told nobody: said
    second = amoa("approve", "--release", "1.1.0", "--approver", "martin", "--decision",
                  "approve_with_reservations", "--comment", "DSN à livrer",
                  "--reservation", f"known_limitation:EXG-013|MOE PaieNova|{DUE}", "--yes",
                  env=keys)  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert "APPROUVÉ AVEC RÉSERVES" in second.stdout

    # Each signature checked by OpenSSH with the approver's public key alone (not the database's).
    exported = amoa("audit", "signatures", str(tmp_path / "signatures"))
    assert exported.returncode == 0, exported.stderr
    keygen = shutil.which("ssh-keygen")
    if keygen:
        signers = tmp_path / "allowed_signers"
        signers.write_text("".join(
            f'{who} namespaces="amoa-decision" {(tmp_path / "keys" / f"{who}.key.pub").read_text()}'
            for who in ("dupont", "martin")
        ))  # fmt: skip
        statements = sorted((tmp_path / "signatures").glob("*.statement"))
        assert len(statements) == 2
        for statement, who in zip(statements, ("dupont", "martin"), strict=True):
            checked = subprocess.run(
                [keygen, "-Y", "verify", "-f", str(signers), "-I", who, "-n", "amoa-decision",
                 "-s", str(statement.with_suffix(".sig"))],
                input=statement.read_bytes(), capture_output=True, check=False,
            )  # fmt: skip
            assert checked.returncode == 0 and b"Good" in checked.stdout, checked.stderr

    report = amoa("report", "--release", "1.1.0", "-f", "html", "-f", "md")
    assert report.returncode == 0, report.stderr
    pv = (sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.md").read_text(encoding="utf-8")
    assert "APPROUVÉ AVEC RÉSERVES" in pv and "Claire Dupont, Responsable paie (MOA) :" in pv
    assert f"Limitation connue annoncée par le fournisseur — EXG-013 (MOE PaieNova, {DUE})" in pv
    assert "Empreinte du PV" in pv and "tête du journal d'audit" in pv
    gaps = amoa("gaps", "--release", "1.1.0")
    assert "MOE PaieNova" in gaps.stdout  # the reservation is a tracked gap with its owner

    # A later run on the approved release brings a new failure: the signatures are voided.
    feature = sample_project / "features" / "portail_salarie.feature"
    feature.write_text(feature.read_text(encoding="utf-8").replace('format "pdf"', 'format "docx"'), "utf-8")
    again = amoa("checkpoint", "--release", "1.1.0")
    assert again.returncode == 0, again.stderr
    assert "signatures annulées, tour 2" in again.stdout
    assert "Décisions attendues de : dupont, martin" in " ".join(again.stdout.split())
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        assert db.execute("SELECT status, round FROM gates").fetchall() == [("pending", 2)]
        voided = db.execute("SELECT details FROM audit_log WHERE action = 'gate.reopened'").fetchone()
    assert "requirement_failing:EXG-011" in voided[0]

    verified = amoa("audit", "verify")
    assert verified.returncode == 0 and "Journal d'audit intègre" in verified.stdout, verified.stderr
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        entry = db.execute("SELECT id FROM audit_log WHERE action = 'gate.decision' ORDER BY id").fetchone()[
            0
        ]
        db.execute("UPDATE audit_log SET actor = 'martin' WHERE id = ?", (entry,))
    tampered = amoa("audit", "verify")
    assert tampered.returncode == 1
    assert f"Journal d'audit altéré : entrée {entry} " in " ".join(tampered.stderr.split())


def test_a_testers_failure_recorded_before_the_signatures_voids_nothing_on_the_next_run(
    amoa: Amoa, sample_project: Path, tmp_path: Path
) -> None:
    """The gate opens; a tester then records a failure (a workbook); both approvers sign the PV that
    shows it; the next checkpoint finds the same failures: the signatures hold."""
    keys = {"AMOA_KEYS_DIR": str(tmp_path / "keys")}
    for who in ("dupont", "martin"):
        assert amoa("keys", "generate", "--approver", who, "--register", env=keys).returncode == 0
    assert amoa("checkpoint", "--release", "1.1.0").returncode == 0
    workbook = tmp_path / "tests-utilisateurs.xlsx"
    assert amoa("manual", "export", str(workbook), "--release", "1.1.0").returncode == 0
    book = load_workbook(workbook)
    for sheet in book.worksheets[1:]:
        for cells in sheet.iter_rows(min_row=2):
            if cells[0].value and "bulletin" in str(cells[0].value).lower():
                cells[6].value = "échoué"
    book.save(workbook)
    imported = amoa("manual", "import", str(workbook), "--by", "sophie")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    for who in ("dupont", "martin"):
        signed = amoa("approve", "-r", "1.1.0", "-a", who, "-d", "approve", "-c", "vu", "-y", env=keys)
        assert signed.returncode == 0, signed.stderr

    again = amoa("checkpoint", "--release", "1.1.0")

    assert again.returncode == 0, again.stdout + again.stderr
    assert "signatures annulées" not in again.stdout
    with sqlite3.connect(sample_project / "data" / "amoa.db") as db:
        gates = db.execute("SELECT status, outcome, round FROM gates").fetchall()
        assert gates == [("closed", "approved", 1)]
        assert not db.execute("SELECT id FROM audit_log WHERE action = 'gate.reopened'").fetchall()
        manual_gaps = db.execute("SELECT identity FROM gaps WHERE identity LIKE 'requirement_failing:%'")
        assert manual_gaps.fetchall()  # the tester's failure is a gap, signed with the rest


def test_approving_a_no_go_pv_says_so_and_signs_only_when_confirmed(
    amoa: Amoa, sample_project: Path, tmp_path: Path
) -> None:
    """The sample's 1.1.0 misses exit criteria (NO GO): an approver is told which before signing;
    a script must say --yes, someone at a terminal answers (no by default), a rejection goes on."""
    keys = {"AMOA_KEYS_DIR": str(tmp_path / "keys")}
    for who in ("dupont", "martin"):
        assert amoa("keys", "generate", "--approver", who, "--register", env=keys).returncode == 0
    assert amoa("checkpoint", "--release", "1.1.0").returncode == 0
    before = counts(sample_project)
    dupont = ("approve", "-r", "1.1.0", "-a", "dupont", "-d", "approve", "-c", "Conforme pour la paie")

    script = amoa(*dupont, env=keys)
    english = amoa(*dupont, env=keys | {"AMOA_LANG": "en"})
    declined = amoa(*dupont, env=keys, typed="\n")  # Enter: the default, no
    refused = amoa(*dupont, env=keys, typed="n\n")

    assert script.returncode == 2 and script.stderr.count("\n") == 1, script.stderr
    said = " ".join(script.stderr.split())
    assert "la recommandation du PV est NO GO" in said and "critères de sortie non atteints" in said
    assert "Écarts bloquants (au plus)" in said and "--yes" in said
    told = " ".join(english.stderr.split())
    assert english.returncode == 2 and "the PV's recommendation is NO GO" in told
    assert "exit criteria missed" in told and "Blocking gaps (at most)" in told and "--yes" in told
    for answer in (declined, refused):
        assert answer.returncode == 1, answer.stdout + answer.stderr
        shown = " ".join((answer.stdout + answer.stderr).split())
        assert "NO GO" in shown and "Écarts bloquants (au plus)" in shown
        assert "Signer quand même ? [y/N]" in shown and "Rien n'est signé." in shown
    assert counts(sample_project) == before  # nothing written
    rejected = amoa("approve", "-r", "1.1.0", "-a", "martin", "-d", "reject", "-c", "NO GO",
                    "--print-statement", env=keys)  # fmt: skip
    assert rejected.returncode == 0 and '"decision":"reject"' in rejected.stdout, rejected.stderr

    confirmed = amoa(*dupont, env=keys, typed="y\n")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    assert "Décision enregistrée : dupont" in confirmed.stdout
    anyway = amoa("approve", "-r", "1.1.0", "-a", "martin", "-d", "approve", "-c", "vu", "--yes", env=keys)
    assert anyway.returncode == 0, anyway.stderr
    assert "NO GO" in anyway.stdout  # said all the same
    assert "Décision enregistrée : martin" in anyway.stdout
    assert "recommandation du PV" not in rejected.stderr  # refusing a NO GO asks nothing

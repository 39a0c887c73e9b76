"""The README's embedded path: a checkpoint opens the gate, ``amoa approve`` (twice) closes it, the PV
shows the outcome; a later run that brings a new failure voids the signatures; ``amoa audit verify``
says OK, then names the entry tampered with."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.conftest import Amoa

pytestmark = pytest.mark.prefect


def test_checkpoint_then_approve_then_the_outcome_in_the_report(amoa: Amoa, sample_project: Path) -> None:
    checkpoint = amoa("checkpoint", "--release", "1.1.0")
    assert checkpoint.returncode == 0, checkpoint.stdout + checkpoint.stderr
    shown = " ".join(checkpoint.stdout.split())
    assert "Porte vabf" in shown and "en attente de décision" in shown
    assert "Décisions attendues de : dupont, martin" in shown and "amoa approve --release 1.1.0" in shown

    stranger = amoa("approve", "--release", "1.1.0", "--approver", "intrus", "--decision", "approve")
    assert stranger.returncode == 2
    assert "« intrus » n'en est pas approbateur (dupont, martin)" in " ".join(stranger.stderr.split())

    first = amoa("approve", "--release", "1.1.0", "--gate", "vabf", "--approver", "dupont",
                 "--decision", "approve", "--comment", "Conforme pour la paie")  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "Décisions attendues de : martin" in first.stdout
    second = amoa("approve", "--release", "1.1.0", "--approver", "martin", "--decision",
                  "approve_with_reservations", "--comment", "DSN à livrer",
                  "--reservation", "requirement_uncovered:EXG-013|MOE PaieNova|2025-07-31")  # fmt: skip
    assert second.returncode == 0, second.stderr
    assert "APPROUVÉ AVEC RÉSERVES" in second.stdout

    report = amoa("report", "--release", "1.1.0", "-f", "html", "-f", "md")
    assert report.returncode == 0, report.stderr
    pv = (sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.md").read_text(encoding="utf-8")
    assert "APPROUVÉ AVEC RÉSERVES" in pv and "Claire Dupont (VABF" in pv
    assert "requirement_uncovered:EXG-013 (MOE PaieNova, 2025-07-31)" in pv
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
    assert f"Journal d'audit altéré à l'entrée {entry}" in " ".join(tampered.stderr.split())

"""The README's main job: a checkpoint on the bundled sample, through Prefect's embedded server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from amoa_workflow.store import tables
from tests.e2e.conftest import Amoa

pytestmark = pytest.mark.prefect


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            table.name: connection.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0]
            for table in tables.metadata.sorted_tables
        }


def test_the_checkpoint_reports_the_gaps_of_release_1_1_0_and_reruns_without_duplicates(
    amoa: Amoa, sample_project: Path
) -> None:
    first = amoa("checkpoint", "--release", "1.1.0")

    assert first.returncode == 0, first.stdout + first.stderr
    report = sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.html"
    html = report.read_text(encoding="utf-8")
    assert "Correction annoncée toujours en échec" in html  # ANO-042 announced fixed, still failing
    assert "ANO-042" in html
    assert "Exigence sans scénario" in html and "EXG-013" in html
    assert "Rapport écrit" in first.stdout and str(report) in first.stdout.replace("\n", "")
    database = sample_project / "data" / "amoa.db"
    before = row_counts(database)

    second = amoa("checkpoint", "--release", "1.1.0")

    assert second.returncode == 0, second.stdout + second.stderr
    after = row_counts(database)
    assert after["audit_log"] == before["audit_log"] + 1  # the second run is one new event…
    del after["audit_log"], before["audit_log"]
    assert after == before  # …and adds no other row
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT key, attempt FROM campaigns").fetchall() == [("recette-1.1.0", 2)]

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
    # Nobody of the sample has a channel: said once, naming them, and every message kept, never sent.
    said = " ".join(first.stdout.split())
    assert said.count("Aucun canal de notification") == 1
    assert (
        "Aucun canal de notification pour leroy, benali, dupont, martin : 6 notification(s) non envoyée(s)"
        in said
    )
    assert "Définissez AMOA_NOTIFY_LEROY…" in said
    database = sample_project / "data" / "amoa.db"
    before, first_results = row_counts(database), current_results(database)

    second = amoa("checkpoint", "--release", "1.1.0", "--shards", "2")  # one Prefect task per shard

    assert second.returncode == 0, second.stdout + second.stderr
    after = row_counts(database)
    assert after.pop("audit_log") == before.pop("audit_log") + 1  # the second run is one new event…
    assert after.pop("runs") == before.pop("runs") + 1  # …and one more run in the history, with its results…
    assert after.pop("run_results") == before.pop("run_results") + len(first_results)
    assert after.pop("run_observations") == before.pop("run_observations") + 1  # …its whole observation…
    assert after.pop("notifications") == before.pop("notifications") + 2  # …"campaign finished", kept…
    assert (
        after.pop("stored_reports") == before.pop("stored_reports") + 2
    )  # …its PV kept, before and after its gate…
    assert after == before  # …and adds no other row
    assert current_results(database) == first_results  # sharded, the same results as the serial run
    assert "Aucun canal de notification pour dupont, martin : 2 notification(s)" in " ".join(
        second.stdout.split()
    )
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT key, attempt FROM campaigns").fetchall() == [("recette-1.1.0", 2)]
        assert connection.execute("SELECT attempt, shards FROM runs ORDER BY attempt").fetchall() == [
            (1, 1),
            (2, 2),
        ]
        kept = connection.execute("SELECT attempt, kind FROM stored_reports ORDER BY id").fetchall()
        assert kept == [(1, "html"), (1, "html"), (2, "html"), (2, "html")]  # one PV per render, none twice
        folder = connection.execute("SELECT folder FROM runs WHERE attempt = 2").fetchone()[0]
    assert sorted(p.name for p in Path(folder).glob("shard-*")) == ["shard-1", "shard-2"]


def current_results(database: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT r.scenario_key, r.status, (SELECT group_concat(status, ',') FROM (SELECT status "
            "FROM step_results WHERE result_id = r.id ORDER BY position)) FROM scenario_results r"
        ).fetchall()
    return {key: (status, steps or "") for key, status, steps in rows}


def test_a_checkpoint_of_a_tag_is_the_release_and_one_that_finds_no_scenario_records_nothing(
    amoa: Amoa, sample_project: Path
) -> None:
    tagged = amoa("checkpoint", "--release", "v1.1.0")

    assert tagged.returncode == 0, tagged.stdout + tagged.stderr
    assert (sample_project / "data" / "reports" / "1.1.0" / "recette-1.1.0.html").is_file()
    database = sample_project / "data" / "amoa.db"
    before = row_counts(database)
    (sample_project / "features_empty").mkdir()
    config = sample_project / "config" / "amoa.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('features = "features"', 'features = "features_empty"'),
        encoding="utf-8",
    )

    empty = amoa("checkpoint", "--release", "1.1.0")

    assert empty.returncode == 2, empty.stdout + empty.stderr
    said = [line for line in empty.stderr.splitlines() if line.startswith("Erreur")]
    assert said == [f"Erreur: aucun scénario trouvé dans {sample_project / 'features_empty'}"], empty.stderr
    assert row_counts(database) == before

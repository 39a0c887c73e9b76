"""One database, used at once by several processes: nothing fails, nothing is lost.

On SQLite and PostgreSQL: first uses of a brand-new database (the schema is created once, the
others wait for it), and runs of one campaign recorded at the same moment (each gets an attempt of
its own, and every run keeps its results).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.model import ScenarioResult, Status
from amoa_workflow.store import tables

FIRST_USE = """
import sys, time
from pathlib import Path
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
from amoa_workflow.store.database import open_database
open_database(sys.argv[1]).dispose()
"""


def test_several_first_uses_of_a_new_database_at_once_all_work(database_url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", FIRST_USE, database_url, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    time.sleep(1.5)  # every process has imported what it needs and waits for the signal
    go.touch()
    errors = [p.communicate(timeout=120)[1] for p in processes]

    assert [p.returncode for p in processes] == [0, 0, 0, 0], errors
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert connection.execute(select(func.count()).select_from(tables.audit_log)).scalar() == 0
    engine.dispose()


def _results(run: int) -> list[ScenarioResult]:
    return [
        ScenarioResult(
            key=f"features/paie.feature::Scénario {n}",
            feature_path="features/paie.feature",
            feature_name="Paie",
            scenario=f"Scénario {n}",
            line=3 + n,
            status=Status.PASSED if (run + n) % 2 else Status.FAILED,
            requirement_codes=("EXG-001",),
        )
        for n in range(3)
    ]


def test_runs_of_one_campaign_recorded_at_once_each_get_their_attempt(sample_app: Application) -> None:
    services.ingest(sample_app.uow(), sample_app.sources, "1.1.0")
    key, count = "recette-1.1.0", 5
    start, failures = threading.Barrier(count), []

    def record(run: int) -> None:
        start.wait()
        try:
            services.record_campaign(
                sample_app.uow(), "Paie", "recette", "1.1.0", key, _results(run), f"/runs/{key}/run-{run}"
            )
        except Exception as error:  # what the test reports: any failure at all
            failures.append(error)

    threads = [threading.Thread(target=record, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert failures == []
    with sample_app.engine.connect() as connection:
        attempts = connection.execute(select(tables.runs.c.attempt).order_by(tables.runs.c.attempt)).scalars()
        assert list(attempts) == [1, 2, 3, 4, 5]
        kept = connection.execute(
            select(tables.runs.c.folder, func.count(tables.run_results.c.id))
            .join(tables.run_results, tables.run_results.c.run_id == tables.runs.c.id)
            .group_by(tables.runs.c.folder)
        ).all()
        assert sorted(kept) == [(f"/runs/{key}/run-{n}", 3) for n in range(count)]
        assert connection.execute(select(tables.campaigns.c.attempt)).scalar() == count

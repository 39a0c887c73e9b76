"""Several ``amoa run`` of one campaign started at once, as two analysts or two CI jobs would."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, func, select

from amoa_workflow.store import tables
from tests.e2e.conftest import AMOA


def test_three_runs_of_one_campaign_at_once_are_three_attempts_with_all_their_results(
    sample_project: Path, prefect_home: Path, database_url: str
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    environment |= {"AMOA_DATABASE_URL": database_url, "AMOA_LANG": "fr", "PREFECT_HOME": str(prefect_home)}
    runs = [
        subprocess.Popen(
            [str(AMOA), "run", "--release", "1.1.0"],
            cwd=sample_project,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]

    assert [run.returncode for run in runs] == [0, 0, 0], errors
    engine = create_engine(database_url)
    with engine.connect() as connection:
        kept = connection.execute(
            select(tables.runs.c.attempt, func.count(tables.run_results.c.id))
            .join(tables.run_results, tables.run_results.c.run_id == tables.runs.c.id)
            .group_by(tables.runs.c.attempt)
            .order_by(tables.runs.c.attempt)
        ).all()
        scenarios = connection.execute(select(func.count()).select_from(tables.scenario_results)).scalar()
        releases = connection.execute(select(func.count()).select_from(tables.releases)).scalar()
    engine.dispose()
    assert [attempt for attempt, _ in kept] == [1, 2, 3]
    assert {count for _, count in kept} == {scenarios}  # every run kept every one of its results
    assert releases == 1

"""How long each scenario took in its last runs: what a sharding plan weighs feature files by.

Read from the run history (``run_results``: one duration per scenario or outline row and run),
averaged over each row's last ``window`` runs; an outline's rows are summed into their scenario,
named by feature file and scenario as the static plan knows them.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from amoa_workflow.store.tables import run_results, runs, scenario_results


def measured_durations(connection: Connection, window: int = 5) -> dict[tuple[str, str], float]:
    """``(feature file, scenario) → seconds`` over every campaign's last ``window`` runs."""
    rank = (
        func.row_number()
        .over(partition_by=run_results.c.scenario_key, order_by=(runs.c.started_at.desc(), runs.c.id.desc()))
        .label("rank")
    )
    ranked = (
        select(run_results.c.scenario_key, run_results.c.duration, rank)
        .join(runs, run_results.c.run_id == runs.c.id)
        .subquery()
    )
    mean = (
        select(ranked.c.scenario_key, func.avg(ranked.c.duration).label("duration"))
        .where(ranked.c.rank <= window)
        .group_by(ranked.c.scenario_key)
        .subquery()
    )
    named = (
        select(scenario_results.c.scenario_key, scenario_results.c.feature_path, scenario_results.c.scenario)
        .distinct()
        .subquery()
    )
    rows = connection.execute(
        select(named.c.scenario_key, named.c.feature_path, named.c.scenario, mean.c.duration).join(
            mean, mean.c.scenario_key == named.c.scenario_key
        )
    ).tuples()
    durations: dict[tuple[str, str], float] = {}
    counted: set[str] = set()
    for key, path, scenario, duration in rows:
        if key in counted:  # the same key in two campaigns, under one name: counted once
            continue
        counted.add(key)
        durations[(path, scenario)] = durations.get((path, scenario), 0.0) + float(duration)
    return durations

"""The run history's tables: every run (attempt) of a campaign, and what it observed, as it was.

``scenario_results`` (:mod:`~.tables`) holds the campaign's current result per scenario, updated in
place; these keep each run: its per-scenario statuses and durations (``run_results``, what the
history's queries read) and its whole observation, results and steps, in one compressed document
(``run_observations``, :mod:`~.run_observations`).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from amoa_workflow.store.metadata import bounded, metadata

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("campaign_id", ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("run_key", String(512), nullable=False, unique=True),
    Column("selection", Text, nullable=False),
    Column("shards", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("folder", Text),
    UniqueConstraint("campaign_id", "attempt"),
)

run_results = Table(
    "run_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("scenario_key", String(512), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("duration", Float, nullable=False),
    UniqueConstraint("run_id", "scenario_key"),
)

# Everything a run observed (results and steps), one compressed document per run
# (:mod:`~.run_observations`); ``run_results`` keeps the statuses and durations the queries need.
run_observations = Table(
    "run_observations",
    metadata,
    Column("run_id", ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("body", LargeBinary, nullable=False),
)


bounded(runs, run_results)

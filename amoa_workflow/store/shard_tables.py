"""Tables of the shards' hand-over: each shard of a run, taken by any worker on any host, hands
its results over here. Part of the schema of :mod:`amoa_workflow.store.tables`, on its
:data:`~amoa_workflow.store.metadata.metadata`.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text, UniqueConstraint

from amoa_workflow.store.metadata import bounded, metadata

# The shards of a run, each taken by any worker on any host, hand their results over here, not
# through files: one row per attempt of a shard (a shard that died is run again: attempt 2), and
# its scenario records (steps included, as the run history keeps them). A new attempt replaces the
# rows of the ones before; the merge reads the last finished attempt of each shard.
shard_attempts = Table(
    "shard_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_key", String(512), nullable=False),
    Column("shard", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("host", String(255), nullable=False),
    Column("revision", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # running, finished, replaced
    Column("exit_code", Integer),
    Column("log", Text),  # the end of the shard's pytest output, for a PV that says why it stopped
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("alive_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    UniqueConstraint("run_key", "shard", "attempt"),
)

shard_results = Table(
    "shard_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_key", String(512), nullable=False),
    Column("shard", Integer, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("scenario_key", String(512), nullable=False),
    Column("record", JSON, nullable=False),
    UniqueConstraint("run_key", "shard", "attempt", "scenario_key"),
)

bounded(shard_attempts, shard_results)

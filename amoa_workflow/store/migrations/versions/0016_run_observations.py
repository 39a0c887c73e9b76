"""What a run observed is kept in one compressed document per run (``run_observations``), not as one
JSON record per scenario in ``run_results``: a run of tens of thousands of scenarios is written in one
encoding. Existing records move into their run's document, unchanged (format 1, frozen here);
downgrading moves them back.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

FIELDS = ("key", "feature_path", "feature_name", "rule", "scenario", "line", "status", "tags",
          "requirement_codes", "example", "duration", "message", "steps")  # fmt: skip
STEP_FIELDS = ("position", "keyword", "text", "line", "status", "duration", "error", "traceback", "argument")


def upgrade() -> None:
    op.create_table(
        "run_observations",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_run_observations_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_run_observations")),
    )
    connection = op.get_bind()
    run_results = sa.table(
        "run_results", sa.column("run_id"), sa.column("scenario_key"), sa.column("record", sa.JSON)
    )
    observations = sa.table("run_observations", sa.column("run_id"), sa.column("body", sa.LargeBinary))
    run_ids = connection.execute(sa.select(run_results.c.run_id).distinct().order_by(run_results.c.run_id))
    for run_id in list(run_ids.scalars()):
        records = connection.execute(
            sa.select(run_results.c.record)
            .where(run_results.c.run_id == run_id)
            .order_by(run_results.c.scenario_key)
        ).scalars()
        rows = [_row(record) for record in records]
        connection.execute(sa.insert(observations).values(run_id=run_id, body=_pack(rows)))
    with op.batch_alter_table("run_results", schema=None) as batch_op:
        batch_op.drop_column("record")


def _row(record: dict[str, Any]) -> list[Any]:
    steps = [
        [*(step.get(name) for name in STEP_FIELDS[:-1]), _argument(step)] for step in record.get("steps", ())
    ]
    return [*(record.get(name) for name in FIELDS[:-1]), steps]


def _argument(step: dict[str, Any]) -> dict[str, Any] | None:
    found = {name: step[name] for name in ("table", "doc_string") if step.get(name) is not None}
    return found or None


def _pack(rows: list[list[Any]]) -> bytes:
    document = {"format": 1, "fields": FIELDS, "step_fields": STEP_FIELDS, "results": rows}
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), 1)


def downgrade() -> None:
    with op.batch_alter_table("run_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record", sa.JSON(), nullable=True))
    connection = op.get_bind()
    run_results = sa.table(
        "run_results",
        sa.column("id"),
        sa.column("run_id"),
        sa.column("scenario_key"),
        sa.column("record", sa.JSON),
    )
    observations = sa.table("run_observations", sa.column("run_id"), sa.column("body", sa.LargeBinary))
    for run_id, body in connection.execute(sa.select(observations.c.run_id, observations.c.body)).tuples():
        document = json.loads(zlib.decompress(body).decode("utf-8"))
        for row in document["results"]:
            record = dict(zip(FIELDS[:-1], row[:-1], strict=True))
            record["steps"] = [
                {**dict(zip(STEP_FIELDS[:-1], step[:-1], strict=True)), **(step[-1] or {})}
                for step in row[-1]
            ]
            connection.execute(
                sa.update(run_results)
                .where(run_results.c.run_id == run_id, run_results.c.scenario_key == record["key"])
                .values(record=record)
            )
    with op.batch_alter_table("run_results", schema=None) as batch_op:
        batch_op.alter_column("record", existing_type=sa.JSON(), nullable=False)
    op.drop_table("run_observations")

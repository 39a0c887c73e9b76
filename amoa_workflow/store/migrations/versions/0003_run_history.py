"""Run history: every run (attempt) of a campaign keeps its own results, for "rerun what failed in
run N" and flakiness; results also keep the rule of their scenario and each step's full traceback.

Campaigns recorded before this migration get their current results as their last run.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:24:04.589522
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("run_key", sa.String(length=512), nullable=False),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("shards", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("folder", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_runs_campaign_id_campaigns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
        sa.UniqueConstraint("campaign_id", "attempt", name=op.f("uq_runs_campaign_id")),
        sa.UniqueConstraint("run_key", name=op.f("uq_runs_run_key")),
    )
    op.create_table(
        "run_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("scenario_key", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_run_results_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_results")),
        sa.UniqueConstraint("run_id", "scenario_key", name=op.f("uq_run_results_run_id")),
    )
    with op.batch_alter_table("run_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_results_scenario_key"), ["scenario_key"], unique=False)

    with op.batch_alter_table("scenario_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.Text(), nullable=True))

    with op.batch_alter_table("step_results", schema=None) as batch_op:
        batch_op.add_column(sa.Column("traceback", sa.Text(), nullable=True))

    _existing_campaigns_as_their_last_run()


def _table(name: str, columns: str, json_columns: str = "") -> sa.TableClause:
    return sa.table(
        name, *(sa.column(c) for c in columns.split()), *(sa.column(c, sa.JSON) for c in json_columns.split())
    )


def _existing_campaigns_as_their_last_run() -> None:
    connection = op.get_bind()
    campaigns = _table("campaigns", "id key attempt started_at finished_at run_folder")
    results = _table(
        "scenario_results",
        "id campaign_id scenario_key feature_path feature_name scenario line status duration message",
        "tags requirement_codes example",
    )
    steps = _table("step_results", "result_id position keyword text line status duration error")
    runs = _table("runs", "id campaign_id attempt run_key selection shards started_at finished_at folder")
    run_results = _table("run_results", "run_id scenario_key status duration", "record")
    for campaign in connection.execute(sa.select(campaigns)).all():
        run_key = f"{campaign.key}/attempt-{campaign.attempt}"
        connection.execute(
            sa.insert(runs).values(
                campaign_id=campaign.id,
                attempt=campaign.attempt,
                run_key=run_key,
                selection="all",
                shards=1,
                started_at=campaign.started_at,
                finished_at=campaign.finished_at,
                folder=campaign.run_folder,
            )
        )
        run_id = connection.execute(sa.select(runs.c.id).where(runs.c.run_key == run_key)).scalar_one()
        for row in connection.execute(sa.select(results).where(results.c.campaign_id == campaign.id)).all():
            step_rows = connection.execute(
                sa.select(steps).where(steps.c.result_id == row.id).order_by(steps.c.position)
            ).all()
            record = {
                "key": row.scenario_key,
                "feature_path": row.feature_path,
                "feature_name": row.feature_name,
                "rule": None,
                "scenario": row.scenario,
                "line": row.line,
                "status": row.status,
                "tags": row.tags,
                "requirement_codes": row.requirement_codes,
                "example": row.example,
                "duration": row.duration,
                "message": row.message,
                "steps": [_step(s._asdict()) for s in step_rows],
            }
            connection.execute(
                sa.insert(run_results).values(
                    run_id=run_id,
                    scenario_key=row.scenario_key,
                    status=row.status,
                    duration=row.duration,
                    record=record,
                )
            )


def _step(row: dict[str, object]) -> dict[str, object]:
    return {**{k: v for k, v in row.items() if k != "result_id"}, "traceback": None}


def downgrade() -> None:
    with op.batch_alter_table("step_results", schema=None) as batch_op:
        batch_op.drop_column("traceback")

    with op.batch_alter_table("scenario_results", schema=None) as batch_op:
        batch_op.drop_column("rule")

    with op.batch_alter_table("run_results", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_run_results_scenario_key"))

    op.drop_table("run_results")
    op.drop_table("runs")

"""A run's plan crosses hosts as JSON (a flow run parameter) and comes back the same."""

from __future__ import annotations

import json

from amoa_workflow.domain.selection import Selection
from amoa_workflow.domain.shards import Part
from amoa_workflow.scenarios.handover import plan_from_json, plan_to_json
from amoa_workflow.scenarios.runner import RunPlan, Shard


def test_a_plan_with_files_split_by_scenario_comes_back_the_same() -> None:
    plan = RunPlan(
        Selection(requirements=frozenset({"EXG-004"}), tags="@smoke and not @wip", paths=("features",)),
        ("features",),
        (
            Shard(1, skip=("features/b.feature",), scenarios=(Part("features/big.feature", ("A",), True),)),
            Shard(2, only=("features/b.feature",), scenarios=(Part("features/big.feature", ("A",)),)),
            Shard(3, only=("features/c.feature",)),
        ),
        workers=2,
    )
    sent = json.loads(json.dumps(plan_to_json(plan)))  # what the server stores and hands the worker
    assert plan_from_json(sent) == plan

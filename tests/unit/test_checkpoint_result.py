"""What the checkpoint flow returns is handed back as it is: Prefect looks through a flow's return
value for futures, field by field of every dataclass in it; a campaign's results (thousands, each
with its steps) must not be walked through at the end of every checkpoint."""

from __future__ import annotations

from pathlib import Path

from prefect.utilities.collections import visit_collection

from flows.checkpoint import CheckpointResult
from tests.large_recette import outcome


def test_prefect_does_not_walk_through_the_checkpoint_result() -> None:
    result = CheckpointResult(outcome=outcome(50), report=Path("pv.html"))
    visited: list[object] = []

    visit_collection(result, visit_fn=visited.append, return_data=False)

    assert visited == [result]
    assert (result.report, len(result.outcome.results), result.gates) == (Path("pv.html"), 245, ())

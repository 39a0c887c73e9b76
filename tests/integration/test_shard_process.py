"""A shard's pytest process never outlives the wait on it, whatever stops the wait."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from amoa_workflow.scenarios.shard_process import ShardProcess, alive, wait


def test_an_error_while_waiting_stops_the_shard_process_before_it_is_passed_on(tmp_path: Path) -> None:
    """Only Ctrl-C stopped it: an error raised while following it (its heartbeat's database write)
    left the process running, orphaned, and a retry started a second one."""
    shard = ShardProcess.start(
        1, tmp_path, [sys.executable, "-c", "import time; time.sleep(120)"], tmp_path, {}, timeout=300
    )

    def progress(reported: int, selected: int) -> None:
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        wait([shard], progress)

    assert shard.process.poll() is not None
    assert shard not in alive()

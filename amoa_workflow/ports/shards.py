"""Where the shards of a run hand their results over."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from amoa_workflow.domain.shard_watch import HandedOver


class ShardHandovers(Protocol):
    """Where the shards of a run hand their results over (the project database), whatever host runs them."""

    def open(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int: ...

    def refuse(self, run_key: str, shard: int, host: str, revision: str, now: datetime) -> int: ...

    def add(
        self, run_key: str, shard: int, attempt: int, records: Sequence[dict[str, Any]], now: datetime
    ) -> bool: ...

    def close(
        self, run_key: str, shard: int, attempt: int, exit_code: int, log: str, now: datetime
    ) -> bool: ...

    def finished(self, run_key: str) -> dict[int, HandedOver]: ...

"""Use case on the audit log: verify its hash chain (see :mod:`amoa_workflow.domain.audit`)."""

from __future__ import annotations

from dataclasses import dataclass

from amoa_workflow.domain.audit import GENESIS, Break, verify
from amoa_workflow.ports import ApprovalUnitOfWork


@dataclass(frozen=True)
class ChainCheck:
    count: int
    last_hash: str
    broken: Break | None = None  # the first entry that does not hold


def verify_log(uow: ApprovalUnitOfWork) -> ChainCheck:
    with uow:
        entries = uow.audit.entries()
    return ChainCheck(len(entries), entries[-1].hash if entries else GENESIS, verify(entries))

"""Issuing an approver's link: only for an approver of a configured gate; kept in the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.errors import DecisionRefused, GateNotFound
from amoa_workflow.ports import AuditLog
from amoa_workflow.web.links import LinkSettings, link_url

ACTOR = "amoa-workflow"
ISSUED = "link.issued"


class AuditedUnitOfWork(Protocol):
    @property
    def audit(self) -> AuditLog: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


def issue_link(
    uow: AuditedUnitOfWork,
    definitions: Sequence[GateDefinition],
    links: LinkSettings,
    approver: str,
    gate: str,
    release: str,
    now: datetime,
    lifetime: timedelta,
) -> str:
    """A signed link for ``approver`` on ``gate`` of ``release``; its id (never the token) is audited."""
    definition = next((d for d in definitions if d.name == gate), None)
    if definition is None:
        raise GateNotFound(gate, release, [d.name for d in definitions], configured=False)
    if definition.approver(approver) is None:
        names = ", ".join(a.id for a in definition.approvers)
        raise DecisionRefused(
            gate, release, why_en=f"'{approver}' is not one of its approvers ({names})",
            why_fr=f"« {approver} » n'en est pas approbateur ({names})",
        )  # fmt: skip
    token, claims = links.signer.issue(approver, release, gate, now, lifetime)
    with uow as unit:
        unit.audit.append(ACTOR, ISSUED, claims.link_id,
                          {"approver": approver, "gate": gate, "release": release,
                           "expires": claims.expires.isoformat()})  # fmt: skip
        unit.commit()
    return link_url(links.base_url, token)

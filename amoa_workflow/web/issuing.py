"""Issuing and revoking an approver's link (only for an approver of a configured gate) or a tester's
link (only for a configured tester); both audited.

A revoked link opens nothing (the page, the PV, the form), exactly like a used one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.domain.testers import Tester
from amoa_workflow.errors import DecisionRefused, LinkRefused, ManualWorkRefused
from amoa_workflow.gates.locking import decidable, definition_of
from amoa_workflow.ports import ApprovalUnitOfWork, AuditLog, LinkUses
from amoa_workflow.signatures.links import EXECUTE, claims_of, token_in
from amoa_workflow.web.links import LinkSettings, link_url

ACTOR = "amoa-workflow"
ISSUED = "link.issued"
_LINK_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class AuditedUnitOfWork(Protocol):
    @property
    def audit(self) -> AuditLog: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...


def issue_link(
    uow: ApprovalUnitOfWork,
    definitions: Sequence[GateDefinition],
    links: LinkSettings,
    approver: str,
    gate: str,
    release: str,
    now: datetime,
    lifetime: timedelta,
) -> str:
    """A signed link for ``approver`` on ``gate`` of ``release``, a gate the release opened and still
    pending (a link to a page with nothing to decide is refused); its id (never the token) is audited."""
    definition = definition_of(definitions, gate, release)
    if definition.approver(approver) is None:
        names = ", ".join(a.id for a in definition.approvers)
        raise DecisionRefused(
            gate, release, why_en=f"'{approver}' is not one of its approvers ({names})",
            why_fr=f"« {approver} » n'en est pas approbateur ({names})",
        )  # fmt: skip
    with uow as unit:
        decidable(unit, definition, release)
        token, claims = links.signer.issue(approver, release, gate, now, lifetime)
        unit.audit.append(ACTOR, ISSUED, claims.link_id,
                          {"approver": approver, "gate": gate, "release": release,
                           "expires": claims.expires.isoformat()})  # fmt: skip
        unit.commit()
    return link_url(links.base_url, token)


def issue_tester_link(
    uow: AuditedUnitOfWork,
    testers: Sequence[Tester],
    links: LinkSettings,
    tester: str,
    campaign: str,
    release: str,
    now: datetime,
    lifetime: timedelta,
) -> str:
    """A signed link for ``tester`` to execute their manual scenarios of ``campaign``; audited by id."""
    if tester not in {t.id for t in testers}:
        known = ", ".join(t.id for t in testers) or "-"
        raise ManualWorkRefused(
            campaign, why_en=f"unknown tester {tester} (known: {known})",
            why_fr=f"testeur inconnu {tester} (connus : {known})",
        )  # fmt: skip
    token, claims = links.signer.issue(tester, release, campaign, now, lifetime, purpose=EXECUTE)
    with uow as unit:
        unit.audit.append(ACTOR, ISSUED, claims.link_id,
                          {"tester": tester, "campaign": campaign, "release": release, "purpose": EXECUTE,
                           "expires": claims.expires.isoformat()})  # fmt: skip
        unit.commit()
    return link_url(links.base_url, token)


class RevokingUnitOfWork(AuditedUnitOfWork, Protocol):
    @property
    def links(self) -> LinkUses: ...


def revoke_link(uow: RevokingUnitOfWork, link: str, actor: str) -> tuple[str, bool]:
    """Revoke a link given as its address, its token (sealed or not) or its id; (id, newly revoked)."""
    token = token_in(link)
    claims = claims_of(token.partition(".")[0]) if token else None
    link_id = claims.link_id if claims else link.strip()
    if not _LINK_ID.fullmatch(link_id):
        raise LinkRefused(reason="malformed")
    details = {"approver": claims.approver, "gate": claims.gate, "release": claims.release} if claims else {}
    with uow as unit:
        revoked = unit.links.revoke(link_id, actor, details)
        unit.commit()
    return link_id, revoked

"""The approvers' links as the web page hands them out: where they point, how long they live.

Signing and checking a link is in :mod:`amoa_workflow.signatures.links` (a link is a proof the
decision service checks too); this module adds the page's public address and the sealed links of
approval requests (signed only when the message is sent, so the outbox holds none that opens).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from amoa_workflow.signatures.links import (
    DECIDE,
    DEFAULT_URL,
    EXECUTE,
    MIN_SECRET_LENGTH,
    SECRET_VARIABLE,
    URL_VARIABLE,
    LinkClaims,
    LinkSigner,
    sealed,
    secret_from,
)

__all__ = [
    "DECIDE", "MIN_SECRET_LENGTH", "SECRET_VARIABLE", "URL_VARIABLE", "LinkClaims", "LinkSettings",
    "LinkSigner", "approval_link", "link_settings", "link_url", "secret_from", "tester_link",
]  # fmt: skip


@dataclass(frozen=True)
class LinkSettings:
    """How links are made: the signer, the page's public address, how long a link lives."""

    signer: LinkSigner
    base_url: str = DEFAULT_URL
    lifetime: timedelta = timedelta(hours=72)


def link_settings(environ: Mapping[str, str], hours: float = 72) -> LinkSettings:
    """From the environment: ``AMOA_WEB_SECRET`` (required) and ``AMOA_WEB_URL`` (the public address)."""
    base = environ.get(URL_VARIABLE) or DEFAULT_URL
    return LinkSettings(LinkSigner(secret_from(environ)), base.rstrip("/"), timedelta(hours=hours))


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/l/{quote(token, safe='')}"


def approval_link(settings: LinkSettings, approver: str, gate: str, release: str, now: datetime) -> str:
    """The *sealed* address an approver will open to decide on ``gate`` of ``release``: it goes into
    the approval request as stored; the signature is added when the message is sent."""
    _, claims = settings.signer.issue(approver, release, gate, now, settings.lifetime)
    return link_url(settings.base_url, sealed(claims))


def tester_link(settings: LinkSettings, tester: str, campaign: str, release: str, until: datetime,
                now: datetime) -> str:  # fmt: skip
    """The *sealed* address a tester opens to execute their manual scenarios of ``campaign``, valid
    until a day after ``until`` (the manual part's deadline); signed when the message is sent."""
    lifetime = until + timedelta(days=1) - now
    _, claims = settings.signer.issue(tester, release, campaign, now, lifetime, purpose=EXECUTE)
    return link_url(settings.base_url, sealed(claims))

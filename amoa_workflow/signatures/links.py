"""Signed, expiring, single-use links for approvers (and testers). Pure: no server, no database.

A link is ``<base>/l/<token>`` with ``token = <payload>.<signature>``, both base64url without
padding. The payload is compact JSON ``{"v":1,"i":link id,"a":approver,"r":release,"g":gate,
"p":purpose,"e":expiry (Unix seconds)}``; the signature is HMAC-SHA256, keyed by the secret of
``AMOA_WEB_SECRET``, over ``b"amoa-link/v1\\n" + payload``. Verification checks the token's shape
(base64url only: any other byte, of any encoding, is refused), then compares the signature in
constant time before reading anything in the payload. That a link is used once, or revoked, is
recorded elsewhere (the audit log, :mod:`amoa_workflow.store.links`), by its id.

A tester's link has the purpose ``execute`` (``a``: the tester, ``g``: the campaign key): it opens
the tester's manual scenarios of that campaign until it expires or is revoked (an execution can be
resumed), and nothing else — an approver's link does not open it, nor it a decision form.

A link kept anywhere but the message that carries it (the outbox, a log) is *sealed*: its payload
with ``.unsigned`` in place of the signature (:func:`sealed`). It names the link (so it can be
revoked) but opens nothing; the signature is added when the message is sent (:func:`unseal`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from amoa_workflow.errors import LinkRefused, WebSecretMissing

SECRET_VARIABLE = "AMOA_WEB_SECRET"
URL_VARIABLE = "AMOA_WEB_URL"
DEFAULT_URL = "http://127.0.0.1:8000"
MIN_SECRET_LENGTH = 32
DECIDE = "decide"
EXECUTE = "execute"  # a tester's link: execute the manual scenarios of one campaign (``g``: its key)
_DOMAIN = b"amoa-link/v1\n"
_MAX_TOKEN = 2048
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}")
SEAL = "unsigned"
_SEALED = re.compile(rf"/l/([A-Za-z0-9_-]{{1,2000}})\.{SEAL}\b")
_IN_TEXT = re.compile(r"(?:/l/)?([A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{1,2000}\.unsigned)")


@dataclass(frozen=True)
class LinkClaims:
    """What a link allows: ``approver`` may ``purpose`` on ``gate`` of ``release`` until ``expires``."""

    link_id: str
    approver: str
    release: str
    gate: str
    expires: datetime
    purpose: str = DECIDE

    def payload(self) -> bytes:
        fields = {
            "v": 1, "i": self.link_id, "a": self.approver, "r": self.release, "g": self.gate,
            "p": self.purpose, "e": int(self.expires.timestamp()),
        }  # fmt: skip
        return json.dumps(fields, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def secret_from(environ: Mapping[str, str]) -> bytes:
    """The signing secret, from ``AMOA_WEB_SECRET`` only; missing or short: one clear error."""
    secret = environ.get(SECRET_VARIABLE, "")
    if len(secret) < MIN_SECRET_LENGTH:
        raise WebSecretMissing(variable=SECRET_VARIABLE, length=MIN_SECRET_LENGTH)
    return secret.encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkSigner:
    """Signs and verifies approvers' links with one secret."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < MIN_SECRET_LENGTH:
            raise WebSecretMissing(variable=SECRET_VARIABLE, length=MIN_SECRET_LENGTH)
        self._secret = secret

    def __repr__(self) -> str:
        return "LinkSigner(<secret>)"

    def issue(
        self,
        approver: str,
        release: str,
        gate: str,
        now: datetime,
        lifetime: timedelta = timedelta(hours=72),
        purpose: str = DECIDE,
    ) -> tuple[str, LinkClaims]:
        """A new link (its token and claims), with a fresh random id."""
        claims = LinkClaims(secrets.token_urlsafe(12), approver, release, gate, now + lifetime, purpose)
        return self.sign(claims), claims

    def sign(self, claims: LinkClaims) -> str:
        payload = _b64(claims.payload())
        return f"{payload}.{_b64(self._mac(payload))}"

    def verify(self, token: str, now: datetime, purpose: str = DECIDE) -> LinkClaims:
        """The claims of a genuine, unexpired link for ``purpose``; else :class:`LinkRefused`."""
        if len(token) > _MAX_TOKEN or not TOKEN.fullmatch(token):
            raise LinkRefused(reason="malformed")
        payload, _, signature = token.partition(".")
        try:
            given = _unb64(signature)
        except (binascii.Error, ValueError):
            raise LinkRefused(reason="malformed") from None
        if not hmac.compare_digest(given, self._mac(payload)):
            raise LinkRefused(reason="forged")
        try:
            fields = json.loads(_unb64(payload))
            claims = LinkClaims(
                link_id=str(fields["i"]), approver=str(fields["a"]), release=str(fields["r"]),
                gate=str(fields["g"]), expires=datetime.fromtimestamp(int(fields["e"]), UTC),
                purpose=str(fields["p"]),
            )  # fmt: skip
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise LinkRefused(reason="malformed") from None
        if fields.get("v") != 1 or claims.purpose != purpose:
            raise LinkRefused(reason="wrong_purpose")
        if now >= claims.expires:
            raise LinkRefused(reason="expired")
        return claims

    def csrf_token(self, link_id: str) -> str:
        """The form token of the pages opened with link ``link_id``: only the server can make it."""
        return _b64(hmac.new(self._secret, b"amoa-csrf/v1\n" + link_id.encode(), hashlib.sha256).digest())

    def csrf_ok(self, link_id: str, given: str) -> bool:
        return hmac.compare_digest(self.csrf_token(link_id).encode(), given.encode("utf-8", "replace"))

    def _mac(self, payload: str) -> bytes:
        return hmac.new(self._secret, _DOMAIN + payload.encode("ascii"), hashlib.sha256).digest()


def claims_of(payload: str) -> LinkClaims | None:
    """What a link's payload says, *unchecked* (to name a sealed or revoked link); None if unreadable."""
    try:
        fields = json.loads(_unb64(payload))
        return LinkClaims(str(fields["i"]), str(fields["a"]), str(fields["r"]), str(fields["g"]),
                          datetime.fromtimestamp(int(fields["e"]), UTC), str(fields["p"]))  # fmt: skip
    except (ValueError, KeyError, TypeError, binascii.Error, OverflowError):
        return None


def token_in(text: str) -> str | None:
    """The token (or sealed token) in a link, an address or a bare token; None when there is none."""
    match = _IN_TEXT.search(text.strip())
    return match.group(1) if match else None


def sealed(claims: LinkClaims) -> str:
    """The link's token without its signature: it names the link and opens nothing."""
    return f"{_b64(claims.payload())}.{SEAL}"


def unseal(text: str, signer: LinkSigner) -> str:
    """``text`` with every sealed link signed (at sending time, never stored)."""
    return _SEALED.sub(lambda m: f"/l/{m.group(1)}.{_b64(signer._mac(m.group(1)))}", text)

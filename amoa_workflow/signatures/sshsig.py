"""Signatures in OpenSSH's format (PROTOCOL.sshsig), made and checked with Ed25519.

What ``ssh-keygen -Y sign -n amoa-decision`` writes and ``ssh-keygen -Y verify`` checks: the
signature covers ``"SSHSIG" ‖ namespace ‖ reserved ‖ "sha512" ‖ SHA-512(message)``, each an SSH
string, and carries the signer's public key. The namespace keeps a decision's signature from
being valid for anything else (a git commit, a file). Only Ed25519 is accepted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
import textwrap
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amoa_workflow.signatures.keys import KEY_TYPE, PublicKey, from_blob, public_of, read_strings, ssh_string

NAMESPACE = "amoa-decision"
MAGIC = b"SSHSIG"
HASH = b"sha512"
BEGIN, END = "-----BEGIN SSH SIGNATURE-----", "-----END SSH SIGNATURE-----"
_MAX = 16 * 1024


class Flaw(StrEnum):
    UNREADABLE = "unreadable"  # not an SSH signature
    NAMESPACE = "namespace"  # made for something else
    OTHER_KEY = "other_key"  # made with another key than the one expected
    INVALID = "invalid"  # the key is right, the message is not what was signed


def _signed_data(message: bytes, namespace: str) -> bytes:
    digest = hashlib.sha512(message).digest()
    return MAGIC + ssh_string(namespace.encode()) + ssh_string(b"") + ssh_string(HASH) + ssh_string(digest)


def sign(private: Ed25519PrivateKey, message: bytes, namespace: str = NAMESPACE) -> str:
    """The armored signature of ``message``, as ``ssh-keygen -Y sign`` writes it."""
    signature = ssh_string(KEY_TYPE) + ssh_string(private.sign(_signed_data(message, namespace)))
    blob = (
        MAGIC + struct.pack(">I", 1) + ssh_string(public_of(private).blob) + ssh_string(namespace.encode())
        + ssh_string(b"") + ssh_string(HASH) + ssh_string(signature)
    )  # fmt: skip
    body = "\n".join(textwrap.wrap(base64.b64encode(blob).decode(), 70))
    return f"{BEGIN}\n{body}\n{END}\n"


def blob_of(text: str) -> bytes:
    """The signature's bytes from its armored form, with or without line breaks, or bare base64."""
    inner = text.replace(BEGIN, "").replace(END, "")
    compact = re.sub(r"\s+", "", inner)
    if not compact or len(compact) > _MAX:
        raise ValueError("empty or too long")
    try:
        blob = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    if not blob.startswith(MAGIC):
        raise ValueError("not an SSH signature")
    return blob


def armored(text: str) -> str:
    """The signature in its canonical armored form (what is stored and exported)."""
    body = "\n".join(textwrap.wrap(base64.b64encode(blob_of(text)).decode(), 70))
    return f"{BEGIN}\n{body}\n{END}\n"


def looks_like(text: str) -> bool:
    try:
        blob_of(text)
    except ValueError:
        return False
    return True


def signer(text: str) -> PublicKey:
    """The public key a signature says it was made with (ValueError when unreadable)."""
    return _parts(text)[0]


def _parts(text: str) -> tuple[PublicKey, str, bytes]:
    blob = blob_of(text)
    if blob[6:10] != struct.pack(">I", 1):
        raise ValueError("unknown SSHSIG version")
    fields = read_strings(blob[10:])
    if len(fields) != 5 or fields[3] != HASH:
        raise ValueError("unexpected SSHSIG fields")
    key, namespace, _reserved, _hash, signature = fields
    kind, raw = read_strings(signature)
    if kind != KEY_TYPE or len(raw) != 64:
        raise ValueError("not an Ed25519 signature")
    return from_blob(key), namespace.decode("utf-8", "replace"), raw


def verify(text: str, message: bytes, expected: PublicKey, namespace: str = NAMESPACE) -> Flaw | None:
    """None when ``text`` is ``expected``'s signature of ``message`` in ``namespace``; else the flaw."""
    try:
        key, found_namespace, raw = _parts(text)
    except ValueError:
        return Flaw.UNREADABLE
    if found_namespace != namespace:
        return Flaw.NAMESPACE
    if not key.same_key(expected):
        return Flaw.OTHER_KEY
    try:
        expected.key().verify(raw, _signed_data(message, namespace))
    except InvalidSignature:
        return Flaw.INVALID
    return None

"""The audit log's hash chain: each entry's hash covers the previous entry's hash and its own content.

The hash is SHA-256 of the canonical JSON (keys sorted, UTF-8, no ASCII escaping) of
``{"prev", "at", "actor", "action", "subject", "details"}``, where ``at`` is the entry's time as
the stored ISO 8601 text (never a database datetime, whose round trip differs between SQLite and
PostgreSQL) and ``details`` is JSON. Changing, removing or inserting an entry breaks the chain from
there on; :func:`verify` names the first entry that does not hold. (Removing the *last* entries
leaves a shorter valid chain: keep a copy of the latest hash elsewhere to detect that.)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str  # ISO 8601, as hashed
    actor: str
    action: str
    subject: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str


class BreakKind(StrEnum):
    ALTERED = "altered"  # the entry's content no longer gives its hash
    UNLINKED = "unlinked"  # its previous hash is not the hash of the entry before it (removed, inserted)


@dataclass(frozen=True)
class Break:
    entry: AuditEntry
    kind: BreakKind
    expected: str
    found: str


def canonical(prev: str, at: str, actor: str, action: str, subject: str, details: Mapping[str, Any]) -> str:
    content = {"prev": prev, "at": at, "actor": actor, "action": action, "subject": subject,
               "details": details}  # fmt: skip
    return json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)


def chain_hash(prev: str, at: str, actor: str, action: str, subject: str, details: Mapping[str, Any]) -> str:
    payload = canonical(prev, at, actor, action, subject, details)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def as_json(details: Mapping[str, Any]) -> dict[str, Any]:
    """``details`` as it will read back from a JSON column (dates as text…), so the hash survives."""
    result: dict[str, Any] = json.loads(json.dumps(dict(details), ensure_ascii=False, default=str))
    return result


def verify(entries: Iterable[AuditEntry]) -> Break | None:
    """The first entry, in order, that breaks the chain; ``None`` when the whole chain holds."""
    previous = GENESIS
    for entry in entries:
        if entry.prev_hash != previous:
            return Break(entry, BreakKind.UNLINKED, previous, entry.prev_hash)
        digest = chain_hash(
            entry.prev_hash, entry.at, entry.actor, entry.action, entry.subject, entry.details
        )
        if digest != entry.hash:
            return Break(entry, BreakKind.ALTERED, digest, entry.hash)
        previous = entry.hash
    return None

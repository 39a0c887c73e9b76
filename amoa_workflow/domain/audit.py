"""The audit log's hash chain: each entry's hash covers the previous entry's hash and its own content.

The hash is SHA-256 of the canonical JSON (keys sorted, UTF-8, no ASCII escaping) of
``{"prev", "at", "actor", "action", "subject", "details"}``, where ``at`` is the entry's time as
the stored ISO 8601 text (never a database datetime, whose round trip differs between SQLite and
PostgreSQL) and ``details`` is JSON. Changing, removing or inserting an entry breaks the chain from
there on; :func:`verify` names the first entry that does not hold.

A chain alone can be cut at its end, or rewritten and hashed again by anyone who knows the
algorithm. Two things stop that:

- **a key**: with ``AMOA_AUDIT_KEY`` set, each entry also carries ``mac``, HMAC-SHA256 of its hash
  under the key (:func:`mac`). Without the key nobody can rewrite an entry and give it a valid MAC;
  :func:`keyed_break` finds an entry whose MAC is wrong or missing (from the first keyed one on,
  and the last entry must be keyed);
- **anchors**: the hash of each new head is appended to a file outside the database (and printed
  in each PV, evidence pack and notification). :func:`anchor_break` finds an anchored entry that
  is gone (the log was cut) or whose hash differs (it was rewritten).

One anchor file may serve several databases (a project moved from SQLite to PostgreSQL, a worker
run with another database URL): each line names the database whose head it is (``db=``, an identity
the configuration gives, never the database itself), and :func:`anchors_of` keeps a database's own.
A line written before lines named their database belongs to every database whose log had begun
when it was written: checked as before, except against a log begun after it (a later database).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
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
    mac: str | None = None  # HMAC-SHA256 of ``hash`` under AMOA_AUDIT_KEY, when it was set


class BreakKind(StrEnum):
    ALTERED = "altered"  # the entry's content no longer gives its hash
    UNLINKED = "unlinked"  # its previous hash is not the hash of the entry before it (removed, inserted)
    MAC = "mac"  # its MAC is not the one the key gives: rewritten without the key
    UNKEYED = "unkeyed"  # no MAC where one is due: written without the key, or its MAC removed


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


_MAC_DOMAIN = b"amoa-audit/v1\n"


def mac(key: bytes, digest: str) -> str:
    """The entry's MAC: HMAC-SHA256 of its hash under the audit key."""
    return hmac.new(key, _MAC_DOMAIN + digest.encode("ascii"), hashlib.sha256).hexdigest()


def keyed_break(entries: Sequence[AuditEntry], key: bytes) -> Break | None:
    """With the key: every MAC holds, every entry from the first keyed one on has one, the last too."""
    keyed = False
    for entry in entries:
        if entry.mac is None:
            if keyed:
                return Break(entry, BreakKind.UNKEYED, "MAC", "")
            continue
        keyed = True
        expected = mac(key, entry.hash)
        if not hmac.compare_digest(expected, entry.mac):
            return Break(entry, BreakKind.MAC, expected, entry.mac)
    if entries and entries[-1].mac is None:
        return Break(entries[-1], BreakKind.UNKEYED, "MAC", "")
    return None


@dataclass(frozen=True)
class Anchor:
    """A head of the chain written down outside the database: entry ``id`` had hash ``hash``."""

    id: int
    hash: str
    where: str  # file:line, or where else it was read (a PV, a command-line option)
    database: str | None = None  # the database an anchor file's line names; None: it names none
    at: str = ""  # the entry's time on an anchor file's line; "": a head given elsewhere


@dataclass(frozen=True)
class AnchorBreak:
    anchor: Anchor
    kind: str  # "cut": the entry is gone; "rewritten": its hash differs
    found: str = ""


def anchor_break(entries: Sequence[AuditEntry], anchors: Iterable[Anchor]) -> AnchorBreak | None:
    """The first anchor (by entry id) the log no longer agrees with; None when all hold."""
    by_id = {entry.id: entry for entry in entries}
    for anchor in sorted(anchors, key=lambda a: a.id):
        entry = by_id.get(anchor.id)
        if entry is None:
            return AnchorBreak(anchor, "cut")
        if entry.hash != anchor.hash:
            return AnchorBreak(anchor, "rewritten", entry.hash)
    return None


def read_anchors(text: str, where: str) -> tuple[list[Anchor], int | None]:
    """Anchors of an anchor file (``<id> <hash> <time> db=<database>`` per line, ``db=`` missing
    on lines written before lines named their database); and the first unreadable line."""
    found: list[Anchor] = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[0].isdigit() or len(parts[1]) != 64:
            return found, number
        named = [part.removeprefix(DATABASE_FIELD) for part in parts[2:] if part.startswith(DATABASE_FIELD)]
        at = parts[2] if len(parts) > 2 and not parts[2].startswith(DATABASE_FIELD) else ""
        found.append(Anchor(int(parts[0]), parts[1], f"{where}:{number}", named[0] if named else None, at))
    return found, None


DATABASE_FIELD = "db="


def anchor_line(entry_id: int, digest: str, at: str, database: str) -> str:
    return f"{entry_id} {digest} {at} {DATABASE_FIELD}{database}\n"


def anchors_of(
    anchors: Iterable[Anchor], database: str, entries: Sequence[AuditEntry]
) -> tuple[list[Anchor], int]:
    """The anchors that hold for the log ``entries`` of ``database``, and how many are another's.

    A line naming another database is that database's. A line naming none (written before lines
    named their database) is another's only when it is older than this log's first entry: it was
    written before this database held any entry. Any other anchor (a head printed in a PV, given on
    the command line) holds for this log. An empty log keeps every unnamed line: a log deleted
    whole still shows against them.
    """
    begun = _moment(entries[0].at) if entries else None
    mine: list[Anchor] = []
    others = 0
    for anchor in anchors:
        if anchor.database is None:
            another = begun is not None and _before(anchor.at, begun)
        else:
            another = anchor.database != database
        if another:
            others += 1
        else:
            mine.append(anchor)
    return mine, others


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _before(at: str, begun: datetime) -> bool:
    """``at`` is a readable time before ``begun``; an unreadable one is never before (it is checked)."""
    moment = _moment(at)
    return moment is not None and moment < begun

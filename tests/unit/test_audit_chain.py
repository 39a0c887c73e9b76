"""The audit log's hash chain: intact, an entry changed, removed or inserted, and its canonical form."""

from __future__ import annotations

from dataclasses import replace

from amoa_workflow.domain.audit import GENESIS, AuditEntry, BreakKind, as_json, chain_hash, verify


def chain(count: int) -> list[AuditEntry]:
    entries, previous = [], GENESIS
    for n in range(1, count + 1):
        at = f"2025-06-02T09:00:0{n}.123456+00:00"
        details = {"n": n, "décision": "approve", "due": "2025-07-01"}
        digest = chain_hash(previous, at, "dupont", "gate.decision", "vabf/1.1.0", details)
        entries.append(AuditEntry(n, at, "dupont", "gate.decision", "vabf/1.1.0", details, previous, digest))
        previous = digest
    return entries


def test_an_intact_chain_verifies() -> None:
    assert verify(chain(5)) is None
    assert verify([]) is None


def test_a_changed_entry_is_named_with_what_is_wrong() -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], details={**entries[2].details, "décision": "reject"})
    broken = verify(entries)
    assert broken is not None and broken.entry.id == 3 and broken.kind is BreakKind.ALTERED


def test_a_removed_or_inserted_entry_breaks_the_link_to_the_next_one() -> None:
    entries = chain(5)
    removed = verify(entries[:1] + entries[2:])
    assert removed is not None and removed.entry.id == 3 and removed.kind is BreakKind.UNLINKED
    forged = replace(entries[1], hash=chain_hash(GENESIS, "x", "x", "x", "x", {}))
    rehashed = verify([entries[0], forged, *entries[2:]])
    assert rehashed is not None and rehashed.entry.id == 2


def test_the_hash_reads_details_as_json_gives_them_back() -> None:
    from datetime import date

    details = as_json({"due": date(2025, 7, 1), "list": (1, 2)})
    assert details == {"due": "2025-07-01", "list": [1, 2]}
    assert chain_hash(GENESIS, "t", "a", "b", "c", details) == chain_hash(
        GENESIS, "t", "a", "b", "c", {"list": [1, 2], "due": "2025-07-01"}
    )

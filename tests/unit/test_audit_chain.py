"""The audit log's hash chain: intact, an entry changed, removed or inserted, and its canonical form."""

from __future__ import annotations

from dataclasses import replace

from amoa_workflow.domain.audit import (
    GENESIS,
    Anchor,
    AuditEntry,
    BreakKind,
    anchor_break,
    anchor_line,
    anchors_of,
    as_json,
    chain_hash,
    keyed_break,
    mac,
    read_anchors,
    verify,
)


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


KEY = b"k" * 32


def keyed(entries: list[AuditEntry], key: bytes = KEY) -> list[AuditEntry]:
    return [replace(e, mac=mac(key, e.hash)) for e in entries]


def test_with_the_key_every_entry_from_the_first_keyed_one_needs_its_mac() -> None:
    entries = chain(2) + keyed(chain(5)[2:])  # two written before the key was set
    assert keyed_break(entries, KEY) is None
    dropped = [*entries[:3], replace(entries[3], mac=None), entries[4]]
    found = keyed_break(dropped, KEY)
    assert found is not None and (found.entry.id, found.kind) == (4, BreakKind.UNKEYED)
    assert keyed_break(chain(3), KEY) is not None  # no MAC at all while the key is set: the last is due


def test_a_chain_hashed_again_without_the_key_keeps_no_valid_mac() -> None:
    entries = keyed(chain(3))
    forged = keyed(chain(3), b"x" * 32)
    found = keyed_break([entries[0], *forged[1:]], KEY)
    assert found is not None and (found.entry.id, found.kind) == (2, BreakKind.MAC)


def test_anchors_show_a_cut_or_a_rewrite() -> None:
    entries = chain(5)
    anchors = [Anchor(e.id, e.hash, f"anchor:{e.id}") for e in entries]
    assert anchor_break(entries, anchors) is None
    cut = anchor_break(entries[:3], anchors)
    assert cut is not None and (cut.anchor.id, cut.kind) == (4, "cut")
    rewritten = anchor_break([*entries[:4], replace(entries[4], hash="f" * 64)], anchors)
    assert rewritten is not None and (rewritten.anchor.id, rewritten.kind) == (5, "rewritten")
    assert anchor_break([], anchors[:1]) is not None  # the whole log deleted


def test_an_anchor_file_reads_back_and_names_a_bad_line() -> None:
    text = anchor_line(1, "a" * 64, "t1", "base") + "2 " + "b" * 64 + " t2\n"  # a line from before db=
    anchors, bad = read_anchors(text, "data/audit-anchor.txt")
    assert [(a.id, a.where, a.database, a.at) for a in anchors] == [
        (1, "data/audit-anchor.txt:1", "base", "t1"),
        (2, "data/audit-anchor.txt:2", None, "t2"),
    ]
    assert bad is None and read_anchors(text + "garbage\n", "f")[1] == 3


def test_a_database_keeps_its_own_anchors_and_the_unnamed_ones_written_once_its_log_had_begun() -> None:
    entries = chain(3)
    ours = Anchor(3, entries[2].hash, "f:1", "ours", entries[2].at)
    theirs = Anchor(1, "c" * 64, "f:2", "theirs", entries[0].at)
    older = Anchor(1, "d" * 64, "f:3", None, "2025-06-02T08:59:59+00:00")  # before our first entry
    unnamed = Anchor(2, entries[1].hash, "f:4", None, entries[1].at)
    printed = Anchor(2, entries[1].hash, "--head #1")
    assert anchors_of([ours, theirs, older, unnamed, printed], "ours", entries) == (
        [ours, unnamed, printed],
        2,
    )
    assert anchors_of([older], "ours", [])[0] == [older]  # a log deleted whole still shows
    unreadable = replace(older, at="hier")
    assert anchors_of([unreadable], "ours", entries)[0] == [unreadable]  # checked, never skipped

"""The tracked gaps as if a release had never been checked (``amoa releases remove``)."""

from __future__ import annotations

from amoa_workflow.domain.gap_lifecycle import GapEvent, GapStatus, TrackedGap, forget_release
from amoa_workflow.domain.model import GapType, Severity


def tracked(identity: str, *moves: tuple[str, GapStatus]) -> TrackedGap:
    return TrackedGap(
        identity, GapType.REQUIREMENT_FAILING, Severity.MAJOR, "EXG-001", moves[-1][1],
        first_release=moves[0][0], last_release=moves[-1][0],
        history=tuple(GapEvent(release, status) for release, status in moves),
    )  # fmt: skip


def test_a_gap_seen_only_in_the_release_is_dropped_and_one_across_releases_steps_back() -> None:
    only = tracked("a", ("0.1.0", GapStatus.OPEN))
    across = tracked("b", ("1.0.0", GapStatus.OPEN), ("0.1.0", GapStatus.RESOLVED))
    elsewhere = tracked("c", ("1.0.0", GapStatus.OPEN), ("1.1.0", GapStatus.OPEN))

    changed, dropped = forget_release([only, across, elsewhere], "0.1.0")

    assert dropped == ["a"]
    (stepped_back,) = changed
    assert (stepped_back.identity, stepped_back.status) == ("b", GapStatus.OPEN)
    assert (stepped_back.first_release, stepped_back.last_release) == ("1.0.0", "1.0.0")
    assert [event.release for event in stepped_back.history] == ["1.0.0"]

"""Waiving a blocking gap, or accepting it as a reservation, is an approver's act, proven as a
decision is: signed with the approver's own key (one of the release's gates' approvers, the key
recorded when the gate opened), audited with its proof and the operator who ran the command; the
PV says who waived and why. A name alone (``--by martin``) proves nothing. SQLite and PostgreSQL."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from amoa_workflow.store import tables
from tests.integration.test_security import recompute_chain
from tests.security_sample import KEYS, Sample

BLOCKING = "requirement_failing:EXG-004"  # the attack's fix_still_failing:ANO-042 in the full sample


def gap_status(sample: Sample, identity: str) -> str:
    listed = sample.amoa("gaps", "--release", "1.1.0", "--format", "json")
    gaps = {g["id"]: g for g in json.loads(listed.stdout)["gaps"]}
    return str(gaps[identity]["status"])


def test_the_sample_has_the_blocking_gap_of_the_attack(sample: Sample) -> None:
    listed = json.loads(sample.amoa("gaps", "--release", "1.1.0", "--format", "json").stdout)
    blocking = {g["id"] for g in listed["gaps"] if g["severity"] == "blocking"}
    assert BLOCKING in blocking


@pytest.mark.parametrize(
    "move",
    [
        ["waive", BLOCKING, "--reason", "vu avec la MOA"],
        ["accept", BLOCKING, "--owner", "MOE", "--due", "2099-12-31"],
    ],
    ids=["waive", "accept"],
)
def test_a_blocking_gap_is_not_moved_under_a_name_alone(
    sample: Sample, tmp_path: Path, move: list[str]
) -> None:
    before = sample.counts()
    nobody = {"AMOA_KEYS_DIR": str(tmp_path / "none")}
    stranger = sample.amoa("gaps", *move, "--release", "1.1.0", "--by", "intrus")
    assert stranger.returncode == 2 and stranger.stderr.count("\n") == 1, stranger.stderr
    assert "'intrus' is not an approver of a gate of release 1.1.0 (dupont, martin)" in stranger.stderr
    keyless = sample.amoa("gaps", *move, "--release", "1.1.0", "--by", "martin", env=nobody)
    assert keyless.returncode == 2 and "no private key here" in keyless.stderr, keyless.stderr
    other = sample.amoa(
        "gaps", *move, "--release", "1.1.0", "--by", "martin", "--key", str(sample.keys / "dupont.key")
    )
    assert (
        other.returncode == 2 and f"not with martin's ({KEYS.public('martin').fingerprint})" in other.stderr
    )
    assert sample.counts() == before and gap_status(sample, BLOCKING) == "open"


def test_a_blocking_gap_waived_with_the_approvers_key_is_audited_and_the_pv_says_who_and_why(
    sample: Sample,
) -> None:
    waived = sample.amoa(
        "gaps", "waive", BLOCKING, "--release", "1.1.0", "--reason", "vu avec la MOA", "--by", "martin"
    )
    assert waived.returncode == 0, waived.stderr
    assert KEYS.public("martin").fingerprint in waived.stdout
    assert gap_status(sample, BLOCKING) == "waived"
    with sample.engine().connect() as connection:
        entry = connection.execute(
            select(tables.audit_log).where(tables.audit_log.c.action == "gap.waived")
        ).one()
    assert entry.actor == "martin" and entry.details["operator"] == getpass.getuser()
    assert entry.details["proof"]["key_fingerprint"] == KEYS.public("martin").fingerprint
    verified = sample.amoa("audit", "verify")
    assert verified.returncode == 0, verified.stderr

    done = sample.amoa("report", "--release", "1.1.0", "--format", "md")
    assert done.returncode == 0, done.stderr
    markdown = next((sample.folder / "data" / "reports" / "1.1.0").glob("*.md")).read_text(encoding="utf-8")
    line = next(row for row in markdown.splitlines() if "EXG-004" in row and "waived" in row)
    assert "Paul Martin" in line and "vu avec la MOA" in line


def test_a_waiver_rewritten_by_sql_and_hashed_again_is_reported_by_its_signature(sample: Sample) -> None:
    sample.amoa("gaps", "waive", BLOCKING, "--release", "1.1.0", "--reason", "vu", "--by", "martin")
    with sample.engine().begin() as connection:
        entry = connection.execute(
            select(tables.audit_log).where(tables.audit_log.c.action == "gap.waived")
        ).one()
        forged = {**entry.details, "reason": "autre motif"}
        connection.execute(
            tables.audit_log.update().where(tables.audit_log.c.id == entry.id).values(details=forged)
        )
        connection.execute(tables.tracked_gaps.update().values(reason="autre motif"))
    recompute_chain(sample.engine(), entry.id)
    (sample.folder / "data" / "audit-anchor.txt").unlink()  # the anchors would show the rewrite
    verified = sample.amoa("audit", "verify")
    assert verified.returncode == 1 and "martin's move of " + BLOCKING + " does not verify" in verified.stderr


def test_a_minor_gap_is_still_moved_by_the_analyst(sample: Sample) -> None:
    listed = json.loads(sample.amoa("gaps", "--release", "1.1.0", "--format", "json").stdout)
    minor = next(g["id"] for g in listed["gaps"] if g["severity"] == "minor")
    moved = sample.amoa("gaps", "waive", minor, "--release", "1.1.0", "--reason", "hors lot")
    assert moved.returncode == 0, moved.stderr

"""One project folder, several databases (the embedded SQLite one, then PostgreSQL; a worker run with
another database URL): the one anchor file holds each database's heads apart. No database raises a
false alarm against another's heads, and each is still protected against a rewrite or a cut."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from amoa_workflow.bootstrap import Application
from tests.integration.test_security import cut_log, rewrite_and_rehash
from tests.security_sample import Sample, approvers
from tests.web_project import prepared


@pytest.fixture
def other(sample: Sample, tmp_path: Path) -> Iterator[Application]:
    """A second database of the sample's project folder, a SQLite file, with audit entries of its own."""
    application = prepared(sample.folder, f"sqlite:///{tmp_path / 'autre.db'}", approvers=approvers())
    yield application
    application.engine.dispose()


def anchor_file(sample: Sample) -> Path:
    return sample.folder / "data" / "audit-anchor.txt"


def verify(sample: Sample, database: str | None = None, *more: str) -> Any:
    return sample.amoa("audit", "verify", *more, env={"AMOA_DATABASE_URL": database} if database else None)


def as_before_the_upgrade(sample: Sample) -> None:
    """The anchor file as amoa wrote it before anchors named their database: ``<id> <hash> <time>``."""
    lines = anchor_file(sample).read_text(encoding="ascii").splitlines()
    anchor_file(sample).write_text("".join(" ".join(line.split()[:3]) + "\n" for line in lines), "ascii")


def test_two_databases_of_one_project_folder_each_verify_against_their_own_heads(
    sample: Sample, other: Application
) -> None:
    sample.decide("dupont")
    other_url = other.settings.database_url
    for database in (None, other_url):
        verified = verify(sample, database)
        assert verified.returncode == 0, verified.stderr
    sample.decide("martin")  # the two chains' heads interleave in the file
    for database in (None, other_url):
        verified = verify(sample, database)
        assert verified.returncode == 0, verified.stderr
        assert "anchored heads checked: 0" not in verified.stdout


@pytest.mark.parametrize(
    ("attack", "reported"),
    [(rewrite_and_rehash, "is not the one anchored"), (cut_log, "is gone: the log was cut")],
    ids=["chain-recomputed", "log-cut"],
)
def test_a_database_sharing_the_anchor_file_still_shows_a_rewrite_or_a_cut(
    sample: Sample, other: Application, attack: Any, reported: str
) -> None:
    sample.decide("dupont", comment="conforme")
    attack(sample.engine())
    verified = verify(sample)
    assert verified.returncode == 1 and reported in verified.stderr, verified.stderr
    assert verify(sample, other.settings.database_url).returncode == 0  # the other one is intact


def test_deleting_a_databases_lines_is_noted_and_a_printed_head_still_shows_the_cut(
    sample: Sample, other: Application
) -> None:
    sample.decide("dupont")
    head = re.search(r"#(\d+) ([0-9a-f]{64})", verify(sample).stdout)
    assert head is not None
    mine = f"db={sample.app.audit_protection.database}"
    lines = anchor_file(sample).read_text("ascii").splitlines()
    kept = [line for line in lines if line.split()[3:] != [mine]]  # the other database's lines stay
    assert 0 < len(kept) < len(lines)
    anchor_file(sample).write_text("".join(f"{line}\n" for line in kept), "ascii")
    noted = verify(sample)
    assert noted.returncode == 0 and "no head of this database" in noted.stderr
    cut_log(sample.engine())
    printed = verify(sample, None, "--head", f"{head[1]}:{head[2]}")
    assert printed.returncode == 1 and "--head #1, is gone" in printed.stderr


def test_heads_written_before_the_upgrade_still_protect_their_database(sample: Sample) -> None:
    sample.decide("dupont", comment="conforme")
    as_before_the_upgrade(sample)
    assert verify(sample).returncode == 0
    rewrite_and_rehash(sample.engine())
    verified = verify(sample)
    assert verified.returncode == 1 and "is not the one anchored" in verified.stderr


def test_heads_written_before_the_upgrade_raise_no_alarm_on_a_database_begun_after_them(
    sample: Sample, tmp_path: Path
) -> None:
    sample.decide("dupont")
    as_before_the_upgrade(sample)  # then the project moves to another database, as the guide says
    moved = prepared(sample.folder, f"sqlite:///{tmp_path / 'postgres-ou-autre.db'}", approvers=approvers())
    moved.engine.dispose()
    for database in (None, moved.settings.database_url):
        verified = verify(sample, database)
        assert verified.returncode == 0, verified.stderr
    rewrite_and_rehash(sample.engine())  # the old lines still protect the database they belong to
    assert "is not the one anchored" in verify(sample).stderr

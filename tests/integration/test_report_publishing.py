"""``amoa report``'s use case (:func:`amoa_workflow.reporting.publication.publish_and_keep`): the
evidence pack's audit entry and the reports kept in the database are written in one transaction.
A report store that refuses the bytes (a real folder the system cannot create) leaves neither the
audit entry nor a kept report behind; when it accepts them, both are there (SQLite, and PostgreSQL
in CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.errors import StorageUnavailable, StoredReportMissing
from amoa_workflow.gates import audit_trail
from amoa_workflow.reporting import archive, publication
from amoa_workflow.settings.project import load_settings
from amoa_workflow.store.tables import audit_log
from tests.integration.test_manual_web import RESULTS

AMOA = Path(sys.executable).with_name("amoa")
KEY = "recette-1.1.0"


def application(sample_project: Path, database_url: str, store: str) -> Application:
    settings = load_settings(sample_project, environ={"AMOA_DATABASE_URL": database_url})
    return bootstrap(replace(settings, report_store=store))


@pytest.fixture
def recorded(sample_project: Path, database_url: str) -> Iterator[Path]:
    app = application(sample_project, database_url, "")
    services.ingest(app.uow(), app.sources, "1.1.0")
    services.record_campaign(app.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs/1",
                             rules=app.settings.rules)  # fmt: skip
    app.engine.dispose()
    return sample_project


def publish(app: Application, folder: Path) -> dict[str, Path]:
    settings = app.settings
    asked = publication.Publishing(
        settings.project_name, settings.checkpoint, "1.1.0", KEY, settings.rules, app.gates(), "fr", folder,
        ["html", "evidence"],
    )  # fmt: skip
    return publication.publish_and_keep(app.uow(), asked, services.utc_now, services.ACTOR)


def evidence_entries(app: Application) -> list[str]:
    with app.engine.connect() as connection:
        query = select(audit_log.c.subject).where(audit_log.c.action == audit_trail.EVIDENCE)
        return list(connection.execute(query).scalars())


def test_a_report_store_that_refuses_the_pack_leaves_no_evidence_entry(
    recorded: Path, database_url: str, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be", encoding="utf-8")
    app = application(recorded, database_url, (blocked / "pv").as_uri())

    with pytest.raises(StorageUnavailable):
        publish(app, tmp_path / "out")

    assert evidence_entries(app) == []  # the audit log does not claim a pack nobody kept
    with pytest.raises(StoredReportMissing):
        archive.stored(app.uow(), "1.1.0", "evidence", KEY)
    app.engine.dispose()


def test_a_published_pack_is_kept_with_its_evidence_entry(
    recorded: Path, database_url: str, tmp_path: Path
) -> None:
    app = application(recorded, database_url, (tmp_path / "store").as_uri())

    written = publish(app, tmp_path / "out")

    assert evidence_entries(app) == [written["evidence"].name]
    kept = archive.stored(app.uow(), "1.1.0", "evidence", KEY)
    assert kept.content == written["evidence"].read_bytes()
    assert archive.stored(app.uow(), "1.1.0", "html", KEY).content == written["html"].read_bytes()
    app.engine.dispose()


def test_amoa_report_refused_by_the_store_says_so_and_records_no_evidence(
    recorded: Path, database_url: str, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be", encoding="utf-8")
    with (recorded / "config" / "amoa.toml").open("a", encoding="utf-8") as config:
        config.write(f'\n[reports]\nstore = "{(blocked / "pv").as_uri()}"\n')
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMOA_", "PREFECT_"))}
    environment |= {"AMOA_DATABASE_URL": database_url, "AMOA_LANG": "en"}

    refused = subprocess.run(
        [str(AMOA), "-p", str(recorded), "report", "-r", "1.1.0", "-f", "evidence"], cwd=recorded,
        env=environment, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip

    assert refused.returncode != 0 and "Traceback" not in refused.stderr, refused.stderr
    assert "not-a-folder" in refused.stderr
    app = application(recorded, database_url, "")
    assert evidence_entries(app) == []  # before, the entry was committed, then keeping the pack failed
    app.engine.dispose()

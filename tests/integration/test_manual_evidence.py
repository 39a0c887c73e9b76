"""The evidence pack holds the files testers attached, where its PV links them, each listed with
its SHA-256 in the manifest; a file whose bytes changed in the database is refused, not packed."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from amoa_workflow.bootstrap import Application
from amoa_workflow.checkpoint import services
from amoa_workflow.domain.attachments import AttachmentPolicy, checked
from amoa_workflow.domain.manual import ManualExecution, StepOutcome, StepVerdict
from amoa_workflow.errors import ManualWorkRefused
from amoa_workflow.manual.campaign import Judging, attachment_files, record_executions
from amoa_workflow.reporting import evidence, publication
from amoa_workflow.store.tables import manual_attachments
from tests.integration.test_manual_web import BULLETIN, RESULTS
from tests.unit.test_attachments import PNG

KEY = "recette-1.1.0"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def campaign(sample_app: Application) -> Application:
    app = sample_app
    services.ingest(app.uow(), app.sources, "1.1.0")
    services.record_campaign(
        app.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs/1", rules=app.settings.rules
    )
    screenshot = checked(AttachmentPolicy(), "C:\\captures\\net.png", PNG, BULLETIN.key, 1, "leroy", NOW)
    steps = (StepOutcome(0, StepVerdict.PASSED), StepOutcome(1, StepVerdict.FAILED, "net illisible"),
             StepOutcome(2, StepVerdict.PASSED))  # fmt: skip
    execution = ManualExecution(BULLETIN.key, "leroy", steps, NOW, "web")
    record_executions(app.uow(), KEY, [execution], "leroy", Judging("Paie", "recette", app.settings.rules),
                      attachments=[(screenshot, PNG)])  # fmt: skip
    return app


def test_the_pack_holds_each_attachment_where_the_pv_links_it_with_its_sha256(
    campaign: Application, tmp_path: Path
) -> None:
    outcome = services.campaign_outcome(
        campaign.uow(), "Paie", "recette", "1.1.0", KEY, campaign.settings.rules
    )
    files = attachment_files(campaign.uow(), KEY)
    written = publication.publish(outcome, "fr", tmp_path, ["evidence"], attachments=files)

    [(name, content)] = files.items()
    assert name.endswith("-net.png") and content == PNG
    with zipfile.ZipFile(written["evidence"]) as pack:
        assert pack.read(name) == PNG
        manifest = pack.read(evidence.MANIFEST).decode()
        pv = pack.read("pv-recette.html").decode()
    digest = hashlib.sha256(PNG).hexdigest()
    assert f"{digest}  {name}\n" in manifest
    assert f'href="{name}"' in pv and digest in pv  # the PV's link opens the file beside it
    assert evidence.verify_pack(written["evidence"]) == []


def test_an_attachment_changed_in_the_database_is_refused_for_the_pack(campaign: Application) -> None:
    with campaign.engine.begin() as connection:
        connection.execute(update(manual_attachments).values(content=PNG + b"altered"))

    with pytest.raises(ManualWorkRefused, match="no longer matches its SHA-256"):
        attachment_files(campaign.uow(), KEY)

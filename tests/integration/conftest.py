"""Fixtures of the integration tests that several modules share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.settings.project import load_settings
from tests.integration.test_manual_web import RESULTS
from tests.receivers import HttpReceiver
from tests.security_sample import KEYS, Sample, approvers
from tests.web_project import prepared

TESTERS_SECRET = "invite-secret-0123456789-abcdefghijklmn"


@pytest.fixture
def testers_app(
    sample_project: Path, database_url: str, mailbox: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Application]:
    """The sample with release 1.1.0 recorded (its manual scenarios pending), signed links on, and
    tester Leroy's notifications going to ``mailbox`` (Karim Benali has no channel)."""
    monkeypatch.setenv("AMOA_WEB_SECRET", TESTERS_SECRET)
    monkeypatch.setenv("AMOA_WEB_URL", "https://recette.example")
    monkeypatch.setenv("AMOA_NOTIFY_LEROY", mailbox.url("/leroy"))
    application = bootstrap(load_settings(sample_project, environ={"AMOA_DATABASE_URL": database_url}))
    services.ingest(application.uow(), application.sources, "1.1.0")
    services.record_campaign(application.uow(), "Paie", "recette", "1.1.0", "recette-1.1.0", RESULTS, "r/1",
                             rules=application.settings.rules)  # fmt: skip
    yield application
    application.engine.dispose()


@pytest.fixture
def sample(sample_project: Path, database_url: str, tmp_path: Path) -> Iterator[Sample]:
    """The sample as the security tests prepare it: dupont and martin approve, each with a key."""
    app = prepared(sample_project, database_url, approvers=approvers())
    keys = tmp_path / "keys"
    keys.mkdir()
    for who in ("dupont", "martin"):
        KEYS.write(who, keys)
    yield Sample(app, sample_project, database_url, keys)
    app.engine.dispose()

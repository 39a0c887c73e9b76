"""The flows' notification tasks, on the real application (bootstrap) without a Prefect server.

Each task's plain function (``.fn``) runs: the checkpoint's "notify the approvers" after the
report, and the scheduled reminders of pending gates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from amoa_workflow.bootstrap import Application, bootstrap
from amoa_workflow.checkpoint.services import CampaignOutcome, utc_now
from amoa_workflow.domain.model import Criticality, Release, Requirement, RequirementCoverage
from amoa_workflow.domain.outbox import DeliveryStatus
from amoa_workflow.settings.project import load_settings
from amoa_workflow.store import tables
from flows.checkpoint_tasks import notify_approvers
from flows.reminders import remind
from tests.receivers import HttpReceiver

APPROVERS = """
[notifications]
remind_after = 48
remind_every = 24

[[approvers]]
id = "dupont"
name = "Claire Dupont"
domains = ["Paie"]
checkpoints = ["recette"]
urls_from = ["AMOA_NOTIFY_DUPONT"]

[[approvers]]
id = "martin"
name = "Paul Martin"
domains = ["Temps et absences"]
urls_from = ["AMOA_NOTIFY_MARTIN"]
"""


@pytest.fixture
def http() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()


def application(project: Path, http: HttpReceiver, monkeypatch: pytest.MonkeyPatch) -> Application:
    monkeypatch.setenv("AMOA_NOTIFY_DUPONT", http.url("/dupont"))
    monkeypatch.setenv("AMOA_NOTIFY_MARTIN", http.url("/martin"))
    (project / "config" / "approvers.toml").write_text(APPROVERS, encoding="utf-8")
    return bootstrap(load_settings(project, environ={}))


def outcome(domain: str) -> CampaignOutcome:
    requirement = Requirement("EXG-001", "Salaire net", Criticality.CRITICAL, domain)
    return CampaignOutcome("Paie", "recette", "recette-1.1.0", 1, Release("1.1.0", None, ()), (),
                           (RequirementCoverage(requirement),), (), "/runs/1")  # fmt: skip


def test_the_checkpoint_tells_the_approvers_of_its_domains_with_the_report(
    sample_project: Path, http: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = application(sample_project, http, monkeypatch)
    report = sample_project / "data" / "reports" / "recette-1.1.0.html"
    report.parent.mkdir(parents=True)
    report.write_text("<h1>PV</h1>", encoding="utf-8")

    delivered = notify_approvers.fn(app, outcome("Paie"), report)

    assert len(delivered.sent) == 1
    [request] = http.requests
    assert request.path == "/dupont" and request.attachment() == ("recette-1.1.0.html", b"<h1>PV</h1>")
    app.engine.dispose()


def test_without_approvers_the_checkpoint_sends_nothing_and_does_not_fail(sample_project: Path) -> None:
    (sample_project / "config" / "approvers.toml").unlink()
    app = bootstrap(load_settings(sample_project, environ={}))

    delivered = notify_approvers.fn(app, outcome("Paie"), sample_project / "r.html")

    assert (delivered.sent, delivered.no_channel) == ((), ())
    with app.uow() as uow:
        assert uow.outbox.with_status(list(DeliveryStatus)) == []
    app.engine.dispose()


def test_approvers_without_channel_are_not_told_but_named_and_recorded_never_sent(
    sample_project: Path,
) -> None:
    app = bootstrap(load_settings(sample_project, environ={}))  # the sample: no urls_from set

    delivered = notify_approvers.fn(app, outcome("Paie"), sample_project / "r.html")

    assert (delivered.sent, delivered.no_channel) == ((), ("dupont", "martin"))
    with app.uow() as uow:
        rows = uow.outbox.with_status(list(DeliveryStatus))
    assert [(r.recipient, r.status) for r in rows] == [
        ("dupont", DeliveryStatus.NO_CHANNEL),
        ("martin", DeliveryStatus.NO_CHANNEL),
    ]
    app.engine.dispose()


def test_the_reminders_flow_reminds_the_approvers_of_a_pending_gate_once(
    sample_project: Path, http: HttpReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = application(sample_project, http, monkeypatch)
    with app.uow() as uow:
        uow.releases.save(Release("1.1.0", None, ()), "sha")
        uow.commit()
    with app.engine.begin() as connection:
        release_id = connection.execute(select(tables.releases.c.id)).scalar_one()
        opened = utc_now() - timedelta(hours=50)
        gate = {"release_id": release_id, "name": "recette", "status": "pending", "opened_at": opened}
        connection.execute(insert(tables.gates).values(**gate))

    first = remind.fn(app)
    again = remind.fn(app)

    assert (len(first.gate_reminders), len(first.delivery.sent)) == (2, 2)  # both approvers: no decision yet
    assert sorted(r.path for r in http.requests) == ["/dupont", "/martin"]
    assert http.requests[0].body["title"] == "Rappel n°1 : décision attendue sur recette 1.1.0"
    assert again.gate_reminders == () and again.delivery.sent == ()
    app.engine.dispose()

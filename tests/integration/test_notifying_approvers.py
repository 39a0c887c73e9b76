"""Notifying approvers for real: apprise to an SMTP server (aiosmtpd) and an HTTP receiver on loopback.

The right approvers get the right message with the report attached, the other domains nothing;
a receiver down for the first attempts gets every notification exactly once when it comes back;
no secret of a channel URL ever reaches a log line or a stored error. Time is an injected clock.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine

from amoa_workflow.checkpoint.services import CampaignOutcome
from amoa_workflow.domain.model import (
    Criticality,
    Gap,
    GapType,
    Release,
    Requirement,
    RequirementCoverage,
    Severity,
)
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.domain.outbox import DeliveryStatus
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.notify.notifier import AppriseNotifier
from amoa_workflow.settings.approvers import NotificationSettings, load_notification_settings
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.notification_fakes import Clock
from tests.receivers import HttpReceiver, SmtpReceiver

APPROVERS = """
[notifications]
max_attempts = 6
first_retry = 60

[[approvers]]
id = "dupont"
name = "Claire Dupont"
role = "Responsable paie"
domains = ["Paie"]
urls_from = ["AMOA_NOTIFY_DUPONT", "AMOA_NOTIFY_DUPONT_CHAT"]

[[approvers]]
id = "martin"
name = "Paul Martin"
domains = ["Temps et absences"]
lang = "en"
urls_from = ["AMOA_NOTIFY_MARTIN"]

[[groups]]
id = "equipe-paie"
name = "Équipe paie"
domains = ["Paie"]
urls_from = ["AMOA_NOTIFY_EQUIPE_PAIE"]
"""
PAIE = Requirement("EXG-004", "Heures supplémentaires majorées", Criticality.CRITICAL, "Paie")
OUTCOME = CampaignOutcome(
    project="Remplacement du logiciel de paie", checkpoint="recette", campaign_key="recette-1.1.0", attempt=1,
    release=Release("1.1.0", "2025-03-14", ()), results=(), coverage=(RequirementCoverage(PAIE),),
    gaps=(Gap("fix:EXG-004", GapType.FIX_STILL_FAILING, Severity.BLOCKING, "EXG-004", (), (), ("ANO-042",)),),
    run_folder="/runs/1",
)  # fmt: skip


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'amoa.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def smtp() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def http() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "1.1.0" / "recette-1.1.0.html"
    path.parent.mkdir(parents=True)
    path.write_text("<h1>Procès-verbal de recette 1.1.0</h1>", encoding="utf-8")
    return path


def settings_for(tmp_path: Path, smtp: SmtpReceiver, http: HttpReceiver) -> NotificationSettings:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "approvers.toml").write_text(APPROVERS, encoding="utf-8")
    return load_notification_settings(tmp_path, "fr", {
        "AMOA_NOTIFY_DUPONT": smtp.url("dupont@example.org"),
        "AMOA_NOTIFY_DUPONT_CHAT": http.url("/dupont"),
        "AMOA_NOTIFY_MARTIN": smtp.url("martin@example.org") + " " + http.url("/martin"),
        "AMOA_NOTIFY_EQUIPE_PAIE": http.url("/equipe-paie"),
    })  # fmt: skip


def test_the_approvers_of_the_domain_get_the_message_with_the_report_and_the_other_domains_nothing(
    tmp_path: Path, engine: Engine, smtp: SmtpReceiver, http: HttpReceiver, report: Path
) -> None:
    smtp.start()
    http.start()
    settings, clock = settings_for(tmp_path, smtp, http), Clock()

    delivered = notifications.announce_campaign(
        lambda: SqlUnitOfWork(engine), settings, MessageTemplates(OUTCOME.project),
        lambda: AppriseNotifier(settings.channels.urls), OUTCOME, report, clock,
    )  # fmt: skip

    assert (len(delivered.sent), delivered.failed, delivered.dead) == (3, (), ())
    [mail] = smtp.to("dupont@example.org")
    assert mail["Subject"] == "Recette 1.1.0 terminée : 1 écart(s)"
    html = mail.get_body(preferencelist=("html",))
    assert html is not None and "Bonjour Claire Dupont," in html.get_content()
    assert "Correction annoncée toujours en échec" in html.get_content()
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "recette-1.1.0.html"
    assert attached.get_payload(decode=True) == report.read_bytes()
    assert sorted(r.path for r in http.requests) == ["/dupont", "/equipe-paie"]
    for request in http.requests:
        assert request.body["title"] == "Recette 1.1.0 terminée : 1 écart(s)"
        assert "Bonjour" in request.body["message"] and "<p>" not in request.body["message"]  # text for json
        assert request.attachment() == ("recette-1.1.0.html", report.read_bytes())
    assert smtp.to("martin@example.org") == []  # another domain: nothing
    assert len(smtp.messages) == 1


def test_receivers_down_for_the_first_attempts_get_every_notification_exactly_once(
    tmp_path: Path, engine: Engine, smtp: SmtpReceiver, http: HttpReceiver
) -> None:
    settings, clock = settings_for(tmp_path, smtp, http), Clock()
    uow, notifier = (lambda: SqlUnitOfWork(engine)), AppriseNotifier(settings.channels.urls)
    facts = {"release": "1.1.0", "checkpoint": "recette", "gaps": 1}
    asked = Event(
        EventKind.APPROVAL_REQUESTED, "gate-1", facts, "recette", frozenset({"Paie", "Temps et absences"})
    )
    events = [notifications.campaign_finished(OUTCOME, None, settings), asked]
    ids = notifications.notify(uow(), events, settings.directory, MessageTemplates("Paie"), clock)
    assert len(ids) == 3 + 5  # finished: dupont ×2, équipe; asked: dupont ×2, martin ×2, équipe

    first = notifications.deliver_pending(uow, notifier, clock, settings.delivery)
    clock.advance(seconds=30)
    too_early = notifications.deliver_pending(uow, notifier, clock, settings.delivery)
    clock.advance(seconds=30)
    second = notifications.deliver_pending(uow, notifier, clock, settings.delivery)
    smtp.start()
    http.start()
    clock.advance(minutes=2)
    third = notifications.deliver_pending(uow, notifier, clock, settings.delivery)
    clock.advance(hours=6)
    fourth = notifications.deliver_pending(uow, notifier, clock, settings.delivery)

    assert (len(first.failed), too_early, len(second.failed)) == (8, notifications.DeliveryReport(), 8)
    assert (len(third.sent), fourth) == (8, notifications.DeliveryReport())
    titles = [m["Subject"] for m in smtp.messages] + [r.body["title"] for r in http.requests]
    assert sorted(titles) == sorted(
        ["Recette 1.1.0 terminée : 1 écart(s)"] * 3
        + ["Votre décision est attendue : recette 1.1.0"] * 3
        + ["Your decision is requested: recette 1.1.0"] * 2  # Paul Martin reads English
    )
    with SqlUnitOfWork(engine) as unit:
        rows = unit.outbox.with_status(list(DeliveryStatus))
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.SENT, 3)}


SECRETS = ["pw-S3cr3t-1", "tok-S3cr3t-2", "hdr-S3cr3t-3", "get-S3cr3t-4", "smtp-S3cr3t-5"]


def test_no_secret_of_a_channel_url_reaches_a_log_line_or_a_stored_error(
    tmp_path: Path, engine: Engine, smtp: SmtpReceiver, http: HttpReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="apprise")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "approvers.toml").write_text(
        '[[approvers]]\nid = "dupont"\nname = "Claire Dupont"\nurls_from = ["HOOK", "MAIL"]\n',
        encoding="utf-8",
    )
    hook = f"json://amoa:pw-S3cr3t-1@127.0.0.1:{http.port}/hooks/tok-S3cr3t-2?+X-Api-Key=hdr-S3cr3t-3&-sig=get-S3cr3t-4"
    mail = f"mailto://recette:smtp-S3cr3t-5@127.0.0.1:{smtp.port}?from=r@example.org&to=dupont@example.org"
    settings = load_notification_settings(tmp_path, "fr", {"HOOK": hook, "MAIL": mail})
    uow, clock = (lambda: SqlUnitOfWork(engine)), Clock()
    notifier = AppriseNotifier(settings.channels.urls)
    notifications.notify(uow(), [notifications.campaign_finished(OUTCOME, None, settings)],
                         settings.directory, MessageTemplates("Paie"), clock)  # fmt: skip

    notifications.deliver_pending(uow, notifier, clock, settings.delivery)  # both down
    smtp.start()  # up, but offers no login: the mail still fails, with an error naming no secret
    http.start()
    clock.advance(minutes=1)
    notifications.deliver_pending(uow, notifier, clock, settings.delivery)

    [received] = http.requests
    assert received.headers["X-Api-Key"] == "hdr-S3cr3t-3"  # the secrets were used…
    assert received.path == "/hooks/tok-S3cr3t-2?sig=get-S3cr3t-4"
    with SqlUnitOfWork(engine) as unit:
        rows = unit.outbox.with_status(list(DeliveryStatus))
    errors = " ".join(r.last_error or "" for r in rows)
    assert [r.status for r in rows] == [DeliveryStatus.SENT, DeliveryStatus.FAILED] and errors
    shown = caplog.text + errors + repr(notifier) + repr(settings)
    assert "?sig=***" in caplog.text  # …apprise and urllib3 logged the URL, masked…
    basic = base64.b64encode(b"amoa:pw-S3cr3t-1").decode()
    for secret in [*SECRETS, basic]:
        assert secret not in shown  # …and nothing holds any of them


def test_two_deliverers_at_once_send_each_notification_once(
    tmp_path: Path, database_url: str, smtp: SmtpReceiver, http: HttpReceiver
) -> None:
    smtp.start()
    http.start()
    settings, clock = settings_for(tmp_path, smtp, http), Clock()
    engine = open_database(database_url)
    uow = lambda: SqlUnitOfWork(engine)  # noqa: E731 - a factory, as the flows pass it
    events = [
        Event(EventKind.DECISION_RECORDED, f"gate-{n}", {"release": "1.1.0", "checkpoint": "recette",
              "approver": "Paul Martin", "decision": "go"}, "recette", frozenset({"Paie"}))
        for n in range(6)
    ]  # fmt: skip
    assert len(notifications.notify(uow(), events, settings.directory, MessageTemplates("Paie"), clock)) == 18

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: notifications.deliver_pending(
            uow, AppriseNotifier(settings.channels.urls), clock, settings.delivery), range(2)))  # fmt: skip
    engine.dispose()

    assert sum(len(r.sent) for r in reports) == 18 and not any(r.failed or r.dead for r in reports)
    assert len(smtp.messages) + len(http.requests) == 18  # each once, whoever sent it

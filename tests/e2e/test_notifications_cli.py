"""``amoa notifications`` list, deliver to a real HTTP receiver, resend, no secret shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from amoa_workflow.bootstrap import bootstrap
from amoa_workflow.checkpoint import services
from amoa_workflow.checkpoint.services import utc_now
from amoa_workflow.domain.notifications import Event, EventKind
from amoa_workflow.manual import invitations
from amoa_workflow.notify import services as notifications
from amoa_workflow.notify.messages import MessageTemplates
from amoa_workflow.settings.approvers import load_notification_settings
from amoa_workflow.settings.project import load_settings
from amoa_workflow.settings.testers import load_testers
from amoa_workflow.store.database import open_database
from amoa_workflow.store.unit_of_work import SqlUnitOfWork
from tests.e2e.conftest import Amoa
from tests.integration.test_manual_invitations import KEY
from tests.integration.test_manual_web import RESULTS
from tests.receivers import HttpReceiver

APPROVERS = """
[[approvers]]
id = "dupont"
name = "Claire Dupont"
domains = ["Paie"]
urls_from = ["AMOA_NOTIFY_DUPONT"]

[[approvers]]
id = "martin"
name = "Paul Martin"
domains = ["Temps et absences"]
urls_from = ["AMOA_NOTIFY_MARTIN"]
"""
SECRETS = ("tok-S3cr3t-1", "hdr-S3cr3t-2")


@pytest.fixture
def http() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def env(sample_project: Path, http: HttpReceiver) -> dict[str, str]:
    """Approvers configured, one notification queued for each domain's approver."""
    (sample_project / "config" / "approvers.toml").write_text(APPROVERS, encoding="utf-8")
    variables = {
        "AMOA_NOTIFY_DUPONT": f"{http.url('/hooks/tok-S3cr3t-1')}?+X-Api-Key=hdr-S3cr3t-2",
        "AMOA_NOTIFY_MARTIN": http.url("/martin"),
    }
    settings = load_notification_settings(sample_project, "fr", variables)
    engine = open_database(f"sqlite:///{sample_project / 'data' / 'amoa.db'}")
    facts = {"release": "1.1.0", "checkpoint": "recette", "gaps": 2}
    asked = Event(EventKind.APPROVAL_REQUESTED, "gate-1", facts, "recette", frozenset({"Paie"}))
    notifications.notify(
        SqlUnitOfWork(engine), [asked], settings.directory, MessageTemplates("Paie"), utc_now
    )
    engine.dispose()
    return variables


def test_notifications_are_listed_delivered_retried_and_never_sent_twice(
    amoa: Amoa, env: dict[str, str], http: HttpReceiver
) -> None:
    listed = amoa("notifications", env=env)
    down = amoa("notifications", "--deliver", env=env)
    failed = amoa("notifications", "--status", "failed", env=env)
    http.start()
    resent = amoa("notifications", "--resend-failed", env=env)
    sent = amoa("notifications", "--status", "sent", env=env)
    again = amoa("notifications", "--resend", "1", env=env)
    nothing = amoa("notifications", "--deliver", env=env)

    assert listed.returncode == 0, listed.stderr
    assert "AMOA_NOTIFY_DUPONT" in listed.stdout and "en attente" in listed.stdout
    assert "AMOA_NOTIFY_MARTIN" not in listed.stdout  # another domain: nothing queued
    assert "Envoi : 0 envoyée(s), 1 en échec" in down.stdout
    assert "en échec" in failed.stdout and "Connection" in failed.stdout  # apprise's reason
    assert "1 notification(s) remise(s) en file." in resent.stdout
    assert "Envoi : 1 envoyée(s), 0 en échec" in resent.stdout
    assert "envoyée" in sent.stdout and "dupont" in sent.stdout
    assert again.returncode == 2
    assert (
        again.stderr.strip()
        == "Erreur: notification 1 : déjà envoyée, elle n'est pas envoyée une seconde fois"
    )
    assert "Envoi : 0 envoyée(s), 0 en échec" in nothing.stdout
    [request] = http.requests
    assert request.body["title"] == "Votre décision est attendue : recette 1.1.0"
    assert request.headers["X-Api-Key"] == "hdr-S3cr3t-2"
    for run in (listed, down, failed, resent, sent, again, nothing):
        for secret in SECRETS:
            assert secret not in run.stdout + run.stderr


def test_a_missing_variable_stops_delivery_with_one_line_but_listing_still_works(
    amoa: Amoa, env: dict[str, str]
) -> None:
    missing = {"AMOA_NOTIFY_DUPONT": env["AMOA_NOTIFY_DUPONT"]}

    deliver = amoa("notifications", "--deliver", env=missing)
    listed = amoa("notifications", env=missing)

    assert deliver.returncode == 2
    assert deliver.stderr.strip().endswith(
        "approvers.toml : approbateur martin : la variable d'environnement AMOA_NOTIFY_MARTIN "
        "n'est pas définie"
    )
    assert "Traceback" not in deliver.stderr and len(deliver.stderr.strip().splitlines()) == 1
    assert listed.returncode == 0 and "AMOA_NOTIFY_DUPONT" in listed.stdout


def test_remind_runs_the_reminders_round_and_says_how_many_reminders_once(
    amoa: Amoa, sample_project: Path, http: HttpReceiver
) -> None:
    http.start()
    env = {"AMOA_NOTIFY_LEROY": http.url("/leroy")}
    app = bootstrap(load_settings(sample_project, environ={}))
    services.ingest(app.uow(), app.sources, "1.1.0")
    services.record_campaign(app.uow(), "Paie", "recette", "1.1.0", KEY, RESULTS, "runs/1",
                             rules=app.settings.rules)  # fmt: skip
    opened = utc_now() - timedelta(hours=37)  # half-way to the 72 h deadline: testers are reminded
    invitations.open_manual_part(
        app.uow(), KEY, "recette", load_testers(sample_project), app.settings.manual_tags,
        timedelta(hours=72), lambda: opened, None, lambda events: None,
    )  # fmt: skip
    app.engine.dispose()

    reminded = amoa("notifications", "--remind", env=env)

    assert reminded.returncode == 0, reminded.stderr
    assert reminded.stdout.count("rappel(s) mis en file") == 1, reminded.stdout
    assert "2 rappel(s) mis en file." in reminded.stdout
    [request] = [r for r in http.requests if str(r.body["title"]).startswith("Rappel")]
    assert "Tête du journal d'audit" in str(request.body["message"])  # announced like the flow does


def test_notifications_for_people_without_channel_are_said_once_and_listed_on_demand(
    amoa: Amoa, sample_project: Path
) -> None:
    settings = load_notification_settings(sample_project, "fr", {})  # the sample: nobody has a channel
    engine = open_database(f"sqlite:///{sample_project / 'data' / 'amoa.db'}")
    facts = {"release": "1.1.0", "checkpoint": "recette", "gaps": 2}
    asked = Event(EventKind.APPROVAL_REQUESTED, "gate-1", facts, "recette", frozenset({"Paie"}))
    notifications.notify(
        SqlUnitOfWork(engine), [asked], settings.directory, MessageTemplates("Paie"), utc_now
    )
    engine.dispose()

    listed = amoa("notifications")
    english = amoa("notifications", env={"AMOA_LANG": "en"})
    kept = amoa("notifications", "--status", "no_channel")

    assert listed.returncode == 0, listed.stderr
    said = " ".join(listed.stdout.split())
    assert "Aucune notification (" in said
    assert (
        "Aucun canal de notification pour dupont, martin : 2 notification(s) non envoyée(s), gardée(s) "
        "(amoa notifications --status no_channel). Définissez AMOA_NOTIFY_DUPONT…" in said
    )
    assert "No notification channel for dupont, martin: 2 notification(s) not sent" in " ".join(
        english.stdout.split()
    )
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.count("sans canal, non envoyée") == 3  # the title, then its two rows
    assert "décision demandée" in kept.stdout and "martin" in kept.stdout


def test_notifications_kept_before_a_channel_was_set_are_said_as_past_not_as_unreachable(
    amoa: Amoa, sample_project: Path
) -> None:
    """Kept ``no_channel`` while nobody had a channel; once one reaches dupont, the listing no longer
    tells to set his variable: his row is past (no channel at the time), kept; martin's is still due."""
    settings = load_notification_settings(sample_project, "fr", {})  # the sample: nobody has a channel
    engine = open_database(f"sqlite:///{sample_project / 'data' / 'amoa.db'}")
    facts = {"release": "1.1.0", "checkpoint": "recette", "gaps": 2}
    asked = Event(EventKind.APPROVAL_REQUESTED, "gate-1", facts, "recette", frozenset({"Paie"}))
    notifications.notify(
        SqlUnitOfWork(engine), [asked], settings.directory, MessageTemplates("Paie"), utc_now
    )
    engine.dispose()
    approvers = sample_project / "config" / "approvers.toml"
    approvers.write_text(APPROVERS.replace('urls_from = ["AMOA_NOTIFY_MARTIN"]\n', ""), encoding="utf-8")
    dupont = {"AMOA_NOTIFY_DUPONT": "json://localhost/hooks"}

    one = amoa("notifications", env=dupont)
    approvers.write_text(APPROVERS, encoding="utf-8")
    both = amoa("notifications", env=dupont | {"AMOA_NOTIFY_MARTIN": "json://localhost/martin"})
    english = amoa("notifications", env=dupont | {"AMOA_NOTIFY_MARTIN": "json://x/m", "AMOA_LANG": "en"})
    kept = amoa("notifications", "--status", "no_channel", env=dupont)

    assert one.returncode == both.returncode == english.returncode == 0, one.stderr + both.stderr
    said = " ".join(one.stdout.split())
    assert "Aucun canal de notification pour martin : 1 notification(s) non envoyée(s)" in said
    assert "Définissez AMOA_NOTIFY_MARTIN…" in said and "AMOA_NOTIFY_DUPONT" not in said
    assert "1 notification(s) pour dupont non envoyée(s) : pas de canal à l'époque" in said
    told = " ".join(both.stdout.split())
    assert "Aucun canal de notification" not in told and "Définissez" not in told
    assert "2 notification(s) pour dupont, martin non envoyée(s) : pas de canal à l'époque" in told
    assert "2 notification(s) for dupont, martin not sent: no channel at the time" in " ".join(
        english.stdout.split()
    )
    assert kept.stdout.count("sans canal, non envoyée") == 3  # nothing lost: the title, then both rows

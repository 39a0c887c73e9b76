"""The composition root: the only place that builds real adapters from settings.

May import: everything but cli, flows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from amoa_workflow.checkpoint.services import PvRead, pv_read, utc_now
from amoa_workflow.checkpoint.sources import ProjectSources
from amoa_workflow.domain.gates import GateDefinition
from amoa_workflow.domain.model import Gap
from amoa_workflow.domain.notifications import Event
from amoa_workflow.gates import audit_trail
from amoa_workflow.notify.services import DeliveryReport, announcer
from amoa_workflow.ports import Notifier
from amoa_workflow.settings.approvers import Channels, NotificationSettings, load_notification_settings
from amoa_workflow.settings.project import Settings
from amoa_workflow.signatures.links import SECRET_VARIABLE, LinkSigner, secret_from
from amoa_workflow.store.database import database_identity, open_database
from amoa_workflow.store.shard_handover import ShardHandover
from amoa_workflow.store.unit_of_work import AuditProtection, SqlUnitOfWork
from amoa_workflow.waiting_runs import PrefectWaker, waking

if TYPE_CHECKING:
    from fastapi import FastAPI

    from amoa_workflow.checkpoint.services import CampaignOutcome
    from amoa_workflow.domain.gates import GateState
    from amoa_workflow.domain.manual_invitations import ManualOpening
    from amoa_workflow.notify.messages import MessageTemplates
    from amoa_workflow.notify.reminders import Reminding
    from amoa_workflow.reporting.acceptance_report import HtmlReport
    from amoa_workflow.scenarios.runner import PytestBddRunner
    from amoa_workflow.signatures.proofs import ProofChecker


@dataclass(frozen=True)
class Application:
    """A project's real dependencies, built once per process by :func:`bootstrap`.

    The runner, the PV renderer and the message templates are built (and their modules imported:
    pytest's plugin machinery, Jinja2) when first used: a command that only reads the database
    starts without them.
    """

    settings: Settings
    engine: Engine
    sources: ProjectSources

    @cached_property
    def runner(self) -> PytestBddRunner:
        from amoa_workflow.scenarios.runner import PytestBddRunner

        settings = self.settings
        return PytestBddRunner(
            project_dir=settings.project_dir,
            features_dir=settings.features_dir,
            runs_dir=settings.runs_dir,
            requirement_pattern=settings.requirement_pattern,
            timeout=settings.run_timeout,
            scenario_timeout=settings.scenario_timeout,
            lang=settings.lang,
            manual_tags=settings.manual_tags,
            durations=self.measured_durations,
            bytecode_dir=settings.bytecode_dir,
        )

    def measured_durations(self) -> dict[tuple[str, str], float]:
        """Each scenario's duration in its last runs (the run history): what shards are balanced by."""
        from amoa_workflow.store.run_durations import measured_durations

        with self.engine.connect() as connection:
            return measured_durations(connection)

    @cached_property
    def renderer(self) -> HtmlReport:
        from amoa_workflow.reporting.acceptance_report import HtmlReport

        return HtmlReport(lang=self.settings.lang)

    @cached_property
    def messages(self) -> MessageTemplates:
        from amoa_workflow.notify.messages import MessageTemplates

        return MessageTemplates(self.settings.project_name)

    def shard_handover(self) -> ShardHandover:
        """Where the shards of a run, wherever they ran, hand their results over: our database."""
        return ShardHandover(self.engine)

    @cached_property
    def audit_protection(self) -> AuditProtection:
        """The audit key, the anchor file, and the name this database's lines carry in it."""
        settings = self.settings
        database = database_identity(settings.database_url, settings.audit_anchor)
        return AuditProtection(settings.audit_key, settings.audit_anchor, database)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self.audit_protection, self.settings.report_store)

    def proofs(self) -> ProofChecker:
        """Checks the proof of each decision: signatures, and links where ``AMOA_WEB_SECRET`` is set."""
        from amoa_workflow.signatures.proofs import ProofChecker

        links = LinkSigner(secret_from(os.environ)) if os.environ.get(SECRET_VARIABLE) else None
        return ProofChecker(links)

    def current_pv(self, release: str, checkpoint: str | None = None) -> str:
        """The fingerprint of the PV of ``release``'s campaign, as it stands (what approvers sign)."""
        return self.pv_seen(release, checkpoint)[0]

    def pv_seen(self, release: str, checkpoint: str | None = None) -> tuple[str, tuple[Gap, ...]]:
        """The PV of ``release``'s campaign as it stands: its fingerprint and the gaps it shows."""
        read = self.pv_read(release, checkpoint)
        return read.fingerprint, read.gaps

    def pv_read(self, release: str, checkpoint: str | None = None) -> PvRead:
        """:meth:`pv_seen`, with the PV's recommendation."""
        settings = self.settings
        return pv_read(
            self.uow(), settings.project_name, checkpoint or settings.checkpoint, release, settings.rules
        )

    def notifications(self) -> NotificationSettings:
        """Approvers, groups and channels (config/approvers.toml, environment), and the testers of
        manual scenarios with theirs (config/testers.toml), read when needed."""
        from amoa_workflow.settings.testers import load_testers, tester_recipients

        loaded = load_notification_settings(self.settings.project_dir, self.settings.lang)
        testers, urls = tester_recipients(load_testers(self.settings.project_dir), os.environ)
        return replace(
            loaded,
            directory=replace(loaded.directory, testers=testers),
            channels=Channels({**loaded.channels.urls, **urls}),
        )

    def notifier(self, notifications: NotificationSettings) -> Notifier:
        """apprise on the configured channels; approvers' links signed as each message leaves."""
        from amoa_workflow.notify.notifier import AppriseNotifier

        sender = AppriseNotifier(notifications.channels.urls)
        if not os.environ.get(SECRET_VARIABLE):
            return sender
        from amoa_workflow.web.invitations import LinkSigningNotifier

        return LinkSigningNotifier(sender, LinkSigner(secret_from(os.environ)))

    def check_signatures(self, outcome: CampaignOutcome) -> list[GateState]:
        """After a new judgement of ``outcome``'s release, its gates whose signatures a new failure
        voids reopen, their approvers told; a release with no gate has none (the gates' configuration,
        keys and channels are then not read)."""
        from amoa_workflow.checkpoint.services import ACTOR
        from amoa_workflow.gates import voiding

        release = outcome.release.version
        with self.uow() as uow:
            if not uow.gates.for_release(release):
                return []
        notify = self.announcer(self.notifications())
        return voiding.void_signatures(
            self.uow(), self.gates(), release, outcome.gaps, utc_now, notify, ACTOR,
            self.proofs().signature_holds,
        )  # fmt: skip

    def wake_manual(self, campaign: str) -> None:
        """Wake the checkpoint runs waiting for ``campaign``'s manual part (a tester recorded), on the
        Prefect server of ``PREFECT_API_URL``; none: nothing."""
        from amoa_workflow.manual.invitations import release_of
        from amoa_workflow.waiting_runs import MANUAL_PART

        waker = self.waker()
        release = release_of(self.uow(), campaign) if waker.enabled else None
        if release:
            waker.wake_all(release, MANUAL_PART)

    def tester_links(self) -> Callable[[str, ManualOpening], str] | None:
        """Each tester's sealed link to their manual scenarios (with ``AMOA_WEB_SECRET`` only)."""
        if not os.environ.get(SECRET_VARIABLE):
            return None
        from amoa_workflow.web.links import link_settings, tester_link

        links = link_settings(os.environ)

        def link_for(tester: str, opening: ManualOpening) -> str:
            return tester_link(links, tester, opening.campaign, opening.release, opening.deadline, utc_now())

        return link_for

    def gates(self) -> tuple[GateDefinition, ...]:
        """The approval gates of config/approvers.toml (who decides, quorum, timeout), read when needed."""
        from amoa_workflow.settings.gates import load_gates

        return load_gates(self.settings.project_dir, self.settings.checkpoint)

    def announcer(self, notifications: NotificationSettings) -> Callable[[Sequence[Event]], DeliveryReport]:
        """Queue and deliver events to their recipients (nothing sent when no one has a channel; those
        no channel reaches are recorded ``no_channel`` and named in the report).

        Each message carries the audit log's head as it stands (an anchor that leaves the machine).
        With ``AMOA_WEB_SECRET`` set, each approver's approval request carries a link of its own.
        A gate closed wakes the flow runs waiting at it on the Prefect server (``PREFECT_API_URL``).
        """
        send = announcer(
            self.uow, notifications, self.messages, partial(self.notifier, notifications), utc_now
        )
        links = None
        if os.environ.get(SECRET_VARIABLE):
            from amoa_workflow.web.links import link_settings

            links = link_settings(os.environ)

        def announce(events: Sequence[Event]) -> DeliveryReport:
            if not events:  # people without channel: their rows are kept no_channel (send says so)
                return DeliveryReport()
            head = audit_trail.head(self.uow())
            marked = (
                [replace(e, facts={**e.facts, "audit_head": head}) for e in events] if head else list(events)
            )
            if links is None:
                return send(marked)
            from amoa_workflow.web.invitations import with_decision_links

            return send(with_decision_links(marked, notifications.directory, links, utc_now()))

        return waking(announce, self.waker())

    def waker(self) -> PrefectWaker:
        """Wakes the flow runs waiting at a gate, on the Prefect server of ``PREFECT_API_URL`` (if any)."""
        return PrefectWaker(lang=self.settings.lang)

    def reminding(self) -> Reminding:
        """What a round of reminders needs (``amoa notifications --remind``, the reminders flow)."""
        from amoa_workflow.checkpoint.services import ACTOR
        from amoa_workflow.notify.reminders import Reminding
        from amoa_workflow.settings.testers import load_testers

        notifications = self.notifications()
        return Reminding(
            notifications=self.uow, approvals=self.uow, manual=self.uow, settings=notifications,
            messages=self.messages, gates=self.gates(), testers=load_testers(self.settings.project_dir),
            manual_tags=self.settings.manual_tags, link_for=self.tester_links(),
            announce=self.announcer(notifications), notifier=partial(self.notifier, notifications),
            waker=self.waker(), clock=utc_now, actor=ACTOR, signature_ok=self.proofs().signature_holds,
        )  # fmt: skip


def bootstrap(settings: Settings) -> Application:
    """Open (and migrate) the database and wire the adapters of the project."""
    return Application(
        settings=settings,
        engine=open_database(
            settings.database_url,
            settings.database_connect_timeout,
            settings.database_statement_timeout,
            create=settings.create_database,
            given_by=settings.database_given_by,
        ),
        sources=ProjectSources(
            requirements_path=settings.requirements_path,
            release_notes_path=settings.release_notes_path,
            requirement_pattern=settings.requirement_pattern,
            anomaly_pattern=settings.anomaly_pattern,
            tracker_keys=settings.tracker_keys,
        ),
    )


def web_app(application: Application, environ: Mapping[str, str], secure_cookies: bool = False) -> FastAPI:
    """The approvers' (and testers') web pages on this project, links signed with ``AMOA_WEB_SECRET``."""
    from amoa_workflow.manual.campaign import Judging
    from amoa_workflow.settings.testers import load_testers
    from amoa_workflow.signatures.proofs import ProofChecker
    from amoa_workflow.web.app import create_app
    from amoa_workflow.web.desk import SqlApprovalDesk
    from amoa_workflow.web.manual_desk import SqlManualDesk
    from amoa_workflow.web.pages import WebDependencies

    signer = LinkSigner(secret_from(environ))  # first: a missing secret stops everything at once
    settings = application.settings
    notifications = application.notifications()
    definitions = application.gates()
    desk = SqlApprovalDesk(
        application.uow, definitions, settings.project_name, settings.rules, utc_now,
        application.announcer(notifications), ProofChecker(signer),
    )  # fmt: skip
    names = {a.id: a.name for d in definitions for a in d.approvers}
    testers = load_testers(settings.project_dir)
    judging = Judging(
        settings.project_name, settings.checkpoint, settings.rules, application.check_signatures
    )
    manual = (
        SqlManualDesk(
            application.uow,
            testers,
            settings.manual_tags,
            judging,
            utc_now,
            settings.attachments,
            application.wake_manual,
        )
        if testers
        else None
    )
    deps = WebDependencies(
        desk, signer, settings.project_name, settings.lang, application.renderer, utc_now, names,
        secure_cookies, manual,
    )  # fmt: skip
    return create_app(deps)
